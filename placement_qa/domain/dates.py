"""Dates the service's way: shown UK style (22/11/2026), stored ISO (2026-11-22)."""

from __future__ import annotations

import calendar
import re
from datetime import date


class InvalidDate(ValueError):
    """A date a user typed that is not a real date; the message says why."""


_UK = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_TIME_AFTER = re.compile(r"[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*$")


def without_midnight(text: str, *, field: str = "date") -> str:
    """``text`` without a midnight time after its date ("05/01/2026 00:00" is
    "05/01/2026": a spreadsheet's date cell); raises :class:`InvalidDate` saying so
    when the time is another ("05/01/2026 14:30" is a date and a time, not a date)."""
    found = _TIME_AFTER.search(text)
    if found is None or not re.search(r"\d", text[:found.start()]):
        return text
    if any(int(part or 0) for part in found.groups()):
        clock = found.group(0).strip().lstrip("T")
        raise InvalidDate(f"{field}: '{text.strip()}' has a time ({clock}) as well as a date; "
                          "give the date alone, as DD/MM/YYYY")
    return text[:found.start()]


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, clamped to the month's end.

    31/01/2027 + 1 month is 28/02/2027; 31/01/2028 + 1 month is 29/02/2028.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    if day.day <= 28:  # every month has the day: no calendar look-up (a hot path)
        return date(year, month0 + 1, day.day)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def uk(day: date | None) -> str:
    """``22/11/2026``, or an empty string for no date."""
    return day.strftime("%d/%m/%Y") if day else ""


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def from_iso(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def parse_date(text: str, *, field: str = "date") -> date:
    """A date typed as ``22/11/2026`` or ``2026-11-22``.

    Raises :class:`InvalidDate` with a message naming the field and saying what
    is wrong, e.g. "Start date: 31/02/2026 is not a real date". A time after the
    date is refused unless it is midnight (:func:`without_midnight`).
    """
    text = without_midnight(text, field=field)
    uk_match = _UK.match(text)
    iso_match = _ISO.match(text)
    if uk_match:
        d, m, y = (int(g) for g in uk_match.groups())
    elif iso_match:
        y, m, d = (int(g) for g in iso_match.groups())
    else:
        raise InvalidDate(f"{field}: '{text.strip()}' is not a date; type it as DD/MM/YYYY")
    try:
        return date(y, m, d)
    except ValueError:
        raise InvalidDate(f"{field}: '{text.strip()}' is not a real date") from None
