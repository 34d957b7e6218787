"""The options the commands share, and the app's own options given before a command.

The app's options (``--db``, ``--demo``, ``--as-of``, ``--visit``) may also be given
before a COMMAND (``placement-qa --as-of 22/11/2026 export overdue --db r.db``). The
command line parses them there, then :func:`take_app_options` hands them to the
command: honoured where the command takes the same option, a usage error where it does
not, or where it is given before and after the command with different values.

A value that is not a date, a month or a number of weeks is a usage error (exit 2)
saying which option and why, in the app's own words.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from ..domain.dates import InvalidDate, parse_date, uk

F = TypeVar("F", bound=Callable[..., Any])
Decorator = Callable[[F], F]
APP_OPTIONS = (("--db", "db"), ("--demo", "demo"), ("--as-of", "as_of"), ("--visit", "visit"))
REGISTER_NEEDED = "the register file (it must exist)"
PATH = click.Path(path_type=Path)


def _option_name(param: click.Parameter | None) -> str:
    """``--as-of`` for the option ``--as-of``: the name a message gives it."""
    opts: list[str] = getattr(param, "opts", None) or ["value"]
    return max(opts, key=len)


class UkDate(click.ParamType):
    """A day typed ``22/11/2026`` or ``2026-11-22``."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return parse_date(str(value), field=_option_name(param))
        except InvalidDate as exc:
            raise click.UsageError(str(exc), ctx) from None


class Month(click.ParamType):
    """A month typed ``YYYY-MM``; the value is that text."""

    name = "month"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        from ..domain.planning import PlanningError, check_month

        try:
            return check_month(str(value).strip())
        except PlanningError as exc:
            raise click.UsageError(f"{_option_name(param)}: {exc}", ctx) from None


class Weeks(click.ParamType):
    """A whole number of weeks from 1 to 52."""

    name = "weeks"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> int:
        try:
            weeks = int(value)
        except ValueError:
            self._refuse(f"'{value}' is not a whole number of weeks", param, ctx)
        if not 1 <= weeks <= 52:
            self._refuse(f"{weeks} weeks: choose 1 to 52", param, ctx)
        return weeks

    @staticmethod
    def _refuse(why: str, param: click.Parameter | None, ctx: click.Context | None) -> NoReturn:
        raise click.UsageError(f"{_option_name(param)}: {why}", ctx)


UK_DATE, MONTH, WEEKS = UkDate(), Month(), Weeks()


def db_option(help: str = REGISTER_NEEDED) -> Decorator:
    """``--db PATH``, needed: after the command or before it (see :func:`take_app_options`)."""
    return click.option("--db", type=PATH, metavar="PATH", help=help)


def as_of_option(help: str = "date the statuses are worked out for (default today)"
                 ) -> Decorator:
    return click.option("--as-of", type=UK_DATE, metavar="DATE", help=help)


def month_option(help: str = "the month, as YYYY-MM (e.g. 2026-12)") -> Decorator:
    return click.option("--month", type=MONTH, required=True, metavar="YYYY-MM", help=help)


def output_option(help: str, *, required: bool = False) -> Decorator:
    return click.option("-o", "--output", type=PATH, required=required, metavar="FILE",
                        help=help)


def with_app_options(command: F) -> F:
    """The app's options, on the command line itself (before any COMMAND)."""
    for option in reversed((
        click.option("--db", type=PATH, metavar="PATH",
                     help="the register to open: the app starts an empty register in a new "
                     "file. Before a COMMAND: the register the command works on (see "
                     "COMMAND --help)"),
        click.option("--demo", is_flag=True,
                     help="with --db PATH of a new file: fill it with a small demo register"),
        click.option("--as-of", type=UK_DATE, metavar="DATE",
                     help="show the schedule as of this date (before a COMMAND: the "
                     "command's --as-of)"),
        click.option("--visit", type=int, metavar="ID",
                     help="open the note of visit ID for recording (e.g. to resume a draft)"),
    )):
        command = option(command)
    return command


def command_words(ctx: click.Context) -> str:
    """``export register``: the command as typed, without the program's name."""
    words: list[str] = []
    while ctx.parent is not None:
        words.insert(0, ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(words)


def take_app_options(ctx: click.Context, needs: Collection[str]) -> None:
    """Hand the app's options given before the command to it; a usage error if the
    command does not take one, if it was given before and after with different values,
    or if one the command ``needs`` was given nowhere."""
    given_before = ctx.find_root().params
    command = command_words(ctx)
    for flag, name in APP_OPTIONS:
        before, after = given_before.get(name), ctx.params.get(name)
        if before is not None and before is not False:
            if name not in ctx.params:
                raise click.UsageError(f"{flag} does not apply to {command}", ctx)
            if after is not None and after != before:
                raise click.UsageError(
                    f"{flag} is given twice, {_shown(before)} before {command} and "
                    f"{_shown(after)} after it: give it once", ctx)
            ctx.params[name] = before
        elif name in needs and after is None:
            raise click.UsageError(f"{command} needs {flag}: give it after {command} or "
                                   "before it", ctx)


def _shown(value: object) -> str:
    return uk(value) if isinstance(value, date) else str(value)
