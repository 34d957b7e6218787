"""A chase recorded on an officer's laptop reaches the team register and the manager: an
officer may record every stage, the escalation to the contract manager included."""

from __future__ import annotations

from datetime import date

from placement_qa.domain.action_chase import CHASED, ESCALATED, ChaseRecord
from placement_qa.domain.actions import NewAction
from placement_qa.store.action_chases import chase_records, record_chase
from placement_qa.store.actions import list_actions, raise_action

AS_OF = date(2026, 11, 23)


def test_an_officers_chases_reach_the_manager(team):
    manager, amira = team.manager_laptop(), team.officer_laptop(0)
    action = raise_action(amira.db, NewAction(
        amira.provider("Oakfield House School"), "Send the restraint log", "provider", "Head",
        date(2026, 10, 1), "high", raised_on=date(2026, 9, 1)))
    for stage, day in ((CHASED, date(2026, 10, 20)), (ESCALATED, date(2026, 11, 2))):
        record_chase(amira.db, ChaseRecord(action, stage, day, "Amira Khan", f"{stage} by email"),
                     AS_OF)
    amira.synced(), manager.synced()

    [theirs] = [a for a in list_actions(manager.db) if a.description == "Send the restraint log"]
    assert [(r.stage, r.on, r.by, r.note) for r in chase_records(manager.db, theirs.action_id)] \
        == [(CHASED, date(2026, 10, 20), "Amira Khan", "chased by email"),
            (ESCALATED, date(2026, 11, 2), "Amira Khan", "escalated by email")]
