"""``placement-qa report WHAT``: printed reports as PDF files, headless.

reportlab is imported only inside the handlers, so the rest of the command line
(and the app's start-up) never pays for it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .atomic_file import write_atomically
from .cli import EXIT_OK, CommandError, as_of_arg, db_option, month_arg
from .domain.dates import council_today


def add_report_parser(commands) -> None:
    """``report WHAT ...``: printed reports as PDF."""
    report = commands.add_parser("report", help="print a report as PDF")
    report_what = report.add_subparsers(dest="what", metavar="WHAT", required=True)
    visit = report_what.add_parser("visit", help="the note of a visit (all of it by default)")
    visit.add_argument("visit_id", type=int, metavar="VISIT_ID", help="the visit's number")
    copy = visit.add_mutually_exclusive_group()
    copy.add_argument("--child", type=int, metavar="CHILD_ID",
                      help="the copy for this child's case file: provider-level findings and "
                      "only this child's section")
    copy.add_argument("--provider-copy", action="store_true",
                      help="the copy for the provider's file: children by initials only")
    db_option(visit)
    visit.add_argument("-o", "--output", type=Path, required=True, help="the PDF file to write")
    schedule = report_what.add_parser(
        "schedule", help="a month's planning schedule: planned, due but not planned, review")
    schedule.add_argument("--month", type=month_arg, required=True,
                          help="the month, as YYYY-MM (e.g. 2026-12)")
    register = report_what.add_parser("register", help="where every child is placed")
    board = report_what.add_parser("board", help="the report to the SEND boards: no child named")
    for sub in (schedule, register, board):
        sub.add_argument("--as-of", type=as_of_arg, help="date the report is as of (default today)")
        db_option(sub)
        sub.add_argument("-o", "--output", type=Path, required=True, help="the PDF file to write")


def report(args: argparse.Namespace) -> int:
    """``report WHAT ...``: one handler per kind of report."""
    if args.what == "visit":
        return _report_visit(args)
    return _report_as_of(args)


def _report_visit(args: argparse.Namespace) -> int:
    from .cli_open import open_to_read
    from .domain.note_copy import FULL, PROVIDER_COPY, NotCovered, child_copy
    from .domain.planning import PlanningError
    from .reports.visit_note import note_settings, visit_note_pdf

    db = open_to_read(args.db)
    try:
        copy = PROVIDER_COPY if args.provider_copy else FULL
        if args.child is not None:
            copy = child_copy(_placement_of_child(db, args.visit_id, args.child))
        council, marking = note_settings(db)
        data = visit_note_pdf(db, args.visit_id, copy=copy, council_name=council,
                              marking=marking)
    except (PlanningError, NotCovered) as exc:
        raise CommandError(str(exc)) from None
    finally:
        db.close()
    write_atomically(args.output, data)
    print(f"Note of visit {args.visit_id} ({copy.title.lower()}) written to {args.output}",
          file=sys.stderr)
    return EXIT_OK


def _report_as_of(args: argparse.Namespace) -> int:
    """``report schedule|register|board``: a report of the register as of a date."""
    from .cli_open import open_to_read
    from .reports.visit_note import note_settings

    as_of = args.as_of or council_today()
    db = open_to_read(args.db)
    try:
        council, marking = note_settings(db)
        options = {"as_of": as_of, "council_name": council, "marking": marking}
        if args.what == "schedule":
            from .reports.schedule import schedule_pdf

            month = f"{args.month[0]:%Y-%m}"
            data, what = schedule_pdf(db, month, **options), f"Schedule for {month}"
        elif args.what == "register":
            from .reports.register_list import register_list_pdf

            data, what = register_list_pdf(db, **options), "Register list"
        else:
            from .reports.board import board_report_pdf

            data, what = board_report_pdf(db, **options), "Board report"
    finally:
        db.close()
    write_atomically(args.output, data)
    print(f"{what} as of {as_of:%d/%m/%Y} written to {args.output}", file=sys.stderr)
    return EXIT_OK


def _placement_of_child(db, visit_id: int, child_id: int) -> int:
    """The placement of ``child_id`` that the visit covers; CommandError if none."""
    from .store.records import get_child, get_placement
    from .store.visit_notes import load_visit_note

    note = load_visit_note(db, visit_id)
    if get_child(db, child_id) is None:
        raise CommandError(f"There is no child {child_id} in the register")
    for child in note.children:
        placement = get_placement(db, child.placement_id)
        if placement is not None and placement.child_id == child_id:
            return child.placement_id
    raise CommandError(f"Visit {visit_id} did not cover child {child_id}")
