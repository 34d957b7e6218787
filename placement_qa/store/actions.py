"""Follow-up actions: raise one, move its status on, list them across providers."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from ..domain.actions import (
    CLOSED_ACTION_STATES,
    FollowUpAction,
    NewAction,
    check_new_action,
    check_status_change,
)
from ..domain.dates import from_iso, iso
from .rows import insert_row

_ACTION_SQL = """
SELECT a.id, a.visit_id, a.description, a.owner, a.due_date, a.status, a.owner_kind,
       a.priority, a.completion_note, a.completed_on, a.provider_id, coalesce(pr.name, ''),
       a.criterion_key, a.placement_id,
       coalesce(trim(c.given_name || ' ' || c.family_name), ''), a.raised_on, v.visit_date
FROM follow_up_actions a
LEFT JOIN providers pr ON pr.id = a.provider_id
LEFT JOIN monitoring_visits v ON v.id = a.visit_id
LEFT JOIN placements p ON p.id = a.placement_id
LEFT JOIN children c ON c.id = p.child_id
"""


def _action(r: tuple) -> FollowUpAction:
    return FollowUpAction(
        action_id=r[0], visit_id=r[1], description=r[2], owner=r[3], due_date=from_iso(r[4]),
        status=r[5], owner_kind=r[6], priority=r[7], completion_note=r[8],
        completed_on=from_iso(r[9]), provider_id=r[10], provider_name=r[11],
        criterion_key=r[12], placement_id=r[13], child_name=r[14], raised_on=from_iso(r[15]),
        visit_date=from_iso(r[16]),
    )


def raise_action(db: Database, action: NewAction) -> int:
    """Write a new open action (checked first: nothing is written if it is refused)."""
    action = check_new_action(action)
    with db.atomic():
        return insert_row(db, "follow_up_actions", {
            "visit_id": action.visit_id, "provider_id": action.provider_id,
            "description": action.description, "owner_kind": action.owner_kind,
            "owner": action.owner, "priority": action.priority,
            "due_date": iso(action.due_date), "raised_on": iso(action.raised_on),
            "criterion_key": action.criterion_key, "placement_id": action.placement_id,
            "status": "open",
        })


def edit_action(db: Database, action_id: int, action: NewAction) -> None:
    """Change what an action asks, of whom, by when and how urgently."""
    action = check_new_action(action)
    with db.atomic():
        get_action(db, action_id)
        db.table("follow_up_actions").update(action_id, {
            "description": action.description, "owner_kind": action.owner_kind,
            "owner": action.owner, "priority": action.priority,
            "due_date": iso(action.due_date),
        })


def set_action_status(db: Database, action_id: int, status: str, completion_note: str,
                      on: date) -> None:
    """Move the action on; done or cancelled needs a note and records the day."""
    note = check_status_change(status, completion_note)
    with db.atomic():
        get_action(db, action_id)
        db.table("follow_up_actions").update(action_id, {
            "status": status, "completion_note": note,
            "completed_on": iso(on) if status in CLOSED_ACTION_STATES else None,
        })


def update_action(db: Database, action_id: int, action: NewAction, status: str,
                  completion_note: str, on: date) -> bool:
    """Edit an action and move its status on in one change (both checked first).

    Only what differs from the register is written; returns False when nothing
    did (and then nothing is written, not even to the change log). A status
    moved to done or cancelled records ``on`` as the day it closed; a note
    edited on an action already closed keeps the day it closed.
    """
    action = check_new_action(action)
    note = check_status_change(status, completion_note)
    with db.atomic():
        stored = get_action(db, action_id)
        wanted = {
            "description": action.description, "owner_kind": action.owner_kind,
            "owner": action.owner, "priority": action.priority,
            "due_date": iso(action.due_date), "status": status, "completion_note": note,
            "completed_on": _completed_on(stored, status, on),
        }
        current = db.table("follow_up_actions").get(action_id)
        changed = {key: value for key, value in wanted.items() if current[key] != value}
        if changed:
            db.table("follow_up_actions").update(action_id, changed)
        return bool(changed)


def _completed_on(stored: FollowUpAction, status: str, on: date) -> str | None:
    if status not in CLOSED_ACTION_STATES:
        return None
    if stored.status == status and stored.completed_on is not None:
        return iso(stored.completed_on)
    return iso(on)


def get_action(db: Database, action_id: int) -> FollowUpAction:
    row = db.execute(_ACTION_SQL + " WHERE a.id = ?", [action_id]).fetchone()
    if row is None:
        raise LookupError(f"There is no follow-up action {action_id} in the register")
    return _action(row)


def list_actions(db: Database, *, provider_id: int | None = None,
                 owner_kind: str | None = None, visit_id: int | None = None,
                 live_only: bool = False) -> list[FollowUpAction]:
    """Actions (optionally of one provider, owner kind or visit), soonest due first."""
    where, params = [], []
    for column, value in (("a.provider_id", provider_id), ("a.owner_kind", owner_kind),
                          ("a.visit_id", visit_id)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if live_only:
        where.append("a.status IN ('open', 'in_progress')")
    sql = _ACTION_SQL + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY a.due_date IS NULL, a.due_date, a.id"
    return [_action(r) for r in db.execute(sql, params).fetchall()]

