"""A new register written to a file all at once, or not at all.

The register is built beside the file (``register.db.part``) and moved into place only
when complete, so an interrupted build (a crash, Ctrl+C, a full disk) never leaves a
half-built register; the next attempt starts afresh (and the register's clean-up
removes the part file: see :mod:`.leftovers`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from sqlite_utils import Database

from .connection import open_register
from .frameworks import ensure_default_framework
from .settings import RegisterSetting, set_values

T = TypeVar("T")


def build_register(path: Path, fill: Callable[[Database], T], *,
                   passphrase: str | None = None) -> T:
    """Make a register (encrypted with ``passphrase`` if given), ``fill`` it, and put
    it at ``path``; what ``fill`` returned."""
    part = path.with_name(path.name + ".part")
    for leftover in (part, Path(f"{part}-wal"), Path(f"{part}-shm")):
        leftover.unlink(missing_ok=True)
    db = open_register(part, create=True, passphrase=passphrase)
    try:
        filled = fill(db)
    finally:
        db.close()  # the last connection checkpoints the WAL into the file
    os.replace(part, path)
    return filled


def write_new_register(path: Path, *, settings: Iterable[tuple[RegisterSetting, str]] = (),
                       passphrase: str | None = None) -> None:
    """An empty register at ``path``, as the app starts one in a new file: no records,
    the council's default QA framework to record visits against, and ``settings``
    (the home authority, the council's name) as given; encrypted with ``passphrase``."""
    given = list(settings)

    def fill(db: Database) -> None:
        ensure_default_framework(db)
        set_values(db, given)

    build_register(path, fill, passphrase=passphrase)
