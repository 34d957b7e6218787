"""The change log: who changed which record, when, from what to what."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database


@dataclass(frozen=True)
class ChangeLogEntry:
    table_name: str
    record_uuid: str
    operation: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    os_user: str
    changed_at: str
    origin: str


def change_log(
    db: Database, *, table: str | None = None, record_uuid: str | None = None
) -> list[ChangeLogEntry]:
    """Change-log entries, oldest first, optionally for one table or one record."""
    where, params = [], []
    if table is not None:
        where.append("table_name = ?")
        params.append(table)
    if record_uuid is not None:
        where.append("record_uuid = ?")
        params.append(record_uuid)
    sql = (
        "SELECT table_name, record_uuid, operation, before_json, after_json, os_user, "
        "changed_at, origin FROM change_log"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY id"
    )
    return [
        ChangeLogEntry(
            table_name=r[0], record_uuid=r[1], operation=r[2],
            before=json.loads(r[3]) if r[3] else None,
            after=json.loads(r[4]) if r[4] else None,
            os_user=r[5], changed_at=r[6], origin=r[7],
        )
        for r in db.execute(sql, params).fetchall()
    ]
