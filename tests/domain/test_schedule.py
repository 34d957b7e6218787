"""The schedule rules the council is judged on, each rule and edge as a table."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from placement_qa.domain.dates import add_months
from placement_qa.domain.register import (
    AWAITING_PROVISION,
    DAY,
    ELECTIVE_HOME_EDUCATION,
    INDEPENDENT_POST16,
    INDEPENDENT_SPECIAL,
    NON_MAINTAINED_SPECIAL,
    PLACED,
    RESIDENTIAL_52_WEEK,
    RESIDENTIAL_TERMLY,
    RESIDENTIAL_WEEKLY,
    VISIT_CANCELLED,
    VISIT_COMPLETED,
    VISIT_DRAFT,
    VISIT_PLANNED,
    RegisterPlacement,
    VisitCoverage,
)
from placement_qa.domain.schedule import (
    Status,
    build_schedule,
    compute_kpis,
    requires_monitoring,
    schedule_line,
    visited_within_year,
)

HOME = "Westbridge"
AS_OF = date(2026, 11, 22)


def placement(**changes) -> RegisterPlacement:
    """An out-of-borough day place at an independent special school from 01/09/2024."""
    base = RegisterPlacement(
        placement_id=1, child_id=1, child_name="Zoë Łukasiewicz", provider_id=10,
        provider_name="Oakfield House School", provider_type=INDEPENDENT_SPECIAL,
        host_authority="Kent", start_date=date(2024, 9, 1), end_date=None,
        arrangement=DAY, state=PLACED, visit_interval_months=12,
    )
    return replace(base, **changes)


def visit(day: date, status: str = VISIT_COMPLETED, visit_id: int = 1) -> VisitCoverage:
    return VisitCoverage(placement_id=1, visit_id=visit_id, visit_date=day, status=status)


# --- requires monitoring ----------------------------------------------------

IN_BOROUGH_MAINTAINED = dict(provider_type="maintained_special", host_authority=HOME)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, True),  # independent special, out of borough
        (IN_BOROUGH_MAINTAINED, False),
        # the same authority, typed loosely
        ({**IN_BOROUGH_MAINTAINED, "host_authority": "westbridge "}, False),
        ({**IN_BOROUGH_MAINTAINED, "host_authority": "Kent"}, True),  # out of borough
        ({**IN_BOROUGH_MAINTAINED, "arrangement": RESIDENTIAL_WEEKLY}, True),
        ({**IN_BOROUGH_MAINTAINED, "arrangement": RESIDENTIAL_TERMLY}, True),
        ({**IN_BOROUGH_MAINTAINED, "arrangement": RESIDENTIAL_52_WEEK}, True),
        ({**IN_BOROUGH_MAINTAINED, "provider_type": INDEPENDENT_SPECIAL}, True),
        ({**IN_BOROUGH_MAINTAINED, "provider_type": NON_MAINTAINED_SPECIAL}, True),
        ({**IN_BOROUGH_MAINTAINED, "provider_type": INDEPENDENT_POST16}, True),
        ({**IN_BOROUGH_MAINTAINED, "provider_type": "mainstream_resourced"}, False),
        (dict(provider_id=None, provider_type="", host_authority="",
              arrangement=ELECTIVE_HOME_EDUCATION), True),
        (dict(provider_id=None, provider_type="", host_authority="",
              state=AWAITING_PROVISION), False),
    ],
)
def test_requires_monitoring(changes, expected):
    assert requires_monitoring(placement(**changes), HOME) is expected


# --- next due and status ------------------------------------------------------

@pytest.mark.parametrize(
    ("changes", "visits", "as_of", "last", "due", "status"),
    [
        # never visited: start + 12 months
        ({}, [], date(2025, 8, 5), None, date(2025, 9, 1), Status.DUE_SOON),
        ({}, [], date(2025, 9, 2), None, date(2025, 9, 1), Status.OVERDUE),
        ({}, [], date(2025, 7, 1), None, date(2025, 9, 1), Status.IN_SCHEDULE),
        # visited: last visit + interval
        ({}, [date(2026, 1, 15)], AS_OF, date(2026, 1, 15), date(2027, 1, 15), Status.IN_SCHEDULE),
        ({}, [date(2025, 10, 1)], AS_OF, date(2025, 10, 1), date(2026, 10, 1), Status.OVERDUE),
        # the latest completed visit counts, whatever order they come in
        ({}, [date(2026, 3, 1), date(2025, 3, 1)], AS_OF, date(2026, 3, 1), date(2027, 3, 1),
         Status.IN_SCHEDULE),
        # due on the day itself: due soon, not overdue; due yesterday: overdue
        ({}, [date(2025, 11, 22)], AS_OF, date(2025, 11, 22), AS_OF, Status.DUE_SOON),
        ({}, [date(2025, 11, 21)], AS_OF, date(2025, 11, 21), date(2026, 11, 21), Status.OVERDUE),
        # the due-soon window is the 30 days D..D+29
        ({}, [date(2025, 12, 21)], AS_OF, date(2025, 12, 21), date(2026, 12, 21), Status.DUE_SOON),
        ({}, [date(2025, 12, 22)], AS_OF, date(2025, 12, 22), date(2026, 12, 22),
         Status.IN_SCHEDULE),
        # shorter intervals
        ({"visit_interval_months": 6}, [date(2026, 4, 1)], AS_OF, date(2026, 4, 1),
         date(2026, 10, 1), Status.OVERDUE),
        ({"visit_interval_months": 1}, [date(2026, 11, 1)], AS_OF, date(2026, 11, 1),
         date(2026, 12, 1), Status.DUE_SOON),
        # month ends clamp; leap years
        ({"visit_interval_months": 1}, [date(2027, 1, 31)], date(2027, 2, 1), date(2027, 1, 31),
         date(2027, 2, 28), Status.DUE_SOON),
        ({"visit_interval_months": 1}, [date(2028, 1, 31)], date(2028, 2, 1), date(2028, 1, 31),
         date(2028, 2, 29), Status.DUE_SOON),
        ({}, [date(2024, 2, 29)], date(2025, 3, 1), date(2024, 2, 29), date(2025, 2, 28),
         Status.OVERDUE),
        # a visit after as_of is not yet a last visit
        ({}, [date(2026, 12, 1)], AS_OF, None, date(2025, 9, 1), Status.OVERDUE),
        # a visit on as_of counts
        ({}, [AS_OF], AS_OF, AS_OF, date(2027, 11, 22), Status.IN_SCHEDULE),
    ],
)
def test_next_due_and_status(changes, visits, as_of, last, due, status):
    line = schedule_line(placement(**changes), [visit(d) for d in visits], as_of, HOME)
    assert (line.last_visit, line.next_due, line.status) == (last, due, status)


@pytest.mark.parametrize("ignored", [VISIT_CANCELLED, VISIT_DRAFT, VISIT_PLANNED])
def test_only_completed_visits_count(ignored):
    line = schedule_line(placement(), [visit(date(2026, 6, 1), ignored)], AS_OF, HOME)
    assert line.last_visit is None
    assert line.status == Status.OVERDUE  # due 01/09/2025 from the start date


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"end_date": date(2026, 11, 21)}, Status.ENDED),
        ({"end_date": AS_OF}, Status.OVERDUE),  # still placed on its last day
        ({"provider_id": None, "state": AWAITING_PROVISION}, Status.AWAITING_PROVISION),
        ({"start_date": date(2026, 11, 23)}, Status.NOT_STARTED),
        (dict(IN_BOROUGH_MAINTAINED), Status.NOT_REQUIRED),
        ({**IN_BOROUGH_MAINTAINED, "end_date": date(2025, 1, 1)}, Status.ENDED),
    ],
)
def test_status_precedence(changes, status):
    assert schedule_line(placement(**changes), [], AS_OF, HOME).status == status


def test_a_draft_visit_shows_as_being_written_up_not_as_planned():
    history = [visit(date(2025, 10, 1)), visit(date(2026, 11, 19), VISIT_DRAFT, 2)]
    line = schedule_line(placement(), history, AS_OF, HOME)
    assert line.status == Status.OVERDUE  # a draft is not yet a completed visit
    assert (line.planned_visit, line.planned_is_draft) == (date(2026, 11, 19), True)


@pytest.mark.parametrize(
    ("visits", "planned", "late"),
    [
        ([visit(date(2026, 12, 1), VISIT_PLANNED)], date(2026, 12, 1), True),  # due 01/10/2026
        ([visit(date(2026, 9, 20), VISIT_PLANNED)], date(2026, 9, 20), False),
        ([visit(date(2026, 12, 1), VISIT_CANCELLED)], None, False),
        # planned visits before the last completed one are history, not a plan
        ([visit(date(2025, 9, 1), VISIT_PLANNED, 2)], None, False),
        # the earliest future plan is the one shown
        ([visit(date(2027, 1, 5), VISIT_PLANNED, 2), visit(date(2026, 12, 2), VISIT_DRAFT, 3)],
         date(2026, 12, 2), True),
    ],
)
def test_planned_visit_shown_beside_status(visits, planned, late):
    history = [visit(date(2025, 10, 1))] + visits
    line = schedule_line(placement(), history, AS_OF, HOME)
    assert line.status == Status.OVERDUE
    assert (line.planned_visit, line.planned_late) == (planned, late)


# --- KPIs -------------------------------------------------------------------------

def test_kpis_count_live_monitored_placements_and_their_providers():
    placements = [
        placement(placement_id=1, provider_id=10),  # visited 01/03/2026: in schedule
        placement(placement_id=2, provider_id=10),  # same provider, not covered: overdue
        placement(placement_id=3, provider_id=20),  # visited 2024: overdue
        placement(placement_id=4, provider_id=30, **IN_BOROUGH_MAINTAINED),  # not required
        placement(placement_id=5, provider_id=40, end_date=date(2025, 1, 1)),  # ended
        placement(placement_id=6, provider_id=None, provider_type="", host_authority="",
                  arrangement=ELECTIVE_HOME_EDUCATION, start_date=date(2026, 6, 1)),
    ]
    coverage = [
        VisitCoverage(1, 100, date(2026, 3, 1), VISIT_COMPLETED),
        VisitCoverage(3, 101, date(2024, 5, 1), VISIT_COMPLETED),
    ]
    lines = build_schedule(placements, coverage, AS_OF, HOME)
    assert [line.status for line in lines] == [
        Status.IN_SCHEDULE, Status.OVERDUE, Status.OVERDUE, Status.NOT_REQUIRED, Status.ENDED,
        Status.IN_SCHEDULE,
    ]
    visits_by_provider = {10: [date(2026, 3, 1)], 20: [date(2024, 5, 1)], 40: [date(2026, 1, 1)]}
    kpis = compute_kpis(lines, visits_by_provider, AS_OF)
    assert (kpis.monitored_placements, kpis.monitored_not_overdue) == (4, 2)
    assert kpis.in_schedule_percent == pytest.approx(50.0)
    # providers 10 and 20 have live monitored placements; only 10 was visited in 12 months
    assert (kpis.monitored_providers, kpis.providers_visited_12_months) == (2, 1)
    assert kpis.providers_visited_percent == pytest.approx(50.0)


@pytest.mark.parametrize(
    ("visit_day", "counted"),
    [
        (date(2025, 11, 22), True),  # exactly 12 months before: not yet overdue, so visited
        (date(2025, 11, 21), False),
        (date(2026, 11, 23), False),  # after as_of
        (AS_OF, True),
    ],
)
def test_providers_visited_in_last_12_months_boundary(visit_day, counted):
    lines = build_schedule([placement()], [], AS_OF, HOME)
    kpis = compute_kpis(lines, {10: [visit_day]}, AS_OF)
    assert kpis.providers_visited_12_months == (1 if counted else 0)


def test_kpis_with_nothing_to_monitor_are_not_a_number():
    kpis = compute_kpis([], {}, AS_OF)
    assert kpis.in_schedule_percent is None and kpis.providers_visited_percent is None


# --- properties -------------------------------------------------------------------

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
intervals = st.integers(min_value=1, max_value=12)


@given(start=dates, as_of=dates, interval=intervals)
def test_a_completed_visit_on_the_day_never_leaves_a_placement_overdue(start, as_of, interval):
    p = placement(start_date=min(start, as_of), visit_interval_months=interval)
    line = schedule_line(p, [visit(as_of)], as_of, HOME)
    assert line.status != Status.OVERDUE
    assert line.last_visit == as_of


@given(start=dates, visit_days=st.lists(dates, max_size=6), as_of=dates, interval=intervals)
def test_next_due_follows_the_latest_completed_visit(start, visit_days, as_of, interval):
    p = placement(start_date=min([start, as_of, *visit_days]), visit_interval_months=interval)
    line = schedule_line(p, [visit(d, visit_id=i) for i, d in enumerate(visit_days)], as_of, HOME)
    counted = [d for d in visit_days if d <= as_of]
    assert line.last_visit == (max(counted) if counted else None)
    assert line.next_due == add_months(line.last_visit or p.start_date, interval)
    assert line.next_due > (line.last_visit or p.start_date)
    assert (line.status == Status.OVERDUE) == (line.next_due < as_of)


@given(as_of=dates, interval=intervals, extra=st.integers(min_value=0, max_value=400))
def test_planned_and_cancelled_visits_never_change_the_due_date(as_of, interval, extra):
    p = placement(start_date=as_of - timedelta(days=extra), visit_interval_months=interval)
    bare = schedule_line(p, [], as_of, HOME)
    noisy = schedule_line(
        p, [visit(as_of, VISIT_CANCELLED, 1), visit(as_of, VISIT_DRAFT, 2),
            visit(as_of, VISIT_PLANNED, 3)], as_of, HOME,
    )
    assert (noisy.next_due, noisy.status) == (bare.next_due, bare.status)


# --- additional visit after a downgrade ------------------------------------------

@pytest.mark.parametrize(
    ("visits", "flag", "due", "status"),
    [
        # regular due 01/10/2027; flagged 01/11/2026 for a visit by 13/12/2026
        ([date(2026, 10, 1)], (date(2026, 11, 1), date(2026, 12, 13)), date(2026, 12, 13),
         Status.DUE_SOON),
        # the flag's date has passed without a visit: overdue
        ([date(2026, 8, 1)], (date(2026, 9, 1), date(2026, 10, 13)), date(2026, 10, 13),
         Status.OVERDUE),
        # a completed visit on or after the flag satisfies it
        ([date(2026, 11, 1)], (date(2026, 11, 1), date(2026, 12, 13)), date(2027, 11, 1),
         Status.IN_SCHEDULE),
        # the regular due date is already earlier: it stays
        ([date(2025, 11, 30)], (date(2026, 11, 1), date(2026, 12, 13)), date(2026, 11, 30),
         Status.DUE_SOON),
        ([date(2026, 10, 1)], None, date(2027, 10, 1), Status.IN_SCHEDULE),
    ],
)
def test_a_downgrade_flag_brings_the_next_visit_forward(visits, flag, due, status):
    flagged_on, by = flag or (None, None)
    p = placement(additional_visit_flagged_on=flagged_on, additional_visit_due=by)
    line = schedule_line(p, [visit(d, visit_id=i) for i, d in enumerate(visits)], AS_OF, HOME)
    assert (line.next_due, line.status) == (due, status)


@given(as_of=st.dates(date(2000, 1, 1), date(2100, 12, 31)), back=st.integers(-10, 800))
def test_a_visit_counts_for_the_year_exactly_when_a_yearly_visit_is_not_overdue(as_of, back):
    visit = as_of - timedelta(days=back)
    expected = visit <= as_of and add_months(visit, 12) >= as_of
    assert visited_within_year([visit], as_of) == expected


@pytest.mark.parametrize(("visit", "as_of", "counts"), [
    (date(2023, 2, 28), date(2024, 2, 29), False),  # + 12 months is 28/02/2024
    (date(2023, 3, 1), date(2024, 2, 29), True),
    (date(2024, 2, 29), date(2025, 2, 28), True),
    (date(2024, 2, 29), date(2025, 3, 1), False),
    (date(2025, 11, 22), date(2026, 11, 22), True),
    (date(2025, 11, 21), date(2026, 11, 22), False),
])
def test_a_year_of_visits_around_leap_days(visit, as_of, counts):
    assert visited_within_year([visit], as_of) is counts
