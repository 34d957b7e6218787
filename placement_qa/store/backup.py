"""Backups of a register and restoring one, with the SQLite backup API.

A backup is never a copy of the live file (which may be mid-write, with part of
its data in the ``-wal`` file): SQLite's online backup API reads one consistent
snapshot, even while the app keeps writing. A backup of an encrypted register is
encrypted with the same passphrase. Backups are named
``<register stem>-YYYYMMDD-HHMMSS.db`` in a folder (by default ``backups`` beside
the register; ``-2``, ``-3``... added to a second backup in the same second); the
oldest beyond the number to keep are deleted. A register kept when a backup is
restored over it is named ``...-before-restore.db`` and is never deleted by the
rotation. Every copy is written to a private part file and named only when whole
(:mod:`.register_copies`); a restore is logged in the restored register's change
log (:mod:`.register_events`). The stamp is UK time, whatever the computer's time zone.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from ..domain.dates import council_clock
from . import schema
from .connection import (
    Connection,
    RegisterError,
    _quote,
    is_encrypted,
    refuse_if_not_a_register,
    refuse_other_names,
    remembered_passphrase,
)
from .errors import DATABASE_ERRORS, sqlcipher
from .lock import real_register_path
from .register_copies import (
    copy_bytes,
    copy_with_backup_api,
    export_copy,
    numbered_names,
    part_file,
    put_in_place,
)
from .register_events import RESTORE, log_event

STAMP = "%Y%m%d-%H%M%S"
KEPT_SUFFIX = "-before-restore"
BACKUP_INTERVAL = timedelta(hours=24)


# what opening a file that may not be a register, or may have another key, can raise
_OPEN_ERRORS: tuple[type[Exception], ...] = (RegisterError, *DATABASE_ERRORS)


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
    """``backups`` beside the register file (the real one, if the path is a symlink)."""
    return real_register_path(register_path).parent / "backups"


# --- connections to files that are not (or not yet) the open register -------------

def connect_file(path: Path, passphrase: str | None, *, encrypted: bool) -> Connection:
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


def one_line(problem: object, limit: int = 160) -> str:
    """SQLite's integrity report (many lines) as the start of one line."""
    text = " ".join(str(problem).replace("*** in database main ***", "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def opens_with(path: Path, passphrase: str | None) -> bool:
    """True if ``passphrase`` opens the encrypted file at ``path``."""
    if not passphrase:
        return False
    try:
        connect_file(path, passphrase, encrypted=True).close()
    except _OPEN_ERRORS:
        return False
    return True


def backup_key(path: Path, register_path: Path, passphrase: str | None,
               backup_passphrase: str | None = None) -> str | None:
    """The passphrase for the encrypted backup ``path``: the backup's own if given, else the
    register's (given, or known here) — the first that opens it, where there are several."""
    known = [key for key in (backup_passphrase, passphrase, remembered_passphrase(register_path),
                             remembered_passphrase(path)) if key]
    known = list(dict.fromkeys(known))
    if len(known) > 1:
        return next((key for key in known if opens_with(path, key)), known[0])
    return known[0] if known else None


def check_backup(path: Path, register_path: Path, passphrase: str | None = None,
                 backup_passphrase: str | None = None) -> None:
    """Raise BackupRefused unless ``path`` is a whole register this version can open."""
    if not path.is_file() or path.stat().st_size == 0:
        raise BackupRefused(f"{path} is not a backup file (missing or empty)")
    encrypted = is_encrypted(path)
    key = backup_key(path, register_path, passphrase, backup_passphrase) if encrypted else None
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


def backup_to_file(db: Database, target: Path, *, passphrase: str | None = None,
                   replace: bool = False) -> Path:
    """Write a backup of the open register ``db`` to ``target`` in one step. A file
    already there is replaced only if ``replace`` (else FileExistsError)."""
    return _back_up(db, Path(target).parent, [Path(target)], passphrase, replace=replace)


def backup_into(db: Database, folder: Path, *, now: datetime | None = None,
                passphrase: str | None = None, suffix: str = "") -> Path:
    """A backup of the open register ``db`` in ``folder``, named
    ``<register stem>-YYYYMMDD-HHMMSS<suffix>.db`` (``-2``, ``-3``... added when a
    backup taken in the same second has that name)."""
    taken = (now or council_clock()).strftime(STAMP)
    names = numbered_names(Path(folder), register_file(db).stem, taken, suffix)
    return _back_up(db, Path(folder), names, passphrase, replace=False)


def _back_up(db: Database, folder: Path, targets: Iterable[Path], passphrase: str | None,
             *, replace: bool) -> Path:
    source = register_file(db)
    encrypted = sqlcipher is not None and isinstance(db.conn, sqlcipher.Connection)
    key = (passphrase or remembered_passphrase(source)) if encrypted else None
    if encrypted and key is None and is_encrypted(source):
        raise RegisterError(f"{source.name} is encrypted and its passphrase is not known "
                            "here: it cannot be backed up")
    with part_file(folder, source) as part:
        copy_with_backup_api(db.conn, part, key, encrypted=encrypted)
        return put_in_place(part, targets, replace=replace)


def backup_register(
    db: Database, folder: Path, *, keep: int = 14, now: datetime | None = None
) -> Path:
    """Back up the open register into ``folder``; keep at most ``keep`` backups there."""
    target = backup_into(db, Path(folder), now=now)
    rotate_backups(Path(folder), register_file(db), keep)
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


def backup_name_pattern(register_path: Path) -> re.Pattern[str]:
    """The names of the backups (and kept copies) of ``register_path``: its stem, the time
    taken, a number if needed."""
    return re.compile(re.escape(Path(register_path).stem)
                      + rf"-(\d{{8}}-\d{{6}})(?:-(\d+))?({KEPT_SUFFIX})?\.db")


def list_backups(folder: Path, register_path: Path) -> list[BackupInfo]:
    """The backups of ``register_path`` in ``folder``, newest first."""
    pattern = backup_name_pattern(register_path)
    found: list[tuple[datetime, int, str, BackupInfo]] = []
    if not Path(folder).is_dir():
        return []
    for path in Path(folder).iterdir():
        match = pattern.fullmatch(path.name)
        if not match or not path.is_file():
            continue
        try:
            taken = datetime.strptime(match.group(1), STAMP)
        except ValueError:
            continue
        found.append((taken, int(match.group(2) or 1), path.name,
                      BackupInfo(path, taken, path.stat().st_size)))
    return [info for *_, info in sorted(found, key=lambda f: f[:3], reverse=True)]


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
    backup_passphrase: str | None = None,
    now: datetime | None = None,
) -> Path | None:
    """Put ``backup`` in place of the register at ``register_path`` (the real file, if
    the path is a symlink).

    The backup is checked first: a damaged one (or one no passphrase given opens) is
    refused with BackupRefused and nothing changes. An encrypted register stays
    encrypted with its own passphrase (``passphrase``, given or known here, which must
    open it): a backup made before it was encrypted is encrypted with it, and one made
    with another passphrase (``backup_passphrase``: a backup from elsewhere) is given
    it, never restored bringing that passphrase back. The current register, if there
    is one, is kept in ``keep_folder`` (returned; None if there was none) with its
    change log; the restored register records the restore in its own, and replaces the
    register in one step.
    """
    backup, register_path = Path(backup), real_register_path(register_path)
    refuse_other_names(register_path)
    check_backup(backup, register_path, passphrase, backup_passphrase)
    refuse_if_not_a_register(register_path)  # another program's database is left alone
    source_key, key = _restored_keys(backup, register_path, passphrase, backup_passphrase)
    kept = None
    if register_path.exists():
        kept = _keep_current(register_path, Path(keep_folder), passphrase, now)
    with part_file(register_path.parent, register_path) as part:
        _copy_backup(backup, part, source_key, key)
        check_backup(part, register_path, key)
        with closing(connect_file(part, key, encrypted=key is not None)) as conn:
            log_event(conn, RESTORE, _restore_detail(backup, kept, source_key, key))
        put_in_place(part, [register_path], replace=True)
    for side in _sidecars(register_path):  # the old register's, emptied when it was kept
        side.unlink(missing_ok=True)
    return kept


def _restored_keys(backup: Path, register: Path, passphrase: str | None,
                   backup_passphrase: str | None) -> tuple[str | None, str | None]:
    """The key that opens the backup, and the restored register's: the register's own
    when it is encrypted (checked to open it, unless the backup's is the same), else the
    backup's."""
    source = (backup_key(backup, register, passphrase, backup_passphrase)
              if is_encrypted(backup) else None)
    if not register.exists() or not is_encrypted(register):
        return source, source
    key = passphrase or remembered_passphrase(register)
    if key is not None and (key == source or opens_with(register, key)):
        return source, key
    made, kept = (("was made before the register was encrypted", "would no longer be "
                   "encrypted") if source is None else
                  ("was made with another passphrase", "would open with that passphrase"))
    why = ("The passphrase given does not open the register: give the right one"
           if key is not None else "Give the register's passphrase")
    raise BackupRefused(f"{backup.name} {made}: restored as it is, the register {kept}. "
                        f"{why} so that it is encrypted with it; nothing was changed")


def _copy_backup(backup: Path, part: Path, source_key: str | None, key: str | None) -> None:
    if key is not None and source_key != key:  # encrypted, or given another key: only
        # SQLCipher's export can (a key differing from the backup's is never None)
        conn = (sqlcipher.connect(str(backup), timeout=5.0) if source_key is None
                else connect_file(backup, source_key, encrypted=True))
        with closing(conn):
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            export_copy(conn, part, key, version)
        return
    encrypted = is_encrypted(backup)
    with closing(connect_file(backup, key, encrypted=encrypted)) as src:
        copy_with_backup_api(src, part, key, encrypted=encrypted)


def _restore_detail(backup: Path, kept: Path | None, source_key: str | None,
                    key: str | None) -> str:
    detail = f"Restored from the backup {backup.name}"
    if source_key != key:
        detail += (" (made before the register was encrypted: encrypted with the register's "
                   "passphrase)" if source_key is None else
                   " (made with another passphrase: given the register's passphrase)")
    if kept is not None:
        detail += f"; the register it replaced is kept as {kept.name}"
    return detail


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _keep_current(register: Path, folder: Path, passphrase: str | None,
                  now: datetime | None) -> Path:
    try:
        with _open_current(register, passphrase) as db:
            target = backup_into(db, folder, now=now, passphrase=passphrase,
                                 suffix=KEPT_SUFFIX)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except _OPEN_ERRORS:
        # damaged or unknown key: keep it as it is
        return _copy_unreadable(register, folder, now)
    wal = _sidecars(register)[0]
    if wal.exists() and wal.stat().st_size > 0:
        raise RegisterError(f"{register} is open in another program (close Placement QA "
                            f"first): nothing was restored; a copy was kept as {target}")
    return target


@contextmanager
def _open_current(register: Path, passphrase: str | None) -> Iterator[Database]:
    encrypted = is_encrypted(register)
    key = backup_key(register, register, passphrase) if encrypted else None
    conn = connect_file(register, key, encrypted=encrypted)
    try:
        db = Database(conn)
        if "; ".join(str(r[0]) for r in db.execute("PRAGMA quick_check")) != "ok":
            raise RegisterError(f"{register} is damaged")
        yield db
    finally:
        conn.close()


def _copy_unreadable(register: Path, folder: Path, now: datetime | None) -> Path:
    """Keep a register that cannot be read (damaged, or unknown passphrase) byte for byte:
    it is not in use, so a file copy is all that can be done."""
    taken = (now or council_clock()).strftime(STAMP)
    with part_file(folder, register) as part:
        copy_bytes(register, part)
        target = put_in_place(part, numbered_names(folder, register.stem, taken, KEPT_SUFFIX))
    wal = _sidecars(register)[0]
    if wal.exists():
        with part_file(folder, register) as part:
            copy_bytes(wal, part)
            put_in_place(part, [target.with_name(target.name + "-wal")], replace=True)
    return target
