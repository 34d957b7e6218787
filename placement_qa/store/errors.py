"""The database errors the app catches, whichever SQLite driver opened the register.

A plain register is opened with Python's ``sqlite3``; an encrypted one with
``sqlcipher3``, whose exception classes are its own. Code that reports a
refused or failed write catches these tuples, never ``sqlite3.Error`` alone.
"""

from __future__ import annotations

import sqlite3

try:  # optional: without it, registers cannot be encrypted (the app says so)
    import sqlcipher3.dbapi2 as sqlcipher
except ImportError:  # pragma: no cover - installed wherever the tests run
    sqlcipher = None

DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,) + (
    (sqlcipher.Error,) if sqlcipher else ())
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError,) + (
    (sqlcipher.IntegrityError,) if sqlcipher else ())

# SQLite's words for a write the machine stopped, and what they mean to a user.
_PLAIN_WORDS = (
    ("database or disk is full", "the disk is full (free some space, then try again)"),
    ("attempt to write a readonly database",
     "the register cannot be written here: the file or its folder is read-only"),
    ("database is locked",
     "another window or program is writing to the register (try again in a moment)"),
    ("disk i/o error", "the disk could not be read or written (check that the drive, "
                       "or the network folder, is still there)"),
)


def in_words(exc: BaseException) -> str:
    """What went wrong, as a user would say it: SQLite's "database or disk is
    full" becomes "the disk is full (free some space, then try again)". Anything
    else is the error's own message."""
    text = str(exc)
    lowered = text.lower()
    for sqlite_says, words in _PLAIN_WORDS:
        if sqlite_says in lowered:
            return words
    return text
