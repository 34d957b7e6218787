"""``placement-qa sync --db PATH [--server DSN] [--user NAME]``: sync a register with the
team register, as the app's Sync button does.

The first time (``--server`` given) it joins: a new register takes the team's register, a
register with records starts an empty team register (a manager's login). After that the
register remembers its server and login (never the password): ``--server`` may be left
out. The password comes from ``PLACEMENT_QA_SERVER_PASSWORD``, else the keyring, else it
is typed (not shown) when the server asks for one, on a terminal, and kept in the keyring
once the server takes it (never in a file). A password the server refuses is one line and
exit status 1, and is not kept; a kept one it refuses is forgotten and asked again. With
no terminal and no password, one line says how to give it.

The status line is printed ("Synced 10:42 · 0 waiting"); a sync that does not finish
(server not reachable, refused) is one line on stderr and exit status 1.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .command import RegisterCommand
from .errors import EXIT_OK, CommandError
from .options import db_option
from .server import SERVER_PASSWORD_ENV

if TYPE_CHECKING:
    from sqlite_utils import Database

    from ..store.server_login import ServerLogin
    from ..store.sync import SyncResult


@click.command("sync", cls=RegisterCommand, writes=True,
               short_help="sync with the team register",
               help="sync the register with the team register on the council's server "
               "(joining it the first time); prints the status line")
@db_option()
@click.option("--server", metavar="DSN",
              help="the team register's PostgreSQL connection string (needed the first time)")
@click.option("--user", metavar="NAME", help="the login (default: the one used last time)")
def sync_command(db: Path, server: str | None, user: str | None) -> int:
    from ..domain.sync_status import SYNCED, counts_text, status_text
    from ..store.connection import open_register

    register = open_register(db)
    try:
        login, source = _login(register, server, user)
        result = _sync_asking_password(register, login, source)
    finally:
        register.close()
    text = status_text(result.status)
    if result.status.outcome != SYNCED:
        reason = result.status.error
        raise CommandError(text if reason in text else f"{text} ({reason})")
    click.echo(f"{text} ({counts_text(result.sent, result.pulled, result.conflicts)})")
    return EXIT_OK


FROM_ENV, FROM_KEYRING = "environment", "keyring"  # where a password came from


def on_a_terminal() -> bool:
    """True when someone is there to type a password (stdin is a terminal)."""
    return sys.stdin.isatty()


def _login(register: Database, server: str | None, user: str | None
           ) -> tuple[ServerLogin, str]:
    """The login to sync with, and where its password came from ("" for none)."""
    from ..store.credentials import saved_password
    from ..store.outbox import SERVER, USER, read_state
    from ..store.server_login import ServerLogin, dsn_without_password

    state = read_state(register)
    joined = state.get(SERVER)
    if server is None and joined is None:
        raise CommandError("this register has not joined a team register: give --server DSN")
    if server is not None and joined is not None and dsn_without_password(server) != joined:
        raise CommandError(f"this register is joined to another team register ({joined})")
    login = ServerLogin(server or joined or "", user or state.get(USER))
    given = os.environ.get(SERVER_PASSWORD_ENV)
    if given:
        return ServerLogin(login.dsn, login.user, given), FROM_ENV
    kept = saved_password(login)
    return ServerLogin(login.dsn, login.user, kept), FROM_KEYRING if kept else ""


def _sync_asking_password(register: Database, login: ServerLogin, source: str) -> SyncResult:
    """Sync; if the server wants a password it was not given (or refuses a kept one, which
    is then forgotten), ask for it on a terminal and try once more, keeping it in the
    keyring if the server takes it. Without a terminal, say how to give it."""
    from ..domain.sync_status import OFFLINE
    from ..store.credentials import NO_KEYRING, forget_password, save_password
    from ..store.server_login import ServerLogin, login_user
    from ..store.sync import sync

    result = sync(register, login)
    if not result.password_problem:
        return result
    user = login_user(login)
    if source == FROM_ENV:
        raise CommandError(f"the server refused the password in {SERVER_PASSWORD_ENV} "
                           f"for {user}")
    why = f"the server asks for {user}'s password"
    if source == FROM_KEYRING:
        forget_password(login)
        why = f"the server refused the password kept in the keyring for {user} (forgotten)"
    if not on_a_terminal():
        raise CommandError(f"{why}: set {SERVER_PASSWORD_ENV} to it, or run placement-qa "
                           "sync in a terminal to type it (it is then kept in the keyring)")
    typed = ServerLogin(login.dsn, user, click.prompt(f"Password for {user}", hide_input=True))
    result = sync(register, typed)
    if result.password_problem:
        raise CommandError(f"the server refused the password for {user}: nothing was kept; "
                           "try again")
    if result.status.outcome != OFFLINE and not save_password(typed):
        click.echo(f"Note: {NO_KEYRING}", err=True)
    return result


COMMANDS = (sync_command,)
