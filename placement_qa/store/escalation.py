"""Escalating an action a follow-up visit found not progressing: an additional
(concern-led) visit planned sooner, and the placement flagged for the manager.

The date rules are :func:`placement_qa.domain.escalation.check_escalation_date`
(after ``as_of``, before the provider's next planned visit). Everything happens in
one transaction; a refused escalation raises :class:`EscalationRefused` and
changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from ..domain.dates import iso
from ..domain.escalation import EscalationRefused, check_escalation_date
from ..domain.provider_return import NOT_PROGRESSING
from ..domain.register import VISIT_DRAFT, VISIT_PLANNED
from .visits import add_visit

__all__ = ["Escalation", "EscalationRefused", "clear_manager_flag", "clear_manager_flags",
           "escalate_action",
           "escalated_visit_date", "next_planned_visit"]

ADDITIONAL_VISIT = "additional_concern"


@dataclass(frozen=True)
class Escalation:
    visit_id: int  # the additional visit planned
    visit_date: date
    placement_ids: tuple[int, ...]  # the placements flagged for the manager


_REVIEW_SQL = """
SELECT a.provider_id, a.placement_id, a.description, r.escalated_visit_id, v.status
FROM action_reviews r
JOIN follow_up_actions a ON a.id = r.action_id
JOIN monitoring_visits v ON v.id = r.visit_id
WHERE r.visit_id = ? AND r.action_id = ?
"""

# The follow-up visit's placements still live on ``as_of``.
_LIVE_COVERED_SQL = """
SELECT p.id FROM visit_placements vp JOIN placements p ON p.id = vp.placement_id
WHERE vp.visit_id = ? AND p.provider_id = ? AND (p.end_date IS NULL OR p.end_date > ?)
ORDER BY p.id
"""


def next_planned_visit(db: Database, provider_id: int, after: date) -> date | None:
    """The date of the provider's next planned visit after ``after``, if any."""
    row = db.execute(
        "SELECT min(visit_date) FROM monitoring_visits WHERE provider_id = ? AND status = ? "
        "AND visit_date > ?", [provider_id, VISIT_PLANNED, iso(after)]).fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else None


def _placements(db: Database, visit_id: int, provider_id: int, placement_id: int | None,
                as_of: date) -> list[int]:
    if placement_id is not None:
        return [placement_id]
    return [r[0] for r in db.execute(_LIVE_COVERED_SQL, [visit_id, provider_id, iso(as_of)])]


def escalate_action(db: Database, *, visit_id: int, action_id: int, visit_date: date,
                    reason: str, as_of: date) -> Escalation:
    """Plan an additional visit to the action's provider on ``visit_date``, flag the
    placement(s) for the manager with ``reason``, and record the escalation on the
    follow-up visit's review of the action (its outcome becomes "not progressing")."""
    reason = reason.strip()
    if not reason:
        raise EscalationRefused("Give the reason the placement is flagged for the manager")
    with db.atomic():
        row = db.execute(_REVIEW_SQL, [visit_id, action_id]).fetchone()
        if row is None:
            raise EscalationRefused(f"Action {action_id} is not reviewed on visit {visit_id}")
        provider_id, placement_id, description, escalated, status = row
        if status != VISIT_DRAFT:
            raise EscalationRefused("Only a follow-up visit being recorded can escalate an "
                                    "action")
        if escalated is not None:
            raise EscalationRefused(f"“{description}” has already been escalated")
        check_escalation_date(visit_date, as_of, next_planned_visit(db, provider_id, as_of))
        ids = _placements(db, visit_id, provider_id, placement_id, as_of)
        if not ids:
            raise EscalationRefused("None of the placements this visit covers is still live: "
                                    "there is no placement to visit or flag")
        new_visit = add_visit(db, provider_id=provider_id, visit_date=visit_date,
                              placement_ids=ids, visit_type=ADDITIONAL_VISIT,
                              status=VISIT_PLANNED)
        marks = ", ".join("?" * len(ids))
        db.execute(f"UPDATE placements SET manager_flag = ?, manager_flagged_on = ? "
                   f"WHERE id IN ({marks})", [reason, iso(as_of), *ids])
        db.execute("UPDATE action_reviews SET escalated_visit_id = ?, outcome = ? "
                   "WHERE visit_id = ? AND action_id = ?",
                   [new_visit, NOT_PROGRESSING, visit_id, action_id])
    return Escalation(new_visit, visit_date, tuple(ids))


def escalated_visit_date(db: Database, visit_id: int) -> date | None:
    """The date of an additional visit an escalation planned (None if gone)."""
    row = db.execute("SELECT visit_date FROM monitoring_visits WHERE id = ?",
                     [visit_id]).fetchone()
    return date.fromisoformat(row[0]) if row else None


def clear_manager_flag(db: Database, placement_id: int) -> None:
    """The manager has dealt with the flag: clear it (refused if there is none)."""
    clear_manager_flags(db, [placement_id])


def clear_manager_flags(db: Database, placement_ids: Iterable[int]) -> None:
    """The manager has dealt with these flags: clear them all in one transaction,
    or none (refused) if a placement is gone or not flagged. The change log keeps
    what each flag said."""
    with db.atomic():
        for placement_id in placement_ids:
            row = db.execute("SELECT manager_flag FROM placements WHERE id = ?",
                             [placement_id]).fetchone()
            if row is None:
                raise EscalationRefused(f"There is no placement {placement_id} in the register")
            if not row[0]:
                raise EscalationRefused("This placement is not flagged for the manager "
                                        "(cleared meanwhile?)")
            db.execute("UPDATE placements SET manager_flag = '', manager_flagged_on = NULL "
                       "WHERE id = ?", [placement_id])
