"""``placement-qa export WHAT``: the register and the app's lists as files, headless.

Each export is the file (or the list) the app gives for the same register: the same
columns, words and order. Without ``-o`` the rows go to stdout; with it, the file is
written privately and all at once, and "N ... written to FILE" goes to stderr. Every
export only reads the register (a read-only one too).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..domain.dates import council_today
from .command import RegisterCommand
from .errors import EXIT_FAILED, EXIT_OK, CommandError
from .options import UK_DATE, as_of_option, db_option, month_option, output_option
from .reading import open_to_read

if TYPE_CHECKING:
    from sqlite_utils import Database

TO_STDOUT = "file to write (default stdout)"


@click.group("export", help="export the register, or one of its lists, as a file")
def export() -> None:
    """``export WHAT ...``: one command per kind of export."""


def _register_format(format: str | None, output: Path | None) -> str:
    """``--format``, else the -o file's (``.xlsx``), else csv."""
    return format or ("xlsx" if output and output.suffix.lower() == ".xlsx" else "csv")


def _workbook_needs_a_file(ctx: click.Context) -> None:
    if ctx.params["format"] == "xlsx" and ctx.params["output"] is None:
        raise click.UsageError("--format xlsx needs -o FILE (a workbook cannot go to the "
                               "screen)", ctx)


@export.command("register", cls=RegisterCommand, checks=(_workbook_needs_a_file,),
                help="one row per placement with its status")
@db_option()
@click.option("--format", type=click.Choice(("csv", "xlsx")),
              help="csv or xlsx (default: from the -o file name, else csv)")
@as_of_option()
@output_option("file to write (default stdout; required for xlsx)")
def export_register(db: Path, format: str | None, as_of: date | None,
                    output: Path | None) -> int:
    from ..domain.schedule import by_child
    from ..store.schedule import schedule_as_of

    register = open_to_read(db)
    try:
        lines = schedule_as_of(register, as_of or council_today())
        if output is None:
            from ..exports.register_csv import write_register_csv
            from ..store.exports import placement_details

            write_register_csv(by_child(lines), sys.stdout, placement_details(register))
            return EXIT_OK
        from ..store.exports import write_register_file

        count = write_register_file(register, lines, output, _register_format(format, output))
    finally:
        register.close()
    print(f"{count} placements written to {output}", file=sys.stderr)
    return EXIT_OK


@export.command("overdue", cls=RegisterCommand,
                help="overdue and due-soon placements, riskiest first (see the README)")
@db_option()
@click.option("--format", type=click.Choice(("csv",)), default="csv", help="csv (the default)")
@as_of_option()
@output_option(TO_STDOUT)
def export_overdue(db: Path, format: str, as_of: date | None, output: Path | None) -> int:
    from ..exports.overdue_csv import overdue_lines, write_overdue_csv, write_overdue_file
    from ..store.exports import placement_details
    from ..store.risk import lines_by_risk
    from ..store.schedule import monitored_schedule_as_of

    register = open_to_read(db)
    day = as_of or council_today()
    try:
        lines = lines_by_risk(register, overdue_lines(monitored_schedule_as_of(register, day)),
                              day)
        details = placement_details(register)
    finally:
        register.close()
    if output is None:
        write_overdue_csv(lines, sys.stdout, details)
        return EXIT_OK
    count = write_overdue_file(lines, output, details)
    print(f"{count} overdue or due-soon placements written to {output}", file=sys.stderr)
    return EXIT_OK


@export.command("schedule", cls=RegisterCommand,
                short_help="a month's planned visits (CSV, or ICS for Outlook)",
                help="a month's planned visits, as CSV or a calendar file (ICS) for Outlook")
@db_option()
@month_option()
@click.option("--format", type=click.Choice(("csv", "ics")),
              help="csv or ics (default: from the -o file name, else csv)")
@output_option(TO_STDOUT)
def export_schedule(db: Path, month: str, format: str | None, output: Path | None) -> int:
    from ..domain.monthly_schedule import month_title
    from ..domain.planning import month_days
    from ..store.visit_exports import visits_between

    fmt = format or ("ics" if output and output.suffix.lower() == ".ics" else "csv")
    register = open_to_read(db)
    try:
        visits = visits_between(register, *month_days(month))
    finally:
        register.close()
    if fmt == "ics":
        from ..exports.visits_ics import visits_ics, write_visits_ics

        if not visits:  # a calendar needs at least one event (RFC 5545)
            print(f"No visits planned in {month_title(month)}: nothing written",
                  file=sys.stderr)
            return EXIT_FAILED
        if output is None:
            sys.stdout.buffer.write(visits_ics(visits))
            return EXIT_OK
        count = write_visits_ics(visits, output)
    else:
        from ..exports.schedule_csv import write_schedule_csv, write_schedule_file

        if output is None:
            write_schedule_csv(visits, sys.stdout)
            return EXIT_OK
        count = write_schedule_file(visits, output)
    print(f"{count} planned visits written to {output}", file=sys.stderr)
    return EXIT_OK


def _write_list(header: Sequence[str], rows: Iterable[Sequence[Any]], output: Path | None,
                what: str) -> int:
    """A list as CSV to stdout, or to ``output`` saying how many ``what`` were written."""
    from ..exports.lists_csv import write_csv, write_csv_file

    if output is None:
        write_csv(sys.stdout, header, rows)
        return EXIT_OK
    count = write_csv_file(output, header, rows)
    print(f"{count} {what} written to {output}", file=sys.stderr)
    return EXIT_OK


@export.command("changes", cls=RegisterCommand, short_help="the change log, newest first",
                help="the change log as CSV, newest first (as the change log page exports it)")
@db_option()
@click.option("--from", "from_date", type=UK_DATE, metavar="DATE",
              help="changes on or after this day (UK time)")
@click.option("--to", "to_date", type=UK_DATE, metavar="DATE",
              help="changes on or before this day (UK time)")
@click.option("--user", metavar="NAME", help="changes by this user only")
@click.option("--record-type", metavar="TYPE",
              help="changes to this type of record only (e.g. Placements)")
@click.option("--child", metavar="NAME", help="changes about a child whose name holds this")
@click.option("--provider", metavar="NAME",
              help="changes about a provider whose name holds this")
@output_option(TO_STDOUT)
def export_changes(db: Path, from_date: date | None, to_date: date | None, user: str | None,
                   record_type: str | None, child: str | None, provider: str | None,
                   output: Path | None) -> int:
    from ..domain.change_log import worded
    from ..exports.lists_csv import CHANGE_LOG_HEADER, change_log_row
    from ..store.audit import ChangeFilter, every_change
    from ..store.change_log_register import LoggedRegister

    register = open_to_read(db)
    try:
        table = None if record_type is None else _logged_table(register, record_type)
        chosen = ChangeFilter(table=table, os_user=user, from_date=from_date, to_date=to_date,
                              child=child, provider=provider)
        changes = worded(every_change(register, chosen), LoggedRegister(register))
        rows = [change_log_row(change) for change in changes]
    finally:
        register.close()
    return _write_list(CHANGE_LOG_HEADER, rows, output, "changes")


def _logged_table(register: Database, record_type: str) -> str:
    """The table of the change log's record type ``record_type`` (``Placements`` or
    ``placements``); CommandError naming the types there are if the log has none such."""
    from ..domain.change_log import record_type as type_of
    from ..store.audit import change_log_tables

    tables = change_log_tables(register)
    wanted = record_type.strip().casefold()
    for table in tables:
        if wanted in (table.casefold(), type_of(table).casefold()):
            return table
    known = ", ".join(type_of(table) for table in tables) or "none yet"
    raise CommandError(f"--record-type: the change log has no '{record_type}' records "
                       f"(it has: {known})")


@export.command("awaiting", cls=RegisterCommand,
                help="children awaiting specialist provision, longest wait first")
@db_option()
@as_of_option("date the waits are counted to (default today)")
@output_option(TO_STDOUT)
def export_awaiting(db: Path, as_of: date | None, output: Path | None) -> int:
    from ..exports.lists_csv import AWAITING_HEADER, awaiting_row
    from ..store.pages import awaiting_provision

    day = as_of or council_today()
    register = open_to_read(db)
    try:
        children = awaiting_provision(register, day)
    finally:
        register.close()
    rows = [awaiting_row(child, day) for child in children]
    return _write_list(AWAITING_HEADER, rows, output, "children awaiting provision")


@export.command("actions", cls=RegisterCommand, short_help="follow-up actions, soonest due first",
                help="follow-up actions, soonest due first (done and cancelled ones too, "
                "unless --open or --overdue)")
@db_option()
@as_of_option("date an action is overdue on (default today)")
@click.option("--open", "live_only", is_flag=True,
              help="only actions still open or in progress")
@click.option("--overdue", is_flag=True, help="only actions open or in progress and overdue")
@click.option("--provider", metavar="NAME", help="only the actions of this provider")
@output_option(TO_STDOUT)
def export_actions(db: Path, as_of: date | None, live_only: bool, overdue: bool,
                   provider: str | None, output: Path | None) -> int:
    from ..domain.action_chase import records_by_action
    from ..exports.lists_csv import ACTIONS_HEADER, action_row
    from ..store.action_chases import chase_days, chase_records
    from ..store.actions import list_actions

    day = as_of or council_today()
    register = open_to_read(db)
    try:
        provider_id = None if provider is None else _provider_id(register, provider)
        actions = list_actions(register, provider_id=provider_id, live_only=live_only)
        chases, days = records_by_action(chase_records(register)), chase_days(register)
    finally:
        register.close()
    rows = [action_row(action, day, chases.get(action.action_id, []), days)
            for action in actions if not overdue or action.is_overdue(day)]
    return _write_list(ACTIONS_HEADER, rows, output, "follow-up actions")


def _provider_id(register: Database, name: str) -> int:
    """The provider named ``name`` (ignoring case), or with that URN; CommandError if
    there is none, or several of that name."""
    from ..store.records import list_providers

    wanted = name.strip().casefold()
    found = [p.provider_id for p in list_providers(register)
             if wanted in (p.name.strip().casefold(), (p.urn or "").casefold())]
    if len(found) == 1:
        return found[0]
    if found:
        raise CommandError(f"--provider: {len(found)} providers are named '{name}': "
                           "give the URN of the one you mean")
    raise CommandError(f"--provider: there is no provider named '{name}' in the register")


COMMANDS = (export,)
