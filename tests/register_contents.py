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


def apart_from_events(contents: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """``contents`` without the register's events (a restore, an encryption...) and their
    change-log rows: what the register held, to compare with what it held before."""
    table_name = 2  # change_log columns: id, origin, table_name, ...
    kept = {t: rows for t, rows in contents.items() if t != "register_events"}
    kept["change_log"] = [r for r in contents["change_log"] if r[table_name] != "register_events"]
    return kept


def register_events(path: Path, passphrase: str | None = None) -> list[tuple[str, str, str]]:
    """The register's events as the change log has them: (event, detail, OS user)."""
    from placement_qa.store.audit import change_log

    db = open_register(path, passphrase=passphrase, migrate=False)
    try:
        return [(e.after["event"], e.after["detail"], e.os_user)
                for e in change_log(db, table="register_events")]
    finally:
        db.close()
