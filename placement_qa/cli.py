"""The command line: ``placement-qa [--db PATH]`` starts the app; sub-commands work headless.

Sub-commands never import Qt, and never print a traceback: a problem with a
file or an argument is one line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from .domain.dates import InvalidDate, parse_date

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXPORT_FORMATS = ("csv", "xlsx")
SCHEDULE_FORMATS = ("csv", "ics")


class CommandError(Exception):
    """A sub-command cannot do what was asked; the message says why."""


def _as_of(text: str) -> date:
    try:
        return parse_date(text, field="--as-of")
    except InvalidDate as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _month(text: str) -> tuple[date, date]:
    """``--month 2026-12``: the first and last day of that month."""
    from .domain.planning import PlanningError, month_days

    try:
        return month_days(text.strip())
    except PlanningError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="placement-qa",
        description="Register and monitoring-visit schedule for out-of-borough SEND placements. "
        "With no command, starts the app.",
    )
    parser.add_argument("--db", type=Path, help="register file to open (created if missing)")
    parser.add_argument("--demo", action="store_true",
                        help="with --db PATH of a new file: fill it with a small demo register")
    parser.add_argument("--as-of", type=_as_of, help="show the schedule as of this date")
    parser.add_argument("--visit", type=int, metavar="ID",
                        help="open the note of visit ID for recording (e.g. to resume a draft)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="create a demo register (deterministic)")
    db_option(demo)
    demo.add_argument("--size", choices=("small", "large", "national"), default="small")
    demo.add_argument("--seed", type=int, default=1)

    _add_export_parser(commands)
    _add_import_parser(commands)
    _add_report_parser(commands)
    check = commands.add_parser("check", help="integrity check and schema version")
    db_option(check)
    return parser


def db_option(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--db", type=Path, required=True, help="register file")


def _add_export_parser(commands) -> None:
    export = commands.add_parser("export", help="export the register")
    export_what = export.add_subparsers(dest="what", metavar="WHAT", required=True)
    register = export_what.add_parser("register", help="one row per placement with its status")
    db_option(register)
    register.add_argument("--format", choices=EXPORT_FORMATS,
                          help="csv or xlsx (default: from the -o file name, else csv)")
    register.add_argument("--as-of", type=_as_of, help="date the statuses are worked out for "
                          "(default today)")
    register.add_argument("-o", "--output", type=Path,
                          help="file to write (default stdout; required for xlsx)")
    _add_export_overdue_parser(export_what)
    _add_export_schedule_parser(export_what)


def _add_export_overdue_parser(export_what) -> None:
    overdue = export_what.add_parser(
        "overdue", help="overdue and due-soon placements, earliest due first")
    db_option(overdue)
    overdue.add_argument("--format", choices=("csv",), default="csv", help="csv (the default)")
    overdue.add_argument("--as-of", type=_as_of, help="date the statuses are worked out for "
                         "(default today)")
    overdue.add_argument("-o", "--output", type=Path, help="file to write (default stdout)")


def _add_export_schedule_parser(export_what) -> None:
    schedule = export_what.add_parser(
        "schedule", help="a month's planned visits, as CSV or a calendar file (ICS) for Outlook")
    db_option(schedule)
    schedule.add_argument("--month", type=_month, required=True,
                          help="the month, as YYYY-MM (e.g. 2026-12)")
    schedule.add_argument("--format", choices=SCHEDULE_FORMATS,
                          help="csv or ics (default: from the -o file name, else csv)")
    schedule.add_argument("-o", "--output", type=Path, help="file to write (default stdout)")


def _add_import_parser(commands) -> None:
    """``import WHAT FILE --db PATH``: add one sub-parser per kind of file."""
    imports = commands.add_parser("import", help="import records from a spreadsheet")
    import_what = imports.add_subparsers(dest="what", metavar="WHAT", required=True)
    placements = import_what.add_parser(
        "placements", help="placements from a CSV or XLSX file (see resources/templates/)")
    placements.add_argument("file", type=Path, help="the CSV or XLSX file")
    db_option(placements)
    placements.add_argument("--dry-run", action="store_true",
                            help="check the file and say what would change; write nothing")
    placements.add_argument("--errors-csv", type=Path,
                            help="also write the error report (your rows plus an Errors column)")
    inspections = import_what.add_parser(
        "inspections", help="inspection outcomes from Ofsted's management-information file")
    inspections.add_argument("file", type=Path, help="the Ofsted MI file (CSV or XLSX)")
    db_option(inspections)
    inspections.add_argument("--as-of", type=_as_of, help="date of the import: additional "
                             "visits are flagged on it and due N weeks after (default today)")
    inspections.add_argument("--weeks", type=_weeks, help="additional visit due within N weeks "
                             "of a downgrade (default: the register's setting, 6 unless changed)")
    inspections.add_argument("--dry-run", action="store_true",
                             help="say what would change and who fell below good; write nothing")


def _add_report_parser(commands) -> None:
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
    schedule.add_argument("--month", type=_month, required=True,
                          help="the month, as YYYY-MM (e.g. 2026-12)")
    register = report_what.add_parser("register", help="where every child is placed")
    board = report_what.add_parser("board", help="the report to the SEND boards: no child named")
    for sub in (schedule, register, board):
        sub.add_argument("--as-of", type=_as_of, help="date the report is as of (default today)")
        db_option(sub)
        sub.add_argument("-o", "--output", type=Path, required=True, help="the PDF file to write")


def _weeks(text: str) -> int:
    try:
        weeks = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of weeks") from None
    if not 1 <= weeks <= 52:
        raise argparse.ArgumentTypeError(f"{weeks} weeks: choose 1 to 52")
    return weeks


def run(args: argparse.Namespace) -> int:
    """Run a parsed sub-command; returns the exit status."""
    from .importing.reading import ImportFileError
    from .store.connection import RegisterError

    handlers = {"demo": _demo, "export": _export, "check": _check, "import": _import,
                "report": _report}
    try:
        return handlers[args.command](args)
    except (CommandError, RegisterError, ImportFileError) as exc:
        print(f"placement-qa {args.command}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except sqlite3.Error as exc:
        print(f"placement-qa {args.command}: {args.db}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"placement-qa {args.command}: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED


def _demo(args: argparse.Namespace) -> int:
    from .demo import write_demo_register

    if args.db.exists():
        raise CommandError(f"{args.db} already exists; give a new file name for the demo")
    summary = write_demo_register(
        args.db, args.size, seed=args.seed,
        progress=lambda message: print(message, file=sys.stderr, flush=True),
    )
    print(f"Demo register ({args.size}) written to {args.db}: {summary}")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    """``export WHAT ...``: one handler per kind of export."""
    handlers = {"register": _export_register, "overdue": _export_overdue,
                "schedule": _export_schedule}
    return handlers[args.what](args)


def _export_register(args: argparse.Namespace) -> int:
    from .store.connection import open_register
    from .store.schedule import schedule_as_of

    output = args.output
    fmt = args.format or ("xlsx" if output and output.suffix.lower() == ".xlsx" else "csv")
    if fmt == "xlsx" and output is None:
        print("placement-qa export: --format xlsx needs -o FILE (a workbook cannot go to "
              "the screen)", file=sys.stderr)
        return EXIT_USAGE
    db = open_register(args.db)
    try:
        lines = schedule_as_of(db, args.as_of or date.today())
        if output is None:
            from .exports.register_csv import write_register_csv
            from .store.exports import ehcp_dates_by_placement

            write_register_csv(lines, sys.stdout, ehcp_dates_by_placement(db))
            return EXIT_OK
        from .exports.register_file import write_register_file

        count = write_register_file(db, lines, output, fmt)
    finally:
        db.close()
    print(f"{count} placements written to {output}", file=sys.stderr)
    return EXIT_OK


def _export_overdue(args: argparse.Namespace) -> int:
    from .exports.overdue_csv import write_overdue_csv, write_overdue_file
    from .store.connection import open_register
    from .store.exports import ehcp_dates_by_placement
    from .store.schedule import schedule_as_of

    db = open_register(args.db)
    try:
        lines = schedule_as_of(db, args.as_of or date.today())
        ehcp = ehcp_dates_by_placement(db)
    finally:
        db.close()
    if args.output is None:
        write_overdue_csv(lines, sys.stdout, ehcp)
        return EXIT_OK
    count = write_overdue_file(lines, args.output, ehcp)
    print(f"{count} overdue or due-soon placements written to {args.output}", file=sys.stderr)
    return EXIT_OK


def _export_schedule(args: argparse.Namespace) -> int:
    from .store.connection import open_register
    from .store.visit_exports import visits_between

    output = args.output
    fmt = args.format or ("ics" if output and output.suffix.lower() == ".ics" else "csv")
    db = open_register(args.db)
    try:
        visits = visits_between(db, *args.month)
    finally:
        db.close()
    if fmt == "ics":
        from .exports.visits_ics import visits_ics, write_visits_ics

        if output is None:
            sys.stdout.buffer.write(visits_ics(visits))
            return EXIT_OK
        count = write_visits_ics(visits, output)
    else:
        from .exports.schedule_csv import write_schedule_csv, write_schedule_file

        if output is None:
            write_schedule_csv(visits, sys.stdout)
            return EXIT_OK
        count = write_schedule_file(visits, output)
    print(f"{count} planned visits written to {output}", file=sys.stderr)
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    """``import WHAT ...``: one handler per kind of file."""
    handlers = {"placements": _import_placements, "inspections": _import_inspections}
    return handlers[args.what](args)


def _import_inspections(args: argparse.Namespace) -> int:
    from .importing.inspections import import_inspections
    from .store.connection import open_register

    db = open_register(args.db)
    try:
        result = import_inspections(db, args.file, as_of=args.as_of or date.today(),
                                    weeks=args.weeks, dry_run=args.dry_run)
    finally:
        db.close()
    if not result.ok:
        print("\n".join(result.summary_lines()), file=sys.stderr)
        return EXIT_FAILED
    print("\n".join(result.summary_lines()))
    return EXIT_OK


def _import_placements(args: argparse.Namespace) -> int:
    from .importing.placements import import_placements
    from .importing.report import write_error_report
    from .store.connection import open_register

    db = open_register(args.db)
    try:
        result = import_placements(db, args.file, dry_run=args.dry_run)
    finally:
        db.close()
    if result.source.ignored_headers:
        print("ignored columns (not in the template): "
              + ", ".join(result.source.ignored_headers), file=sys.stderr)
    if args.errors_csv is not None and result.problems:
        with args.errors_csv.open("w", encoding="utf-8-sig", newline="") as out:
            write_error_report(result.source, result.problems, out)
    if result.problems:
        for problem in result.problems:
            print(problem.line(), file=sys.stderr)
        print(f"{args.file}: {result.summary()}", file=sys.stderr)
        if args.errors_csv is not None:
            print(f"error report written to {args.errors_csv}", file=sys.stderr)
        return EXIT_FAILED
    print(result.summary())
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    """``report WHAT ...``: one handler per kind of report."""
    if args.what == "visit":
        return _report_visit(args)
    return _report_as_of(args)


def _report_visit(args: argparse.Namespace) -> int:
    from .domain.note_copy import FULL, PROVIDER_COPY, NotCovered, child_copy
    from .domain.planning import PlanningError
    from .reports.visit_note import note_settings, visit_note_pdf
    from .store.connection import open_register

    db = open_register(args.db)
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
    from .reports.visit_note import note_settings
    from .store.connection import open_register

    as_of = args.as_of or date.today()
    db = open_register(args.db)
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


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then put it in place."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _check(args: argparse.Namespace) -> int:
    from .store.connection import check_register, open_register
    from .store.records import counts
    from .store.schema import LATEST_VERSION

    db = open_register(args.db, migrate=False)
    try:
        integrity, version = check_register(db)
        sizes = counts(db) if version >= 1 else {}
    finally:
        db.close()
    print(f"{args.db}")
    print(f"integrity: {integrity}")
    upgrade = "" if version == LATEST_VERSION else " (will be upgraded when opened)"
    print(f"schema version: {version} of {LATEST_VERSION}{upgrade}")
    for table, count in sizes.items():
        print(f"{table}: {count}")
    return EXIT_OK if integrity == "ok" else EXIT_FAILED


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    return build_parser().parse_args(argv)
