"""Providers causing concern, by example: the tighter interval, the guardrail, the checks."""

from dataclasses import replace
from datetime import date

import pytest

from placement_qa.domain.concerns import (
    CauseForConcern,
    ConcernError,
    ConcernPeriod,
    check_lifting,
    check_setting,
    concern_status,
    concern_words,
    review_due,
    with_cause,
)
from placement_qa.domain.guardrail import GuardrailException, PlacementBlocked, check_new_placement
from placement_qa.domain.register import VISIT_COMPLETED, RegisterPlacement, VisitCoverage
from placement_qa.domain.schedule import Status, schedule_line

PLACEMENT = RegisterPlacement(
    placement_id=1, child_id=1, child_name="Zoë Łukasiewicz", provider_id=7,
    provider_name="Hillcrest House", provider_type="independent_special",
    host_authority="Kent", start_date=date(2025, 1, 6), end_date=None, arrangement="day",
    state="placed", visit_interval_months=12)
SINCE = date(2026, 2, 10)


def _visit(day: date, visit_id: int = 1) -> VisitCoverage:
    return VisitCoverage(1, visit_id, day, VISIT_COMPLETED)


@pytest.mark.parametrize(("since", "months", "visits", "as_of", "due", "status"), [
    # not causing concern: 12 months from the last visit
    (None, None, [date(2025, 9, 1)], date(2026, 3, 1), date(2026, 9, 1), Status.IN_SCHEDULE),
    # set on 10/02/2026: due 3 months from that day, before the 12-monthly visit
    (SINCE, 3, [date(2025, 9, 1)], date(2026, 3, 1), date(2026, 5, 10), Status.IN_SCHEDULE),
    (SINCE, 3, [date(2025, 9, 1)], date(2026, 5, 11), date(2026, 5, 10), Status.OVERDUE),
    # the interval is a setting
    (SINCE, 1, [date(2025, 9, 1)], date(2026, 3, 1), date(2026, 3, 10), Status.DUE_SOON),
    # a visit after it was set: 3 months from that visit
    (SINCE, 3, [date(2025, 9, 1), date(2026, 3, 2)], date(2026, 4, 1), date(2026, 6, 2),
     Status.IN_SCHEDULE),
    # the regular interval when it is already sooner (a visit due in 2 weeks stays so)
    (SINCE, 3, [date(2025, 2, 20)], date(2026, 2, 11), date(2026, 2, 20), Status.DUE_SOON),
])
def test_a_provider_causing_concern_brings_the_next_visit_forward(
        since, months, visits, as_of, due, status):
    placement = replace(PLACEMENT, concern_since=since, concern_interval_months=months)
    coverage = [_visit(day, number) for number, day in enumerate(visits, 1)]
    line = schedule_line(placement, coverage, as_of, "Westbridge")
    assert (line.next_due, line.status) == (due, status)


def test_lifting_it_restores_the_placements_own_interval():
    visits = [_visit(date(2025, 9, 1))]
    concerned = schedule_line(replace(PLACEMENT, concern_since=SINCE, concern_interval_months=3),
                              visits, date(2026, 6, 1), "Westbridge")
    lifted = schedule_line(PLACEMENT, visits, date(2026, 6, 1), "Westbridge")
    assert (concerned.next_due, concerned.status) == (date(2026, 5, 10), Status.OVERDUE)
    assert (lifted.next_due, lifted.status) == (date(2026, 9, 1), Status.IN_SCHEDULE)


def test_a_new_placement_there_needs_a_reason_and_an_approver():
    concern = with_cause(None, CauseForConcern(SINCE, "Restraint not recorded", date(2026, 5, 1)))
    with pytest.raises(PlacementBlocked, match="name the manager") as blocked:
        check_new_placement(concern, date(2026, 3, 1), GuardrailException("Tribunal order", ""))
    assert "Provider causing concern since 10/02/2026: Restraint not recorded." in str(
        blocked.value)
    check_new_placement(concern, date(2026, 3, 1), GuardrailException("Tribunal order", "Jo"))
    # a placement that began before it was set was not made at a provider causing concern
    check_new_placement(concern, date(2026, 2, 9), None)


def test_a_below_good_provider_also_causing_concern_names_both():
    from placement_qa.domain.inspection import Concern, Inspection
    inspection = Inspection("Ofsted (education)", date(2026, 4, 1), "Ofsted EIF 2019 (graded)")
    both = with_cause(Concern("Inspection below good.", inspection),
                      CauseForConcern(SINCE, "Complaints", None))
    assert both.reason == ("Inspection below good. Provider causing concern since 10/02/2026: "
                           "Complaints.")
    with pytest.raises(PlacementBlocked):   # after the concern, before the inspection
        check_new_placement(both, date(2026, 3, 1), None)


@pytest.mark.parametrize(("reason", "review", "by", "current", "message"), [
    ("", date(2026, 5, 1), "Jo", None, "Give the reason for concern."),
    ("Complaints", None, "Jo", None, "Give the date to review it."),
    ("Complaints", SINCE, "Jo", None,
     "The review date (10/02/2026) must be after the day it is set (10/02/2026)."),
    ("Complaints", date(2026, 5, 1), " ", None, "Name the manager setting it."),
    ("Complaints", date(2026, 5, 1), "Jo",
     ConcernPeriod(1, 7, date(2026, 1, 5), "Earlier", None, "Jo"),
     "The provider is already causing concern since 05/01/2026; lift it first."),
])
def test_setting_it_needs_a_reason_a_review_date_and_a_manager(reason, review, by, current,
                                                               message):
    with pytest.raises(ConcernError) as refused:
        check_setting(reason, SINCE, review, by, current)
    assert str(refused.value) == message


def test_lifting_it_needs_an_open_concern_a_reason_and_a_day_not_before_it_was_set():
    period = ConcernPeriod(1, 7, SINCE, "Complaints", None, "Jo")
    with pytest.raises(ConcernError, match="nothing to lift"):
        check_lifting(None, date(2026, 3, 1), "Resolved", "Jo")
    with pytest.raises(ConcernError) as refused:
        check_lifting(period, date(2026, 2, 9), "", "Jo")
    assert str(refused.value) == ("The day it is lifted (09/02/2026) must not be before the day "
                                  "it was set (10/02/2026); give the reason for lifting it.")
    check_lifting(period, SINCE, "Resolved", "Jo")


def test_a_review_date_reached_is_due_for_review():
    cause = CauseForConcern(SINCE, "Complaints", date(2026, 5, 1))
    assert not review_due(cause, date(2026, 4, 30))
    assert review_due(cause, date(2026, 5, 1))
    assert concern_status(cause, date(2026, 5, 2)) == (
        "Cause for concern since 10/02/2026 (due for review)")
    assert concern_status(cause, date(2026, 4, 2)) == "Cause for concern since 10/02/2026"
    assert concern_status(None, date(2026, 4, 2)) == ""
    assert concern_words(cause) == "Provider causing concern since 10/02/2026: Complaints"
