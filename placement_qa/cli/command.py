"""A command on a register: what every command does around its own work.

Parsing, it takes the app's options given before it (see :mod:`.options`) and runs its
usage checks. Running, it asks an encrypted register's passphrase, refuses an output
that would land on the register (see :mod:`~placement_qa.store.output_guard`), holds the
register's lock if it writes (refused while the app has the register open; what an
interrupted backup or encryption left beside it is removed first), and turns a failure
it expects into one line on stderr with exit status 1. Output piped into a reader that
has gone (``| head -1``) ends quietly. An error nobody expected is left to the app's
last resort (logged, then one line on stderr: see :mod:`~placement_qa.app_log`).

A command's callback returns its exit status (None is 0). Nothing here imports Qt, and
the store is imported only when a command runs, so ``--help`` stays quick.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from .errors import CommandError, CommandFailed
from .options import take_app_options
from .passphrase import unlock

EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a program ended by SIGPIPE
OUTPUTS = ("output", "errors_csv")  # the options naming a file the command writes

#: A usage check on the options given (after the app's options are taken).
Check = Callable[[click.Context], None]


class RegisterCommand(click.Command):
    """A command working on the register given by ``--db``.

    ``writes``: it holds the register's lock; ``creates``: it makes the register (its
    folder is made, private, first); ``unlocks``: an encrypted register's passphrase is
    asked before it runs (not for a register to create); ``needs``: the app's options
    it cannot do without; ``outputs``: its options naming files, refused if one is the
    register's (``backup -o`` has checks of its own); ``checks``: its usage checks.
    """

    def __init__(self, name: str | None, *, writes: bool = False, creates: bool = False,
                 unlocks: bool = True, needs: Collection[str] = ("db",),
                 outputs: Sequence[str] = OUTPUTS, checks: Sequence[Check] = (),
                 **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self.writes, self.creates = writes or creates, creates
        self.unlocks = unlocks and not creates
        self.needs, self.outputs, self.checks = needs, outputs, checks

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rest = super().parse_args(ctx, args)
        if not ctx.resilient_parsing:
            take_app_options(ctx, self.needs)
            for check in self.checks:
                check(ctx)
        return rest

    def invoke(self, ctx: click.Context) -> Any:
        status = run_on_register(ctx, self, lambda: super(RegisterCommand, self).invoke(ctx))
        if status:
            ctx.exit(status)
        return status


def run_on_register(ctx: click.Context, command: RegisterCommand,
                    work: Callable[[], int | None]) -> int | None:
    """Run the command's ``work`` around its register (see the module's notes)."""
    from ..importing.reading import ImportFileError
    from ..store.connection import RegisterError, forget_passphrase
    from ..store.errors import DATABASE_ERRORS, in_words

    name = _top_command(ctx)
    db: Path | None = ctx.params.get("db")
    try:
        if db is not None and command.unlocks:
            unlock(db)
        _guard_outputs(db, ctx.params, command.outputs)
        with _writer_lock(db, command):
            status = work()
        sys.stdout.flush()  # a reader gone shows here, not as "Broken pipe" at exit
        return status
    except BrokenPipeError:
        ctx.exit(reader_gone())
    except (CommandError, RegisterError, ImportFileError) as exc:
        raise CommandFailed(name, str(exc)) from None
    except DATABASE_ERRORS as exc:
        raise CommandFailed(name, f"{db}: {in_words(exc)}") from None
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        raise CommandFailed(name, f"{where}{exc.strerror or exc}") from None
    finally:
        if db is not None:  # run in-process, a command leaves no passphrase behind
            forget_passphrase(db)


def _top_command(ctx: click.Context) -> str:
    """``export`` for ``placement-qa export register``: the word errors are told under."""
    while ctx.parent is not None and ctx.parent.parent is not None:
        ctx = ctx.parent
    return ctx.info_name or ""


def _guard_outputs(db: Path | None, params: Mapping[str, Any], names: Sequence[str]) -> None:
    """No output lands on the register, its backups or any database: an output naming one
    is refused before anything is done (see :mod:`~placement_qa.store.output_guard`)."""
    from ..store.output_guard import guard_register, safe_target

    if db is not None:
        guard_register(db)
    for output in filter(None, (params.get(name) for name in names)):
        safe_target(output)


@contextmanager
def _writer_lock(db: Path | None, command: RegisterCommand) -> Iterator[None]:
    """Commands that write hold the register's lock: refused while the app has it open."""
    if db is None or not command.writes:
        yield
        return
    from ..store.lock import RegisterLock

    if command.creates:  # a new register may go in a new folder: the lock goes beside it
        db.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with RegisterLock(db):
        from ..store.leftovers import clean_up

        clean_up(db)  # what an interrupted backup or encryption left beside it
        yield


def reader_gone() -> int:
    """stdout's reader has gone (``| head``): stop quietly. stdout is pointed at devnull
    so Python's own flush at exit does not print "Broken pipe" either."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_BROKEN_PIPE
