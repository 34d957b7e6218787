"""``placement-qa new | demo | check | import | schedule``: making, checking and filling
the register.

``new`` makes an empty register (as the app does for a new file), ``demo`` a demo one;
``check`` says whether the file is whole and which schema it has; ``import`` reads
placements or inspection outcomes from a spreadsheet; ``schedule review`` records that
a month's schedule was reviewed, as the app's "Mark schedule reviewed" does.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..domain.dates import council_today
from .command import RegisterCommand
from .errors import EXIT_FAILED, EXIT_OK, CommandError
from .options import PATH, WEEKS, as_of_option, db_option, month_option

if TYPE_CHECKING:
    from ..importing.report import ImportResult

NEW_REGISTER = "the register file to create (it must not exist yet)"


@click.command("new", cls=RegisterCommand, creates=True, short_help="create an empty register",
               help="create an empty register (as the app does for a new file)")
@db_option(NEW_REGISTER)
def new(db: Path) -> int:
    from ..store.new_register import write_new_register

    _refuse_existing(db, "a new register")
    write_new_register(db)
    print(f"Empty register written to {db}", file=sys.stderr)
    return EXIT_OK


@click.command("demo", cls=RegisterCommand, creates=True,
               help="create a demo register (deterministic)")
@db_option(NEW_REGISTER)
@click.option("--size", type=click.Choice(("small", "large", "national")), default="small",
              show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
def demo(db: Path, size: str, seed: int) -> int:
    from ..demo import write_demo_register

    _refuse_existing(db, "the demo")
    summary = write_demo_register(
        db, size, seed=seed,
        progress=lambda message: print(message, file=sys.stderr, flush=True),
    )
    print(f"Demo register ({size}) written to {db}: {summary}", file=sys.stderr)
    return EXIT_OK


def _refuse_existing(db: Path, what: str) -> None:
    if db.exists() or db.is_symlink():
        raise CommandError(f"{db} already exists; give a new file name for {what}")


@click.command("check", cls=RegisterCommand, help="integrity check and schema version")
@db_option()
def check(db: Path) -> int:
    from ..store.connection import check_register
    from ..store.records import counts
    from ..store.schema import LATEST_VERSION
    from .reading import open_to_read

    register = open_to_read(db, migrate=False)
    try:
        integrity, version = check_register(register)
        sizes = counts(register) if version >= 1 else {}
    finally:
        register.close()
    print(f"{db}")
    print(f"integrity: {integrity}")
    upgrade = "" if version == LATEST_VERSION else " (will be upgraded when opened)"
    print(f"schema version: {version} of {LATEST_VERSION}{upgrade}")
    for table, count in sizes.items():
        print(f"{table}: {count}")
    return EXIT_OK if integrity == "ok" else EXIT_FAILED


# --- import ---------------------------------------------------------------------------

@click.group("import", help="import records from a spreadsheet")
def imports() -> None:
    """``import WHAT FILE --db PATH``: one command per kind of file."""


@imports.command("placements", cls=RegisterCommand, writes=True,
                 help="placements from a CSV or XLSX file (see resources/templates/)")
@click.argument("file", type=PATH)
@db_option()
@click.option("--dry-run", is_flag=True,
              help="check the file and say what would change; write nothing")
@click.option("--errors-csv", type=PATH, metavar="FILE",
              help="also write the error report (your rows plus an Errors column)")
def import_placements(file: Path, db: Path, dry_run: bool, errors_csv: Path | None) -> int:
    from ..store.connection import open_register
    from ..store.placement_import import import_placements as read_placements

    register = open_register(db)
    try:
        result = read_placements(register, file, dry_run=dry_run)
    finally:
        register.close()
    return _import_outcome(file, result, errors_csv)


def _import_outcome(file: Path, result: ImportResult, errors_csv: Path | None) -> int:
    """Say what an all-or-nothing import did: its summary, or every problem (row, column,
    what is wrong) and the error report when asked for."""
    from ..importing.report import write_error_report_file

    if result.source.ignored_headers:
        print("ignored columns (not in the template): "
              + ", ".join(result.source.ignored_headers), file=sys.stderr)
    if errors_csv is not None and result.problems:
        write_error_report_file(result.source, result.problems, errors_csv)
    if result.problems:
        for problem in result.problems:
            print(problem.line(), file=sys.stderr)
        print(f"{file}: {result.summary()}", file=sys.stderr)
        if errors_csv is not None:
            print(f"error report written to {errors_csv}", file=sys.stderr)
        return EXIT_FAILED
    print(result.summary())
    return EXIT_OK


@imports.command("events", cls=RegisterCommand, writes=True,
                 help="notifiable events between visits from a CSV or XLSX file "
                 "(see resources/templates/)")
@click.argument("file", type=PATH)
@db_option()
@as_of_option("date of the import: no event may be dated after it (default today)")
@click.option("--dry-run", is_flag=True,
              help="check the file and say what would be added; write nothing")
@click.option("--errors-csv", type=PATH, metavar="FILE",
              help="also write the error report (your rows plus an Errors column)")
def import_events(file: Path, db: Path, as_of: date | None, dry_run: bool,
                  errors_csv: Path | None) -> int:
    from ..store.connection import open_register
    from ..store.event_import import import_events as read_events

    register = open_register(db)
    try:
        result = read_events(register, file, as_of=as_of or council_today(), dry_run=dry_run)
    finally:
        register.close()
    return _import_outcome(file, result, errors_csv)


@imports.command("inspections", cls=RegisterCommand, writes=True,
                 help="inspection outcomes from Ofsted's management-information file")
@click.argument("file", type=PATH)
@db_option()
@as_of_option("date of the import: additional visits are flagged on it and due N weeks "
              "after (default today)")
@click.option("--weeks", type=WEEKS, metavar="N",
              help="additional visit due within N weeks of a downgrade (default: the "
              "register's setting, 6 unless changed)")
@click.option("--dry-run", is_flag=True,
              help="say what would change and who fell below good; write nothing")
def import_inspections(file: Path, db: Path, as_of: date | None, weeks: int | None,
                       dry_run: bool) -> int:
    from ..store.connection import open_register
    from ..store.inspection_import import import_inspections as read_inspections

    register = open_register(db)
    try:
        result = read_inspections(register, file, as_of=as_of or council_today(),
                                  weeks=weeks, dry_run=dry_run)
    finally:
        register.close()
    if not result.ok:
        print("\n".join(result.summary_lines()), file=sys.stderr)
        return EXIT_FAILED
    print("\n".join(result.summary_lines()))
    return EXIT_OK


# --- schedule -------------------------------------------------------------------------

@click.group("schedule", help="the monthly planning schedule")
def schedule() -> None:
    """``schedule review``: what the monthly schedule page records."""


@schedule.command("review", cls=RegisterCommand, writes=True,
                  short_help="record that a month's schedule was reviewed",
                  help="record that a month's schedule was reviewed (as \"Mark schedule "
                  "reviewed\" in the app does)")
@db_option()
@month_option("the month whose schedule was reviewed, as YYYY-MM (e.g. 2026-12)")
@click.option("--by", required=True, metavar="NAME", help="who reviewed it")
@click.option("--note", metavar="TEXT", help="a note kept with the review")
def schedule_review(db: Path, month: str, by: str, note: str | None) -> int:
    from datetime import UTC, datetime

    from ..domain.monthly_schedule import review_text
    from ..domain.planning import PlanningError
    from ..store.connection import open_register
    from ..store.planning import last_schedule_review, mark_schedule_reviewed

    register = open_register(db)
    try:
        mark_schedule_reviewed(register, month, by, datetime.now(UTC), note or None)
        print(review_text(last_schedule_review(register, month), month))
    except PlanningError as exc:
        raise CommandError(str(exc)) from None
    finally:
        register.close()
    return EXIT_OK


COMMANDS = (new, demo, check, imports, schedule)
