"""Follow-up actions that age, by example: the chase stage due (working days past the due
date: weekends and bank holidays do not count) and the ageing bands (calendar days)."""

from __future__ import annotations

from datetime import date

import pytest

from placement_qa.domain.action_chase import (
    AGEING_BANDS,
    CHASED,
    ESCALATED,
    REMINDER,
    ChaseDays,
    ChaseRecord,
    ProviderAgeing,
    ageing_band,
    ageing_by_provider,
    ageing_totals,
    check_chase,
    stage_due,
    stage_due_words,
)
from placement_qa.domain.actions import FollowUpAction
from placement_qa.domain.validation import FieldError

D = date
DAYS = ChaseDays()  # 1, 10 and 20 working days past due
FRIDAY = D(2026, 11, 6)


def action(due: date | None, status: str = "open", provider: str = "Oakfield",
           action_id: int = 1) -> FollowUpAction:
    return FollowUpAction(action_id=action_id, visit_id=None, description="Send the log",
                          owner="Head", due_date=due, status=status, provider_name=provider)


def chase(stage: str, on: date, by: str = "Jo Okafor", note: str = "Emailed") -> ChaseRecord:
    return ChaseRecord(1, stage, on, by, note)


@pytest.mark.parametrize(("as_of", "due"), [
    (D(2026, 11, 6), None),        # due today: not yet overdue
    (D(2026, 11, 8), None),        # Sunday: the weekend is no working day
    (D(2026, 11, 9), REMINDER),    # Monday: 1 working day past due
    (D(2026, 11, 19), REMINDER),   # 9 working days
    (D(2026, 11, 20), CHASED),     # 10 working days
    (D(2026, 12, 3), CHASED),      # 19
    (D(2026, 12, 4), ESCALATED),   # 20
])
def test_the_stage_due_by_working_days_past_due(as_of, due):
    assert stage_due(action(FRIDAY), [], DAYS, as_of) == due


@pytest.mark.parametrize(("as_of", "due"), [
    (D(2026, 12, 28), None),       # Christmas, the weekend and the substitute Boxing Day
    (D(2026, 12, 29), REMINDER),   # the first working day after the due date
])
def test_bank_holidays_are_not_working_days(as_of, due):
    assert stage_due(action(D(2026, 12, 24)), [], DAYS, as_of) == due


def test_a_stage_recorded_moves_the_stage_due_on():
    overdue = action(FRIDAY)
    reminded = [chase(REMINDER, D(2026, 11, 10))]
    assert stage_due(overdue, reminded, DAYS, D(2026, 11, 19)) is None
    assert stage_due(overdue, reminded, DAYS, D(2026, 11, 20)) == CHASED
    chased = [*reminded, chase(CHASED, D(2026, 11, 20))]
    assert stage_due_words(overdue, chased, DAYS, D(2026, 12, 3)) == ""
    assert stage_due_words(overdue, chased, DAYS, D(2026, 12, 4)) == \
        "Escalate to contract manager"
    escalated = [*chased, chase(ESCALATED, D(2026, 12, 4))]
    assert stage_due(overdue, escalated, DAYS, D(2027, 6, 1)) is None


def test_settings_move_the_stages_and_closed_actions_are_never_chased():
    days = ChaseDays(reminder=3, chased=5, escalated=6)
    assert stage_due(action(FRIDAY), [], days, D(2026, 11, 10)) is None   # 2 working days
    assert stage_due_words(action(FRIDAY), [], days, D(2026, 11, 11)) == "Chase due: reminder"
    assert stage_due(action(FRIDAY), [], days, D(2026, 11, 16)) == ESCALATED
    assert stage_due(action(FRIDAY, "done"), [], days, D(2026, 12, 16)) is None
    assert stage_due(action(FRIDAY, "in_progress"), [], days, D(2026, 12, 16)) == ESCALATED


@pytest.mark.parametrize(("record", "as_of", "field", "message"), [
    (chase(REMINDER, D(2026, 11, 23)), D(2026, 11, 22), "Date", "is after today (22/11/2026)"),
    (chase(REMINDER, FRIDAY), D(2026, 11, 22), "Date",
     "is not after the due date (06/11/2026): the action was not yet overdue"),
    (chase(REMINDER, D(2026, 11, 9), by=" "), D(2026, 11, 22), "Recorded by", "say who chased"),
    (chase(REMINDER, D(2026, 11, 9), note=""), D(2026, 11, 22), "Note",
     "say what was done or said"),
])
def test_a_chase_is_checked(record, as_of, field, message):
    with pytest.raises(FieldError) as refused:
        check_chase(action(FRIDAY), [], record, as_of)
    assert (refused.value.field, refused.value.message) == (field, message)


def test_a_stage_is_recorded_once_and_in_order():
    chased = [chase(CHASED, D(2026, 11, 20))]
    with pytest.raises(FieldError, match="'Reminder' cannot be recorded after Chased "
                                         "20/11/2026 \\(Jo Okafor\\)"):
        check_chase(action(FRIDAY), chased, chase(REMINDER, D(2026, 11, 23)), D(2026, 11, 23))
    with pytest.raises(FieldError, match="is before the last stage recorded"):
        check_chase(action(FRIDAY), chased, chase(ESCALATED, D(2026, 11, 19)), D(2026, 11, 23))
    with pytest.raises(FieldError, match="the action is done"):
        check_chase(action(FRIDAY, "done"), [], chase(REMINDER, D(2026, 11, 9)), D(2026, 11, 9))
    kept = check_chase(action(FRIDAY), chased, chase(ESCALATED, D(2026, 12, 4), " Jo ",
                                                     " Told the contract manager "),
                       D(2026, 12, 4))
    assert (kept.by, kept.note) == ("Jo", "Told the contract manager")


AS_OF = D(2026, 11, 22)


@pytest.mark.parametrize(("days_past", "band"), [
    (-1, "Not yet due"),
    (0, "0–30 days"),
    (30, "0–30 days"),
    (31, "31–60 days"),
    (60, "31–60 days"),
    (61, "61–90 days"),
    (90, "61–90 days"),
    (91, "Over 90 days"),
])
def test_the_ageing_bands_boundaries(days_past, band):
    due = D.fromordinal(AS_OF.toordinal() - days_past)
    assert ageing_band(action(due), AS_OF) == band


def test_closed_actions_do_not_age_and_bands_count_by_provider():
    actions = [
        action(D(2026, 12, 1), provider="Oakfield"),
        action(D(2026, 11, 1), provider="Oakfield"),
        action(D(2026, 8, 1), provider="Oakfield"),
        action(D(2026, 8, 1), "done", provider="Oakfield"),
        action(D(2026, 10, 1), "in_progress", provider="Brookside"),
        action(D(2026, 1, 1), provider=""),
    ]
    assert ageing_band(actions[3], AS_OF) is None
    rows = ageing_by_provider(actions, AS_OF)
    assert rows == [ProviderAgeing("Brookside", (0, 0, 1, 0, 0)),
                    ProviderAgeing("Oakfield", (1, 1, 0, 0, 1)),
                    ProviderAgeing("No provider", (0, 0, 0, 0, 1))]
    total = ageing_totals(rows)
    assert (total.provider, total.counts, total.total) == ("All providers", (1, 1, 1, 0, 2), 5)
    assert ageing_totals([]).counts == (0,) * len(AGEING_BANDS)
