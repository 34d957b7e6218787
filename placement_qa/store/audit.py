"""The change log: who changed which record, when, from what to what."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from ..domain.change_log import ChangeLogEntry
from ..domain.dates import council_day_start

PAGE_SIZE = 500


@dataclass(frozen=True)
class ChangeFilter:
    """Which change-log entries to show; None means any. Dates are inclusive days on
    the council's clock (UK time; the log's times are UTC, shown in UK time)."""

    table: str | None = None
    record_uuid: str | None = None
    os_user: str | None = None
    from_date: date | None = None
    to_date: date | None = None


_COLUMNS = ("SELECT table_name, record_uuid, operation, before_json, after_json, os_user, "
            "changed_at, origin, id FROM change_log")


def _entry(r: tuple) -> ChangeLogEntry:
    return ChangeLogEntry(
        table_name=r[0], record_uuid=r[1], operation=r[2],
        before=json.loads(r[3]) if r[3] else None,
        after=json.loads(r[4]) if r[4] else None,
        os_user=r[5], changed_at=r[6], origin=r[7], entry_id=r[8],
    )


def change_log(
    db: Database, *, table: str | None = None, record_uuid: str | None = None
) -> list[ChangeLogEntry]:
    """Change-log entries, oldest first, optionally for one table or one record."""
    where, params = _where(ChangeFilter(table=table, record_uuid=record_uuid))
    sql = _COLUMNS + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
    return [_entry(r) for r in db.execute(sql, params).fetchall()]


def _where(chosen: ChangeFilter) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    for column, value in (("table_name", chosen.table), ("record_uuid", chosen.record_uuid),
                          ("os_user", chosen.os_user)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if chosen.from_date is not None:
        where.append("changed_at >= ?")
        params.append(_utc_start(chosen.from_date))
    if chosen.to_date is not None:  # up to the end of that day
        where.append("changed_at < ?")
        params.append(_utc_start(chosen.to_date + timedelta(days=1)))
    return where, params


def _utc_start(day: date) -> str:
    """When the council's ``day`` starts, as the log writes times: in summer (BST)
    16/07/2026 starts at 2026-07-15T23:00:00.000Z, whatever this computer's zone."""
    return council_day_start(day).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def find_changes(
    db: Database, chosen: ChangeFilter = ChangeFilter(), *, limit: int = PAGE_SIZE,  # noqa: B008
    before_id: int | None = None,
) -> list[ChangeLogEntry]:
    """At most ``limit`` entries matching ``chosen``, newest first.

    For the next page pass the last entry's ``entry_id`` as ``before_id``: each page
    walks the log's primary key backwards, so a big log stays quick.
    """
    where, params = _where(chosen)
    if before_id is not None:
        where.append("id < ?")
        params.append(before_id)
    sql = (_COLUMNS + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY id DESC LIMIT ?")
    return [_entry(r) for r in db.execute(sql, [*params, int(limit)]).fetchall()]


def every_change(
    db: Database, chosen: ChangeFilter = ChangeFilter(),  # noqa: B008
) -> Iterator[ChangeLogEntry]:
    """Every entry matching ``chosen``, newest first, read a page at a time."""
    before: int | None = None
    while page := find_changes(db, chosen, before_id=before):
        yield from page
        before = page[-1].entry_id


def change_log_users(db: Database) -> list[str]:
    """Every OS user named in the log, alphabetically."""
    rows = db.execute("SELECT DISTINCT os_user FROM change_log "
                      "ORDER BY os_user COLLATE name_order").fetchall()
    return [r[0] for r in rows]


def change_log_tables(db: Database) -> list[str]:
    """Every record type (table) named in the log, alphabetically."""
    rows = db.execute("SELECT DISTINCT table_name FROM change_log ORDER BY table_name")
    return [r[0] for r in rows.fetchall()]
