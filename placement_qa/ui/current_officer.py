"""Who "I am" on this computer: the officer whose visits "My visits" shows.

Each person using the app chooses themselves once in File ▸ Officers… ("This is me").
The choice is a per-user preference (QSettings, like the last folder used), kept for
each register by the register's own id and naming the officer by uuid, so it survives
a rename and means the same person in every copy of a shared register. It is a
convenience, not a login: it decides what is shown first, never what is allowed.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from sqlite_utils import Database

from ..domain.officers import Officer, officer_called
from ..store.officers import list_officers
from ..store.settings import register_id

KEY = "officers/me/{register}"


def _key(db: Database) -> str:
    return KEY.format(register=register_id(db) or "unnamed")


def my_officer_uuid(db: Database) -> str | None:
    """The uuid of the officer chosen as "me" for this register, if any."""
    saved = QSettings().value(_key(db), "")
    return str(saved) if saved else None


def my_officer(db: Database, officers: list[Officer] | None = None) -> Officer | None:
    """The officer chosen as "me" (of ``officers``, else the register's), or None."""
    return officer_called(list_officers(db) if officers is None else officers,
                          my_officer_uuid(db))


def set_my_officer(db: Database, officer: Officer | None) -> None:
    """Remember ``officer`` as "me" for this register (None forgets the choice)."""
    if officer is None:
        QSettings().remove(_key(db))
    else:
        QSettings().setValue(_key(db), officer.uuid)
