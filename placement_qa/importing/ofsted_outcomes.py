"""One row of an Ofsted MI file -> an inspection in the register's own terms.

A row is read in one of three forms, the first that has a value winning:

1. **report card** (November 2025 on): any evaluation-area column holds a
   five-point word (Exceptional ... Urgent improvement); safeguarding Met / Not
   met -> framework ``Ofsted report card 2025``;
2. **independent school standards**: "Does the school meet the independent
   school standards?" Met / Not met (Yes / No), with the overall effectiveness
   where Ofsted graded it -> ``Ofsted independent school standards``;
3. **legacy graded**: overall effectiveness 1-4 (or the words; 9 = not
   judged). Without an overall grade (state-funded schools from September
   2024) the key judgements and "safeguarding is effective" are kept instead.
   Framework ``Ofsted EIF 2019 (graded)``, or the 2015 common inspection
   framework for inspections before September 2019.

The framework names are those of ``resources/inspection_frameworks.json``; the
register's rule (:func:`placement_qa.domain.inspection.is_below_good`) then
decides what is below good. Every unreadable cell is reported with the row
number, column, value and reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..domain.dates import InvalidDate, parse_date, without_midnight
from .ofsted_mi import MiColumns, MiRow, normalise_header
from .reading import UnreadableCell
from .report import ImportProblem

# A cell that cannot be read (row, column, value, reason): the placements
# import's problem, so screens and the CLI report both imports the same way.
RejectedRow = ImportProblem

INSPECTORATE = "Ofsted (education)"
EIF_2019 = "Ofsted EIF 2019 (graded)"
CIF_2015 = "Ofsted common inspection framework 2015 (graded)"
REPORT_CARD = "Ofsted report card 2025"
INDEPENDENT_STANDARDS = "Ofsted independent school standards"
EIF_2019_STARTED = date(2019, 9, 1)

_NOT_GIVEN = frozenset({"", "9", "na", "notapplicable", "notjudged", "null", "none", "nodata",
                        "notinspected", "notyetinspected", "x", "0"})
_LEGACY = {
    "1": "Outstanding", "outstanding": "Outstanding",
    "2": "Good", "good": "Good",
    "3": "Requires improvement", "requiresimprovement": "Requires improvement",
    "4": "Inadequate", "inadequate": "Inadequate",
}
_CARD = {
    "exceptional": "Exceptional", "exemplary": "Exceptional",
    "strongstandard": "Strong standard", "strong": "Strong standard",
    "expectedstandard": "Expected standard", "expected": "Expected standard",
    "secure": "Expected standard",
    "needsattention": "Needs attention", "attentionneeded": "Needs attention",
    "urgentimprovement": "Urgent improvement", "urgentimprovementneeded": "Urgent improvement",
}
_MET = {
    "met": "Met", "yes": "Met", "y": "Met", "allmet": "Met", "standardsmet": "Met",
    "allstandardsmet": "Met", "true": "Met",
    "notmet": "Not met", "no": "Not met", "n": "Not met", "unmet": "Not met",
    "somenotmet": "Not met", "standardsnotmet": "Not met", "false": "Not met",
}
_CATEGORY = {
    "specialmeasures": "Special measures",
    "seriousweaknesses": "Serious weaknesses", "seriousweakness": "Serious weaknesses",
}
_URN = re.compile(r"^\d{6}$")
_DATE_FORMATS = ("%d-%b-%Y", "%d %B %Y", "%d %b %Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")


@dataclass(frozen=True)
class MiInspection:
    """One row read into the register's terms."""

    row: int
    urn: str
    name: str
    inspected_on: date
    framework: str
    outcome: dict[str, Any]
    inspectorate: str = INSPECTORATE


def _token(text: str) -> str:
    value = str(text).strip()
    if re.fullmatch(r"\d+\.0+", value):  # "2.0" from a spreadsheet
        value = value.split(".")[0]
    if any(c.isdigit() for c in value):  # a code: exactly as written ("-1" is not "1")
        return value
    return normalise_header(value)


def _lookup(table: dict[str, str], text: str, expected: str) -> str | None:
    token = _token(text)
    if token in _NOT_GIVEN:
        return None
    if token in table:
        return table[token]
    raise ValueError(f"is not {expected}")


def legacy_grade(text: str) -> str | None:
    """1-4 or the words; None for blank or 9 (not judged)."""
    return _lookup(_LEGACY, text, "a grade: expected 1-4, 9 or Outstanding, Good, "
                   "Requires improvement, Inadequate")


def card_grade(text: str) -> str | None:
    """A report-card word (Exceptional ... Urgent improvement); None for blank."""
    return _lookup(_CARD, text, "a report-card grade: expected Exceptional, Strong standard, "
                   "Expected standard, Needs attention or Urgent improvement")


def met_or_not(text: str) -> str | None:
    """Met / Not met (Yes / No); None for blank."""
    return _lookup(_MET, text, "Met or Not met")


def yes_or_no(text: str) -> str | None:
    """Yes / No (safeguarding is effective); None for blank or 9."""
    met = met_or_not(text)
    return None if met is None else ("Yes" if met == "Met" else "No")


def category_of_concern(text: str) -> str | None:
    """Special measures / Serious weaknesses; None for blank or none."""
    return _lookup(_CATEGORY, text, "a category of concern: expected Special measures, "
                   "Serious weaknesses or blank")


def mi_date(text: str) -> date | None:
    """dd/mm/yyyy, ISO or 14-Mar-2025 (a midnight time after it is dropped, another
    time refused); None for blank."""
    value = str(text).strip()
    if _token(value) in _NOT_GIVEN:
        return None
    try:
        value = without_midnight(value).strip()
    except InvalidDate as exc:
        raise ValueError(str(exc).split(": ", 1)[1]) from None
    try:
        return parse_date(value)
    except InvalidDate as exc:
        if "not a real date" in str(exc):  # 31/02/2025: the right shape, no such day
            raise ValueError("is not a real date") from None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError("is not a date: expected DD/MM/YYYY")


def row_urn(row: MiRow, columns: MiColumns) -> str | None:
    """The row's URN; None when the cell is blank (a note line). Raises RowRejected."""
    index = columns.fields["urn"]
    unreadable = _unreadable(row, columns, index)
    if unreadable is not None:
        raise RowRejected([unreadable])
    value = row.cells[index].strip() if index < len(row.cells) else ""
    if re.fullmatch(r"\d+\.0+", value):
        value = value.split(".")[0]
    if not value:
        return None
    if not _URN.match(value):
        raise RowRejected([RejectedRow(row.number, columns.header(index), value,
                                       "is not a URN: a URN is 6 digits")])
    return value


def _unreadable(row: MiRow, columns: MiColumns, index: int) -> RejectedRow | None:
    """The problem with a cell that must not be read as it reads (an XLSX formula
    with no saved value), if it is one."""
    cell = row.cells[index] if index < len(row.cells) else ""
    if isinstance(cell, UnreadableCell):
        return RejectedRow(row.number, columns.header(index), "", cell.problem)
    return None


class RowRejected(ValueError):
    def __init__(self, problems: list[RejectedRow]):
        self.problems = problems
        super().__init__("; ".join(f"row {p.row}: {p.column} {p.reason}" for p in problems))


class _Cells:
    """Reads a row's cells by column, collecting every problem found."""

    def __init__(self, row: MiRow, columns: MiColumns):
        self.row, self.columns = row, columns
        self.problems: list[RejectedRow] = []

    def text(self, index: int) -> str:
        if index >= len(self.row.cells) or isinstance(self.row.cells[index], UnreadableCell):
            return ""
        return self.row.cells[index].strip()

    def read(self, index: int, parse: Callable[[str], Any]) -> Any:
        value = self.text(index)
        unreadable = _unreadable(self.row, self.columns, index)
        if unreadable is not None:
            self.problems.append(unreadable)
            return None
        try:
            return parse(value)
        except ValueError as exc:
            self.problems.append(
                RejectedRow(self.row.number, self.columns.header(index), value, str(exc)))
            return None

    def field(self, key: str, parse: Callable[[str], Any]) -> Any:
        index = self.columns.fields.get(key)
        return None if index is None else self.read(index, parse)

    def areas(self, where: dict[str, int], parse: Callable[[str], Any]) -> dict[str, str]:
        found = {area: self.read(index, parse) for area, index in where.items()}
        return {area: grade for area, grade in found.items() if grade}


def parse_row(row: MiRow, columns: MiColumns, urn: str) -> MiInspection | None:
    """The inspection a row records; None when it records no outcome (not yet inspected).

    Raises :class:`RowRejected` naming every cell that cannot be read.
    """
    cells = _Cells(row, columns)
    inspected_on = cells.field("inspected_on", mi_date)
    found = _outcome(cells)
    if not cells.problems and found is not None and inspected_on is None:
        cells.problems.append(_date_missing(row, columns))
    if cells.problems:
        raise RowRejected(cells.problems)
    if found is None or inspected_on is None:
        return None
    framework, outcome = found
    if framework == EIF_2019 and inspected_on < EIF_2019_STARTED:
        framework = CIF_2015
    name = cells.text(columns.fields["name"]) if "name" in columns.fields else ""
    return MiInspection(row.number, urn, name, inspected_on, framework, outcome)


def _date_missing(row: MiRow, columns: MiColumns) -> RejectedRow:
    index = columns.fields.get("inspected_on")
    if index is None:
        return RejectedRow(row.number, "Inspection start date", "",
                           "no inspection date column in the file")
    return RejectedRow(row.number, columns.header(index), "",
                       "is required when the row has an outcome")


def _outcome(cells: _Cells) -> tuple[str, dict[str, Any]] | None:
    areas = cells.areas(cells.columns.card_areas, card_grade)
    if areas:
        outcome: dict[str, Any] = {"areas": areas}
        safeguarding = cells.field("safeguarding", met_or_not)
        if safeguarding:
            outcome["safeguarding"] = safeguarding
        return REPORT_CARD, outcome
    overall = cells.field("overall", legacy_grade)
    standards = cells.field("iss", met_or_not)
    if standards:
        graded = {"overall": overall} if overall else {}
        return INDEPENDENT_STANDARDS, {**graded, "standards": standards}
    return _graded(cells, overall)


def _graded(cells: _Cells, overall: str | None) -> tuple[str, dict[str, Any]] | None:
    outcome: dict[str, Any] = {}
    if overall:
        outcome["overall"] = overall
    else:
        judgements = cells.areas(cells.columns.judgements, legacy_grade)
        if judgements:
            outcome["judgements"] = judgements
            safeguarding = cells.field("safeguarding_effective", yes_or_no)
            if safeguarding:
                outcome["safeguarding"] = safeguarding
    category = cells.field("category_of_concern", category_of_concern)
    if category:
        outcome["category_of_concern"] = category
    return (EIF_2019, outcome) if outcome else None
