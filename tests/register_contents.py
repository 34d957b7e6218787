"""What a register holds, table by table: for tests that compare two registers."""

from __future__ import annotations

from pathlib import Path

from placement_qa.store.connection import open_register


def table_contents(path: Path, passphrase: str | None = None) -> dict[str, list[tuple]]:
    """Every table's rows in rowid order (change_log and register_meta included), and
    the schema version."""
    db = open_register(path, passphrase=passphrase, migrate=False)
    try:
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        contents = {t: db.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall()
                    for t in tables}
        contents["user_version"] = db.execute("PRAGMA user_version").fetchall()
    finally:
        db.close()
    return contents
