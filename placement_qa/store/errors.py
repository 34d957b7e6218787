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
