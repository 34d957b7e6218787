"""Monitoring visits, the placements each covers, findings and follow-up actions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable
from datetime import date

from sqlite_utils import Database

from ..domain.dates import iso
from ..domain.register import VISIT_COMPLETED, VISIT_PLANNED, VisitCoverage
from .rows import insert_row


def add_visit(
    db: Database,
    *,
    provider_id: int | None,
    visit_date: date,
    placement_ids: Iterable[int],
    visit_type: str = "annual_monitoring",
    status: str = VISIT_PLANNED,
    visitors: str = "",
    assigned_officer_id: int | None = None,
) -> int:
    """A visit and the placements it covers, written in one transaction."""
    with db.atomic():
        visit_id = insert_row(db, "monitoring_visits", {
            "provider_id": provider_id, "visit_date": iso(visit_date),
            "visit_type": visit_type, "status": status, "visitors": visitors,
            "assigned_officer_id": assigned_officer_id,
        })
        db.table("visit_placements").insert_all(
            {"visit_id": visit_id, "placement_id": pid} for pid in placement_ids
        )
    return visit_id


def set_visit_status(
    db: Database, visit_id: int, status: str, *, reason: str | None = None
) -> None:
    with db.atomic():
        db.table("monitoring_visits").update(visit_id, {"status": status, "cancel_reason": reason})


_COVERAGE_SQL = """
SELECT vp.placement_id, v.id, v.visit_date, v.status
FROM visit_placements vp
JOIN monitoring_visits v ON v.id = vp.visit_id
WHERE v.status <> 'cancelled'
"""


def visit_coverage(db: Database, placement_ids: Container[int] | None = None
                   ) -> list[VisitCoverage]:
    """Every non-cancelled visit with each placement it covers (of ``placement_ids`` only,
    when given: the rows are read whole and filtered here, which measured faster than
    any query shape that looks the placements up)."""
    rows = db.execute(_COVERAGE_SQL).fetchall()
    if placement_ids is not None:
        rows = [r for r in rows if r[0] in placement_ids]
    return [
        VisitCoverage(placement_id=r[0], visit_id=r[1], visit_date=date.fromisoformat(r[2]),
                      status=r[3])
        for r in rows
    ]


def completed_visit_dates_by_provider(db: Database) -> dict[int, list[date]]:
    dates: dict[int, list[date]] = defaultdict(list)
    rows = db.execute(
        "SELECT provider_id, visit_date FROM monitoring_visits "
        "WHERE status = ? AND provider_id IS NOT NULL",
        [VISIT_COMPLETED],
    ).fetchall()
    for provider_id, visit_date in rows:
        dates[provider_id].append(date.fromisoformat(visit_date))
    return dict(dates)
