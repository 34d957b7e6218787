"""Opening the register for a command that only reads it (``check``, ``export``, ``report``).

A register in a read-only folder, or a read-only file, is opened read-only rather than
refused, and the command says so on stderr (its output may be going to stdout).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def open_to_read(path: Path, *, migrate: bool = True) -> Database:
    """The register at ``path``, read-only (and said so) when it cannot be written here."""
    from ..store.connection import open_register
    from ..store.read_only import opened_read_only

    db = open_register(path, migrate=migrate, allow_read_only=True)
    if opened_read_only(db):
        print(f"{path} cannot be written here (read-only file or folder): opened read-only, "
              "nothing in it is changed", file=sys.stderr)
    return db
