"""Random dates the way a council's diary has them: working days, terms, spans."""

from __future__ import annotations

import random
from datetime import date, timedelta

SATURDAY = 5


def random_day(rng: random.Random, first: date, last: date) -> date:
    """A day from ``first`` to ``last`` inclusive (``first`` when the span is empty)."""
    span = (last - first).days
    return first if span <= 0 else first + timedelta(days=rng.randint(0, span))


def working_day_on_or_before(day: date) -> date:
    """Saturday and Sunday move back to Friday."""
    return day - timedelta(days=max(0, day.weekday() - SATURDAY + 1))


def working_day_on_or_after(day: date) -> date:
    """Saturday and Sunday move on to Monday."""
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= SATURDAY else 0)


def term_start(rng: random.Random, day: date, earliest: date) -> date:
    """The first week of the September on or before ``day``, if not before ``earliest``."""
    year = day.year if day >= date(day.year, 9, 1) else day.year - 1
    start = date(year, 9, rng.randint(1, 7))
    return start if earliest <= start <= day else day


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
