"""An action raised from a provider-reported item is written with its link to the
item in one transaction: both or neither, whatever stops the second write."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from placement_qa.domain.actions import NewAction
from placement_qa.store.actions import list_actions
from placement_qa.store.provider_returns import (
    ReportedValue,
    ReturnRefused,
    raise_action_for_item,
    record_form_sent,
    record_return,
)

RAISED = date(2026, 11, 18)


@pytest.fixture
def vacancies(db, planned_good_visit):
    """Oakfield's planned visit with a return reporting 3 vacancies: (provider, visit, item)."""
    oakfield, visit_id = planned_good_visit(db, RAISED)
    record_form_sent(db, visit_id=visit_id, provider_id=oakfield, form_id="F-1",
                     sent_on=date(2026, 11, 2))
    record_return(db, form_id="F-1", returned_on=date(2026, 11, 10),
                  completed_by="Head teacher", values=[ReportedValue("vacancies", "3")])
    [item_id] = [r[0] for r in db.execute("SELECT id FROM provider_reported_items")]
    return oakfield, visit_id, item_id


def _action(provider_id: int, visit_id: int) -> NewAction:
    return NewAction(provider_id=provider_id, description="Vacancies disputed: 3 vs 5",
                     owner_kind="provider", owner="Head teacher", due_date=date(2026, 12, 16),
                     priority="high", visit_id=visit_id, raised_on=RAISED)


def _linked(db, item_id: int) -> int | None:
    return db.execute("SELECT action_id FROM provider_reported_items WHERE id = ?",
                      [item_id]).fetchone()[0]


def test_the_action_and_its_link_are_written_together(db, vacancies):
    oakfield, visit_id, item_id = vacancies
    action_id = raise_action_for_item(db, item_id, _action(oakfield, visit_id))
    [action] = list_actions(db, visit_id=visit_id)
    assert action.action_id == action_id == _linked(db, item_id)
    assert action.description == "Vacancies disputed: 3 vs 5"


def test_a_failed_link_leaves_no_unlinked_action_behind(db, vacancies):
    oakfield, visit_id, item_id = vacancies
    # The second write fails, as a full disk or a pulled plug would stop it.
    db.execute(
        "CREATE TEMP TRIGGER stop_link BEFORE UPDATE ON provider_reported_items "
        "BEGIN SELECT RAISE(ABORT, 'the disk is full'); END")
    with pytest.raises(sqlite3.IntegrityError, match="the disk is full"):
        raise_action_for_item(db, item_id, _action(oakfield, visit_id))
    assert list_actions(db, visit_id=visit_id) == []
    assert _linked(db, item_id) is None


def test_a_second_action_from_the_same_item_is_refused_and_nothing_written(db, vacancies):
    oakfield, visit_id, item_id = vacancies
    first = raise_action_for_item(db, item_id, _action(oakfield, visit_id))
    with pytest.raises(ReturnRefused, match=f"action \\(number {first}\\) was already raised"):
        raise_action_for_item(db, item_id, _action(oakfield, visit_id))
    assert [a.action_id for a in list_actions(db, visit_id=visit_id)] == [first]
    assert _linked(db, item_id) == first


def test_an_item_no_longer_in_the_register_is_refused_and_nothing_written(db, vacancies):
    oakfield, visit_id, item_id = vacancies
    with pytest.raises(ReturnRefused, match=f"reported item {item_id + 1} is no longer"):
        raise_action_for_item(db, item_id + 1, _action(oakfield, visit_id))
    assert list_actions(db, visit_id=visit_id) == []
