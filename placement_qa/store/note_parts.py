"""The parts of a visit note added for issue 9, read and written with the note:
the provider's reported items as the visit checked them, lesson observations and
pupil interviews, and a follow-up visit's reviews of the provider's open actions.

:func:`load_parts` fills them into a :class:`VisitNote`; :func:`write_parts` writes
what differs, inside the caller's transaction (``save_draft``, ``amend_visit``).
What the provider reported is never written here: only how the visit checked it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlite_utils import Database

from ..domain.dates import from_iso, iso
from ..domain.provider_return import (
    DONE,
    PROGRESSING,
    ActionReview,
    Observation,
    ReportedItem,
    initials,
)
from ..domain.visit_note import VisitNote
from .records import BY_FAMILY_NAME

# The items of the visit's latest imported return (an earlier one is history).
_REPORTED_SQL = f"""
SELECT i.id, i.item_key, i.reported_value, i.reported_on, i.placement_id,
       coalesce(c.given_name, ''), coalesce(c.family_name, ''),
       i.verification, i.verified_value, i.verification_note, i.action_id
FROM provider_reported_items i
LEFT JOIN placements p ON p.id = i.placement_id
LEFT JOIN children c ON c.id = p.child_id
WHERE i.return_id = (SELECT id FROM provider_returns
                     WHERE visit_id = ? AND imported_at IS NOT NULL
                     ORDER BY imported_at DESC, id DESC LIMIT 1)
ORDER BY i.placement_id IS NOT NULL, {BY_FAMILY_NAME}, i.placement_id, i.id
"""

_OBSERVATIONS_SQL = """
SELECT kind, what, who, observed_on, observed_time, seen
FROM visit_observations WHERE visit_id = ? ORDER BY position, id
"""

_REVIEWS_SQL = """
SELECT r.action_id, a.description, a.due_date, a.placement_id, r.outcome, r.evidence,
       r.escalated_visit_id
FROM action_reviews r JOIN follow_up_actions a ON a.id = r.action_id
WHERE r.visit_id = ?
ORDER BY a.due_date IS NULL, a.due_date, a.id
"""


def _reported(row: tuple) -> ReportedItem:
    child = initials(row[5], row[6]) if row[4] is not None else ""
    return ReportedItem(
        item_id=row[0], item_key=row[1], reported_value=row[2],
        reported_on=date.fromisoformat(row[3]), placement_id=row[4], child_initials=child,
        verification=row[7], verified_value=row[8], verification_note=row[9],
        action_id=row[10])


def load_parts(db: Database, note: VisitNote) -> VisitNote:
    visit = [note.visit_id]
    return replace(
        note,
        reported_items=tuple(_reported(r) for r in db.execute(_REPORTED_SQL, visit)),
        observations=tuple(
            Observation(kind=r[0], what=r[1], who=r[2], observed_on=from_iso(r[3]),
                        observed_time=r[4], seen=r[5])
            for r in db.execute(_OBSERVATIONS_SQL, visit)),
        action_reviews=tuple(
            ActionReview(action_id=r[0], description=r[1], due_date=from_iso(r[2]),
                         placement_id=r[3], outcome=r[4], evidence=r[5],
                         escalated_visit_id=r[6])
            for r in db.execute(_REVIEWS_SQL, visit)),
    )


def _observation_values(observation: Observation) -> dict:
    return {"kind": observation.kind, "what": observation.what, "who": observation.who,
            "observed_on": iso(observation.observed_on),
            "observed_time": observation.observed_time, "seen": observation.seen}


def write_parts(db: Database, stored: VisitNote, record: VisitNote) -> bool:
    """Write the checks, observations and reviews that differ; True if any did."""
    wrote = False
    old_items = {i.item_id: i for i in stored.reported_items}
    for item in record.reported_items:
        old = old_items.get(item.item_id)
        if old is None:
            raise ValueError(f"Reported item {item.item_id} is not in this visit's return")
        checks = ("verification", "verified_value", "verification_note")
        changed = {k: getattr(item, k) for k in checks if getattr(item, k) != getattr(old, k)}
        if changed:
            sets = ", ".join(f"{k} = ?" for k in changed)
            db.execute(f"UPDATE provider_reported_items SET {sets} WHERE id = ?",
                       [*changed.values(), item.item_id])
            wrote = True
    olds, news = stored.observations, record.observations
    for position in range(max(len(olds), len(news))):
        old_seen = olds[position] if position < len(olds) else None
        new = news[position] if position < len(news) else None
        if old_seen == new:
            continue
        wrote = True
        where = [record.visit_id, position]
        if new is None:
            db.execute("DELETE FROM visit_observations WHERE visit_id = ? AND position = ?",
                       where)
        elif old_seen is None:
            db.table("visit_observations").insert({"visit_id": record.visit_id,
                                                   "position": position,
                                                   **_observation_values(new)})
        else:
            values = _observation_values(new)
            sets = ", ".join(f"{k} = ?" for k in values)
            db.execute(f"UPDATE visit_observations SET {sets} "
                       "WHERE visit_id = ? AND position = ?", [*values.values(), *where])
    old_reviews = {r.action_id: r for r in stored.action_reviews}
    for review in record.action_reviews:
        old_review = old_reviews.get(review.action_id)
        if old_review is None:
            raise ValueError(f"Action {review.action_id} is not reviewed on this visit")
        if (old_review.outcome, old_review.evidence) != (review.outcome, review.evidence):
            db.execute("UPDATE action_reviews SET outcome = ?, evidence = ? "
                       "WHERE visit_id = ? AND action_id = ?",
                       [review.outcome, review.evidence, record.visit_id, review.action_id])
            wrote = True
    return wrote


def add_action_reviews(db: Database, visit_id: int, provider_id: int | None) -> None:
    """A follow-up visit starts from the provider's open actions (those not raised on
    this visit): one review each, to be filled in. Run once, when recording starts."""
    if provider_id is None:
        return
    db.execute(
        "INSERT OR IGNORE INTO action_reviews (visit_id, action_id) "
        "SELECT ?, id FROM follow_up_actions WHERE provider_id = ? "
        "AND status IN ('open', 'in_progress') AND coalesce(visit_id, 0) <> ? "
        "ORDER BY due_date, id", [visit_id, provider_id, visit_id])


def apply_reviews_on_sign_off(db: Database, note: VisitNote) -> None:
    """Signing off a follow-up visit closes the actions it found done (the evidence is
    the completion note) and marks those progressing as in progress."""
    for review in note.action_reviews:
        if review.outcome == DONE:
            db.execute(
                "UPDATE follow_up_actions SET status = 'done', completed_on = ?, "
                "completion_note = ? WHERE id = ? AND status IN ('open', 'in_progress')",
                [iso(note.visit_date), review.evidence.strip(), review.action_id])
        elif review.outcome == PROGRESSING:
            db.execute("UPDATE follow_up_actions SET status = 'in_progress' "
                       "WHERE id = ? AND status = 'open'", [review.action_id])
