"""Follow-up actions in the register: raised, edited, moved on, listed; refusals write nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from placement_qa.domain.actions import NewAction
from placement_qa.domain.register import VISIT_COMPLETED
from placement_qa.domain.validation import FieldError
from placement_qa.store.actions import (
    edit_action,
    get_action,
    list_actions,
    raise_action,
    set_action_status,
    update_action,
)
from placement_qa.store.audit import change_log
from placement_qa.store.register import add_child, add_placement
from placement_qa.store.visits import add_visit

D = date
AS_OF = D(2026, 11, 22)


def new(provider_id, **fields) -> NewAction:
    values = dict(provider_id=provider_id, description="Send the restraint log",
                  owner_kind="provider", owner="Head teacher", due_date=D(2026, 12, 20),
                  priority="high", raised_on=AS_OF)
    return NewAction(**{**values, **fields})


@pytest.fixture
def register(db, provider_rated_good):
    brookside = provider_rated_good(db, "Brookside School")
    oakfield = provider_rated_good(db, "Oakfield School")
    zoe = add_child(db, given_name="Zoë", family_name="Łukasiewicz")
    placement = add_placement(db, child_id=zoe, provider_id=brookside,
                              start_date=D(2025, 9, 1), arrangement="day")
    visit = add_visit(db, provider_id=brookside, visit_date=D(2026, 10, 1),
                      placement_ids=[placement], status=VISIT_COMPLETED)
    return dict(db=db, brookside=brookside, oakfield=oakfield, placement=placement, visit=visit)


def action_log(db) -> list:
    return change_log(db, table="follow_up_actions")


def test_raising_from_a_visit_records_where_it_came_from(register):
    db = register["db"]
    action_id = raise_action(db, new(register["brookside"], visit_id=register["visit"],
                                     criterion_key="safeguarding.incidents",
                                     placement_id=register["placement"],
                                     description="  Send the restraint log "))
    a = get_action(db, action_id)
    assert (a.description, a.status, a.owner_label, a.priority) == (
        "Send the restraint log", "open", "Provider: Head teacher", "high")
    assert (a.provider_name, a.child_name, a.criterion_key) == (
        "Brookside School", "Zoë Łukasiewicz", "safeguarding.incidents")
    assert (a.raised_on, a.visit_date, a.raised_date) == (AS_OF, D(2026, 10, 1), D(2026, 10, 1))
    assert a.due_date == D(2026, 12, 20) and a.completed_on is None
    [entry] = action_log(db)
    assert entry.operation == "insert" and entry.os_user == "a.officer"


@pytest.mark.parametrize("fields", [
    {"description": "  "}, {"due_date": None}, {"owner_kind": "parent"},
    {"due_date": D(2026, 11, 1)},
])
def test_a_refused_action_writes_nothing(register, fields):
    db = register["db"]
    with pytest.raises(FieldError):
        raise_action(db, new(register["brookside"], **fields))
    assert list_actions(db) == [] and action_log(db) == []


def test_editing_changes_what_whose_when_and_how_urgent(register):
    db = register["db"]
    action_id = raise_action(db, new(register["brookside"]))
    edit_action(db, action_id, new(register["brookside"], description="Send both logs",
                                   owner_kind="council", owner="Tom Hughes",
                                   due_date=D(2027, 1, 8), priority="low"))
    a = get_action(db, action_id)
    assert (a.description, a.owner_label, a.due_date, a.priority) == (
        "Send both logs", "Council officer: Tom Hughes", D(2027, 1, 8), "low")
    with pytest.raises(FieldError):
        edit_action(db, action_id, new(register["brookside"], description=""))
    assert get_action(db, action_id).description == "Send both logs"
    assert [e.operation for e in action_log(db)] == ["insert", "update"]


def test_done_needs_a_note_and_records_the_day(register):
    db = register["db"]
    action_id = raise_action(db, new(register["brookside"]))
    with pytest.raises(FieldError) as refused:
        set_action_status(db, action_id, "done", "  ", AS_OF)
    assert refused.value.field == "Completion note"
    assert get_action(db, action_id).status == "open" and len(action_log(db)) == 1
    set_action_status(db, action_id, "in_progress", "", AS_OF)
    assert get_action(db, action_id).completed_on is None
    set_action_status(db, action_id, "done", " Log received and read ", D(2026, 12, 1))
    a = get_action(db, action_id)
    assert (a.status, a.completion_note, a.completed_on) == (
        "done", "Log received and read", D(2026, 12, 1))
    set_action_status(db, action_id, "open", "", AS_OF)  # reopened: no longer closed
    assert get_action(db, action_id).completed_on is None


def test_an_update_writes_edit_and_status_as_one_change(register):
    db = register["db"]
    action_id = raise_action(db, new(register["brookside"]))
    changed = update_action(db, action_id, new(register["brookside"], owner="SENCo"),
                            "cancelled", "Child left the placement", AS_OF)
    a = get_action(db, action_id)
    assert changed and (a.owner, a.status, a.completed_on) == ("SENCo", "cancelled", AS_OF)
    [_, entry] = action_log(db)
    assert entry.before["owner"] == "Head teacher" and entry.after["status"] == "cancelled"


def test_an_update_refused_or_unchanged_writes_nothing(register):
    db = register["db"]
    action_id = raise_action(db, new(register["brookside"]))
    with pytest.raises(FieldError):  # the edit is fine, closing without a note is not
        update_action(db, action_id, new(register["brookside"], owner="SENCo"), "done", "",
                      AS_OF)
    with pytest.raises(FieldError):  # the status is fine, the edit is not
        update_action(db, action_id, new(register["brookside"], description=" "),
                      "in_progress", "", AS_OF)
    assert not update_action(db, action_id, get_action(db, action_id).as_new_action(),
                             "open", "", AS_OF)
    assert get_action(db, action_id).owner == "Head teacher" and len(action_log(db)) == 1


def test_editing_the_note_of_a_closed_action_keeps_the_day_it_closed(register):
    db = register["db"]
    action_id = raise_action(db, new(register["brookside"]))
    set_action_status(db, action_id, "done", "Received", D(2026, 12, 1))
    base = get_action(db, action_id).as_new_action()
    update_action(db, action_id, base, "done", "Received and filed", D(2026, 12, 9))
    assert get_action(db, action_id).completed_on == D(2026, 12, 1)


def test_an_action_not_in_the_register_is_said_in_words(register):
    with pytest.raises(LookupError, match="no follow-up action 99"):
        set_action_status(register["db"], 99, "open", "", AS_OF)


def test_listing_filters_by_provider_owner_visit_and_live(register):
    db, brookside, oakfield = register["db"], register["brookside"], register["oakfield"]
    first = raise_action(db, new(brookside, due_date=D(2027, 1, 5), visit_id=register["visit"]))
    second = raise_action(db, new(oakfield, owner_kind="council", due_date=D(2026, 12, 1)))
    third = raise_action(db, new(brookside, owner_kind="other", due_date=D(2026, 12, 10)))
    set_action_status(db, third, "done", "Done", AS_OF)

    def ids(**filters) -> list[int]:
        return [a.action_id for a in list_actions(db, **filters)]

    assert ids() == [second, third, first]  # soonest due first
    assert ids(provider_id=brookside) == [third, first]
    assert ids(owner_kind="council") == [second]
    assert ids(visit_id=register["visit"]) == [first]
    assert ids(live_only=True) == [second, first]
    assert ids(provider_id=brookside, live_only=True) == [first]


def test_in_progress_actions_stay_live_and_can_be_overdue(register):
    db = register["db"]
    action_id = raise_action(db, new(register["brookside"], due_date=D(2026, 12, 1)))
    set_action_status(db, action_id, "in_progress", "Chased by phone", AS_OF)
    [a] = list_actions(db, live_only=True)
    assert a.status_label == "In progress" and a.completion_note == "Chased by phone"
    assert not a.is_overdue(D(2026, 12, 1)) and a.is_overdue(D(2026, 12, 2))
    overdue_later = replace(a, status="done")
    assert not overdue_later.is_overdue(D(2026, 12, 2))
