"""Providers causing concern: setting and lifting a manager's cause for concern, and
reading each provider's periods of concern (the rules are :mod:`..domain.concerns`).

Each period is one row of ``provider_concerns``: setting adds it, lifting fills in its
``lifted_*`` columns. Every write is one transaction, and the change-log triggers record
it; on a team register only a manager may change this table
(:data:`placement_qa.domain.sync.MANAGER_TABLES`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from sqlite_utils import Database

from ..domain.concerns import (
    CauseForConcern,
    ConcernedProvider,
    ConcernPeriod,
    check_lifting,
    check_setting,
)
from ..domain.dates import from_iso, iso
from ..domain.register import PLACED
from ..domain.sync import CONCERNS_TABLE
from .rows import insert_row


def concern_tables_ddl(identity: str, iso_date: Callable[..., str]) -> list[str]:
    """The statements of migration 0012 (``identity`` and ``iso_date`` are the schema's
    column makers, so the table checks its dates as every other table does)."""
    return [f"""
CREATE TABLE {CONCERNS_TABLE} (
    {identity},
    provider_id INTEGER NOT NULL REFERENCES providers(id),
    {iso_date("set_on", required=True)},
    reason TEXT NOT NULL CHECK (trim(reason) <> ''),
    {iso_date("review_on")},
    set_by TEXT NOT NULL,
    {iso_date("lifted_on")},
    lift_reason TEXT,
    lifted_by TEXT,
    CHECK (lifted_on IS NULL OR lifted_on >= set_on)
)""", f"CREATE INDEX idx_provider_concerns_provider ON {CONCERNS_TABLE}(provider_id, lifted_on)"]


_COLUMNS = ("id, provider_id, set_on, reason, review_on, set_by, lifted_on, lift_reason, "
            "lifted_by")


def _period(row: tuple) -> ConcernPeriod:
    return ConcernPeriod(row[0], row[1], date.fromisoformat(row[2]), row[3], from_iso(row[4]),
                         row[5], from_iso(row[6]), row[7], row[8])


def concern_periods(db: Database, provider_id: int) -> list[ConcernPeriod]:
    """Every period of concern about the provider, the earliest first."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM {CONCERNS_TABLE} WHERE provider_id = ? "
                      "ORDER BY set_on, id", [provider_id]).fetchall()
    return [_period(row) for row in rows]


def open_concern(db: Database, provider_id: int) -> ConcernPeriod | None:
    """The provider's period of concern not yet lifted, if any."""
    row = db.execute(f"SELECT {_COLUMNS} FROM {CONCERNS_TABLE} WHERE provider_id = ? "
                     "AND lifted_on IS NULL ORDER BY set_on DESC, id DESC LIMIT 1",
                     [provider_id]).fetchone()
    return _period(row) if row else None


def set_concern(db: Database, provider_id: int, *, reason: str, since: date,
                review_on: date | None, by: str) -> int:
    """Mark the provider as causing concern from ``since`` (one transaction); the new
    period's id. :class:`~..domain.concerns.ConcernError` says why it cannot be."""
    with db.atomic():
        check_setting(reason, since, review_on, by, open_concern(db, provider_id))
        return insert_row(db, CONCERNS_TABLE, {
            "provider_id": provider_id, "set_on": iso(since), "reason": reason.strip(),
            "review_on": iso(review_on), "set_by": by.strip()})


def lift_concern(db: Database, provider_id: int, *, reason: str, lifted_on: date,
                 by: str) -> None:
    """Lift the provider's open concern on ``lifted_on`` (one transaction);
    :class:`~..domain.concerns.ConcernError` says why it cannot be."""
    with db.atomic():
        period = open_concern(db, provider_id)
        check_lifting(period, lifted_on, reason, by)
        assert period is not None  # check_lifting refuses None
        db.table(CONCERNS_TABLE).update(period.concern_id, {
            "lifted_on": iso(lifted_on), "lift_reason": reason.strip(),
            "lifted_by": by.strip()})


def providers_causing_concern(db: Database, as_of: date) -> dict[int, CauseForConcern]:
    """Every provider causing concern on ``as_of`` (set on or before it, not lifted by
    then): provider id -> its current :class:`CauseForConcern` (since, reason, review_on).

    The one read of who is causing concern for the dashboard, the board report and any
    rule that weighs it (the overdue list's risk order).
    """
    rows = db.execute(f"SELECT {_COLUMNS} FROM {CONCERNS_TABLE} WHERE set_on <= ? "
                      "AND (lifted_on IS NULL OR lifted_on > ?) ORDER BY set_on, id",
                      [iso(as_of), iso(as_of)]).fetchall()
    return {period.provider_id: period.cause for period in map(_period, rows)}


def cause_on(db: Database, provider_id: int | None, as_of: date) -> CauseForConcern | None:
    """The provider's cause for concern on ``as_of`` (a visit's date), if any."""
    if provider_id is None:
        return None
    row = db.execute(f"SELECT {_COLUMNS} FROM {CONCERNS_TABLE} WHERE provider_id = ? "
                     "AND set_on <= ? AND (lifted_on IS NULL OR lifted_on > ?) "
                     "ORDER BY set_on DESC, id DESC LIMIT 1",
                     [provider_id, iso(as_of), iso(as_of)]).fetchone()
    return _period(row).cause if row else None


def open_concerns(db: Database) -> dict[int, CauseForConcern]:
    """Every provider's concern not yet lifted (what the guardrail weighs for a new
    placement, whatever its start date): provider id -> its cause."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM {CONCERNS_TABLE} WHERE lifted_on IS NULL "
                      "ORDER BY set_on, id").fetchall()
    return {period.provider_id: period.cause for period in map(_period, rows)}


_LIVE_PLACEMENTS_SQL = """
SELECT pr.id, pr.name, pr.host_authority,
       (SELECT count(*) FROM placements p WHERE p.provider_id = pr.id AND p.state = ?
        AND p.start_date <= ? AND (p.end_date IS NULL OR p.end_date >= ?))
FROM providers pr WHERE pr.id IN (SELECT value FROM json_each(?))
"""


def concerned_providers(db: Database, as_of: date) -> list[ConcernedProvider]:
    """The providers causing concern on ``as_of`` with their names and how many live
    placements each has then (the dashboard's tile and the board report's section)."""
    causes = providers_causing_concern(db, as_of)
    rows = db.execute(_LIVE_PLACEMENTS_SQL, [PLACED, iso(as_of), iso(as_of),
                                             json.dumps(list(causes))]).fetchall()
    return [ConcernedProvider(pid, name, authority, causes[pid], count)
            for pid, name, authority, count in rows]
