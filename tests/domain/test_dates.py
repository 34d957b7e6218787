"""Dates typed and shown UK style, stored ISO; month arithmetic with clamping."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from placement_qa.domain.dates import InvalidDate, add_months, parse_date, uk


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
