"""Writing a copy of a register file: a private part file first, then put in place.

Every copy the app makes of a register — a backup, the register kept when one is
restored, the restored register, an encrypted or decrypted one — is written to a
part file in the folder it is going to: created private (0600), named after the
register (``.<register name>.<random>.part``) so that the clean-up at the next
start recognises one left by a crash, and locked while it is written (Linux), so
that the clean-up leaves one being written by another process alone. Only a whole
copy is given its real name, in one step: a file already there is replaced only
when asked, and two copies never take the same name.
"""

from __future__ import annotations

import errno
import itertools
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from .connection import Connection, _private_files, _quote
from .errors import sqlcipher
from .lock import try_lock_file

PART_SUFFIX = ".part"
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
SQLITE_SIDE_FILES = ("-journal", "-wal", "-shm")


def part_name_pattern(register: Path) -> re.Pattern[str]:
    """The names of part files (and their SQLite side files) of copies of ``register``."""
    return re.compile(re.escape(f".{register.name}.") + r"[^/\\]+" + re.escape(PART_SUFFIX)
                      + "(" + "|".join(SQLITE_SIDE_FILES) + ")?")


@contextmanager
def part_file(folder: Path, register: Path) -> Iterator[Path]:
    """A new, empty, private part file in ``folder`` for a copy of ``register``; it is
    locked while in use and removed at the end unless it was put in place."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, name = tempfile.mkstemp(prefix=f".{register.name}.", suffix=PART_SUFFIX, dir=folder)
    part = Path(name)
    try:
        try_lock_file(fd)
        yield part
    finally:
        for path in (part, *(Path(f"{part}{side}") for side in SQLITE_SIDE_FILES)):
            path.unlink(missing_ok=True)
        os.close(fd)


def new_private_file(path: Path) -> None:
    """Make ``path`` a new, empty file, private to the user: never an existing file, nor a
    file elsewhere through a symlink planted at its name (FileExistsError)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW, 0o600))


def numbered_names(folder: Path, stem: str, stamp: str, suffix: str = "") -> Iterator[Path]:
    """``<stem>-<stamp><suffix>.db``, then ``<stem>-<stamp>-2<suffix>.db``, ``-3``...: the
    names to try, in turn, for a copy taken at ``stamp``."""
    yield folder / f"{stem}-{stamp}{suffix}.db"
    for number in itertools.count(2):
        yield folder / f"{stem}-{stamp}-{number}{suffix}.db"


def put_in_place(part: Path, targets: Iterable[Path], *, replace: bool = False) -> Path:
    """Give the whole copy ``part`` the first of ``targets`` that is free (or the first,
    replacing what is there, if ``replace``); FileExistsError if none is free."""
    part.chmod(0o600)
    last: FileExistsError | None = None
    for target in targets:
        try:
            _publish(part, target, replace=replace)
        except FileExistsError as exc:
            last = exc
            continue
        return target
    raise last or FileExistsError(errno.EEXIST, "No name to give the copy", str(part))


def _publish(part: Path, target: Path, *, replace: bool) -> None:
    if replace:
        os.replace(part, target)
        return
    try:
        os.link(part, target)  # never replaces: FileExistsError if the name is taken
    except FileExistsError:
        raise
    except OSError:  # no hard links on this file system
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target)) from None
        os.replace(part, target)
    else:
        part.unlink()


def copy_with_backup_api(source_conn: Connection, target: Path, key: str | None, *,
                         encrypted: bool) -> None:
    """Copy the database of ``source_conn`` to the file ``target`` with SQLite's backup API
    (one consistent snapshot), keyed with ``key`` when ``encrypted``."""
    if encrypted:
        conn = sqlcipher.connect(str(target))
        conn.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            conn.execute(f"PRAGMA key = {_quote(key)}")
    else:
        conn = sqlite3.connect(str(target))
    with _private_files(), closing(conn):
        source_conn.backup(conn)
        conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        conn.commit()


def export_copy(conn: Connection, target: Path, key: str, user_version: int) -> None:
    """Copy the database of the sqlcipher connection ``conn`` to ``target`` keyed with
    ``key`` ("" for a plain copy): SQLCipher's export, which can add or remove
    encryption, which the backup API cannot."""
    with _private_files():
        conn.execute(f"ATTACH DATABASE ? AS converted KEY {_quote(key)}", [str(target)])
        conn.execute("SELECT sqlcipher_export('converted')")
        conn.execute(f"PRAGMA converted.user_version = {int(user_version)}")
        conn.commit()
        conn.execute("DETACH DATABASE converted")


def copy_bytes(source: Path, part: Path) -> None:
    """The file ``source`` byte for byte into the private file ``part``, made already (a
    file that cannot be read as a register: damaged, or its passphrase unknown); never
    written through a symlink put at ``part``'s name."""
    fd = os.open(part, os.O_WRONLY | os.O_TRUNC | _NO_FOLLOW)
    with open(fd, "wb") as out, source.open("rb") as data:
        shutil.copyfileobj(data, out)
