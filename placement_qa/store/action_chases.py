"""The chase stages recorded against follow-up actions (reminder, chased, escalated to the
contract manager): append-only, each with its day, who and a note.

The rule for which stage is due is :mod:`placement_qa.domain.action_chase`; this module
keeps what was done. A record is added in one transaction, checked against the action
and the stages already recorded as they stand in that transaction; once written it is
kept: the register refuses to change or delete it (a chase is evidence that an action
was followed up). On a team register the records travel like any other: an officer may
record every stage, the escalation included (telling the contract manager is the
officer's work; the manager sees it in the list and on the board).
"""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from ..domain.action_chase import (
    CHASE_STAGES,
    ChaseDays,
    ChaseRecord,
    check_chase,
    escalation_counts,
    records_by_action,
)
from ..domain.dates import iso
from .actions import get_action, list_actions
from .rows import insert_row
from .settings import chase_working_days

TABLE = "action_chases"
KEPT = "A chase recorded is kept as it was recorded: it cannot be changed or deleted"
_STAGES = ", ".join(f"'{stage}'" for stage in CHASE_STAGES)

# Formatted by the migration (store/schema.py) with the register's identity columns and
# date check, so this table is made as every other one is.
CHASES_SCHEMA = f"""
CREATE TABLE action_chases (
    {{identity}},
    action_id INTEGER NOT NULL REFERENCES follow_up_actions(id),
    stage TEXT NOT NULL CHECK (stage IN ({_STAGES})),
    {{chased_on}},
    chased_by TEXT NOT NULL CHECK (trim(chased_by) <> ''),
    note TEXT NOT NULL CHECK (trim(note) <> '')
);
CREATE INDEX idx_action_chases_action ON action_chases(action_id, chased_on)
"""
# Each one statement (a trigger's body has semicolons of its own).
CHASES_KEPT = tuple(
    f"CREATE TRIGGER action_chases_kept_{operation} BEFORE {operation.upper()} ON {TABLE} "
    f"WHEN pqa_applying_remote() = 0 BEGIN SELECT RAISE(ABORT, '{KEPT}'); END"
    for operation in ("update", "delete"))

_SQL = f"SELECT action_id, stage, chased_on, chased_by, note, id FROM {TABLE}"


def _record(row: tuple) -> ChaseRecord:
    return ChaseRecord(action_id=row[0], stage=row[1], on=date.fromisoformat(row[2]),
                       by=row[3], note=row[4], record_id=row[5])


def chase_records(db: Database, action_id: int | None = None) -> list[ChaseRecord]:
    """The stages recorded (of one action, else of all), in the order they were recorded."""
    where, params = ("", []) if action_id is None else (" WHERE action_id = ?", [action_id])
    return [_record(r) for r in db.execute(f"{_SQL}{where} ORDER BY chased_on, id", params)]


def record_chase(db: Database, chase: ChaseRecord, as_of: date) -> int:
    """Record a chase stage of ``chase.action_id`` in one transaction; its id. Refused
    (a :class:`FieldError` saying what and where; nothing written) when the domain's
    :func:`check_chase` refuses it."""
    with db.atomic():
        action = get_action(db, chase.action_id)
        chase = check_chase(action, chase_records(db, chase.action_id), chase, as_of)
        return insert_row(db, TABLE, {
            "action_id": chase.action_id, "stage": chase.stage, "chased_on": iso(chase.on),
            "chased_by": chase.by, "note": chase.note,
        })


def chase_days(db: Database) -> ChaseDays:
    """The register's settings: working days past due at which each stage falls due."""
    reminder, chased, escalated = chase_working_days(db)
    return ChaseDays(reminder=reminder, chased=chased, escalated=escalated)


def escalations_due(db: Database, as_of: date) -> int:
    """Live actions whose escalation to the contract manager is due on ``as_of`` and not
    yet recorded."""
    return escalation_counts(list_actions(db, live_only=True),
                             records_by_action(chase_records(db)), chase_days(db), as_of)[1]
