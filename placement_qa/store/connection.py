"""Opening a register file: checks, encryption, pragmas, permissions and migrations.

A register may be encrypted with SQLCipher (``sqlcipher3``): its file then does not
start with "SQLite format 3" and opens only with its passphrase. Once a register
has been opened with its passphrase, this process remembers it (in memory only,
never on disk) so the app's background readers and writers can open the same file;
:func:`forget_passphrase` drops it (when the app locks itself after idle time).
"""

from __future__ import annotations

import getpass
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from ..domain.names import compare_names
from . import schema
from .errors import DATABASE_ERRORS, sqlcipher

SQLITE_HEADER = b"SQLite format 3\x00"

_passphrases: dict[Path, str] = {}


class RegisterError(Exception):
    """A register file cannot be used; the message says which file and why."""


class PassphraseNeeded(RegisterError):
    """The register is encrypted and no passphrase was given."""


class WrongPassphrase(RegisterError):
    """The passphrase given does not open the register (nothing was changed)."""


class RegisterDamaged(RegisterError):
    """The file failed SQLite's integrity check: it must not be written to."""


def encryption_available() -> bool:
    return sqlcipher is not None


def is_encrypted(path: str | os.PathLike[str]) -> bool:
    """True if ``path`` exists, is not empty and is not a plain SQLite file."""
    try:
        with Path(path).open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError:
        return False
    return bool(header) and header != SQLITE_HEADER


def remember_passphrase(path: str | os.PathLike[str], passphrase: str) -> None:
    _passphrases[Path(path).resolve()] = passphrase


def forget_passphrase(path: str | os.PathLike[str]) -> None:
    _passphrases.pop(Path(path).resolve(), None)


def remembered_passphrase(path: str | os.PathLike[str]) -> str | None:
    return _passphrases.get(Path(path).resolve())


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
            handle.read(1)
    except PermissionError:
        raise RegisterError(f"{path} cannot be read: permission denied") from None
    except OSError as exc:
        raise RegisterError(f"{path} cannot be read: {exc.strerror or exc}") from None


def _quote(passphrase: str) -> str:
    # PRAGMA key takes no parameters: the passphrase is a quoted SQL string literal.
    return "'" + passphrase.replace("'", "''") + "'"


def _connect(path: Path, passphrase: str | None, encrypted: bool):
    """A connection to ``path``: sqlite3 for a plain file, sqlcipher3 with the key for
    an encrypted (or new encrypted) one. A wrong key is WrongPassphrase."""
    if passphrase is None:
        if encrypted:
            raise PassphraseNeeded(
                f"{path} is encrypted (or is not a Placement QA register): give its "
                "passphrase to open it")
        return sqlite3.connect(str(path), timeout=5.0)
    if sqlcipher is None:
        raise RegisterError("Encrypted registers need the sqlcipher3 package, which is not "
                            "installed on this computer")
    if not passphrase:
        raise WrongPassphrase("The passphrase is empty")
    conn = sqlcipher.connect(str(path), timeout=5.0)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {_quote(passphrase)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError:
        conn.close()
        raise WrongPassphrase(
            f"The passphrase does not open {path.name} (or it is not a Placement QA "
            "register). Nothing was changed: try again.") from None
    return conn


def quick_check(db: Database) -> str:
    """SQLite's quick integrity check: "ok", or what is wrong."""
    rows = db.execute("PRAGMA quick_check").fetchall()
    return "; ".join(str(r[0]) for r in rows)


def open_register(
    path: str | os.PathLike[str],
    *,
    create: bool = False,
    migrate: bool = True,
    os_user: str | None = None,
    passphrase: str | None = None,
    check: bool = True,
) -> Database:
    """Open (and upgrade) the register at ``path``.

    With ``create=True`` a missing file is created, private to the user (encrypted
    when a ``passphrase`` is given); without it a missing file is a
    :class:`RegisterError`. An encrypted register needs its passphrase (given, or
    remembered from an earlier open in this process). ``check`` runs SQLite's quick
    integrity check first: a damaged file is :class:`RegisterDamaged` and is never
    written to. ``migrate=False`` leaves an older schema as it is (for ``check``).
    Foreign keys are enforced and the journal is WAL with full sync, so a crash or
    power cut keeps every committed transaction.
    """
    path = Path(path)
    existed = path.exists() and path.stat().st_size > 0
    if path.exists():
        _check_readable(path)
    elif not create:
        raise RegisterError(f"{path} does not exist")
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise RegisterError(f"cannot create {path.parent}: {exc.strerror or exc}") from None
    encrypted = existed and is_encrypted(path)
    if passphrase is None and encrypted:
        passphrase = remembered_passphrase(path)
    if not encrypted and existed:
        passphrase = None  # a plain register opens as it is
    user = os_user or current_os_user()
    conn = None
    try:
        with _private_files():
            conn = _connect(path, passphrase, encrypted)
            db = Database(conn)
            if existed and check:
                result = quick_check(db)
                if result != "ok":
                    raise RegisterDamaged(
                        f"{path} is damaged ({result[:200]}): it has not been changed. "
                        "Restore the latest backup.")
            db = _configure(db, user)
            if not existed:
                path.chmod(0o600)
            _refuse_newer(db, path)
            if migrate:
                schema.migrate(db)
    except DATABASE_ERRORS as exc:
        if conn is not None:
            conn.close()
        if "malformed" in str(exc):  # SQLite met the damage before the check could run
            raise RegisterDamaged(f"{path} is damaged ({exc}): it has not been changed. "
                                  "Restore the latest backup.") from None
        raise RegisterError(f"{path} cannot be opened as a register: {exc}") from None
    except RegisterError:
        if conn is not None:
            conn.close()
        raise
    if passphrase is not None:
        remember_passphrase(path, passphrase)
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
    # ORDER BY name COLLATE name_order files names as every list does (Łukasz under L).
    db.conn.create_collation("name_order", compare_names)
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
