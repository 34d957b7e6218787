"""What every command shares: the app's own options, ``--version``, and stdout that
ends quietly when its reader goes (``placement-qa export overdue ... | head -1``).

The app's options (``--db``, ``--demo``, ``--as-of``, ``--visit``) may also be given
before a COMMAND. argparse would let the command's defaults overwrite them without a
word, so they are parsed under names of their own and handed to the command after:
honoured where the command takes the same option, a usage error where it does not, or
where it is given before and after the command with different values.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from .domain.dates import InvalidDate, parse_date

BEFORE = "before_command_"
APP_OPTIONS = (("--db", "db"), ("--demo", "demo"), ("--as-of", "as_of"), ("--visit", "visit"))
EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a program ended by SIGPIPE


class _Needed:
    def __repr__(self) -> str:
        return "NEEDED"


NEEDED = _Needed()
"""The default of a command's option that may also come before it but must be given."""


def as_of_arg(text: str) -> date:
    try:
        return parse_date(text, field="--as-of")
    except InvalidDate as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_app_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    parser.add_argument(
        "--db", dest=BEFORE + "db", type=Path, metavar="PATH",
        help="the register to open: the app starts an empty register in a new file. "
        "Before a COMMAND: the register the command works on (see COMMAND --help)")
    parser.add_argument("--demo", dest=BEFORE + "demo", action="store_true",
                        help="with --db PATH of a new file: fill it with a small demo register")
    parser.add_argument("--as-of", dest=BEFORE + "as_of", type=as_of_arg, metavar="DATE",
                        help="show the schedule as of this date (before a COMMAND: the "
                        "command's --as-of)")
    parser.add_argument("--visit", dest=BEFORE + "visit", type=int, metavar="ID",
                        help="open the note of visit ID for recording (e.g. to resume a draft)")


def apply_app_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Hand the options given before the command to it (or to the app, with no command)."""
    command = " ".join(filter(None, (args.command, getattr(args, "what", None))))
    for flag, name in APP_OPTIONS:
        before = getattr(args, BEFORE + name)
        delattr(args, BEFORE + name)
        if not args.command:
            setattr(args, name, before)
            continue
        after = getattr(args, name, None)
        if before is not None and before is not False:
            if not hasattr(args, name):
                parser.error(f"{flag} does not apply to {command}")
            if after not in (None, NEEDED, before):
                parser.error(f"{flag} is given twice, {before} before {command} and {after} "
                             "after it: give it once")
            setattr(args, name, before)
        elif after is NEEDED:
            parser.error(f"{command} needs {flag}: give it after {command} or before it")


class _Version(argparse.Action):
    """``--version``: the installed package's version, without loading Qt."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("placement-qa")
        except PackageNotFoundError:  # a source tree that was never installed
            from . import __version__ as number
        print(f"placement-qa {number}")
        parser.exit()


def reader_gone() -> int:
    """stdout's reader has gone (``| head``): stop quietly. stdout is pointed at devnull
    so Python's own flush at exit does not print "Broken pipe" either."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_BROKEN_PIPE
