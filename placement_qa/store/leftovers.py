"""What an interrupted backup, restore, encryption or demo left beside a register.

A kill, a power cut or a full disk can stop the app half-way through writing a copy
of the register. The register itself is always whole (every copy is put in place in
one step), but the half-made copy stays behind: a backup's or a restore's part file,
the converted copy of an encryption, the old file kept until the new one was in
place — which, when encrypting, is the register unencrypted — and the converted
copies of its backups. :func:`clean_up` removes them at the next start, holding the
register's lock (so no other instance is half-way through them): the backups'
converted copies are put in place instead if the register's own was
(:func:`.conversion.settle_copies`), so no backup stays plain, or under the old
passphrase, once the register is not. It leaves alone a part file another process is
still writing (a ``backup`` run from the command line; it is locked while written).
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from .backup import default_backup_folder
from .encryption import remove_conversion_leftovers
from .hard_links import KEPT_SUFFIXES
from .lock import real_register_path, try_lock_file
from .register_copies import SQLITE_SIDE_FILES, part_name_pattern


def clean_up(register_path: str | os.PathLike[str]) -> list[Path]:
    """Remove (or finish) what interrupted work left beside the register at
    ``register_path``; the files removed. Call it holding the register's lock."""
    register = real_register_path(register_path)
    removed: list[Path] = []
    with suppress(OSError):  # what cannot be removed now is tried again next time
        _put_back_kept(register)
        removed += remove_conversion_leftovers(register)
    demo_part = register.with_name(register.name + ".part")  # see new_register.py
    for path in (demo_part, *(Path(f"{demo_part}{side}") for side in SQLITE_SIDE_FILES)):
        if _remove(path):
            removed.append(path)
    pattern = part_name_pattern(register)
    for folder in (register.parent, default_backup_folder(register)):
        for path in _listing(folder):
            if pattern.fullmatch(path.name) and not _being_written(path) and _remove(path):
                removed.append(path)
    return sorted(removed)


def _put_back_kept(register: Path) -> None:
    """No register, but the old file a conversion kept: that file is the register."""
    if register.exists():
        return
    for suffix in KEPT_SUFFIXES:
        kept = register.with_name(register.name + suffix)
        if kept.is_file():
            os.replace(kept, register)
            return


def _listing(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:  # no such folder (no backups yet), or not readable
        return []


def _being_written(path: Path) -> bool:
    """True if another process holds the part file's lock (it is still writing it, and
    its SQLite side files)."""
    for side in SQLITE_SIDE_FILES:
        if path.name.endswith(side):
            path = path.with_name(path.name.removesuffix(side))
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        return try_lock_file(fd) is False
    finally:
        os.close(fd)


def _remove(path: Path) -> bool:
    with suppress(OSError):
        path.unlink()
        return True
    return False
