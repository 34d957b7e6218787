"""The facts the risk order weighs (:mod:`..domain.risk`), read for many placements in a
few queries (one each: inspections, causes for concern, safeguarding at the last visit,
late high-priority actions, recent events), never one query per placement."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlite_utils import Database

from ..domain.dates import iso
from ..domain.inspection import default_frameworks, provider_concern
from ..domain.register import VISIT_COMPLETED, RegisterPlacement
from ..domain.risk import EVENT_DAYS, NO_FACTS, Risk, RiskFacts, by_risk
from ..domain.schedule import ScheduleLine, Status
from .concerns import providers_causing_concern
from .inspections import inspections_by_provider
from .notifiable_events import event_counts_since

# Per placement: was a safeguarding concern recorded at its latest completed visit
# (on or before the as-of date)?
_SAFEGUARDING_SQL = """
SELECT vp.placement_id, vp.safeguarding_concern
FROM visit_placements vp JOIN monitoring_visits v ON v.id = vp.visit_id
WHERE v.status = ? AND v.visit_date <= ?
  AND v.visit_date = (SELECT max(v2.visit_date) FROM visit_placements vp2
                      JOIN monitoring_visits v2 ON v2.id = vp2.visit_id
                      WHERE vp2.placement_id = vp.placement_id AND v2.status = ?
                        AND v2.visit_date <= ?)
"""

_HIGH_ACTIONS_SQL = """
SELECT provider_id, count(*) FROM follow_up_actions
WHERE priority = 'high' AND status IN ('open', 'in_progress') AND due_date < ?
  AND provider_id IS NOT NULL
GROUP BY provider_id
"""


def _safeguarding(db: Database, as_of: date) -> set[int]:
    day = iso(as_of)
    rows = db.execute(_SAFEGUARDING_SQL, [VISIT_COMPLETED, day, VISIT_COMPLETED, day])
    return {placement_id for placement_id, concern in rows if concern}


def _below_good(db: Database) -> set[int]:
    frameworks = default_frameworks()
    return {provider_id for provider_id, found in inspections_by_provider(db).items()
            if (concern := provider_concern(found, frameworks)) is not None
            and concern.inspection is not None}


def risk_facts(db: Database, placements: Iterable[RegisterPlacement],
               as_of: date) -> dict[int, RiskFacts]:
    """Placement id -> the facts weighing on its risk as of ``as_of``, for each placement
    that has any (the others: :data:`..domain.risk.NO_FACTS`)."""
    below = _below_good(db)
    concerned = providers_causing_concern(db, as_of)
    safeguarding = _safeguarding(db, as_of)
    high = dict(db.execute(_HIGH_ACTIONS_SQL, [iso(as_of)]).fetchall())
    events = event_counts_since(db, as_of - timedelta(days=EVENT_DAYS - 1))
    facts = {}
    for p in placements:
        found = RiskFacts(
            below_good=p.provider_id in below,
            causing_concern=p.provider_id in concerned,
            safeguarding_at_last_visit=p.placement_id in safeguarding,
            overdue_high_actions=high.get(p.provider_id, 0),
            event_counts=events.get(p.placement_id, {}),
        )
        if found != NO_FACTS:
            facts[p.placement_id] = found
    return facts


def lines_by_risk(db: Database, lines: Iterable[ScheduleLine],
                  as_of: date) -> list[tuple[ScheduleLine, Risk]]:
    """The lines with their risks, riskiest first (see :func:`..domain.risk.by_risk`)."""
    lines = list(lines)
    return by_risk(lines, risk_facts(db, (line.placement for line in lines), as_of), as_of)


def risk_rank(db: Database, lines: Iterable[ScheduleLine], as_of: date) -> dict[int, int]:
    """Placement id -> place in the risk order (0: riskiest) of the overdue lines: the
    register's order while its overdue filter is on."""
    overdue = [line for line in lines if line.status == Status.OVERDUE]
    return {line.placement.placement_id: place
            for place, (line, _) in enumerate(lines_by_risk(db, overdue, as_of))}
