"""A second return for the same visit takes the place of the first in the note and
keeps the checks made on any value the provider reported the same again; a changed
value is to be checked afresh. The provider's history shows each discrepancy once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from placement_qa.domain.actions import NewAction
from placement_qa.domain.provider_return import DISPUTED, UNCHECKED, VERIFIED
from placement_qa.domain.timeline import DISCREPANCY
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.store.provider_returns import (
    ReportedValue,
    raise_action_for_item,
    record_form_sent,
    record_return,
)
from placement_qa.store.timeline import provider_timeline
from placement_qa.store.visit_notes import load_visit_note, save_draft, start_recording

VISIT_DAY = date(2026, 11, 18)


@pytest.fixture
def visit(db, planned_good_visit):
    ensure_default_framework(db)
    return planned_good_visit(db, VISIT_DAY)


def _return(db, visit, form_id: str, vacancies: str, on_roll: str, on: date) -> None:
    oakfield, visit_id = visit
    record_form_sent(db, visit_id=visit_id, provider_id=oakfield, form_id=form_id,
                     sent_on=date(2026, 11, 2))
    record_return(db, form_id=form_id, returned_on=on, completed_by="Head teacher",
                  values=[ReportedValue("vacancies", vacancies),
                          ReportedValue("on_roll", on_roll)])


def _items(db, visit_id: int) -> dict:
    return {i.item_key: i for i in load_visit_note(db, visit_id).reported_items}


def test_a_second_return_keeps_the_checks_on_values_reported_again(db, visit):
    oakfield, visit_id = visit
    _return(db, visit, "F-1", "3", "41", date(2026, 11, 10))
    note = start_recording(db, visit_id)
    checked = {"vacancies": dict(verification=DISPUTED, verified_value="5",
                                 verification_note="Admissions list shows 5"),
               "on_roll": dict(verification=VERIFIED)}
    save_draft(db, replace(note, reported_items=tuple(
        replace(i, **checked[i.item_key]) for i in note.reported_items)))
    action = raise_action_for_item(db, _items(db, visit_id)["vacancies"].item_id, NewAction(
        provider_id=oakfield, description="Vacancies disputed", owner_kind="provider",
        owner="Head", due_date=date(2026, 12, 16), priority="high", visit_id=visit_id,
        raised_on=VISIT_DAY))

    _return(db, visit, "F-2", "3", "42", date(2026, 11, 12))   # on roll changed
    items = _items(db, visit_id)
    vacancies, on_roll = items["vacancies"], items["on_roll"]
    assert (vacancies.reported_value, vacancies.reported_on) == ("3", date(2026, 11, 12))
    assert (vacancies.verification, vacancies.verified_value, vacancies.verification_note,
            vacancies.action_id) == (DISPUTED, "5", "Admissions list shows 5", action)
    assert (on_roll.reported_value, on_roll.verification) == ("42", UNCHECKED)

    discrepancies = [e.text for e in provider_timeline(db, oakfield) if e.kind == DISCREPANCY]
    assert len(discrepancies) == 1 and "Vacancies" in discrepancies[0]
