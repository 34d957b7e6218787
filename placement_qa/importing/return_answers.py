"""The answers of a returned pre-visit form, cell by cell: each checked against what its
question asks (a whole number, a real date, text), and never read as blank when it is
a formula with no saved value.

:mod:`.provider_return_form` checks the form's structure and calls :func:`answer` for
each answer cell.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Literal

from ..domain.dates import InvalidDate, parse_date, uk, without_midnight
from ..domain.provider_return import DATE, ITEMS, NUMBER
from .reading import FORMULA_WITHOUT_VALUE

if TYPE_CHECKING:   # openpyxl is imported when a form is read, not at start-up
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.worksheet.worksheet import Worksheet

PERCENT_ITEMS = frozenset({"attendance_percent"})


class Answers:
    """The Return sheet's cells, and which hold a formula with no saved value."""

    def __init__(self, sheet: Worksheet, unsaved: frozenset[str]) -> None:
        self.sheet, self.unsaved = sheet, unsaved

    def __getitem__(self, cell: str) -> Cell | MergedCell:
        found: Cell | MergedCell = self.sheet[cell]   # one cell: "B4"
        return found

    def unsaved_formula(self, cell: str) -> bool:
        return cell in self.unsaved


def text_of(value: object) -> str:
    return "" if value is None else str(value)


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def answer(sheet: Answers, key: str, cell: str, child_initials: str,
            problems: list[str]) -> str:
    item = ITEMS[key]
    name = f"“{item.label}”" + (f" for {child_initials}" if child_initials else "")
    if sheet.unsaved_formula(cell):
        problems.append(f"{name} ({cell}): {FORMULA_WITHOUT_VALUE}")
        return ""
    raw = sheet[cell].value
    if item.kind == NUMBER:
        number = whole_number(raw)
        if number is False:
            problems.append(f"{name} ({cell}) must be a whole number, 0 or more, not "
                            f"“{short(text_of(raw))}”")
            return ""
        if number is not None and key in PERCENT_ITEMS and number > 100:
            problems.append(f"{name} ({cell}) must be a percentage from 0 to 100, not {number}")
            return ""
        return "" if number is None else str(number)
    if item.kind == DATE:
        day = date_value(raw)
        if day is False:
            problems.append(f"{name} ({cell}): {not_a_date(raw, 'a real date')}")
            return ""
        return "" if day is None else day.isoformat()  # stored ISO, shown UK
    return plain_text(raw)


def plain_text(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, datetime):
        return uk(raw.date())
    if isinstance(raw, date):
        return uk(raw)
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def whole_number(raw: object) -> int | None | Literal[False]:
    """The whole number (0 or more) in a cell; None if blank; False if not one."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        return False
    if isinstance(raw, int):
        return raw if raw >= 0 else False
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() and raw >= 0 else False
    if isinstance(raw, str) and re.fullmatch(r"\d{1,9}", raw.strip()):
        return int(raw.strip())
    return False


def has_time(raw: object) -> bool:
    """A date and a time, not a date: an Excel date-time whose time is not midnight,
    or text such as "05/01/2026 14:30"."""
    if isinstance(raw, datetime):
        return raw.time() != time(0)
    if isinstance(raw, str):
        try:
            without_midnight(raw)
        except InvalidDate:
            return True
    return False


def not_a_date(raw: object, what: str) -> str:
    """Why a date answer is refused, showing what the cell holds as the user sees it."""
    shown = raw.strftime("%d/%m/%Y %H:%M") if isinstance(raw, datetime) else short(text_of(raw))
    if has_time(raw):
        return f"“{shown}” has a time as well as a date; type the date alone, as dd/mm/yyyy"
    return f"“{shown}” is not {what}; type it as dd/mm/yyyy"


def date_value(raw: object) -> date | None | Literal[False]:
    """The date in a cell (an Excel date, or text as dd/mm/yyyy or yyyy-mm-dd); None if
    blank; False if it is not a real date, or is a date and a time other than midnight."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, datetime):
        return False if has_time(raw) else raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if not 1 <= raw <= 73415:
            return False
        from openpyxl.utils.datetime import from_excel

        found = from_excel(raw)
        return found.date() if isinstance(found, datetime) else False
    if isinstance(raw, str):
        try:
            return parse_date(raw.strip())
        except InvalidDate:
            return False
    return False
