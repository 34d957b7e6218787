"""``placement-qa server init | add-user``: council IT's tools for the team register.

``server init --dsn DSN`` makes the team register in an empty PostgreSQL database (a
database that holds anything is refused, and left as it was); ``server add-user`` gives a
person a login as an officer or a manager. The connection string may hold the password
of the account IT uses, or it is taken from ``PLACEMENT_QA_SERVER_PASSWORD``; the new
user's password from ``PLACEMENT_QA_NEW_PASSWORD`` or typed. These commands work on the
server, not on a register: the app's own options (``--db``...) do not apply to them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from .errors import EXIT_OK, CommandError, CommandFailed
from .options import take_app_options
from .passphrase import ask_passphrase

SERVER_PASSWORD_ENV = "PLACEMENT_QA_SERVER_PASSWORD"
NEW_PASSWORD_ENV = "PLACEMENT_QA_NEW_PASSWORD"
DSN_HELP = ("the server's database, as a PostgreSQL connection string (e.g. "
            "'host=db.council.local dbname=placements user=it_admin')")


class ServerCommand(click.Command):
    """A command on the team's server: the app's options before it are usage errors, and
    a failure it expects is one line on stderr with exit status 1."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rest = super().parse_args(ctx, args)
        if not ctx.resilient_parsing:
            take_app_options(ctx, ())
        return rest

    def invoke(self, ctx: click.Context) -> Any:
        import psycopg

        from ..store.server_login import LoginError
        from ..store.server_schema import ServerSchemaError

        try:
            return super().invoke(ctx)
        except psycopg.OperationalError as exc:
            raise CommandFailed("server", f"cannot reach the server: {first_line(exc)}") from None
        except (psycopg.Error, ServerSchemaError, LoginError, CommandError,
                ValueError) as exc:
            raise CommandFailed("server", first_line(exc)) from None


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def dsn_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--dsn", required=True, metavar="DSN", help=DSN_HELP)(command)


def connect_as_it(dsn: str) -> Any:
    """A connection to ``dsn`` (autocommit), with PLACEMENT_QA_SERVER_PASSWORD if set."""
    import os

    import psycopg

    from ..store.server_login import ServerLogin, conninfo

    password = os.environ.get(SERVER_PASSWORD_ENV) or None
    return psycopg.connect(conninfo(ServerLogin(dsn, password=password)), autocommit=True)


@click.group("server", help="the team register on the council's PostgreSQL server (IT's tools)")
def server() -> None:
    """``server init`` and ``server add-user``."""


@server.command("init", cls=ServerCommand, short_help="make the team register",
                help="make the team register in an empty PostgreSQL database: its tables, "
                "and the roles pqa_officer and pqa_manager (an account that may create roles "
                "is needed). A database that holds anything is refused and left as it was.")
@dsn_option
def init(dsn: str) -> int:
    from ..store.server_schema import init_server

    with connect_as_it(dsn) as conn:
        init_server(conn)
        name = conn.execute("SELECT current_database()").fetchone()
    click.echo(f"Team register made in database {name[0] if name else dsn}; add people with "
               "placement-qa server add-user")
    return EXIT_OK


@server.command("add-user", cls=ServerCommand, short_help="give someone a login",
                help=f"give NAME a login to the team register as an officer or a manager "
                f"(an existing login is given that role); the password from "
                f"{NEW_PASSWORD_ENV}, or typed")
@dsn_option
@click.option("--name", required=True, metavar="NAME", help="the login name, e.g. a.khan")
@click.option("--role", required=True, type=click.Choice(("officer", "manager")))
@click.option("--no-password", is_flag=True,
              help="set no password (the server checks who it is some other way)")
def add_user_command(dsn: str, name: str, role: str, no_password: bool) -> int:
    from ..store.server_schema import add_user

    password = None if no_password else ask_passphrase(
        f"Password for {name}: ", confirm=True, env=NEW_PASSWORD_ENV,
        why=f"a password for {name} is needed")
    with connect_as_it(dsn) as conn:
        add_user(conn, name, role, password)
    click.echo(f"{name} can log in to the team register as {'an' if role == 'officer' else 'a'} "
               f"{role}")
    return EXIT_OK


COMMANDS = (server,)
