"""Dates typed and shown UK style, stored ISO; month arithmetic with clamping."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from placement_qa.domain.dates import (
    InvalidDate,
    add_months,
    council_day,
    council_day_start,
    parse_date,
    shown_time,
    stored_stamp,
    uk,
)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 11, 22), 12, date(2027, 11, 22)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),  # over the year end
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(day, months) == expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2090, 1, 1)),
       st.integers(min_value=0, max_value=120))
def test_add_months_lands_in_the_right_month_never_later_day(day, months):
    result = add_months(day, months)
    assert result.year * 12 + result.month == day.year * 12 + day.month + months
    assert result.day <= day.day


@pytest.mark.parametrize(
    ("text", "expected"),
    [("22/11/2026", date(2026, 11, 22)), ("1/2/2027", date(2027, 2, 1)),
     ("2026-11-22", date(2026, 11, 22)), (" 29/02/2028 ", date(2028, 2, 29))],
)
def test_parse_date_accepts_uk_and_iso(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2026", "Start date: '31/02/2026' is not a real date"),
        ("29/02/2027", "Start date: '29/02/2027' is not a real date"),
        ("2026-13-01", "Start date: '2026-13-01' is not a real date"),
        ("next week", "Start date: 'next week' is not a date; type it as DD/MM/YYYY"),
        ("", "Start date: '' is not a date; type it as DD/MM/YYYY"),
    ],
)
def test_parse_date_explains_what_is_wrong(text, message):
    with pytest.raises(InvalidDate) as error:
        parse_date(text, field="Start date")
    assert str(error.value) == message


def test_dates_are_shown_uk_style():
    assert uk(date(2026, 11, 22)) == "22/11/2026"
    assert uk(date(2027, 1, 5)) == "05/01/2027"
    assert uk(None) == ""


ZONES = ["UTC", "America/New_York", "Europe/London", "Asia/Tokyo"]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(("stamp", "shown"), [
    ("2025-12-04T15:30:00Z", "04/12/2025 15:30"),        # GMT
    ("2026-07-01T08:05:00Z", "01/07/2026 09:05"),        # BST
    ("2026-07-15T23:30:00.000Z", "16/07/2026 00:30"),    # the change log's form; next day
    ("2026-03-29T01:00:00Z", "29/03/2026 02:00"),        # the first minute of BST
    ("2026-10-25T00:59:00+00:00", "25/10/2026 01:59"),   # the last of it
    ("2026-10-25T01:00:00", "25/10/2026 01:00"),         # no zone written: UTC
    (None, ""),
    ("not a time", "not a time"),                        # shown as it is, never lost
])
def test_stored_times_are_shown_on_the_councils_clock_whatever_the_computers(
        machine_zone, zone, stamp, shown):
    machine_zone(zone)
    assert shown_time(stamp) == shown


def test_seconds_are_shown_when_asked_for():
    assert shown_time("2026-07-15T23:30:05.250Z", seconds=True) == "16/07/2026 00:30:05"


@pytest.mark.parametrize("zone", ZONES)
def test_a_moment_is_stored_as_utc_text(machine_zone, zone):
    machine_zone(zone)
    london_summer = datetime(2026, 7, 1, 15, 30, tzinfo=UTC).astimezone()
    assert stored_stamp(london_summer) == "2026-07-01T15:30:00Z"
    assert stored_stamp().endswith("Z")


@pytest.mark.parametrize("zone", ZONES)
def test_council_days_start_at_uk_midnight(machine_zone, zone):
    machine_zone(zone)
    assert council_day_start(date(2026, 7, 16)) == datetime(2026, 7, 15, 23, tzinfo=UTC)
    assert council_day_start(date(2026, 11, 22)) == datetime(2026, 11, 22, tzinfo=UTC)
    assert council_day("2026-07-15T23:30:00Z") == date(2026, 7, 16)
    assert council_day("2026-11-22T23:30:00Z") == date(2026, 11, 22)



def test_today_is_the_councils_day_whatever_the_computers_zone(council_clock_at, machine_zone):
    from placement_qa.domain.dates import council_today

    machine_zone("America/New_York")
    council_clock_at(datetime(2026, 7, 15, 23, 30, tzinfo=UTC))  # 19:30 in New York
    assert council_today() == date(2026, 7, 16)  # 00:30 in London (BST)
