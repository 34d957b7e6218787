"""The command line: ``placement-qa [--db PATH]`` starts the app; sub-commands work headless.

Sub-commands never import Qt, and never print a traceback: a problem with a
file or an argument is one line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from .cli_options import NEEDED, add_app_options, apply_app_options, as_of_arg, reader_gone
from .domain.dates import council_today
from .store.errors import DATABASE_ERRORS, in_words

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
PASSPHRASE_ENV = "PLACEMENT_QA_PASSPHRASE"
NEW_PASSPHRASE_ENV = "PLACEMENT_QA_NEW_PASSPHRASE"  # change-passphrase, from a script
WRITING_COMMANDS = ("demo", "import", "restore", "encrypt", "decrypt", "change-passphrase",
                    "return")
EXPORT_FORMATS = ("csv", "xlsx")
SCHEDULE_FORMATS = ("csv", "ics")


class CommandError(Exception):
    """A sub-command cannot do what was asked; the message says why."""


def month_arg(text: str) -> tuple[date, date]:
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
    add_app_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="create a demo register (deterministic)")
    db_option(demo, "the register file to create (it must not exist yet)")
    demo.add_argument("--size", choices=("small", "large", "national"), default="small")
    demo.add_argument("--seed", type=int, default=1)

    _add_export_parser(commands)
    _add_import_parser(commands)
    from .cli_reports import add_report_parser

    add_report_parser(commands)
    check = commands.add_parser("check", help="integrity check and schema version")
    db_option(check)
    from .cli_backup import add_backup_parsers

    add_backup_parsers(commands)
    from .cli_returns import add_return_parser

    add_return_parser(commands)
    return parser


def db_option(sub: argparse.ArgumentParser,
              help: str = "the register file (it must exist)") -> None:
    """``--db PATH``, needed: after the command or before it (see :mod:`.cli_options`)."""
    sub.add_argument("--db", type=Path, default=NEEDED, metavar="PATH", help=help)


def _add_export_parser(commands) -> None:
    export = commands.add_parser("export", help="export the register")
    export_what = export.add_subparsers(dest="what", metavar="WHAT", required=True)
    register = export_what.add_parser("register", help="one row per placement with its status")
    db_option(register)
    register.add_argument("--format", choices=EXPORT_FORMATS,
                          help="csv or xlsx (default: from the -o file name, else csv)")
    register.add_argument("--as-of", type=as_of_arg, help="date the statuses are worked out for "
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
    overdue.add_argument("--as-of", type=as_of_arg, help="date the statuses are worked out for "
                         "(default today)")
    overdue.add_argument("-o", "--output", type=Path, help="file to write (default stdout)")


def _add_export_schedule_parser(export_what) -> None:
    schedule = export_what.add_parser(
        "schedule", help="a month's planned visits, as CSV or a calendar file (ICS) for Outlook")
    db_option(schedule)
    schedule.add_argument("--month", type=month_arg, required=True,
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
    inspections.add_argument("--as-of", type=as_of_arg, help="date of the import: additional "
                             "visits are flagged on it and due N weeks after (default today)")
    inspections.add_argument("--weeks", type=_weeks, help="additional visit due within N weeks "
                             "of a downgrade (default: the register's setting, 6 unless changed)")
    inspections.add_argument("--dry-run", action="store_true",
                             help="say what would change and who fell below good; write nothing")


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
    from .cli_backup import BACKUP_HANDLERS
    from .cli_reports import report
    from .cli_returns import RETURN_HANDLERS
    from .importing.reading import ImportFileError
    from .store.connection import RegisterError

    handlers = {"demo": _demo, "export": _export, "check": _check, "import": _import,
                "report": report, **BACKUP_HANDLERS, **RETURN_HANDLERS}
    try:
        _unlock(args)
        _guard_outputs(args)
        with _writer_lock(args):
            status = handlers[args.command](args)
        sys.stdout.flush()  # a reader gone shows here, not as "Broken pipe" at exit
        return status
    except BrokenPipeError:
        return reader_gone()
    except (CommandError, RegisterError, ImportFileError) as exc:
        print(f"placement-qa {args.command}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except DATABASE_ERRORS as exc:
        print(f"placement-qa {args.command}: {args.db}: {in_words(exc)}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"placement-qa {args.command}: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED


def _unlock(args: argparse.Namespace) -> None:
    """An encrypted --db: its passphrase is asked once here, for every command."""
    from .cli_backup import ask_passphrase
    from .store.connection import is_encrypted, remember_passphrase

    path = getattr(args, "db", None)
    if path is not None and args.command != "encrypt" and is_encrypted(path):
        remember_passphrase(path, ask_passphrase(
            f"Passphrase for {path.name}: ",
            why=f"{path} is encrypted (or is not a Placement QA register)"))


def _guard_outputs(args: argparse.Namespace) -> None:
    """No output lands on the register, its backups or any database: ``-o`` or
    ``--errors-csv`` naming one is refused before anything is done (see
    :mod:`.store.output_guard`; ``backup -o`` has its own checks)."""
    from .store.output_guard import guard_register, safe_target

    if getattr(args, "db", None) is not None:
        guard_register(args.db)
    outputs = [getattr(args, "errors_csv", None)]
    if args.command != "backup":
        outputs.append(getattr(args, "output", None))
    for output in filter(None, outputs):
        safe_target(output)


@contextmanager
def _writer_lock(args: argparse.Namespace) -> Iterator[None]:
    """Commands that write hold the register's lock: refused while the app has it open."""
    if args.command not in WRITING_COMMANDS:
        yield
        return
    from .store.lock import RegisterLock

    if args.command == "demo":  # a demo may go in a new folder: the lock goes beside it
        args.db.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with RegisterLock(args.db):
        from .store.leftovers import clean_up

        clean_up(args.db)  # what an interrupted backup or encryption left beside it
        yield


def _demo(args: argparse.Namespace) -> int:
    from .demo import write_demo_register

    if args.db.exists():
        raise CommandError(f"{args.db} already exists; give a new file name for the demo")
    summary = write_demo_register(
        args.db, args.size, seed=args.seed,
        progress=lambda message: print(message, file=sys.stderr, flush=True),
    )
    print(f"Demo register ({args.size}) written to {args.db}: {summary}", file=sys.stderr)
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    """``export WHAT ...``: one handler per kind of export."""
    handlers = {"register": _export_register, "overdue": _export_overdue,
                "schedule": _export_schedule}
    return handlers[args.what](args)


def _export_register(args: argparse.Namespace) -> int:
    from .cli_open import open_to_read
    from .domain.schedule import by_child
    from .store.schedule import schedule_as_of

    output = args.output
    fmt = args.format or ("xlsx" if output and output.suffix.lower() == ".xlsx" else "csv")
    if fmt == "xlsx" and output is None:
        print("placement-qa export: --format xlsx needs -o FILE (a workbook cannot go to "
              "the screen)", file=sys.stderr)
        return EXIT_USAGE
    db = open_to_read(args.db)
    try:
        lines = schedule_as_of(db, args.as_of or council_today())
        if output is None:
            from .exports.register_csv import write_register_csv
            from .store.exports import ehcp_dates_by_placement

            write_register_csv(by_child(lines), sys.stdout, ehcp_dates_by_placement(db))
            return EXIT_OK
        from .store.exports import write_register_file

        count = write_register_file(db, lines, output, fmt)
    finally:
        db.close()
    print(f"{count} placements written to {output}", file=sys.stderr)
    return EXIT_OK


def _export_overdue(args: argparse.Namespace) -> int:
    from .cli_open import open_to_read
    from .exports.overdue_csv import write_overdue_csv, write_overdue_file
    from .store.exports import ehcp_dates_by_placement
    from .store.schedule import monitored_schedule_as_of

    db = open_to_read(args.db)
    try:
        lines = monitored_schedule_as_of(db, args.as_of or council_today())
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
    from .cli_open import open_to_read
    from .store.visit_exports import visits_between

    output = args.output
    fmt = args.format or ("ics" if output and output.suffix.lower() == ".ics" else "csv")
    db = open_to_read(args.db)
    try:
        visits = visits_between(db, *args.month)
    finally:
        db.close()
    if fmt == "ics":
        from .exports.visits_ics import visits_ics, write_visits_ics

        if not visits:  # a calendar needs at least one event (RFC 5545)
            month = args.month[0].strftime("%B %Y")
            print(f"No visits planned in {month}: nothing written", file=sys.stderr)
            return EXIT_FAILED
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
    from .store.connection import open_register
    from .store.inspection_import import import_inspections

    db = open_register(args.db)
    try:
        result = import_inspections(db, args.file, as_of=args.as_of or council_today(),
                                    weeks=args.weeks, dry_run=args.dry_run)
    finally:
        db.close()
    if not result.ok:
        print("\n".join(result.summary_lines()), file=sys.stderr)
        return EXIT_FAILED
    print("\n".join(result.summary_lines()))
    return EXIT_OK


def _import_placements(args: argparse.Namespace) -> int:
    from .importing.report import write_error_report_file
    from .store.connection import open_register
    from .store.placement_import import import_placements

    db = open_register(args.db)
    try:
        result = import_placements(db, args.file, dry_run=args.dry_run)
    finally:
        db.close()
    if result.source.ignored_headers:
        print("ignored columns (not in the template): "
              + ", ".join(result.source.ignored_headers), file=sys.stderr)
    if args.errors_csv is not None and result.problems:
        write_error_report_file(result.source, result.problems, args.errors_csv)
    if result.problems:
        for problem in result.problems:
            print(problem.line(), file=sys.stderr)
        print(f"{args.file}: {result.summary()}", file=sys.stderr)
        if args.errors_csv is not None:
            print(f"error report written to {args.errors_csv}", file=sys.stderr)
        return EXIT_FAILED
    print(result.summary())
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from .cli_open import open_to_read
    from .store.connection import check_register
    from .store.records import counts
    from .store.schema import LATEST_VERSION

    db = open_to_read(args.db, migrate=False)
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
    parser = build_parser()
    args = parser.parse_args(argv)
    apply_app_options(parser, args)
    return args
