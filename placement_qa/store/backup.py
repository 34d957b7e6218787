"""Backups of a register and restoring one, with the SQLite backup API.

A backup is never a copy of the live file (which may be mid-write, with part of
its data in the ``-wal`` file): SQLite's online backup API reads one consistent
snapshot, even while the app keeps writing. A backup of an encrypted register is
encrypted with the same passphrase. Backups are named
``<register stem>-YYYYMMDD-HHMMSS.db`` in a folder (by default ``backups`` beside
the register); the oldest beyond the number to keep are deleted. A register kept
when a backup is restored over it is named ``...-before-restore.db`` and is never
deleted by the rotation. The stamp is UK time, whatever the computer's time zone.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from ..domain.dates import council_clock
from . import schema
from .connection import (
    RegisterError,
    _private_files,
    _quote,
    is_encrypted,
    remembered_passphrase,
)
from .errors import DATABASE_ERRORS, sqlcipher

STAMP = "%Y%m%d-%H%M%S"
KEPT_SUFFIX = "-before-restore"
BACKUP_INTERVAL = timedelta(hours=24)


class BackupRefused(RegisterError):
    """A backup cannot be used (damaged, wrong passphrase, not a register); nothing changed."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    size: int

    @property
    def kept_before_restore(self) -> bool:
        return self.path.stem.endswith(KEPT_SUFFIX)


def default_backup_folder(register_path: str | os.PathLike[str]) -> Path:
    return Path(register_path).parent / "backups"


# --- connections to files that are not (or not yet) the open register -------------

def connect_file(path: Path, passphrase: str | None, *, encrypted: bool):
    """A raw connection to ``path``: sqlcipher3 keyed with ``passphrase`` when
    ``encrypted``, else sqlite3. A wrong passphrase raises BackupRefused."""
    if not encrypted:
        return sqlite3.connect(str(path), timeout=5.0)
    if sqlcipher is None:
        raise RegisterError("Encrypted registers need the sqlcipher3 package, which is not "
                            "installed on this computer")
    if not passphrase:
        raise BackupRefused(f"{path.name} is encrypted: give its passphrase")
    conn = sqlcipher.connect(str(path), timeout=5.0)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {_quote(passphrase)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DATABASE_ERRORS:
        conn.close()
        raise BackupRefused(f"The passphrase does not open {path.name} (or it is not a "
                            "register)") from None
    return conn


def one_line(problem: str, limit: int = 160) -> str:
    """SQLite's integrity report (many lines) as the start of one line."""
    text = " ".join(str(problem).replace("*** in database main ***", "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _file_passphrase(path: Path, register_path: Path, passphrase: str | None) -> str | None:
    return passphrase or remembered_passphrase(register_path) or remembered_passphrase(path)


def check_backup(path: Path, register_path: Path, passphrase: str | None = None) -> None:
    """Raise BackupRefused unless ``path`` is a whole register this version can open."""
    if not path.is_file() or path.stat().st_size == 0:
        raise BackupRefused(f"{path} is not a backup file (missing or empty)")
    encrypted = is_encrypted(path)
    key = _file_passphrase(path, register_path, passphrase) if encrypted else None
    try:
        with closing(connect_file(path, key, encrypted=encrypted)) as conn:
            result = "; ".join(str(r[0]) for r in conn.execute("PRAGMA integrity_check"))
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    except DATABASE_ERRORS as exc:
        raise BackupRefused(f"{path} is damaged or not a register ({one_line(exc)}): "
                            "nothing was changed") from None
    if result != "ok":
        raise BackupRefused(f"{path} is damaged ({one_line(result)}): nothing was changed")
    if version < 1 or "placements" not in tables:
        raise BackupRefused(f"{path} is not a Placement QA register: nothing was changed")
    if version > schema.LATEST_VERSION:
        raise BackupRefused(f"{path} was saved by a newer version of Placement QA: update "
                            "the app first; nothing was changed")


# --- taking backups -------------------------------------------------------------

def register_file(db: Database) -> Path:
    """The file of an open register (its ``main`` database)."""
    for _, name, filename in db.execute("PRAGMA database_list").fetchall():
        if name == "main" and filename:
            return Path(filename)
    raise RegisterError("This register is not a file: it cannot be backed up")


def _part_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.part")


def backup_to_file(db: Database, target: Path, *, passphrase: str | None = None) -> Path:
    """Write a backup of the open register ``db`` to ``target`` (replaced in one step)."""
    source = register_file(db)
    encrypted = sqlcipher is not None and isinstance(db.conn, sqlcipher.Connection)
    key = (passphrase or remembered_passphrase(source)) if encrypted else None
    if encrypted and key is None and is_encrypted(source):
        raise RegisterError(f"{source.name} is encrypted and its passphrase is not known "
                            "here: it cannot be backed up")
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    part = _part_name(target)
    part.unlink(missing_ok=True)
    try:
        with _private_files():
            _copy_with_backup_api(db.conn, part, key, encrypted=encrypted)
        part.chmod(0o600)
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return target


def _copy_with_backup_api(source_conn, target: Path, key: str | None, *, encrypted: bool):
    if encrypted:
        conn = sqlcipher.connect(str(target))
        conn.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            conn.execute(f"PRAGMA key = {_quote(key)}")
    else:
        conn = sqlite3.connect(str(target))
    with closing(conn):
        source_conn.backup(conn)
        conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        conn.commit()


def backup_register(
    db: Database, folder: Path, *, keep: int = 14, now: datetime | None = None
) -> Path:
    """Back up the open register into ``folder``; keep at most ``keep`` backups there."""
    source = register_file(db)
    taken = (now or council_clock()).strftime(STAMP)
    target = backup_to_file(db, Path(folder) / f"{source.stem}-{taken}.db")
    rotate_backups(Path(folder), source, keep)
    return target


def rotate_backups(folder: Path, register_path: Path, keep: int) -> list[Path]:
    """Delete the oldest regular backups beyond ``keep``; returns the deleted files."""
    regular = [b for b in list_backups(folder, register_path) if not b.kept_before_restore]
    deleted = []
    for old in regular[max(keep, 1):]:
        with suppress(FileNotFoundError):
            old.path.unlink()
            deleted.append(old.path)
    return deleted


def list_backups(folder: Path, register_path: Path) -> list[BackupInfo]:
    """The backups of ``register_path`` in ``folder``, newest first."""
    pattern = re.compile(
        re.escape(Path(register_path).stem) + rf"-(\d{{8}}-\d{{6}})({KEPT_SUFFIX})?\.db")
    found = []
    if not Path(folder).is_dir():
        return found
    for path in Path(folder).iterdir():
        match = pattern.fullmatch(path.name)
        if not match or not path.is_file():
            continue
        try:
            taken = datetime.strptime(match.group(1), STAMP)
        except ValueError:
            continue
        found.append(BackupInfo(path, taken, path.stat().st_size))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def latest_good_backup(
    folder: Path, register_path: Path, passphrase: str | None = None
) -> Path | None:
    """The newest backup that passes the integrity check (and opens), or None."""
    for info in list_backups(folder, register_path):
        try:
            check_backup(info.path, Path(register_path), passphrase)
        except RegisterError:
            continue
        return info.path
    return None


def backup_due(folder: Path, register_path: Path, now: datetime) -> bool:
    """True when no backup of the register was taken in the 24 hours before ``now``."""
    return not any(timedelta(0) <= now - b.taken_at < BACKUP_INTERVAL
                   for b in list_backups(folder, register_path))


# --- restoring ------------------------------------------------------------------

def restore_backup(
    backup: Path,
    register_path: Path,
    *,
    keep_folder: Path,
    passphrase: str | None = None,
    now: datetime | None = None,
) -> Path | None:
    """Put ``backup`` in place of the register at ``register_path``.

    The backup is checked first: a damaged one (or one the passphrase does not
    open) is refused with BackupRefused and nothing changes. The current register,
    if there is one, is kept in ``keep_folder`` (returned; None if there was none);
    then the register is replaced in one step.
    """
    backup, register_path = Path(backup), Path(register_path)
    check_backup(backup, register_path, passphrase)
    kept = None
    if register_path.exists():
        kept = _keep_current(register_path, Path(keep_folder), passphrase, now)
    part = _part_name(register_path)
    part.unlink(missing_ok=True)
    encrypted = is_encrypted(backup)
    key = _file_passphrase(backup, register_path, passphrase) if encrypted else None
    try:
        with _private_files(), closing(connect_file(backup, key, encrypted=encrypted)) as src:
            _copy_with_backup_api(src, part, key, encrypted=encrypted)
        part.chmod(0o600)
        os.replace(part, register_path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    for side in _sidecars(register_path):  # the old register's, emptied when it was kept
        side.unlink(missing_ok=True)
    return kept


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _keep_current(register: Path, folder: Path, passphrase: str | None,
                  now: datetime | None) -> Path:
    taken = (now or council_clock()).strftime(STAMP)
    target = folder / f"{register.stem}-{taken}{KEPT_SUFFIX}.db"
    try:
        with _open_current(register, passphrase) as db:
            backup_to_file(db, target, passphrase=passphrase)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except (RegisterError, *DATABASE_ERRORS):
        _copy_unreadable(register, target)  # damaged or unknown key: keep it as it is
        return target
    wal = _sidecars(register)[0]
    if wal.exists() and wal.stat().st_size > 0:
        raise RegisterError(f"{register} is open in another program (close Placement QA "
                            f"first): nothing was restored; a copy was kept as {target}")
    return target


@contextmanager
def _open_current(register: Path, passphrase: str | None) -> Iterator[Database]:
    encrypted = is_encrypted(register)
    key = _file_passphrase(register, register, passphrase) if encrypted else None
    conn = connect_file(register, key, encrypted=encrypted)
    try:
        db = Database(conn)
        if "; ".join(str(r[0]) for r in db.execute("PRAGMA quick_check")) != "ok":
            raise RegisterError(f"{register} is damaged")
        yield db
    finally:
        conn.close()


def _copy_unreadable(register: Path, target: Path) -> None:
    """Keep a register that cannot be read (damaged, or unknown passphrase) byte for byte:
    it is not in use, so a file copy is all that can be done."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with _private_files():
        shutil.copyfile(register, target)
        wal = _sidecars(register)[0]
        if wal.exists():
            shutil.copyfile(wal, target.with_name(target.name + "-wal"))
