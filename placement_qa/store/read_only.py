"""Reading a register file without writing to it or beside it.

A register in a read-only folder, or a read-only file, can still be read: SQLite opens it
read-only (``mode=ro``), and when no program has it open - no ``-wal`` or ``-journal``
beside it - as ``immutable``, which needs no ``-shm`` or ``-wal`` file made beside it
(a WAL register's reader otherwise makes them, and a read-only folder refuses them).
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlite_utils import Database


def writable(path: Path) -> bool:
    """True if this process may write the file at ``path`` and make files beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def read_only_uri(path: Path) -> str:
    """The URI that opens ``path`` for reading only (connect with ``uri=True``)."""
    busy = any(path.with_name(path.name + side).exists() for side in ("-wal", "-journal"))
    return path.absolute().as_uri() + ("?mode=ro" if busy else "?mode=ro&immutable=1")


def opened_read_only(db: Database) -> bool:
    """True if the register ``db`` was opened read-only: any write to it is refused."""
    return bool(db.execute("PRAGMA query_only").fetchone()[0])
