"""The register's own key-value table (``register_meta``): its id and its settings.

The lowest layer of the store: every module that keeps a setting reads and writes it
here, so none of them needs another to do it.
"""

from __future__ import annotations

from sqlite_utils import Database


def get_meta(db: Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM register_meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_meta(db: Database, key: str, value: str) -> None:
    with db.atomic():
        db.execute(
            "INSERT INTO register_meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )
