"""One name per register file: a register with another name (a hard link) is not opened.

SQLite keeps a register's latest writes in a journal named after the path it was
opened by (``<name>-wal``). Under two names the same file has two journals: a process
using one name does not see what the other has just saved (a backup misses it), and a
journal left by a crash under one name is replayed over a file since changed under the
other, damaging it. So on POSIX a register file with more than one name is refused, by
the lock and by every open (:func:`.connection.refuse_other_names`) — apart from the
names Placement QA itself gives the register for a moment while converting it (the old
file kept until the new one is in place), which the next start removes.
"""

from __future__ import annotations

import os
from pathlib import Path

# The old register, kept (a hard link) until its converted copy is in place.
KEPT_SUFFIXES = (".before-encryption", ".before-decryption", ".before-new-passphrase")


def _same(entry: Path, file: os.stat_result) -> bool:
    try:
        return os.path.samestat(os.stat(entry, follow_symlinks=False), file)
    except OSError:
        return False


def _own_names(path: Path, file: os.stat_result) -> int:
    """How many of the names a conversion keeps the old register under are ``path``'s file."""
    return sum(_same(path.with_name(path.name + suffix), file) for suffix in KEPT_SUFFIXES)


def _names_beside(path: Path, file: os.stat_result) -> list[str]:
    """The file's other names in its own folder (a hard link may be anywhere else too)."""
    own = {path.name, *(path.name + suffix for suffix in KEPT_SUFFIXES)}
    try:
        entries = sorted(os.scandir(path.parent), key=lambda entry: entry.name)
    except OSError:
        return []
    return [entry.name for entry in entries
            if entry.name not in own and _same(Path(entry.path), file)]


def other_name_problem(path: str | os.PathLike[str]) -> str | None:
    """Why the register file at ``path`` must not be opened, if it has another name (a
    hard link; POSIX only): the words to show. None when it has one name, or is missing."""
    if os.name != "posix":
        return None
    real = Path(os.path.realpath(path))
    try:
        file = os.stat(real)
    except OSError:
        return None
    if file.st_nlink - 1 - _own_names(real, file) <= 0:
        return None
    beside = _names_beside(real, file)
    where = f": {', '.join(beside)} in the same folder" if beside else ""
    return (f"{path} has another name on this computer (a hard link{where}). Placement QA "
            "does not open a register by two names: SQLite keeps a separate journal for "
            "each, so work saved under one name could be lost, or damage the register, "
            "under the other. Remove the other name (for a copy, take a backup), then try "
            "again; nothing was changed")
