"""How a command ends: its exit status, and a failure as one line on stderr.

0 is done, 1 is a failure the message explains (``placement-qa COMMAND: why``), 2 is a
usage error (click's own: the usage, then what was wrong with it).
"""

from __future__ import annotations

from typing import IO, Any

import click

PROG = "placement-qa"
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A command cannot do what was asked; the message says why."""


class CommandFailed(click.ClickException):
    """Shown as ``placement-qa COMMAND: message`` on stderr; the exit status is 1."""

    exit_code = EXIT_FAILED

    def __init__(self, command: str, message: str) -> None:
        super().__init__(message)
        self.command = command

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"{PROG} {self.command}: {self.format_message()}", file=file, err=True)
