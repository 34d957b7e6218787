"""The events template's columns, and each row's cells checked and turned into values.

:func:`read_events` reads an events file (CSV or XLSX) and :func:`check_event_rows`
checks every row on its own; matching the rows to the register (provider by URN, child
by case ref) and writing them is the store's job (:mod:`placement_qa.store.event_import`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..domain import validation as check
from ..domain.actions import OWNER_KINDS, PRIORITIES
from ..domain.notifiable_events import EVENT_KINDS, REPORTERS
from ..domain.validation import FieldError
from .placement_rows import RowCells, check_each_row
from .progress import ImportSteps
from .reading import Column, SourceRow, SourceTable, normalise_header, read_table
from .report import REPORT_HEADERS, ImportProblem

COLUMNS: tuple[Column, ...] = (
    Column("urn", "Provider URN", True, ("URN",)),
    Column("provider_name", "Provider name", aliases=("Provider",)),
    Column("case_ref", "Case ref", aliases=("Case reference", "Case ID")),
    Column("kind", "Event", True, ("Event kind", "Kind", "Type")),
    Column("occurred_on", "Date", True, ("Event date", "Date of event")),
    Column("reported_by_kind", "Reported by", True, ("Reporter",)),
    Column("reported_by", "Reporter name", aliases=("Reported by name",)),
    Column("what_done", "What was done", aliases=("Action taken",)),
    Column("action", "Follow-up action", aliases=("Action",)),
    Column("action_owner_kind", "Action owner", aliases=("Owner",)),
    Column("action_owner", "Action owner name", aliases=("Owner name",)),
    Column("action_due", "Action due", aliases=("Due date",)),
    Column("action_priority", "Action priority", aliases=("Priority",)),
)
HEADERS: dict[str, str] = {c.key: c.header for c in COLUMNS}


def _names(labels: Mapping[str, str], **more: str) -> dict[str, str]:
    return {**{normalise_header(code): code for code in labels},
            **{normalise_header(label): code for code, label in labels.items()},
            **{normalise_header(name): code for name, code in more.items()}}


_KIND_NAMES = _names(EVENT_KINDS, restraint="restraint", physical_intervention="restraint",
                     suspension="fixed_term_suspension", exclusion="permanent_exclusion",
                     fixed_term_suspension="fixed_term_suspension")
_REPORTER_NAMES = _names(REPORTERS, socialworker="social_care")
_OWNER_NAMES = _names(OWNER_KINDS, council="council")
_PRIORITY_NAMES = _names(PRIORITIES)


def _choice(names: Mapping[str, str], labels: Mapping[str, str]) -> Callable[[str, str], str]:
    def parse(field_name: str, text: str) -> str:
        code = names.get(normalise_header(text))
        if code is None:
            raise FieldError(field_name, f"'{text}' is not one of: " + ", ".join(labels.values()))
        return code
    return parse


@dataclass(frozen=True)
class EventRow:
    """One row's values, checked; the action's fields only when it asks for one."""

    number: int
    urn: str
    case_ref: str
    kind: str
    occurred_on: date
    reported_by_kind: str
    reported_by: str
    what_done: str
    provider_name: str = ""
    action: str = ""
    action_owner_kind: str = "provider"
    action_owner: str = ""
    action_due: date | None = None
    action_priority: str = "medium"


def parse_event_row(row: SourceRow, headers: Mapping[str, str]) -> tuple[EventRow | None,
                                                             list[ImportProblem]]:
    """The row's checked values, or None and every problem found in it."""
    cells = RowCells(row, headers, HEADERS)
    urn = cells.parse("urn", lambda _f, t: check.urn(t), required=True)
    kind = cells.parse("kind", _choice(_KIND_NAMES, EVENT_KINDS), required=True)
    day = cells.parse("occurred_on", check.required_date, required=True)
    reporter = cells.parse("reported_by_kind", _choice(_REPORTER_NAMES, REPORTERS),
                           required=True)
    owner_kind = cells.parse("action_owner_kind", _choice(_OWNER_NAMES, OWNER_KINDS))
    due = cells.parse("action_due", check.required_date)
    priority = cells.parse("action_priority", _choice(_PRIORITY_NAMES, PRIORITIES))
    action = cells.text("action")
    if action and due is None and not cells.text("action_due"):
        cells.problem("action_due", "is required when the row raises a follow-up action")
    if not action and any(cells.text(k) for k in ("action_owner_kind", "action_owner",
                                                  "action_due", "action_priority")):
        cells.problem("action", "is blank, but the row gives the action's other cells")
    if cells.problems or urn is None or kind is None or day is None or reporter is None:
        return None, cells.problems
    return EventRow(
        number=row.number, urn=urn, case_ref=cells.text("case_ref"), kind=kind,
        occurred_on=day, reported_by_kind=reporter,
        reported_by=cells.text("reported_by"), what_done=cells.text("what_done"),
        provider_name=cells.text("provider_name"), action=action,
        action_owner_kind=owner_kind or "provider", action_owner=cells.text("action_owner"),
        action_due=due, action_priority=priority or "medium"), []


def read_events(path: str | Path) -> SourceTable:
    """The events file's rows, by the template's columns (raises
    :class:`~placement_qa.importing.reading.ImportFileError` when it cannot be read or
    lacks a required column)."""
    return read_table(path, COLUMNS, silent=REPORT_HEADERS)


def check_event_rows(source: SourceTable,
                     steps: ImportSteps) -> tuple[list[EventRow], list[ImportProblem]]:
    """The rows whose cells are all valid, and every problem found in the others."""
    return check_each_row(source, steps, parse_event_row)
