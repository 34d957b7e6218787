"""Opening a register file: checks, pragmas, permissions and migrations."""

from __future__ import annotations

import getpass
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from . import schema

SQLITE_HEADER = b"SQLite format 3\x00"


class RegisterError(Exception):
    """A register file cannot be used; the message says which file and why."""


def current_os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (e.g. some containers): still record something
        return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "unknown"


@contextmanager
def _private_files() -> Iterator[None]:
    """Files created inside are readable by their owner only (children's data)."""
    if not hasattr(os, "umask"):
        yield
        return
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def _check_readable(path: Path) -> None:
    if path.is_dir():
        raise RegisterError(f"{path} is a folder, not a register file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError:
        raise RegisterError(f"{path} cannot be read: permission denied") from None
    except OSError as exc:
        raise RegisterError(f"{path} cannot be read: {exc.strerror or exc}") from None
    if header and header != SQLITE_HEADER:
        raise RegisterError(f"{path} is not a Placement QA register (it is not an SQLite file)")


def open_register(
    path: str | os.PathLike[str],
    *,
    create: bool = False,
    migrate: bool = True,
    os_user: str | None = None,
) -> Database:
    """Open (and upgrade) the register at ``path``.

    With ``create=True`` a missing file is created, private to the user; without
    it a missing file is a :class:`RegisterError`. ``migrate=False`` leaves an
    older schema as it is (for ``check``). Foreign keys are enforced and
    the journal is WAL with full sync, so a crash or power cut keeps every
    committed transaction.
    """
    path = Path(path)
    existed = path.exists()
    if existed:
        _check_readable(path)
    elif not create:
        raise RegisterError(f"{path} does not exist")
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise RegisterError(f"cannot create {path.parent}: {exc.strerror or exc}") from None
    user = os_user or current_os_user()
    conn = None
    try:
        with _private_files():
            conn = sqlite3.connect(str(path), timeout=5.0)
            db = _configure(Database(conn), user)
            if not existed:
                path.chmod(0o600)
            _refuse_newer(db, path)
            if migrate:
                schema.migrate(db)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise RegisterError(f"{path} cannot be opened as a register: {exc}") from None
    except RegisterError:
        conn.close()
        raise
    return db


def _refuse_newer(db: Database, path: Path) -> None:
    version = schema.schema_version(db)
    if version > schema.LATEST_VERSION:
        raise RegisterError(
            f"{path} was saved by a newer version of Placement QA (register version "
            f"{version}; this version understands up to {schema.LATEST_VERSION}): update the app"
        )


def _configure(db: Database, os_user: str) -> Database:
    db.conn.create_function("pqa_os_user", 0, lambda: os_user)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA busy_timeout = 5000")
    return db


@contextmanager
def bulk_loading(db: Database, cache_mb: int = 256) -> Iterator[Database]:
    """A larger page cache while loading many rows (demo registers, big imports).

    Each row also writes a change-log row and two UUID index entries; with
    SQLite's default 2 MB cache a national-size load spends most of its time
    re-reading index pages.
    """
    previous = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute(f"PRAGMA cache_size = {-1024 * int(cache_mb)}")
    try:
        yield db
    finally:
        db.execute(f"PRAGMA cache_size = {int(previous)}")


def check_register(db: Database) -> tuple[str, int]:
    """``(integrity_check result, schema version)`` of an open register."""
    rows = db.execute("PRAGMA integrity_check").fetchall()
    result = "; ".join(str(r[0]) for r in rows)
    return result, schema.schema_version(db)
