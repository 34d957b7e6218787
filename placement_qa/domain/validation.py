"""Checks on what a user types or a file holds, each naming the field and what is wrong.

Shared by the editing dialogs and the importers, so a value refused in one is
refused, in the same words, in the other.
"""

from __future__ import annotations

import re
from datetime import date

from .dates import InvalidDate, parse_date
from .printable import describe, describe_controls, hidden_controls, unprintable
from .schedule import MAX_INTERVAL_MONTHS, MIN_INTERVAL_MONTHS

_URN = re.compile(r"^\d{6}$")
_MONEY = re.compile(r"^£?\s*(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")


class FieldError(ValueError):
    """A value that cannot be saved: ``field`` is the label the user sees."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def required_text(field: str, text: str | None) -> str:
    value = (text or "").strip()
    if not value:
        raise FieldError(field, "is required")
    return value


def printable_name(field: str, text: str | None) -> str:
    """A required name the printed notes and reports can show: every character is one
    the embedded font draws (so a child or provider is never printed as blanks), and
    none is a control character or a direction control (which hide part of a name or
    make it display as another)."""
    value = required_text(field, text)
    controls = hidden_controls(value)
    if controls:
        them = "them" if len(controls) > 1 else "it"
        raise FieldError(field, f"contains {describe_controls(controls)}, which a name "
                         f"cannot hold: type the name again without {them}")
    missing = unprintable(value)
    if missing:
        raise FieldError(field, f"{describe(missing)} cannot be printed: the notes' font has "
                         "Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew and Arabic "
                         "letters; write the name in one of those")
    return value


def optional_text(text: str | None) -> str | None:
    value = (text or "").strip()
    return value or None


def urn(text: str | None) -> str | None:
    """A DfE URN: six digits, or blank for a provider without one."""
    value = (text or "").strip()
    if not value:
        return None
    if not _URN.match(value):
        raise FieldError("URN", f"'{value}' is not a URN: a URN is 6 digits, e.g. 123456")
    return value


def required_date(field: str, text: str | None) -> date:
    if text is None or not text.strip():
        raise FieldError(field, "is required (DD/MM/YYYY)")
    return _date(field, text)


def optional_date(field: str, text: str | None) -> date | None:
    if text is None or not text.strip():
        return None
    return _date(field, text)


def _date(field: str, text: str) -> date:
    try:
        return parse_date(text, field=field)
    except InvalidDate as exc:
        raise FieldError(field, str(exc).split(": ", 1)[1]) from None


def end_not_before_start(start: date, end: date | None, *, field: str = "End date") -> None:
    if end is not None and end < start:
        raise FieldError(
            field, f"{end:%d/%m/%Y} is before the start date {start:%d/%m/%Y}"
        )


def visit_interval(text: str | int | None) -> int:
    """Months between monitoring visits: 1 to 12 (blank means 12)."""
    if text is None or str(text).strip() == "":
        return MAX_INTERVAL_MONTHS
    try:
        months = int(str(text).strip())
    except ValueError:
        raise FieldError("Visit interval", f"'{text}' is not a whole number of months") from None
    if not MIN_INTERVAL_MONTHS <= months <= MAX_INTERVAL_MONTHS:
        raise FieldError("Visit interval", f"{months} months: choose 1 to 12")
    return months


def annual_cost(text: str | None, *, field: str = "Annual cost") -> float | None:
    """An amount in pounds typed as 85000, 85,000.50 or £85,000 (blank: not known)."""
    value = (text or "").strip()
    if not value:
        return None
    if not _MONEY.match(value):
        raise FieldError(field, f"'{value}' is not an amount in pounds, e.g. 85000 or £85,000.50")
    return round(float(value.lstrip("£").strip().replace(",", "")), 2)
