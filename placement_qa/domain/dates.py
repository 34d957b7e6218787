"""Dates and times the service's way: shown UK style (22/11/2026), stored ISO (2026-11-22).

A moment (a sign-off, an amendment, a change-log entry, a return imported) is stored
as UTC ISO text ("2026-11-26T15:30:00Z") and always shown on the council's clock,
Europe/London, whatever this computer's time zone: the screen, the PDFs and the
exports all turn stored times into text here (:func:`shown_time`), so they agree.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

# The council's clock (GMT in winter, BST in summer). zoneinfo reads the system's
# time-zone data, or the tzdata package where there is none (Windows).
COUNCIL_ZONE = ZoneInfo("Europe/London")


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


# --- moments: stored UTC, shown on the council's clock --------------------------------

def stored_moment(stamp: str) -> datetime:
    """A stored UTC stamp ("2026-11-26T15:30:00Z", "...:00.123Z", "...+00:00") as an
    aware datetime; a stamp written without a zone is UTC. ValueError if unreadable."""
    moment = datetime.fromisoformat(stamp.strip())
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def stored_stamp(moment: datetime | None = None) -> str:
    """``moment`` (default: now) as it is stored: UTC, "2026-11-26T15:30:00Z"."""
    return (moment or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def council_time(moment: str | datetime) -> datetime:
    """A stored stamp or an aware datetime on the council's clock."""
    if isinstance(moment, str):
        moment = stored_moment(moment)
    return moment.astimezone(COUNCIL_ZONE)


def council_now() -> datetime:
    """Now, on the council's clock."""
    return datetime.now(COUNCIL_ZONE)


def council_today() -> date:
    """Today on the council's clock: the default "as of" date wherever a user gives none
    (a laptop set to another zone, or at 00:30 BST, still works on the council's day)."""
    return council_now().date()


def council_clock() -> datetime:
    """Now on the council's clock as a plain wall time (no zone), as backups are named."""
    return council_now().replace(tzinfo=None)


def shown_time(moment: str | datetime | None, *, seconds: bool = False) -> str:
    """``"26/11/2026 15:30"`` (``"...15:30:05"`` with ``seconds``) on the council's clock,
    for a stored UTC stamp or an aware datetime; "" for none. Text that is not a stamp
    is shown as it is, never hidden."""
    if moment is None or moment == "":
        return ""
    try:
        local = council_time(moment)
    except ValueError:
        return str(moment)
    return local.strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


def council_day(moment: str | datetime) -> date:
    """The council's day a stored stamp falls on: 2026-07-15T23:30:00Z is 16/07/2026."""
    return council_time(moment).date()


def council_day_start(day: date) -> datetime:
    """When the council's ``day`` begins, in UTC: in summer (BST) 16/07/2026 begins at
    2026-07-15 23:00 UTC, in winter 22/11/2026 at 2026-11-22 00:00 UTC."""
    return datetime.combine(day, time.min, COUNCIL_ZONE).astimezone(UTC)

