"""Follow-up action rules: what counts as overdue, what a new action and a closing need."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from placement_qa.domain.actions import (
    FollowUpAction,
    NewAction,
    check_new_action,
    check_status_change,
)
from placement_qa.domain.validation import FieldError

D = date
AS_OF = D(2026, 11, 22)
YESTERDAY = D(2026, 11, 21)


def action(status: str = "open", due: date | None = YESTERDAY, **fields) -> FollowUpAction:
    return FollowUpAction(action_id=1, visit_id=None, description="Send the log",
                          owner="J. Bloggs", due_date=due, status=status, **fields)


@pytest.mark.parametrize(("status", "due", "overdue"), [
    ("open", D(2026, 11, 21), True),
    ("in_progress", D(2026, 11, 21), True),
    ("open", D(2026, 11, 22), False),  # due today is not yet overdue
    ("in_progress", D(2026, 12, 1), False),
    ("done", D(2026, 1, 1), False),
    ("cancelled", D(2026, 1, 1), False),
    ("open", None, False),
])
def test_overdue_means_live_and_past_its_due_date(status, due, overdue):
    assert action(status, due).is_overdue(AS_OF) is overdue


def test_labels_in_words():
    a = action(owner_kind="provider", priority="high")
    assert a.owner_label == "Provider: J. Bloggs"
    assert replace(a, owner="", owner_kind="council").owner_label == "Council officer"
    assert a.priority_label == "High"
    assert action("in_progress").status_label == "In progress"


def test_raised_date_is_the_visits_when_raised_on_one():
    assert action(raised_on=D(2026, 10, 2), visit_date=D(2026, 10, 1)).raised_date == \
        D(2026, 10, 1)
    assert action(raised_on=D(2026, 10, 2)).raised_date == D(2026, 10, 2)


def new(**fields) -> NewAction:
    values = dict(provider_id=1, description="  Send the log  ", owner_kind="provider",
                  owner=" Zoë Łukasiewicz ", due_date=D(2026, 12, 20), priority="medium",
                  raised_on=AS_OF)
    return NewAction(**{**values, **fields})


def test_a_new_action_is_trimmed():
    checked = check_new_action(new())
    assert (checked.description, checked.owner) == ("Send the log", "Zoë Łukasiewicz")


@pytest.mark.parametrize(("fields", "field", "words"), [
    ({"description": "   "}, "What needs doing", "is required"),
    ({"owner_kind": "parent"}, "Owner", "is not one of Provider, Council officer, Other"),
    ({"priority": "urgent"}, "Priority", "is not one of High, Medium, Low"),
    ({"due_date": None}, "Due date", "is required"),
    ({"due_date": D(2026, 11, 21)}, "Due date", "is before the day the action was raised"),
])
def test_a_new_action_refused_names_the_field(fields, field, words):
    with pytest.raises(FieldError) as refused:
        check_new_action(new(**fields))
    assert refused.value.field == field and words in refused.value.message


def test_the_as_raised_shape_round_trips():
    a = action(provider_id=3, owner_kind="council", priority="low", raised_on=D(2026, 11, 1))
    assert check_new_action(a.as_new_action()).due_date == a.due_date


@pytest.mark.parametrize(("status", "note", "expected"), [
    ("open", "", ""),
    ("in_progress", "  chased  ", "chased"),
    ("done", " Log received ", "Log received"),
    ("cancelled", "Child left the placement", "Child left the placement"),
])
def test_a_status_change_keeps_its_note_trimmed(status, note, expected):
    assert check_status_change(status, note) == expected


@pytest.mark.parametrize(("status", "note", "words"), [
    ("done", "  ", "say what was done"),
    ("cancelled", "", "say why it was cancelled"),
    ("finished", "yes", "is not a status"),
])
def test_closing_needs_a_note(status, note, words):
    with pytest.raises(FieldError) as refused:
        check_status_change(status, note)
    assert words in refused.value.message
