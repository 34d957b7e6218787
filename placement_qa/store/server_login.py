"""Logging in to the team's PostgreSQL server: who, where, and over TLS.

A :class:`ServerLogin` is the server's connection string (libpq's ``host=... dbname=...``
or a ``postgresql://`` URL), the user and the password. The register keeps only
:func:`dsn_without_password`; the password lives in the operating system's keyring
(:mod:`.credentials`). The connection uses TLS (``sslmode=require``, or what stronger
mode the string asks for) unless the server is on this computer: a Unix socket folder,
``localhost``, ``127.0.0.1`` or ``::1``.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from psycopg.conninfo import conninfo_to_dict, make_conninfo

from ..domain.sync_status import password_asked, password_refused

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", ""})
_STRONG_TLS = frozenset({"require", "verify-ca", "verify-full"})


class LoginError(ValueError):
    """A connection string that cannot be used; the message says why."""


# How the server turned a login away for its password (libpq's words for each).
NO_PASSWORD, WRONG_PASSWORD = "no_password", "wrong_password"
_PASSWORD_REFUSALS = {NO_PASSWORD: "no password supplied",
                      WRONG_PASSWORD: "password authentication failed"}


@dataclass(frozen=True)
class ServerLogin:
    """Where the team's server is (``dsn``, without a password), as whom, with what
    password (None: none given; the server may not ask for one)."""

    dsn: str
    user: str | None = None
    password: str | None = None


def _parts(dsn: str) -> dict[str, str]:
    try:
        parts = conninfo_to_dict(dsn)
    except Exception as exc:  # psycopg.ProgrammingError: the string cannot be read
        raise LoginError(f"'{dsn}' is not a PostgreSQL connection string "
                         "(e.g. host=server.council.local dbname=placements)") from exc
    return {key: str(value) for key, value in parts.items() if value is not None}


def dsn_without_password(dsn: str) -> str:
    """``dsn`` with any password taken out: what may be written down."""
    parts = _parts(dsn)
    parts.pop("password", None)
    return make_conninfo(**parts)


def server_dsn(host: str, database: str) -> str:
    """The connection string of ``database`` on ``host``: a server's name or address,
    ``name:port``, or a Unix socket folder (as the app's Join dialog asks for them)."""
    host = host.strip()
    parts = {"host": host, "dbname": database.strip()}
    name, colon, port = host.rpartition(":")
    if colon and port.isdigit() and ":" not in name and not host.startswith("/"):
        parts.update(host=name, port=port)  # not an IPv6 address (::1), nor a folder
    return make_conninfo(**parts)


def server_place(dsn: str) -> tuple[str, str]:
    """(host, database) of ``dsn`` as :func:`server_dsn` takes them (``name:port`` for a
    port other than PostgreSQL's own)."""
    parts = _parts(dsn)
    host, port = parts.get("host", ""), parts.get("port", "")
    shown = f"{host}:{port}" if port and port != "5432" and not host.startswith("/") else host
    return shown, parts.get("dbname", "")


def is_local(host: str) -> bool:
    """True for a server on this computer: a Unix socket folder or a loopback name."""
    return all(name.startswith("/") or name in LOCAL_HOSTS for name in host.split(","))


def login_user(login: ServerLogin) -> str:
    """Who logs in: the login's user, the connection string's, else this OS account."""
    return login.user or _parts(login.dsn).get("user") or getpass.getuser()


def server_name(login: ServerLogin) -> str:
    """``host/dbname``: how the server is named in messages and in the keyring."""
    parts = _parts(login.dsn)
    host = parts.get("host", "localhost")
    return f"{host}/{parts.get('dbname', login_user(login))}"


def conninfo(login: ServerLogin) -> str:
    """The connection string to connect with: the user and password given, TLS required
    for a server elsewhere (see the module's notes)."""
    parts = _parts(login.dsn)
    parts["user"] = login_user(login)
    if login.password is not None:
        parts["password"] = login.password
    if not is_local(parts.get("host", "")) and parts.get("sslmode") not in _STRONG_TLS:
        parts["sslmode"] = "require"
    parts.setdefault("connect_timeout", "10")
    parts.setdefault("application_name", "placement-qa")
    return make_conninfo(**parts)


def password_problem(message: str) -> str:
    """:data:`NO_PASSWORD` if the server asked for a password none was given for,
    :data:`WRONG_PASSWORD` if it refused the one given, else "" (``message``: the
    connection's error)."""
    return next((problem for problem, words in _PASSWORD_REFUSALS.items()
                 if words in message), "")


def password_words(problem: str, login: ServerLogin) -> str:
    """The password problem in words, for the status line."""
    if problem == NO_PASSWORD:
        return password_asked(login_user(login))
    return password_refused(login_user(login))
