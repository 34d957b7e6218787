"""The change log: who changed which record, when, from what to what.

:func:`find_changes` (the page, its export and ``placement-qa export changes``) leaves
out the rows that record only a move between the pages of a visit note (older registers
wrote one for every page turned; none is written now), and filters by the child or the
provider a change is about, found from the register as it is now.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from ..domain.change_log import ChangeLogEntry
from ..domain.dates import council_day_start
from ..domain.names import fold_name

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
    child: str | None = None      # part of a child's name, any accents or case
    provider: str | None = None   # part of a provider's name, any accents or case


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
    """Change-log entries as written, oldest first, optionally for one table or record."""
    where, params = _where(ChangeFilter(table=table, record_uuid=record_uuid))
    sql = _COLUMNS + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
    return [_entry(r) for r in db.execute(sql, params).fetchall()]


def _where(chosen: ChangeFilter) -> tuple[list[str], dict[str, Any]]:
    """The conditions for ``chosen``'s record type, record, user and days, with their
    (named) parameters."""
    where: list[str] = []
    params: dict[str, Any] = {}
    for column, value in (("table_name", chosen.table), ("record_uuid", chosen.record_uuid),
                          ("os_user", chosen.os_user)):
        if value is not None:
            where.append(f"{column} = :{column}")
            params[column] = value
    if chosen.from_date is not None:
        where.append("changed_at >= :from_date")
        params["from_date"] = _utc_start(chosen.from_date)
    if chosen.to_date is not None:  # up to the end of that day
        where.append("changed_at < :to_date")
        params["to_date"] = _utc_start(chosen.to_date + timedelta(days=1))
    return where, params


# A row that records only the page a visit note was left open at.
_NAVIGATION_ONLY = (
    "NOT (table_name = 'monitoring_visits' AND operation = 'update' AND "
    "json_remove(before_json, '$.draft_position') IS json_remove(after_json, '$.draft_position'))")

_DOC = "coalesce(after_json, before_json)"
_REFERENCES = ("child_id_uuid", "provider_id_uuid", "placement_id_uuid", "visit_id_uuid",
               "return_id_uuid")


def _about_records(name: str) -> str:
    """A row about any of the records listed in the parameter ``name`` (a JSON array of
    uuids): the record itself, or a record it refers to; a child's part in a visit only
    by its own placement (not by the visit, which covers other children too)."""
    listed = f"IN (SELECT value FROM json_each(:{name}))"
    refers = " OR ".join(f"json_extract({_DOC}, '$.{field}') {listed}" for field in _REFERENCES)
    return (f"(CASE WHEN table_name = 'visit_placements' THEN "
            f"json_extract({_DOC}, '$.placement_id_uuid') {listed} "
            f"ELSE record_uuid {listed} OR {refers} END)")


_CHILD_RECORDS = """
WITH chosen(id) AS (SELECT id FROM children WHERE uuid IN (SELECT value FROM json_each(?)))
SELECT uuid FROM children WHERE id IN chosen
UNION SELECT uuid FROM placements WHERE child_id IN chosen
UNION SELECT v.uuid FROM monitoring_visits v JOIN visit_placements vp ON vp.visit_id = v.id
  JOIN placements p ON p.id = vp.placement_id WHERE p.child_id IN chosen
"""
_PROVIDER_RECORDS = """
WITH chosen(id) AS (SELECT id FROM providers WHERE uuid IN (SELECT value FROM json_each(?)))
SELECT uuid FROM providers WHERE id IN chosen
UNION SELECT uuid FROM placements WHERE provider_id IN chosen
UNION SELECT uuid FROM monitoring_visits WHERE provider_id IN chosen
UNION SELECT uuid FROM provider_returns WHERE provider_id IN chosen
"""


def _matching(db: Database, sql: str, typed: str) -> list[str]:
    """The uuids of the records whose name (the first columns after the uuid) holds
    ``typed``, accents and case aside ("zoe" finds Zoë, "LUK" Łukasiewicz)."""
    wanted = fold_name(" ".join(typed.split()))
    return [row[0] for row in db.execute(sql).fetchall()
            if wanted in fold_name(" ".join(str(v or "") for v in row[1:]))]


def _about(db: Database, chosen: ChangeFilter) -> tuple[list[str], dict[str, str]]:
    """The conditions and parameters for the child and provider filters."""
    where: list[str] = []
    params: dict[str, str] = {}
    for name, typed, names_sql, records_sql in (
            ("child", chosen.child, "SELECT uuid, given_name, family_name FROM children",
             _CHILD_RECORDS),
            ("provider", chosen.provider, "SELECT uuid, name FROM providers",
             _PROVIDER_RECORDS)):
        if typed is None or not typed.strip():
            continue
        found = json.dumps(_matching(db, names_sql, typed))
        related = [r[0] for r in db.execute(records_sql, [found]).fetchall()]
        where.append(_about_records(name))
        params[name] = json.dumps(related)
    return where, params


def _utc_start(day: date) -> str:
    """When the council's ``day`` starts, as the log writes times: in summer (BST)
    16/07/2026 starts at 2026-07-15T23:00:00.000Z, whatever this computer's zone."""
    return council_day_start(day).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def find_changes(
    db: Database, chosen: ChangeFilter = ChangeFilter(), *, limit: int = PAGE_SIZE,  # noqa: B008
    before_id: int | None = None,
) -> list[ChangeLogEntry]:
    """At most ``limit`` entries matching ``chosen``, newest first, without the rows
    recording only a move between the pages of a note.

    For the next page pass the last entry's ``entry_id`` as ``before_id``: each page
    walks the log's primary key backwards, so a big log stays quick.
    """
    where, params = _where(chosen)
    about, related = _about(db, chosen)
    conditions = [*where, *about, _NAVIGATION_ONLY]
    if before_id is not None:
        conditions.append("id < :before_id")
        params["before_id"] = int(before_id)
    sql = _COLUMNS + " WHERE " + " AND ".join(conditions) + " ORDER BY id DESC LIMIT :limit"
    return [_entry(r) for r in db.execute(
        sql, {**params, **related, "limit": int(limit)}).fetchall()]


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
