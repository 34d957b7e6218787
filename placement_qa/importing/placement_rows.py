"""The placements template's columns, and each row's cells checked and turned into values.

:func:`read_placements` reads a placements file (CSV or XLSX) and :func:`check_rows`
checks every row on its own; matching the rows to the register and writing them is
the store's job (:mod:`placement_qa.store.placement_import`).

Field checks are :mod:`placement_qa.domain.validation`'s, so a file is refused
in the same words as the editing dialogs. A blank optional cell means "leave
what the register holds"; only non-blank cells appear in a row's values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from ..domain import validation as check
from ..domain.dates import iso, uk
from ..domain.register import (
    ARRANGEMENTS,
    AWAITING_PROVISION,
    ELECTIVE_HOME_EDUCATION,
    PLACEMENT_STATES,
    PRIMARY_NEEDS,
    case_ref_key,
)
from ..domain.validation import FieldError
from .progress import ImportSteps
from .reading import Column, SourceRow, SourceTable, normalise_header, read_table
from .report import REPORT_HEADERS, ImportProblem

COLUMNS: tuple[Column, ...] = (
    Column("case_ref", "Case ref", True, ("Case reference", "Case ID", "Case system ID")),
    Column("given_name", "Given name", True, ("First name", "Forename")),
    Column("family_name", "Family name", True, ("Surname", "Last name")),
    Column("date_of_birth", "Date of birth", aliases=("DOB",)),
    Column("primary_need", "Primary need", aliases=("SEN2 need", "Primary SEN need")),
    Column("ehcp_last_review", "EHCP last review", aliases=("EHCP last annual review",)),
    Column("ehcp_next_review_due", "EHCP next review due", aliases=("EHCP next review",)),
    Column("urn", "Provider URN", True, ("URN",)),
    Column("provider_name", "Provider name", aliases=("Provider",)),
    Column("start_date", "Start date", True, ("Start",)),
    Column("end_date", "End date", aliases=("End",)),
    Column("arrangement", "Arrangement", True),
    Column("state", "Status", aliases=("Placement status", "State")),
    Column("annual_cost", "Annual cost", aliases=("Cost",)),
    Column("visit_interval_months", "Visit interval months", aliases=("Visit interval",)),
    Column("interim_support", "Interim support"),
    Column("guardrail_reason", "Guardrail reason"),
    Column("guardrail_approver", "Guardrail approver"),
)
HEADERS: dict[str, str] = {c.key: c.header for c in COLUMNS}
CHILD_FIELDS = ("given_name", "family_name", "date_of_birth", "primary_need",
                "ehcp_last_review", "ehcp_next_review_due")
PLACEMENT_FIELDS = ("end_date", "arrangement", "state", "annual_cost",
                    "visit_interval_months", "interim_support")

_ARRANGEMENT_NAMES = {
    **{normalise_header(code): code for code in ARRANGEMENTS},
    **{normalise_header(label): code for code, label in ARRANGEMENTS.items()},
    "ehe": ELECTIVE_HOME_EDUCATION, "homeeducation": ELECTIVE_HOME_EDUCATION,
    "38week": "residential_termly", "52week": "residential_52_week",
}
_STATE_NAMES = {
    **{normalise_header(code): code for code in PLACEMENT_STATES},
    **{normalise_header(label): code for code, label in PLACEMENT_STATES.items()},
    "awaiting": AWAITING_PROVISION,
}
_NEED_NAMES = {
    **{code.casefold(): code for code in PRIMARY_NEEDS},
    **{normalise_header(label): code for code, label in PRIMARY_NEEDS.items()},
}


@dataclass(frozen=True)
class PlacementRow:
    """One row's values, checked: the child's, the placement's, and how to match them."""

    number: int
    case_ref: str
    urn: str | None
    start_date: date
    child: Mapping[str, Any] = field(default_factory=dict)
    placement: Mapping[str, Any] = field(default_factory=dict)
    guardrail_reason: str = ""
    guardrail_approver: str = ""
    provider_name: str = ""
    cells: Mapping[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str | None, date]:
        return (case_ref_key(self.case_ref), self.urn, self.start_date)


def _choice(names: Mapping[str, str], what: str,
            normalise: Callable[[str], str]) -> Callable[[str, str], str]:
    def parse(field_name: str, text: str) -> str:
        code = names.get(normalise(text))
        if code is None:
            allowed = ", ".join(sorted(set(names.values())))
            raise FieldError(field_name, f"'{text}' is not {what}; use one of: {allowed}")
        return code
    return parse


def _need(field_name: str, text: str) -> str:
    code = _NEED_NAMES.get(text.casefold()) or _NEED_NAMES.get(normalise_header(text))
    if code is None:
        raise FieldError(field_name, f"'{text}' is not an SEN2 primary need; use one of: "
                         + ", ".join(PRIMARY_NEEDS))
    return code


def _cost(field_name: str, text: str) -> float | None:
    return check.annual_cost(text, field=field_name)


def _date(field_name: str, text: str) -> str | None:
    return iso(check.optional_date(field_name, text))


def _interval(field_name: str, text: str) -> int:
    try:
        return check.visit_interval(text)
    except FieldError as exc:
        raise FieldError(field_name, exc.message) from None


def _text(field_name: str, text: str) -> str:
    return check.required_text(field_name, text)


def _name(field_name: str, text: str) -> str:
    return check.printable_name(field_name, text)


_PARSERS: dict[str, Callable[[str, str], Any]] = {
    "given_name": _name, "family_name": _name, "date_of_birth": _date,
    "primary_need": _need, "ehcp_last_review": _date, "ehcp_next_review_due": _date,
    "end_date": _date,
    "arrangement": _choice(_ARRANGEMENT_NAMES, "an arrangement", normalise_header),
    "state": _choice(_STATE_NAMES, "a placement status", normalise_header),
    "annual_cost": _cost, "visit_interval_months": _interval, "interim_support": _text,
}


_T = TypeVar("_T")


class RowCells:
    """A row's cells, collecting a problem for every bad one. ``headers``: the file's
    header for each column key; ``names``: the template's (for a column not in the file,
    and the field name a check reports)."""

    def __init__(self, row: SourceRow, headers: Mapping[str, str],
                 names: Mapping[str, str] = HEADERS):
        self.row, self.headers, self.names = row, headers, names
        self.problems: list[ImportProblem] = []
        for key, reason in row.unreadable.items():   # a formula with no saved value
            self.problem(key, reason)

    def text(self, key: str) -> str:
        return "" if key in self.row.unreadable else self.row.cells.get(key, "")

    def problem(self, key: str, reason: str) -> None:
        header = self.headers.get(key, self.names[key])
        self.problems.append(ImportProblem(self.row.number, header, self.text(key), reason))

    def parse(self, key: str, parser: Callable[[str, str], _T], *,
              required: bool = False) -> _T | None:
        if key in self.row.unreadable:
            return None
        text = self.text(key)
        if not text:
            if required:
                self.problem(key, "is required")
            return None
        try:
            return parser(self.names[key], text)
        except FieldError as exc:
            self.problem(key, exc.message)
            return None


def parse_row(
    row: SourceRow, headers: Mapping[str, str]
) -> tuple[PlacementRow | None, list[ImportProblem]]:
    """The row's checked values, or None and every problem found in it."""
    cells = RowCells(row, headers)
    case_ref = cells.parse("case_ref", _text, required=True)
    urn = cells.parse("urn", lambda _f, t: check.urn(t))
    start = cells.parse("start_date", lambda f, t: check.required_date(f, t), required=True)
    values = {key: cells.parse(key, parser, required=key in _REQUIRED)
              for key, parser in _PARSERS.items()}
    _cross_checks(cells, start, values, urn)
    if cells.problems or case_ref is None or start is None:   # None: a problem says why
        return None, cells.problems
    present = {k: v for k, v in values.items() if v is not None}
    return PlacementRow(
        number=row.number, case_ref=case_ref, urn=urn, start_date=start,
        child={k: present[k] for k in CHILD_FIELDS if k in present},
        placement={k: present[k] for k in PLACEMENT_FIELDS if k in present},
        guardrail_reason=cells.text("guardrail_reason"),
        guardrail_approver=cells.text("guardrail_approver"),
        provider_name=cells.text("provider_name"), cells=row.cells,
    ), []


_REQUIRED = frozenset({"given_name", "family_name", "arrangement"})


def _cross_checks(cells: RowCells, start: date | None, values: dict[str, Any],
                  urn: str | None) -> None:
    end = date.fromisoformat(values["end_date"]) if values.get("end_date") else None
    if start is not None:
        try:
            check.end_not_before_start(start, end)
        except FieldError as exc:
            cells.problem("end_date", exc.message)
    last, due = values.get("ehcp_last_review"), values.get("ehcp_next_review_due")
    if last and due and due < last:
        cells.problem("ehcp_next_review_due", f"{uk(date.fromisoformat(due))} is before the "
                      f"EHCP last review {uk(date.fromisoformat(last))}")
    arrangement, state = values.get("arrangement"), values.get("state")
    if urn and arrangement == ELECTIVE_HOME_EDUCATION:
        cells.problem("urn", "elective home education has no provider: leave Provider URN blank")
    elif not urn and not cells.text("urn") and arrangement and \
            arrangement != ELECTIVE_HOME_EDUCATION and state != AWAITING_PROVISION:
        cells.problem("urn", "is required, unless the arrangement is elective home education "
                      "or the status is awaiting provision")


def read_placements(path: str | Path) -> SourceTable:
    """The placements file's rows, by the template's columns (the Row and Errors
    columns an error report adds are dropped without a word).

    Raises :class:`~placement_qa.importing.reading.ImportFileError` when the file
    cannot be read or lacks a required column."""
    return read_table(path, COLUMNS, silent=REPORT_HEADERS)


Parsed = TypeVar("Parsed")


def check_each_row(
        source: SourceTable, steps: ImportSteps,
        parse: Callable[[SourceRow, Mapping[str, str]],
                        tuple[Parsed | None, list[ImportProblem]]],
) -> tuple[list[Parsed], list[ImportProblem]]:
    """The rows ``parse`` finds valid, and every problem it finds in the others (any
    import's rows: placements, events)."""
    parsed: list[Parsed] = []
    problems: list[ImportProblem] = []
    for done, row in enumerate(source.rows, start=1):
        value, found = parse(row, source.column_headers)
        if value is not None:
            parsed.append(value)
        problems.extend(found)
        steps.at(done)
    return parsed, problems


def check_rows(source: SourceTable,
               steps: ImportSteps) -> tuple[list[PlacementRow], list[ImportProblem]]:
    """The rows whose cells are all valid, and every problem found in the others."""
    return check_each_row(source, steps, parse_row)
