"""An inspection recorded by hand, with the same consequence as the Ofsted import:
when the provider falls below good, its active placements are flagged for an
additional visit, in the same transaction as the inspection."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from ..domain.dates import iso
from ..domain.inspection import (
    Concern,
    Inspection,
    InspectionFrameworks,
    additional_visit_due,
    default_frameworks,
    fell_below_good,
    placements_to_flag,
)
from ..domain.register import RegisterPlacement, VisitCoverage
from ..domain.schedule import last_visit
from .inspections import add_inspection, provider_inspections
from .records import REGISTER_SELECT, register_placement_from_row
from .settings import additional_visit_weeks


@dataclass(frozen=True)
class RecordedInspection:
    inspection_id: int
    fell_below_good: Concern | None
    placements_flagged: int
    due: date | None


def record_inspection(
    db: Database,
    provider_id: int,
    inspection: Inspection,
    *,
    as_of: date,
    notes: str | None = None,
    frameworks: InspectionFrameworks | None = None,
) -> RecordedInspection:
    """Save ``inspection``; if the provider fell below good with it, flag its placements
    active on ``as_of`` for a visit within the register's additional-visit weeks."""
    frameworks = frameworks or default_frameworks()
    with db.atomic():
        before = provider_inspections(db, provider_id)
        inspection_id = add_inspection(
            db, provider_id=provider_id, inspectorate=inspection.inspectorate,
            inspected_on=inspection.inspected_on, framework=inspection.framework,
            outcome=dict(inspection.outcome), notes=notes,
        )
        concern = fell_below_good(before, [*before, inspection], frameworks)
        if concern is None:
            return RecordedInspection(inspection_id, None, 0, None)
        weeks = additional_visit_weeks(db)
        flagged = _flag_placements(db, provider_id, concern, as_of, weeks)
    return RecordedInspection(inspection_id, concern, flagged,
                              additional_visit_due(as_of, weeks))


def _flag_placements(db: Database, provider_id: int, concern: Concern, as_of: date,
                     weeks: int) -> int:
    placements = _provider_placements(db, provider_id)
    coverage = _coverage(db, provider_id)
    last = {p.placement_id: last_visit(coverage[p.placement_id], as_of) for p in placements}
    due = additional_visit_due(as_of, weeks)
    chosen = placements_to_flag(placements, last, as_of, weeks)
    for placement in chosen:
        db.execute(
            "UPDATE placements SET additional_visit_flagged_on = ?, additional_visit_due = ?, "
            "additional_visit_reason = ? WHERE id = ?",
            [iso(as_of), iso(due), concern.reason, placement.placement_id],
        )
    return len(chosen)


def _provider_placements(db: Database, provider_id: int) -> list[RegisterPlacement]:
    rows = db.execute(REGISTER_SELECT + " WHERE p.provider_id = ? ORDER BY p.id", [provider_id])
    return [register_placement_from_row(row) for row in rows.fetchall()]


def _coverage(db: Database, provider_id: int) -> dict[int, list[VisitCoverage]]:
    found: dict[int, list[VisitCoverage]] = defaultdict(list)
    rows = db.execute(
        "SELECT vp.placement_id, v.id, v.visit_date, v.status FROM visit_placements vp "
        "JOIN monitoring_visits v ON v.id = vp.visit_id "
        "JOIN placements p ON p.id = vp.placement_id "
        "WHERE p.provider_id = ? AND v.status <> 'cancelled'",
        [provider_id],
    ).fetchall()
    for placement_id, visit_id, visit_date, status in rows:
        found[placement_id].append(
            VisitCoverage(placement_id, visit_id, date.fromisoformat(visit_date), status))
    return found
