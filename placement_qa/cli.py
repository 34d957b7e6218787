"""The command line: ``placement-qa [--db PATH]`` starts the app; sub-commands work headless.

Sub-commands never import Qt, and never print a traceback: a problem with a
file or an argument is one line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from .domain.dates import InvalidDate, parse_date

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A sub-command cannot do what was asked; the message says why."""


def _as_of(text: str) -> date:
    try:
        return parse_date(text, field="--as-of")
    except InvalidDate as exc:
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def db_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--db", type=Path, required=True, help="register file")

    demo = commands.add_parser("demo", help="create a demo register (deterministic)")
    db_option(demo)
    demo.add_argument("--size", choices=("small", "large", "national"), default="small")
    demo.add_argument("--seed", type=int, default=1)

    export = commands.add_parser("export", help="export the register")
    export_what = export.add_subparsers(dest="what", metavar="WHAT", required=True)
    register = export_what.add_parser("register", help="one row per placement with its status")
    db_option(register)
    register.add_argument("--format", choices=("csv",), default="csv")
    register.add_argument("--as-of", type=_as_of, help="date the statuses are worked out for "
                          "(default today)")
    register.add_argument("-o", "--output", type=Path, help="file to write (default stdout)")

    check = commands.add_parser("check", help="integrity check and schema version")
    db_option(check)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run a parsed sub-command; returns the exit status."""
    from .store.connection import RegisterError

    handlers = {"demo": _demo, "export": _export, "check": _check}
    try:
        return handlers[args.command](args)
    except (CommandError, RegisterError) as exc:
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
    from .exports.register_csv import write_register_csv
    from .store.connection import open_register
    from .store.schedule import schedule_as_of

    db = open_register(args.db)
    try:
        lines = schedule_as_of(db, args.as_of or date.today())
    finally:
        db.close()
    if args.output is None:
        write_register_csv(lines, sys.stdout)
        return EXIT_OK
    # utf-8-sig so Excel shows names such as Zoë Łukasiewicz correctly.
    with args.output.open("w", encoding="utf-8-sig", newline="") as out:
        count = write_register_csv(lines, out)
    print(f"{count} placements written to {args.output}", file=sys.stderr)
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from .store.connection import check_register, open_register
    from .store.register import counts
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
