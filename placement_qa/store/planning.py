"""Planning monitoring visits: plan, reschedule, cancel, complete; the monthly
schedule and its review (the school holidays to avoid are a setting:
:mod:`placement_qa.store.settings`).

Every write is one transaction (``db.atomic()``) and the change-log triggers
record it there. A request the rules refuse raises
:class:`~placement_qa.domain.planning.PlanningError` (a ``ValueError``) before
anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlite_utils import Database

from ..domain.dates import iso, stored_moment, stored_stamp
from ..domain.planning import (
    PlanningError,
    ScheduleReview,
    check_month,
)
from ..domain.register import (
    PLACED,
    VISIT_CANCELLED,
    VISIT_COMPLETED,
    VISIT_DRAFT,
    VISIT_PLANNED,
    VISIT_STATES,
    VISIT_TYPES,
)
from ..domain.schedule import MONITORED_STATUSES, schedule_line
from .officers import visitors_of_new_visit
from .records import REGISTER_SELECT, register_placement_from_row
from .rows import insert_row
from .settings import home_authority
from .visits import add_visit

# --- visits ----------------------------------------------------------------------

def _visit_row(db: Database, visit_id: int) -> tuple[int | None, str]:
    """``(provider_id, status)`` of a visit; an unknown visit is a PlanningError."""
    row = db.execute(
        "SELECT provider_id, status FROM monitoring_visits WHERE id = ?", [visit_id]
    ).fetchone()
    if row is None:
        raise PlanningError(f"There is no visit {visit_id} in the register")
    return row[0], row[1]


def _require_status(db: Database, visit_id: int, allowed: Sequence[str], action: str) -> None:
    _, status = _visit_row(db, visit_id)
    if status not in allowed:
        label = VISIT_STATES.get(status, status).lower()
        raise PlanningError(f"This visit is {label}: only a planned visit can be {action}")


def _check_placements(db: Database, provider_id: int, placement_ids: list[int]) -> None:
    if not placement_ids:
        raise PlanningError("Tick at least one placement the visit covers")
    marks = ", ".join("?" * len(placement_ids))
    rows = db.execute(
        f"SELECT id FROM placements WHERE id IN ({marks}) AND provider_id = ?",
        [*placement_ids, provider_id],
    ).fetchall()
    others = sorted(set(placement_ids) - {r[0] for r in rows})
    if others:
        raise PlanningError(
            f"Placement(s) {', '.join(map(str, others))} are not at this provider"
        )


def plan_visit(
    db: Database,
    *,
    provider_id: int,
    visit_date: date,
    visit_type: str,
    visitors: str,
    placement_ids: Iterable[int],
    officer_id: int | None = None,
) -> int:
    """A planned visit to ``provider_id`` covering ``placement_ids`` (all at that
    provider, at least one), assigned to ``officer_id`` (an active officer) if given;
    returns the visit id."""
    if visit_type not in VISIT_TYPES:
        raise PlanningError(f"'{visit_type}' is not a visit type")
    ids = list(dict.fromkeys(placement_ids))
    with db.atomic():
        if db.execute("SELECT 1 FROM providers WHERE id = ?", [provider_id]).fetchone() is None:
            raise PlanningError(f"There is no provider {provider_id} in the register")
        _check_placements(db, provider_id, ids)
        return add_visit(db, provider_id=provider_id, visit_date=visit_date, placement_ids=ids,
                         visit_type=visit_type, status=VISIT_PLANNED,
                         visitors=visitors_of_new_visit(db, officer_id, visitors),
                         assigned_officer_id=officer_id)


def plan_trip(
    db: Database,
    stops: Sequence[tuple[int, date]],
    *,
    as_of: date,
    visit_type: str,
    visitors: str,
    officer_id: int | None = None,
) -> list[int]:
    """One trip: a planned visit to each ``(provider_id, visit_date)`` of ``stops``,
    each covering the provider's live placements that need monitoring as of ``as_of``
    (as :func:`plan_visit` is offered them), all in one transaction; the visit ids.
    A stop the rules refuse plans none of them."""
    if not stops:
        raise PlanningError("Choose at least one provider for the trip")
    with db.atomic():
        return [plan_visit(db, provider_id=provider_id, visit_date=day, visit_type=visit_type,
                           visitors=visitors, officer_id=officer_id,
                           placement_ids=active_monitored_placements_at(db, provider_id, as_of))
                for provider_id, day in stops]


def reschedule_visit(db: Database, visit_id: int, new_date: date) -> None:
    """Move a planned visit to ``new_date`` (the same date writes nothing); a visit
    in any other state is refused."""
    with db.atomic():
        _require_status(db, visit_id, (VISIT_PLANNED,), "rescheduled")
        if db.table("monitoring_visits").get(visit_id)["visit_date"] != iso(new_date):
            db.table("monitoring_visits").update(visit_id, {"visit_date": iso(new_date)})


def cancel_visit(db: Database, visit_id: int, reason: str) -> None:
    """Cancel a planned visit, keeping the reason (required). Cancelled visits never count."""
    if not reason or not reason.strip():
        raise PlanningError("Give a reason for cancelling the visit")
    with db.atomic():
        _require_status(db, visit_id, (VISIT_PLANNED,), "cancelled")
        db.table("monitoring_visits").update(
            visit_id, {"status": VISIT_CANCELLED, "cancel_reason": reason.strip()}
        )


def complete_visit(db: Database, visit_id: int, visit_date: date | None = None) -> None:
    """Mark a planned (or draft) visit completed, on ``visit_date`` if given.

    No note is checked: this records a visit whose note was kept elsewhere. A visit
    recorded in the app is completed by signing it off
    (:func:`placement_qa.store.visit_notes.sign_off`), which checks the note first.
    """
    with db.atomic():
        _require_status(db, visit_id, (VISIT_PLANNED, VISIT_DRAFT), "completed")
        values: dict[str, str | None] = {"status": VISIT_COMPLETED}
        if visit_date is not None:
            values["visit_date"] = iso(visit_date)
        db.table("monitoring_visits").update(visit_id, values)


def active_monitored_placements_at(db: Database, provider_id: int, as_of: date) -> list[int]:
    """Ids of the provider's live placements that require monitoring as of ``as_of``
    (the placements a new visit is pre-ticked to cover)."""
    rows = db.execute(
        REGISTER_SELECT + " WHERE p.provider_id = ? AND p.state = ? ORDER BY p.id",
        [provider_id, PLACED],
    ).fetchall()
    home = home_authority(db)
    return [
        placement.placement_id
        for placement in map(register_placement_from_row, rows)
        if schedule_line(placement, (), as_of, home).status in MONITORED_STATUSES
    ]


# --- monthly schedule reviews -----------------------------------------------------

def mark_schedule_reviewed(
    db: Database, month: str, reviewed_by: str, at: datetime, notes: str | None = None
) -> int:
    """Record that ``reviewed_by`` reviewed the schedule for ``month`` (YYYY-MM) at
    ``at``, stored in UTC (a naive ``at`` is taken as local time); returns its id."""
    check_month(month)
    if not reviewed_by or not reviewed_by.strip():
        raise PlanningError("Say who reviewed the schedule")
    with db.atomic():
        return insert_row(db, "schedule_reviews", {
            "month": month, "reviewed_by": reviewed_by.strip(),
            "reviewed_at": stored_stamp(at), "notes": notes,
        })


def _review(row: tuple) -> ScheduleReview:
    return ScheduleReview(row[0], row[1], row[2], row[3], stored_moment(row[4]), row[5])


def last_schedule_review(db: Database, month: str | None = None) -> ScheduleReview | None:
    """The most recent review (of ``month`` if given), or None."""
    sql = "SELECT id, uuid, month, reviewed_by, reviewed_at, notes FROM schedule_reviews"
    params: list[str] = []
    if month is not None:
        sql += " WHERE month = ?"
        params.append(check_month(month))
    row = db.execute(sql + " ORDER BY reviewed_at DESC, id DESC LIMIT 1", params).fetchone()
    return _review(row) if row else None
