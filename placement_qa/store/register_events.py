"""Events that change the register file as a whole: restored from a backup, encrypted,
decrypted, given a new passphrase.

Each is a row of ``register_events``, so the change log records it (who, when) like
any other change. The row is written into the new file before that file is put in
place, so the register holds the event exactly when the change happened.
"""

from __future__ import annotations

from sqlite_utils import Database

from . import schema
from .connection import Connection, current_os_user, install_sql_functions

RESTORE, ENCRYPT, DECRYPT, CHANGE_PASSPHRASE = (
    "restore", "encrypt", "decrypt", "change_passphrase")


def log_event(conn: Connection, event: str, detail: str) -> None:
    """Record ``event`` in the register file behind the raw connection ``conn`` (not yet
    the app's register: a copy about to replace it), upgrading its schema first."""
    install_sql_functions(conn, current_os_user())
    db = Database(conn)
    schema.migrate(db)
    with db.atomic():
        db.execute("INSERT INTO register_events (event, detail) VALUES (?, ?)", [event, detail])
