"""Read queries for the child's page, the provider's page and the two lists.

Each query is parameterised and served by an index: ``placements(child_id)``,
``placements(provider_id)``, ``visit_placements(placement_id)``,
``monitoring_visits(provider_id, ...)``, ``inspections(provider_id, ...)`` and
``follow_up_actions(provider_id, status)``. Schedule lines come from the same
domain rules as the register view (:func:`build_schedule`), so a status on a
page never differs from the register's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlite_utils import Database

from ..domain.dates import from_iso, iso
from ..domain.pages import (
    AwaitingChild,
    ChildDetails,
    FollowUpAction,
    GuardrailExceptionRecord,
    ManagerFlag,
    NotInRegister,
    ProviderDetails,
    VisitRecord,
)
from ..domain.register import AWAITING_PROVISION, PLACED, VisitCoverage
from ..domain.schedule import ScheduleLine, Status, build_schedule
from .actions import list_actions
from .records import REGISTER_SELECT, register_placement_from_row
from .settings import draft_signoff_working_days, home_authority

_CHILD_NAME = "trim(c.given_name || ' ' || c.family_name)"

# --- a child ---------------------------------------------------------------


def child_details(db: Database, child_id: int) -> ChildDetails:
    """The child's record; :class:`NotInRegister` if there is none with this id."""
    row = db.execute(
        "SELECT id, given_name, family_name, date_of_birth, case_ref, primary_need, "
        "ehcp_last_review, ehcp_next_review_due FROM children WHERE id = ?",
        [child_id],
    ).fetchone()
    if row is None:
        raise NotInRegister(f"There is no child with id {child_id} in the register.")
    return ChildDetails(
        child_id=row[0], given_name=row[1], family_name=row[2], date_of_birth=from_iso(row[3]),
        case_ref=row[4], primary_need=row[5], ehcp_last_review=from_iso(row[6]),
        ehcp_next_review_due=from_iso(row[7]),
    )


def _coverage(db: Database, placement_ids: Sequence[int]) -> list[VisitCoverage]:
    """Non-cancelled visits covering these placements (one indexed look-up each)."""
    found: list[VisitCoverage] = []
    for placement_id in placement_ids:
        rows = db.execute(
            "SELECT vp.placement_id, v.id, v.visit_date, v.status FROM visit_placements vp "
            "JOIN monitoring_visits v ON v.id = vp.visit_id "
            "WHERE vp.placement_id = ? AND v.status <> 'cancelled'",
            [placement_id],
        ).fetchall()
        found.extend(
            VisitCoverage(placement_id=r[0], visit_id=r[1], visit_date=date.fromisoformat(r[2]),
                          status=r[3])
            for r in rows
        )
    return found


_PLACEMENTS_OF = {
    "child": REGISTER_SELECT + "WHERE p.child_id = ? ORDER BY p.start_date DESC, p.id DESC",
    "provider": REGISTER_SELECT + "WHERE p.provider_id = ? ORDER BY p.start_date DESC, p.id DESC",
}


def _schedule(db: Database, of: str, key: int, as_of: date) -> list[ScheduleLine]:
    rows = db.execute(_PLACEMENTS_OF[of], [key]).fetchall()
    placements = [register_placement_from_row(r) for r in rows]
    coverage = _coverage(db, [p.placement_id for p in placements])
    return build_schedule(placements, coverage, as_of, home_authority(db),
                          draft_signoff_working_days(db))


def child_placements(db: Database, child_id: int, as_of: date) -> list[ScheduleLine]:
    """The child's placements, newest first, each with its status as of ``as_of``."""
    return _schedule(db, "child", child_id, as_of)


_VISIT_COLUMNS = """v.id, v.visit_date, v.provider_id, coalesce(pr.name, ''), v.visit_type,
       v.status, v.visitors"""


def _visit(row: Sequence, children: int = 0) -> VisitRecord:
    return VisitRecord(
        visit_id=row[0], visit_date=date.fromisoformat(row[1]), provider_id=row[2],
        provider_name=row[3], visit_type=row[4], status=row[5], visitors=row[6],
        children_covered=children,
    )


def child_visits(db: Database, child_id: int) -> list[VisitRecord]:
    """Every monitoring visit that covered one of the child's placements, newest first.

    Cancelled and planned visits are listed too, with their status: the page is
    the child's record, and a cancelled visit is part of it.
    """
    rows = db.execute(
        f"SELECT DISTINCT {_VISIT_COLUMNS} FROM placements p "
        "JOIN visit_placements vp ON vp.placement_id = p.id "
        "JOIN monitoring_visits v ON v.id = vp.visit_id "
        "LEFT JOIN providers pr ON pr.id = v.provider_id "
        "WHERE p.child_id = ? ORDER BY v.visit_date DESC, v.id DESC",
        [child_id],
    ).fetchall()
    return [_visit(r) for r in rows]


# --- a provider ------------------------------------------------------------


def provider_details(db: Database, provider_id: int) -> ProviderDetails:
    """The provider's record; :class:`NotInRegister` if there is none with this id."""
    row = db.execute(
        "SELECT id, urn, name, provider_type, host_authority, address, postcode, arrangements "
        "FROM providers WHERE id = ?",
        [provider_id],
    ).fetchone()
    if row is None:
        raise NotInRegister(f"There is no provider with id {provider_id} in the register.")
    return ProviderDetails(*row)


def provider_current_placements(
    db: Database, provider_id: int, as_of: date
) -> list[ScheduleLine]:
    """Placements at the provider that have not ended as of ``as_of`` (newest first).

    Placements due to start later are included (their status says "Not started").
    """
    lines = _schedule(db, "provider", provider_id, as_of)
    return [line for line in lines if line.status != Status.ENDED]


def provider_visits(db: Database, provider_id: int) -> list[VisitRecord]:
    """The provider's monitoring visits, newest first, with how many children each covered."""
    rows = db.execute(
        f"SELECT {_VISIT_COLUMNS}, "
        "(SELECT count(*) FROM visit_placements vp WHERE vp.visit_id = v.id) "
        "FROM monitoring_visits v LEFT JOIN providers pr ON pr.id = v.provider_id "
        "WHERE v.provider_id = ? ORDER BY v.visit_date DESC, v.id DESC",
        [provider_id],
    ).fetchall()
    return [_visit(r[:7], r[7]) for r in rows]


def provider_open_actions(db: Database, provider_id: int) -> list[FollowUpAction]:
    """The provider's open and in-progress follow-up actions, soonest due first
    (no due date last)."""
    return list_actions(db, provider_id=provider_id, live_only=True)


# --- flags for the manager ------------------------------------------------

_FLAGS_SQL = f"""
SELECT p.id, p.child_id, {_CHILD_NAME}, coalesce(pr.name, ''), p.manager_flag,
       p.manager_flagged_on
FROM placements p JOIN children c ON c.id = p.child_id
LEFT JOIN providers pr ON pr.id = p.provider_id
WHERE p.manager_flag <> '' AND p.{{key}} = ?
ORDER BY p.manager_flagged_on DESC, {_CHILD_NAME} COLLATE name_order, p.id
"""


def manager_flags(db: Database, *, provider_id: int | None = None,
                  child_id: int | None = None) -> list[ManagerFlag]:
    """The placements flagged for the manager at a provider, or of a child (newest first)."""
    key, value = ("provider_id", provider_id) if provider_id is not None else (
        "child_id", child_id)
    rows = db.execute(_FLAGS_SQL.format(key=key), [value]).fetchall()
    return [ManagerFlag(r[0], r[1], r[2], r[3], r[4], from_iso(r[5])) for r in rows]


# --- lists over the register ----------------------------------------------

_AWAITING_SQL = f"""
SELECT p.id, p.child_id, {_CHILD_NAME}, c.case_ref, p.start_date,
       coalesce(p.interim_support, '')
FROM placements p
JOIN children c ON c.id = p.child_id
WHERE p.state = :awaiting
  AND p.start_date <= :as_of
  AND (p.end_date IS NULL OR p.end_date >= :as_of)
  AND NOT EXISTS (
      SELECT 1 FROM placements cur
      WHERE cur.child_id = p.child_id AND cur.state = :placed
        AND cur.start_date <= :as_of
        AND (cur.end_date IS NULL OR cur.end_date >= :as_of))
ORDER BY p.start_date, {_CHILD_NAME} COLLATE name_order, p.id
"""


def awaiting_provision(db: Database, as_of: date) -> list[AwaitingChild]:
    """Children awaiting specialist provision as of ``as_of``, longest wait first.

    An awaiting-provision row counts from its start date (the day the need was
    identified) until its end date; a child with a current placement (elective
    home education included) is not awaiting, whatever other rows say.
    """
    rows = db.execute(
        _AWAITING_SQL, {"awaiting": AWAITING_PROVISION, "placed": PLACED, "as_of": iso(as_of)}
    ).fetchall()
    return [
        AwaitingChild(placement_id=r[0], child_id=r[1], child_name=r[2], case_ref=r[3],
                      need_identified=date.fromisoformat(r[4]), interim_support=r[5])
        for r in rows
    ]


def guardrail_exceptions(db: Database) -> list[GuardrailExceptionRecord]:
    """Placements made at a below-good provider with a recorded reason, newest first."""
    rows = db.execute(
        f"SELECT p.id, p.child_id, {_CHILD_NAME}, p.provider_id, coalesce(pr.name, ''), "
        "p.start_date, coalesce(p.guardrail_concern, ''), p.guardrail_reason, "
        "coalesce(p.guardrail_approver, '') "
        "FROM placements p JOIN children c ON c.id = p.child_id "
        "LEFT JOIN providers pr ON pr.id = p.provider_id "
        "WHERE p.guardrail_reason IS NOT NULL "
        f"ORDER BY p.start_date DESC, {_CHILD_NAME} COLLATE name_order, p.id DESC"
    ).fetchall()
    return [
        GuardrailExceptionRecord(
            placement_id=r[0], child_id=r[1], child_name=r[2], provider_id=r[3],
            provider_name=r[4], start_date=date.fromisoformat(r[5]), concern=r[6],
            reason=r[7], approver=r[8],
        )
        for r in rows
    ]


def guardrail_exception_count(db: Database, since: date | None = None) -> int:
    """How many placements went ahead as guardrail exceptions (the board's KPI).

    ``since`` counts only placements starting on or after that day (e.g. this
    academic year); None counts them all.
    """
    return db.execute(
        "SELECT count(*) FROM placements WHERE guardrail_reason IS NOT NULL "
        "AND (:since IS NULL OR start_date >= :since)",
        {"since": iso(since)},
    ).fetchone()[0]
