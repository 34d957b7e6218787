"""Adding one row with sqlite-utils and getting its id back, typed.

``db[name]`` may be a table or a view; the store writes to tables only, so it uses
``db.table(name)``. sqlite-utils gives the new row's key as ``last_pk`` of any type:
every table the store adds single rows to has an INTEGER PRIMARY KEY, so it is an int.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database


def insert_row(db: Database, table: str, record: Mapping[str, Any]) -> int:
    """Add ``record`` to ``table`` (in the caller's transaction); the new row's id."""
    new_id = db.table(table).insert(dict(record)).last_pk
    if not isinstance(new_id, int):
        raise TypeError(f"{table} has no integer id for the row just added ({new_id!r})")
    return new_id
