"""No file the app writes — an export, a PDF, an error report, a form — ever lands on
a register.

A user choosing where to save types or picks a name; ``-o r.db`` or a click on the
register in a save dialog must not replace the register (or a link to it, one of
its backups, or a copy the app kept of it) with a spreadsheet. Every file the app
writes goes through :func:`placement_qa.atomic_file.atomic_output`, which asks
:func:`safe_target` first. It refuses, saying why and that nothing was written:

- the register this process has open (:func:`guard_register`, called when the app
  or a command opens one), however it is reached (a symlink, a hard link, ``..``),
  the files SQLite and the app keep beside it (``-wal``, ``-shm``, ``-journal``,
  ``.lock``, the copies kept while it is converted) and anything in its backups
  folder;
- whatever the register, an existing file that is a SQLite database, a copy of a
  register the app kept (``…-before-restore.db``, ``….before-encryption``…), a file
  SQLite keeps beside a database, or any ``.db`` file: an encrypted register has no
  header to know it by, so a ``.db`` name is taken to be one.

A symlink is followed: the file it leads to is written and the link stays a link.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from .backup import KEPT_SUFFIX, default_backup_folder
from .connection import SQLITE_HEADER
from .conversion import CONVERTING_SUFFIX
from .hard_links import KEPT_SUFFIXES
from .lock import lock_path, real_register_path
from .register_copies import PART_SUFFIX, SQLITE_SIDE_FILES

DATABASE_SUFFIXES = (".db", ".db3", ".sqlite", ".sqlite3", ".sqlitedb")
CHOOSE_ANOTHER = "choose another file name; nothing was written"

_registers: set[Path] = set()


class OutputRefused(OSError):
    """The file asked for would replace a register, one of its backups or another
    database: nothing was written. The message says which and why."""

    def __init__(self, message: str) -> None:
        super().__init__(errno.EEXIST, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def not_written(path: str | Path, exc: OSError) -> str:
    """Why ``path`` was not written, in words: "PATH could not be written: No space
    left on device", or the refusal's own message (which names the file)."""
    if isinstance(exc, OutputRefused):
        return str(exc)
    return f"{path} could not be written: {exc.strerror or exc}"


def guard_register(path: str | os.PathLike[str]) -> None:
    """Remember that this process has the register at ``path`` open: from now on no
    output replaces it, its side files or its backups, or goes in its backups folder."""
    _registers.add(real_register_path(path))


def safe_target(path: str | os.PathLike[str]) -> Path:
    """The file to write for the output ``path`` (symlinks followed); OutputRefused if
    it is (or would join) the files of a register this process has open, or is a
    database or a copy of a register."""
    target = real_register_path(path)
    for known in _registers:
        why = _register_file(target, known)
        if why:
            raise OutputRefused(f"{path} {why}: {CHOOSE_ANOTHER}")
    why = _precious(target) if target.is_file() else None
    if why:
        raise OutputRefused(f"{path} {why}: {CHOOSE_ANOTHER}")
    return target


def refuse_backups_folder(folder: str | os.PathLike[str],
                          register: str | os.PathLike[str] | None = None) -> None:
    """OutputRefused if files written into ``folder`` would go among a register's
    backups (``register``'s or those of a register this process has open)."""
    real = real_register_path(folder)
    registers = _registers | ({real_register_path(register)} if register else set())
    for known in registers:
        if _inside(real, default_backup_folder(known)):
            raise OutputRefused(f"{folder} is the register's backups folder: choose another "
                                "folder; nothing was written")


def _register_file(target: Path, register: Path) -> str | None:
    """Why ``target`` is one of ``register``'s files, or None."""
    if target == register or _same_file(target, register):
        return "is the register itself"
    beside = {Path(f"{register}{side}") for side in SQLITE_SIDE_FILES}
    beside |= {register.with_name(register.name + suffix) for suffix in KEPT_SUFFIXES}
    beside |= {lock_path(register), register.with_name(f".{register.name}{CONVERTING_SUFFIX}")}
    if target in beside:
        return "is a file the register keeps beside it"
    if _inside(target, default_backup_folder(register)):
        return "is a backup of the register" if target.is_file() else \
            "is in the register's backups folder"
    return None


def _precious(target: Path) -> str | None:
    """Why the existing file ``target`` must not be replaced by an output, or None."""
    name = target.name
    if _header(target) == SQLITE_HEADER:
        return "is a Placement QA register or another database"
    if name.endswith((*KEPT_SUFFIXES, CONVERTING_SUFFIX, f"{KEPT_SUFFIX}.db")) or (
            name.startswith(".") and name.endswith(PART_SUFFIX)):
        return "is a copy of a register that Placement QA keeps"
    for side in (*SQLITE_SIDE_FILES, ".lock"):
        if name.endswith(side) and target.with_name(name.removesuffix(side)).exists():
            return "is a file kept beside a database"
    if target.suffix.lower() in DATABASE_SUFFIXES:
        return "is a database file (it may be an encrypted register)"
    return None


def _header(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER))
    except OSError:
        return b""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # either is missing
        return False


def _inside(path: Path, folder: Path) -> bool:
    folder = real_register_path(folder)
    return path == folder or path.is_relative_to(folder) or _same_file(path.parent, folder)
