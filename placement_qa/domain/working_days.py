"""Working days: not a weekend, not a bank holiday in England and Wales and, when school
holiday periods are given, not inside one (periods are inclusive ``(start, end)`` pairs).

Bank holidays come from the ``holidays`` package with ``subdiv="ENG"``: England and
Wales share the same bank holidays (Scotland and Northern Ireland differ), so the
England list serves both. Plain Python, no Qt, no SQL; planning a visit and telling a
draft note that is late both count days here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache

SchoolHolidays = Sequence[tuple[date, date]]


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    import holidays  # ~30 ms to import: only when a date is first checked, not at start-up

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    """A bank holiday in England and Wales (substitute days included, e.g. 28/12/2026)."""
    return day in _bank_holidays(day.year)


def school_holiday_containing(
    day: date, school_holidays: SchoolHolidays
) -> tuple[date, date] | None:
    """The school holiday period (inclusive) that ``day`` falls in, or None."""
    for start, end in school_holidays:
        if start <= day <= end:
            return start, end
    return None


def is_working_day(day: date, school_holidays: SchoolHolidays = ()) -> bool:
    """Monday to Friday, not a bank holiday and not in any of ``school_holidays``."""
    if day.weekday() >= 5 or is_bank_holiday(day):
        return False
    return school_holiday_containing(day, school_holidays) is None


def next_working_day(day: date, school_holidays: SchoolHolidays = ()) -> date:
    """The first working day on or after ``day`` (school holidays are skipped whole)."""
    while True:
        period = school_holiday_containing(day, school_holidays)
        if period is not None:
            day = period[1] + timedelta(days=1)
        elif is_working_day(day):
            return day
        else:
            day += timedelta(days=1)


def working_days_after(day: date, as_of: date) -> int:
    """How many working days fall after ``day``, up to and including ``as_of`` (0 when
    ``as_of`` is not after ``day``): Friday to the next Monday is 1."""
    return sum(1 for n in range(1, (as_of - day).days + 1)
               if is_working_day(day + timedelta(days=n)))


def more_working_days_than(day: date, as_of: date, limit: int) -> bool:
    """Have more than ``limit`` working days passed after ``day``, up to ``as_of``?
    (Officers work through school holidays: only weekends and bank holidays are off.)"""
    passed = 0
    current = day + timedelta(days=1)
    while current <= as_of:
        if is_working_day(current):
            passed += 1
            if passed > limit:
                return True
        current += timedelta(days=1)
    return False
