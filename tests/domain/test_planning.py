"""Planning visits: working days, proposed dates, providers due and trips."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from placement_qa.domain.planning import (
    UNKNOWN_REGION,
    PlanningError,
    ProviderDue,
    check_month,
    check_school_holidays,
    due_by_provider,
    month_days,
    propose_dates,
    propose_visit_date,
    region_of,
    trip_groups,
)
from placement_qa.domain.register import DAY, INDEPENDENT_SPECIAL, PLACED, RegisterPlacement
from placement_qa.domain.schedule import ScheduleLine, Status
from placement_qa.domain.working_days import is_bank_holiday, is_working_day

# Autumn half term and Christmas 2026, Easter 2027 (inclusive).
SCHOOL_HOLIDAYS = (
    (date(2026, 10, 26), date(2026, 10, 30)),
    (date(2026, 12, 21), date(2027, 1, 1)),
    (date(2027, 3, 29), date(2027, 4, 9)),
)


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        (date(2026, 12, 25), True),  # Christmas Day, Friday
        (date(2026, 12, 28), True),  # Boxing Day (Saturday) observed on Monday
        (date(2026, 12, 29), False),
        (date(2027, 3, 26), True),  # Good Friday 2027
        (date(2027, 3, 29), True),  # Easter Monday 2027
        (date(2027, 3, 30), False),
        (date(2026, 8, 31), True),  # late summer bank holiday on 31/08
        (date(2026, 5, 4), True),  # early May
        (date(2027, 12, 27), True),  # Christmas Day (Saturday) observed
        (date(2027, 12, 28), True),  # Boxing Day (Sunday) observed
        (date(2026, 11, 30), False),  # St Andrew's Day: Scotland only
        (date(2027, 3, 17), False),  # St Patrick's Day: Northern Ireland only
    ],
)
def test_england_and_wales_bank_holidays(day, holiday):
    assert is_bank_holiday(day) is holiday
    assert is_working_day(day) is not holiday


@pytest.mark.parametrize(
    ("earliest", "expected"),
    [
        (date(2026, 12, 24), [date(2026, 12, 24), date(2026, 12, 29), date(2026, 12, 30)]),
        (date(2026, 12, 25), [date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)]),
        (date(2027, 3, 25), [date(2027, 3, 25), date(2027, 3, 30), date(2027, 3, 31)]),
        (date(2026, 8, 28), [date(2026, 8, 28), date(2026, 9, 1), date(2026, 9, 2)]),
        (date(2026, 11, 21), [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)]),
    ],
)
def test_proposed_dates_skip_weekends_and_bank_holidays(earliest, expected):
    assert propose_dates(earliest, 3) == expected


def test_proposed_dates_skip_school_holidays_only_when_asked():
    assert propose_dates(date(2026, 12, 18), 2, school_holidays=SCHOOL_HOLIDAYS) == [
        date(2026, 12, 18), date(2027, 1, 4),
    ]
    assert propose_dates(date(2026, 12, 18), 2, school_holidays=SCHOOL_HOLIDAYS,
                         avoid_school_holidays=False) == [date(2026, 12, 18), date(2026, 12, 21)]
    assert propose_dates(date(2027, 3, 26), 1, school_holidays=SCHOOL_HOLIDAYS) == [
        date(2027, 4, 12)
    ]


def test_no_dates_asked_for_none_proposed():
    assert propose_dates(date(2026, 12, 25), 0) == []


def test_no_day_of_two_whole_years_proposes_a_weekend_or_bank_holiday():
    bank_holidays_seen = set()
    for n in range(730):
        earliest = date(2026, 1, 1) + timedelta(days=n)
        proposed = propose_dates(earliest, 1)[0]
        assert proposed >= earliest and proposed.weekday() < 5 and not is_bank_holiday(proposed)
        bank_holidays_seen.update(
            earliest + timedelta(days=k)
            for k in range((proposed - earliest).days)
            if is_bank_holiday(earliest + timedelta(days=k))
        )
    # every bank holiday of both years was met and stepped over: 8 on weekdays each year
    # (substitute days included), plus Christmas and Boxing Days that fell at a weekend
    weekend_days = {date(2026, 12, 26), date(2027, 12, 25), date(2027, 12, 26)}
    assert weekend_days <= bank_holidays_seen
    assert len(bank_holidays_seen - weekend_days) == 16
    assert {date(2026, 12, 28), date(2027, 12, 27), date(2027, 12, 28)} <= bank_holidays_seen


def _in_school_holiday(day: date, periods) -> bool:
    return any(start <= day <= end for start, end in periods)


periods_strategy = st.lists(
    st.tuples(
        st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
        st.integers(min_value=0, max_value=20),
    ).map(lambda t: (t[0], t[0] + timedelta(days=t[1]))),
    max_size=5,
)


@given(
    earliest=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
    count=st.integers(min_value=1, max_value=15),
    periods=periods_strategy,
    avoid=st.booleans(),
)
def test_proposed_dates_are_always_working_days(earliest, count, periods, avoid):
    proposed = propose_dates(earliest, count, school_holidays=periods, avoid_school_holidays=avoid)
    assert len(proposed) == count
    assert proposed == sorted(set(proposed))
    assert proposed[0] >= earliest
    for day in proposed:
        assert day.weekday() < 5
        assert not is_bank_holiday(day)
        if avoid:
            assert not _in_school_holiday(day, periods)
    # no working day was passed over between them
    skipped = [
        earliest + timedelta(days=n)
        for n in range((proposed[-1] - earliest).days)
        if earliest + timedelta(days=n) not in proposed
    ]
    used_periods = periods if avoid else ()
    assert not any(is_working_day(day, used_periods) for day in skipped)


@pytest.mark.parametrize(
    ("due", "as_of", "expected"),
    [
        # latest working day on or before the due date
        (date(2027, 1, 20), date(2026, 11, 25), date(2027, 1, 20)),
        (date(2026, 12, 27), date(2026, 11, 25), date(2026, 12, 24)),  # Sunday after Christmas
        (date(2026, 12, 28), date(2026, 11, 25), date(2026, 12, 24)),  # Boxing Day observed
        (date(2027, 3, 29), date(2027, 3, 1), date(2027, 3, 25)),  # Easter Monday
        (date(2026, 8, 31), date(2026, 8, 1), date(2026, 8, 28)),
        # due today is proposed today
        (date(2026, 11, 25), date(2026, 11, 25), date(2026, 11, 25)),
        # overdue: the next working day from as_of
        (date(2026, 10, 1), date(2026, 12, 25), date(2026, 12, 29)),
        # due on a Sunday, looked at on the Saturday before: nothing in between, so Monday
        (date(2026, 11, 29), date(2026, 11, 28), date(2026, 11, 30)),
    ],
)
def test_proposed_visit_date(due, as_of, expected):
    assert propose_visit_date(due, as_of) == expected


def test_proposed_visit_date_avoids_school_holidays():
    due, as_of = date(2026, 12, 23), date(2026, 12, 1)
    assert propose_visit_date(due, as_of, school_holidays=SCHOOL_HOLIDAYS) == date(2026, 12, 18)
    assert propose_visit_date(due, as_of, school_holidays=SCHOOL_HOLIDAYS,
                              avoid_school_holidays=False) == date(2026, 12, 23)
    # from inside the holiday with the due date inside it too: the first day back
    assert propose_visit_date(due, date(2026, 12, 22), school_holidays=SCHOOL_HOLIDAYS) == date(
        2027, 1, 4
    )


def test_school_holidays_are_checked_and_sorted():
    later, earlier = SCHOOL_HOLIDAYS[1], SCHOOL_HOLIDAYS[0]
    assert check_school_holidays([later, earlier]) == [earlier, later]
    with pytest.raises(PlanningError, match="ends before it starts"):
        check_school_holidays([(date(2026, 12, 21), date(2026, 12, 20))])
    with pytest.raises(PlanningError, match="pair of dates"):
        check_school_holidays([(date(2026, 12, 21),)])


@pytest.mark.parametrize("month", ["2026-12", "2027-01"])
def test_month_accepted(month):
    assert check_month(month) == month


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "12/2026", "2026-1", "", "2026-12-01"])
def test_month_refused(month):
    with pytest.raises(PlanningError, match="YYYY-MM"):
        check_month(month)


# --- providers due and trips -----------------------------------------------------

def _line(
    placement_id: int,
    provider_id: int,
    due: date | None,
    *,
    child_id: int | None = None,
    authority: str = "Kent",
    status: Status = Status.OVERDUE,
    planned: date | None = None,
) -> ScheduleLine:
    placement = RegisterPlacement(
        placement_id=placement_id, child_id=child_id or placement_id,
        child_name=f"Child {placement_id}", provider_id=provider_id,
        provider_name=f"Provider {provider_id}", provider_type=INDEPENDENT_SPECIAL,
        host_authority=authority, start_date=date(2024, 9, 1), end_date=None,
        arrangement=DAY, state=PLACED,
    )
    return ScheduleLine(placement=placement, requires_monitoring=True, last_visit=None,
                        next_due=due, status=status, planned_visit=planned)


def test_due_by_provider_counts_children_once_per_provider():
    lines = [
        _line(1, 10, date(2026, 12, 1)),
        _line(2, 10, date(2026, 11, 1), planned=date(2026, 12, 3)),
        _line(3, 10, date(2027, 1, 1), child_id=1),  # a second placement of child 1
        _line(4, 20, date(2026, 10, 1), authority="Surrey"),
        _line(5, 30, None, status=Status.NOT_REQUIRED),
    ]
    assert due_by_provider(lines) == [
        ProviderDue(20, "Provider 20", "Surrey", 1, date(2026, 10, 1), None),
        ProviderDue(10, "Provider 10", "Kent", 2, date(2026, 11, 1), date(2026, 12, 3)),
    ]


def test_due_by_provider_of_nothing_is_empty():
    assert due_by_provider([]) == []


def test_regions_come_from_the_authorities_list():
    assert region_of("Kent") == "South East"
    assert region_of(" kent ") == "South East"
    assert region_of("Atlantis") == UNKNOWN_REGION


def test_trip_groups_gather_providers_due_in_the_window_by_authority():
    start, end = date(2026, 12, 1), date(2026, 12, 31)
    lines = [
        _line(1, 10, date(2026, 12, 20)),  # Kent, due in the window
        _line(2, 11, date(2026, 11, 2), planned=date(2026, 12, 7)),  # Kent, overdue
        _line(3, 20, date(2026, 12, 5), authority="Surrey"),
        _line(4, 30, date(2027, 1, 5), authority="Surrey"),  # after the window
        _line(5, 40, date(2026, 10, 1), status=Status.ENDED),  # ended: not due
        _line(6, 50, date(2026, 12, 9), authority="Atlantis"),
    ]
    groups = trip_groups(lines, start, end)
    assert [(g.host_authority, g.region, g.earliest_due, g.children_due) for g in groups] == [
        ("Kent", "South East", date(2026, 11, 2), 2),
        ("Surrey", "South East", date(2026, 12, 5), 1),
        ("Atlantis", UNKNOWN_REGION, date(2026, 12, 9), 1),
    ]
    kent = groups[0].providers
    assert [(p.provider_id, p.planned_visit) for p in kent] == [(11, date(2026, 12, 7)), (10, None)]


def test_trip_window_must_not_end_before_it_starts():
    with pytest.raises(PlanningError, match="ends before it starts"):
        trip_groups([], date(2026, 12, 31), date(2026, 12, 1))


@pytest.mark.parametrize(
    ("month", "days"),
    [("2026-12", (date(2026, 12, 1), date(2026, 12, 31))),
     ("2028-02", (date(2028, 2, 1), date(2028, 2, 29))),
     ("2027-02", (date(2027, 2, 1), date(2027, 2, 28)))],
)
def test_month_days(month, days):
    assert month_days(month) == days
