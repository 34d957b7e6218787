"""``placement-qa report WHAT``: printed reports as PDF files, headless.

The same PDFs the app prints: a visit's note (or a copy of it), a month's schedule, the
register list, the board report, and a month's visit notes into a folder (as "Print a
month's visit notes" does). reportlab is imported only when a report is made, so the
rest of the command line (and the app's start-up) never pays for it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..atomic_file import write_atomically
from ..domain.dates import council_today
from .command import RegisterCommand
from .errors import EXIT_FAILED, EXIT_OK, CommandError
from .options import as_of_option, db_option, month_option, output_option
from .reading import open_to_read

if TYPE_CHECKING:
    from sqlite_utils import Database

PDF_FILE = "the PDF file to write"
REPORT_DATE = "date the report is as of (default today)"


@click.group("report", help="print a report as PDF")
def report() -> None:
    """``report WHAT ...``: one command per kind of report."""


def _one_copy(ctx: click.Context) -> None:
    if ctx.params["child"] is not None and ctx.params["provider_copy"]:
        raise click.UsageError("--child and --provider-copy cannot be given together: "
                               "choose one copy", ctx)


@report.command("visit", cls=RegisterCommand, checks=(_one_copy,),
                help="the note of a visit (all of it by default)")
@click.argument("visit_id", type=int, metavar="VISIT_ID")
@click.option("--child", type=int, metavar="CHILD_ID",
              help="the copy for this child's case file: provider-level findings and only "
              "this child's section")
@click.option("--provider-copy", is_flag=True,
              help="the copy for the provider's file: children by initials only")
@db_option()
@output_option(PDF_FILE, required=True)
def report_visit(visit_id: int, child: int | None, provider_copy: bool, db: Path,
                 output: Path) -> int:
    from ..domain.note_copy import FULL, PROVIDER_COPY, NotCovered, child_copy
    from ..domain.planning import PlanningError
    from ..reports.visit_note import note_settings, visit_note_pdf

    register = open_to_read(db)
    try:
        copy = PROVIDER_COPY if provider_copy else FULL
        if child is not None:
            copy = child_copy(_placement_of_child(register, visit_id, child))
        council, marking = note_settings(register)
        data = visit_note_pdf(register, visit_id, copy=copy, council_name=council,
                              marking=marking)
    except (PlanningError, NotCovered) as exc:
        raise CommandError(str(exc)) from None
    finally:
        register.close()
    write_atomically(output, data)
    print(f"Note of visit {visit_id} ({copy.title.lower()}) written to {output}",
          file=sys.stderr)
    return EXIT_OK


def _placement_of_child(db: Database, visit_id: int, child_id: int) -> int:
    """The placement of ``child_id`` that the visit covers; CommandError if none."""
    from ..store.records import get_child, get_placement
    from ..store.visit_notes import load_visit_note

    note = load_visit_note(db, visit_id)
    if get_child(db, child_id) is None:
        raise CommandError(f"There is no child {child_id} in the register")
    for child in note.children:
        placement = get_placement(db, child.placement_id)
        if placement is not None and placement.child_id == child_id:
            return child.placement_id
    raise CommandError(f"Visit {visit_id} did not cover child {child_id}")


#: ``make(register, as_of, council_name, marking)``: a report's PDF.
MakeReport = Callable[["Database", date, str, str], bytes]


def _report_as_of(db: Path, as_of: date | None, output: Path, title: str,
                  make: MakeReport) -> int:
    """``report schedule|register|board``: a report of the register as of a date."""
    from ..reports.visit_note import note_settings

    day = as_of or council_today()
    register = open_to_read(db)
    try:
        data = make(register, day, *note_settings(register))
    finally:
        register.close()
    write_atomically(output, data)
    print(f"{title} as of {day:%d/%m/%Y} written to {output}", file=sys.stderr)
    return EXIT_OK


@report.command("schedule", cls=RegisterCommand, short_help="a month's planning schedule",
                help="a month's planning schedule: planned, due but not planned, review")
@month_option()
@as_of_option(REPORT_DATE)
@db_option()
@output_option(PDF_FILE, required=True)
def report_schedule(month: str, as_of: date | None, db: Path, output: Path) -> int:
    def make(register: Database, day: date, council: str, marking: str) -> bytes:
        from ..reports.schedule import schedule_pdf

        return schedule_pdf(register, month, as_of=day, council_name=council, marking=marking)

    return _report_as_of(db, as_of, output, f"Schedule for {month}", make)


@report.command("register", cls=RegisterCommand, help="where every child is placed")
@as_of_option(REPORT_DATE)
@db_option()
@output_option(PDF_FILE, required=True)
def report_register(as_of: date | None, db: Path, output: Path) -> int:
    def make(register: Database, day: date, council: str, marking: str) -> bytes:
        from ..reports.register_list import register_list_pdf

        return register_list_pdf(register, as_of=day, council_name=council, marking=marking)

    return _report_as_of(db, as_of, output, "Register list", make)


@report.command("board", cls=RegisterCommand,
                help="the report to the SEND boards: no child named")
@as_of_option(REPORT_DATE)
@db_option()
@output_option(PDF_FILE, required=True)
def report_board(as_of: date | None, db: Path, output: Path) -> int:
    def make(register: Database, day: date, council: str, marking: str) -> bytes:
        from ..reports.board import board_report_pdf

        return board_report_pdf(register, as_of=day, council_name=council, marking=marking)

    return _report_as_of(db, as_of, output, "Board report", make)


@report.command("notes", cls=RegisterCommand, outputs=(),
                short_help="a month's visit notes, one PDF per copy, into a folder",
                help="a month's visit notes into a folder: each child's copy and the "
                "provider's copy of every visit completed in the month")
@month_option("the month the visits were completed in, as YYYY-MM (e.g. 2026-10)")
@db_option()
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              metavar="FOLDER", help="the folder to write the PDF files into (it must exist)")
def report_notes(month: str, db: Path, output: Path) -> int:
    from ..domain.monthly_schedule import month_title
    from ..reports.batch import describe_result, write_month_notes
    from ..reports.visit_note import note_settings
    from ..store.output_guard import refuse_backups_folder

    if not output.is_dir():
        raise CommandError(f"There is no folder {output}: choose one that exists")
    refuse_backups_folder(output, db)
    register = open_to_read(db)
    try:
        council, marking = note_settings(register)
        result = write_month_notes(register, month, output, council_name=council,
                                   marking=marking, progress=lambda *_: True)
    finally:
        register.close()
    if not result.total:
        print(f"No visits were completed in {month_title(month)}: there are no notes to "
              "write", file=sys.stderr)
        return EXIT_OK
    print(describe_result(result), file=sys.stderr)
    return EXIT_FAILED if result.failures else EXIT_OK


COMMANDS = (report,)
