"""The team server's password, kept in the operating system's keyring, never in a file.

The ``keyring`` package uses the system's own store (Windows Credential Manager, macOS
Keychain, the Secret Service on Linux desktops) under the service ``placement-qa`` and
the name ``<user>@<host>/<database>``. Where there is none (a Linux machine without a
desktop session) :func:`keyring_available` is False: the app says so and asks for the
password each time.
"""

from __future__ import annotations

from sqlite_utils import Database

from .outbox import SERVER, USER, read_state
from .server_login import LoginError, ServerLogin, login_user, server_name

SERVICE = "placement-qa"
NO_KEYRING = ("this computer has no keyring to keep the password in: it is asked for "
              "each time")


def keyring_name(login: ServerLogin) -> str:
    """The name the password is kept under: ``<user>@<host>/<database>``."""
    return f"{login_user(login)}@{server_name(login)}"


def keyring_available() -> bool:
    """True if the system has a keyring the password can be kept in."""
    import keyring
    from keyring.backends import fail

    return not isinstance(keyring.get_keyring(), fail.Keyring)


def saved_password(login: ServerLogin) -> str | None:
    """The password kept for ``login``'s user and server, None if none (or no keyring)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(SERVICE, keyring_name(login))
    except KeyringError:
        return None


def save_password(login: ServerLogin) -> bool:
    """Keep ``login``'s password in the keyring; False where there is no keyring."""
    import keyring
    from keyring.errors import KeyringError

    if login.password is None or not keyring_available():
        return False
    try:
        keyring.set_password(SERVICE, keyring_name(login), login.password)
    except KeyringError:
        return False
    return True


def forget_password(login: ServerLogin) -> None:
    """Remove the kept password (if any), e.g. when the server refused it."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.delete_password(SERVICE, keyring_name(login))
    except KeyringError:
        pass


def team_login(db: Database, password: str | None = None) -> ServerLogin:
    """The login the register ``db`` syncs with: its server and user as it joined, with
    ``password``, else the one kept in the keyring. LoginError if it has not joined."""
    state = read_state(db)
    if SERVER not in state:
        raise LoginError("this register has not joined a team register: "
                         "File ▸ Join team register…")
    login = ServerLogin(state[SERVER], state.get(USER))
    kept = password if password is not None else saved_password(login)
    return ServerLogin(login.dsn, login.user, kept)
