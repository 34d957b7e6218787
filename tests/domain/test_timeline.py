"""The timeline's wording and order (no register needed)."""

from __future__ import annotations

from datetime import date

import pytest

from placement_qa.domain.escalation import (
    EscalationRefused,
    check_escalation_date,
    propose_escalation_date,
)
from placement_qa.domain.provider_return import ReportedItem
from placement_qa.domain.timeline import (
    action_closed_event,
    action_opened_event,
    discrepancy_text,
    inspection_event,
    newest_first,
    return_event,
    visit_event,
)

DAY = date(2026, 11, 18)


@pytest.mark.parametrize(("status", "rag", "text"), [
    ("completed", "outstanding", "Annual monitoring, completed — overall judgement Outstanding"),
    ("completed", "requires_improvement",
     "Annual monitoring, completed — overall judgement Requires improvement"),
    ("completed", None, "Annual monitoring, completed"),
    ("planned", None, "Annual monitoring, planned"),
    ("draft", "inadequate", "Annual monitoring, draft"),  # not judged until signed off
    ("cancelled", None, "Annual monitoring, cancelled"),
])
def test_a_visit_says_its_type_status_and_judgement(status, rag, text):
    assert visit_event(DAY, "annual_monitoring", status, rag, 7).text == text


@pytest.mark.parametrize(("verification", "found", "note", "text"), [
    ("disputed", "5", "", "Vacancies: reported 3, found 5 — disputed"),
    ("not_verified", "", "No records", "Vacancies: reported 3 — not verified (No records)"),
    ("disputed", " 4 ", "Head agreed", "Vacancies: reported 3, found 4 — disputed (Head agreed)"),
])
def test_a_discrepancy_says_what_was_reported_and_found(verification, found, note, text):
    item = ReportedItem(item_id=1, item_key="vacancies", reported_value="3", reported_on=DAY,
                        verification=verification, verified_value=found,
                        verification_note=note)
    assert discrepancy_text(item) == text


def test_a_childs_item_names_the_child_by_initials_only():
    item = ReportedItem(item_id=1, item_key="incidents", reported_value="0", reported_on=DAY,
                        placement_id=4, child_initials="Z. Ł.", verification="disputed",
                        verified_value="2")
    assert discrepancy_text(item) == (
        "Incidents involving the pupil this term (Z. Ł.): reported 0, found 2 — disputed")


def test_actions_and_returns_are_worded_for_a_reader():
    assert action_opened_event(DAY, "Fix the gate", date(2026, 12, 1), 1).line == (
        "18/11/2026 — Action opened: Fix the gate (due 01/12/2026)")
    assert action_closed_event(DAY, "Fix the gate", "done", "Replaced", 1).line == (
        "18/11/2026 — Action closed: Fix the gate — done: Replaced")
    assert action_closed_event(DAY, "Fix the gate", "cancelled", "", 1).text == (
        "Fix the gate — cancelled")
    assert return_event(DAY, "", None, 1).text == "Imported"
    assert inspection_event(DAY, "Ofsted (education)", "Good").text == (
        "Ofsted (education) — Good")


def test_newest_day_first_and_within_a_day_what_happened_last_first():
    visit = visit_event(DAY, "annual_monitoring", "completed", "good", 3)
    raised = action_opened_event(DAY, "Fix the gate", None, 9)
    raised_later = action_opened_event(DAY, "Paint", None, 10)
    returned = return_event(DAY, "Head", DAY, 1)
    inspected = inspection_event(date(2019, 5, 1), "Ofsted (education)", "Good")
    next_visit = visit_event(date(2027, 3, 1), "annual_monitoring", "planned", None, 4)
    shuffled = [inspected, raised, returned, next_visit, visit, raised_later]
    assert newest_first(shuffled) == [next_visit, raised_later, raised, visit, returned,
                                      inspected]


# --- escalation dates ------------------------------------------------------------------

@pytest.mark.parametrize(("follow_up", "next_planned", "proposed"), [
    (date(2026, 11, 25), None, date(2026, 12, 23)),  # four weeks on, a Wednesday
    (date(2026, 11, 22), None, date(2026, 12, 21)),  # Sunday 20/12 -> Monday
    (date(2026, 11, 27), None, date(2026, 12, 29)),  # Christmas and Boxing Day skipped
    (date(2026, 11, 25), date(2026, 12, 11), date(2026, 12, 10)),  # sooner than that visit
    (date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 26)),  # no working day before
])
def test_the_additional_visit_offered_is_sooner(follow_up, next_planned, proposed):
    assert propose_escalation_date(follow_up, date(2026, 11, 25), next_planned) == proposed


@pytest.mark.parametrize(("day", "next_planned", "refused"), [
    (date(2026, 11, 25), None, "must be after today (25/11/2026), not 25/11/2026"),
    (date(2026, 11, 1), None, "must be after today"),
    (date(2027, 3, 1), date(2027, 3, 1), "already planned for 01/03/2027"),
    (date(2027, 3, 2), date(2027, 3, 1), "must be sooner than that, not 02/03/2027"),
])
def test_a_date_not_after_today_or_not_sooner_is_refused(day, next_planned, refused):
    with pytest.raises(EscalationRefused, match=refused.replace("(", r"\(").replace(")", r"\)")
                       ) as caught:
        check_escalation_date(day, date(2026, 11, 25), next_planned)
    assert caught.value.about_date


def test_a_date_after_today_and_before_the_next_visit_is_accepted():
    check_escalation_date(date(2026, 12, 1), date(2026, 11, 25), date(2027, 3, 1))
    check_escalation_date(date(2027, 6, 1), date(2026, 11, 25), None)
