"""A new register written to a file all at once, or not at all.

The register is built beside the file (``register.db.part``) and moved into place only
when complete, so an interrupted build (a crash, Ctrl+C, a full disk) never leaves a
half-built register; the next attempt starts afresh (and the register's clean-up
removes the part file: see :mod:`.leftovers`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlite_utils import Database

from .connection import open_register
from .frameworks import ensure_default_framework

T = TypeVar("T")


def build_register(path: Path, fill: Callable[[Database], T]) -> T:
    """Make a register, ``fill`` it, and put it at ``path``; what ``fill`` returned."""
    part = path.with_name(path.name + ".part")
    for leftover in (part, Path(f"{part}-wal"), Path(f"{part}-shm")):
        leftover.unlink(missing_ok=True)
    db = open_register(part, create=True)
    try:
        filled = fill(db)
    finally:
        db.close()  # the last connection checkpoints the WAL into the file
    os.replace(part, path)
    return filled


def write_new_register(path: Path) -> None:
    """An empty register at ``path``, as the app starts one in a new file: no records,
    and the council's default QA framework to record visits against."""
    build_register(path, ensure_default_framework)
