"""The command line: ``placement-qa [OPTIONS] [COMMAND ...]``.

With no COMMAND it starts the app (the caller's ``start_app``: see :mod:`placement_qa.app`)
on the register given by ``--db``. A COMMAND works headless, without Qt; each group of
commands is a module of this package, listed in :data:`COMMAND_MODULES` (a new group is a
module with its ``COMMANDS``, added there).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click

from . import backup, exports, register, reports, returns, server, settings, sync
from .errors import EXIT_FAILED, EXIT_OK, PROG
from .options import with_app_options

COMMAND_MODULES = (register, settings, exports, reports, returns, backup, sync, server)


@dataclass(frozen=True)
class AppOptions:
    """What the app is started with: the register, a demo in a new file, the date the
    schedule is shown as of, a visit whose note opens at once."""

    db: Path | None = None
    demo: bool = False
    as_of: date | None = None
    visit: int | None = None


@dataclass
class Launch:
    """Where the command line leaves the app's options when no command was given."""

    options: AppOptions | None = None


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version``: the installed package's version, without loading Qt."""
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import PackageNotFoundError, version

    try:
        number = version("placement-qa")
    except PackageNotFoundError:  # a source tree that was never installed
        from .. import __version__ as number
    click.echo(f"{PROG} {number}")
    ctx.exit()


@click.group(PROG, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]},
             help="Register and monitoring-visit schedule for out-of-borough SEND placements. "
             "With no command, starts the app.")
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=_show_version, help="print the version and exit")
@with_app_options
@click.pass_context
def command_line(ctx: click.Context, db: Path | None, demo: bool, as_of: date | None,
                 visit: int | None) -> None:
    if ctx.invoked_subcommand is not None:
        return  # the command takes the options given here (see options.take_app_options)
    if isinstance(ctx.obj, Launch):
        ctx.obj.options = AppOptions(db, demo, as_of, visit)
    else:  # run without an app to start (as the tests run it): say what there is
        click.echo(ctx.get_help())


for _module in COMMAND_MODULES:
    for _command in _module.COMMANDS:
        command_line.add_command(_command)


def main(argv: Sequence[str], *, start_app: Callable[[AppOptions], int]) -> int:
    """Run the command line ``argv``; with no command, ``start_app``. The exit status."""
    launch = Launch()
    status = EXIT_OK
    try:
        command_line.main(args=list(argv), prog_name=PROG, obj=launch)
    except SystemExit as exc:  # how click ends every run
        status = _exit_status(exc.code)
    if status == EXIT_OK and launch.options is not None:
        return start_app(launch.options)
    return status


def _exit_status(code: object) -> int:
    if code is None:
        return EXIT_OK
    return code if isinstance(code, int) else EXIT_FAILED
