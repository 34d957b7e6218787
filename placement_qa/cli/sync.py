"""``placement-qa sync --db PATH [--server DSN] [--user NAME]``: sync a register with the
team register, as the app's Sync button does.

The first time (``--server`` given) it joins: a new register takes the team's register, a
register with records starts an empty team register (a manager's login). After that the
register remembers its server and login (never the password): ``--server`` may be left
out. The password comes from ``PLACEMENT_QA_SERVER_PASSWORD``, else the keyring, else it
is typed when the server asks for one (and then kept in the keyring, where there is one).

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
    from ..domain.sync import SYNCED, counts_text, status_text
    from ..store.connection import open_register

    register = open_register(db)
    try:
        login = _login(register, server, user)
        result = _sync_asking_password(register, login)
    finally:
        register.close()
    text = status_text(result.status)
    if result.status.outcome != SYNCED:
        reason = result.status.error
        raise CommandError(text if reason in text else f"{text} ({reason})")
    click.echo(f"{text} ({counts_text(result.sent, result.pulled, result.conflicts)})")
    return EXIT_OK


def _login(register: Database, server: str | None, user: str | None) -> ServerLogin:
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
    password = os.environ.get(SERVER_PASSWORD_ENV) or saved_password(login)
    return ServerLogin(login.dsn, login.user, password)


def _sync_asking_password(register: Database, login: ServerLogin) -> SyncResult:
    """Sync; if the server asks for a password none was given for, ask for it (in a
    terminal) and try once more, keeping it in the keyring if that works."""
    import getpass

    from ..domain.sync import OFFLINE, asks_password
    from ..store.credentials import NO_KEYRING, save_password
    from ..store.server_login import ServerLogin, login_user
    from ..store.sync import sync

    result = sync(register, login)
    asked = result.status.outcome == OFFLINE and asks_password(result.status.error)
    if not asked or not sys.stdin.isatty():
        return result
    typed = ServerLogin(login.dsn, login_user(login),
                        getpass.getpass(f"Password for {login_user(login)}: "))
    result = sync(register, typed)
    if result.status.outcome != OFFLINE and not save_password(typed):
        print(f"Note: {NO_KEYRING}", file=sys.stderr)
    return result


COMMANDS = (sync_command,)
