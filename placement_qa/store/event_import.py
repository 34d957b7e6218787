"""Import notifiable events from a CSV or XLSX file: check every row, then write all or
nothing, as the placements import does.

Each row is matched to the register: the provider by **URN** (it must be in the
register), the child (if the Case ref cell is not blank; blank: the provider as a
whole) by **case ref**, ignoring case and spaces, and then the child's placement at
that provider on the event's day (else the latest one there that had started). A row
is refused, naming its row and column, when a cell is not valid, the URN or case ref is
not in the register, the child has no placement at that provider by the event's day,
the date is after the import's day, or it repeats an earlier row. An event the register
holds already (same provider, child, kind and day) is left unchanged, so importing a
file twice adds nothing the second time. Rows asking for a follow-up action raise it
with the event, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from ..domain.actions import NewAction, check_new_action
from ..domain.dates import iso, uk
from ..domain.notifiable_events import (
    DATE_FIELD,
    KIND_FIELD,
    REPORTER_FIELD,
    NewEvent,
    check_new_event,
)
from ..domain.register import case_ref_key
from ..domain.validation import FieldError
from ..importing.event_rows import HEADERS, EventRow, check_event_rows, read_events
from ..importing.progress import ImportSteps, Progress
from ..importing.reading import SourceTable
from ..importing.report import ADDED, REJECTED, UNCHANGED, ImportProblem, ImportResult, RowOutcome
from .actions import raise_action
from .notifiable_events import TABLE, event_values
from .rows import insert_row

# The domain's field names, as the template's column keys.
_COLUMN_OF = {KIND_FIELD: "kind", DATE_FIELD: "occurred_on", REPORTER_FIELD: "reported_by_kind",
              "What needs doing": "action", "Owner": "action_owner_kind",
              "Priority": "action_priority", "Due date": "action_due"}


@dataclass
class _Register:
    """What the rows are matched against, read once."""

    providers: dict[str, int]
    children: dict[str, int]
    placements: dict[tuple[int, int], list[tuple[int, date, date | None]]]
    events: set[tuple[int, int | None, str, str]] = field(default_factory=set)


def _register(db: Database) -> _Register:
    providers = {r[1]: r[0] for r in db.execute(
        "SELECT id, urn FROM providers WHERE urn IS NOT NULL")}
    children: dict[str, int] = {}
    for child_id, case_ref in db.execute(
            "SELECT id, case_ref FROM children WHERE case_ref IS NOT NULL ORDER BY id"):
        children.setdefault(case_ref_key(case_ref), child_id)
    placements: dict[tuple[int, int], list[tuple[int, date, date | None]]] = {}
    for pid, child_id, provider_id, start, end in db.execute(
            "SELECT id, child_id, provider_id, start_date, end_date FROM placements "
            "WHERE provider_id IS NOT NULL ORDER BY start_date DESC, id DESC"):
        placements.setdefault((child_id, provider_id), []).append(
            (pid, date.fromisoformat(start), date.fromisoformat(end) if end else None))
    events = {(r[0], r[1], r[2], r[3]) for r in db.execute(
        f"SELECT provider_id, placement_id, kind, occurred_on FROM {TABLE}")}
    return _Register(providers, children, placements, events)


def _placement(register: _Register, child_id: int, provider_id: int, day: date) -> int | None:
    """The child's placement at the provider live on ``day``, else the latest begun by then."""
    begun = [p for p in register.placements.get((child_id, provider_id), []) if p[1] <= day]
    live = [p for p in begun if p[2] is None or p[2] >= day]
    chosen = (live or begun)[:1]
    return chosen[0][0] if chosen else None


@dataclass(frozen=True)
class _Planned:
    row: int
    event: NewEvent
    action: NewAction | None


class _Rows:
    """Match each checked row to the register, collecting problems and what to write."""

    def __init__(self, register: _Register, source: SourceTable, as_of: date) -> None:
        self.register, self.as_of = register, as_of
        self.headers = {**HEADERS, **source.column_headers}
        self.problems: list[ImportProblem] = []
        self.planned: list[_Planned] = []
        self.unchanged: list[int] = []
        self.seen: dict[tuple, int] = {}

    def problem(self, row: EventRow, key: str, value: str, reason: str) -> None:
        self.problems.append(ImportProblem(row.number, self.headers[key], value, reason))

    def add(self, row: EventRow) -> None:
        provider_id = self.register.providers.get(row.urn)
        if provider_id is None:
            named = f" ({row.provider_name})" if row.provider_name else ""
            self.problem(row, "urn", row.urn, f"no provider with this URN{named} in the "
                         "register: add the provider first, then import again")
            return
        placement_id = self._placement(row, provider_id)
        if placement_id == -1:
            return
        event, action = self._checked(row, provider_id, placement_id)
        if event is None:
            return
        key = (provider_id, placement_id, event.kind, iso(event.occurred_on))
        if key in self.seen:
            self.problem(row, "occurred_on", uk(row.occurred_on),
                         f"repeats row {self.seen[key]} (same provider, child, event and date)")
            return
        self.seen[key] = row.number
        if key in self.register.events:
            self.unchanged.append(row.number)
        else:
            self.planned.append(_Planned(row.number, event, action))

    def _placement(self, row: EventRow, provider_id: int) -> int | None:
        """The placement (None: the provider as a whole; -1: refused, a problem says why)."""
        if not row.case_ref:
            return None
        child_id = self.register.children.get(case_ref_key(row.case_ref))
        if child_id is None:
            self.problem(row, "case_ref", row.case_ref, "no child with this case ref in the "
                         "register (leave it blank for an event about the provider as a whole)")
            return -1
        placement_id = _placement(self.register, child_id, provider_id, row.occurred_on)
        if placement_id is None:
            self.problem(row, "case_ref", row.case_ref, f"the child has no placement at the "
                         f"provider {row.urn} by {uk(row.occurred_on)}")
            return -1
        return placement_id

    def _checked(self, row: EventRow, provider_id: int, placement_id: int | None
                 ) -> tuple[NewEvent | None, NewAction | None]:
        try:
            event = check_new_event(NewEvent(
                provider_id, row.kind, row.occurred_on, row.reported_by_kind, row.reported_by,
                row.what_done, placement_id), self.as_of)
            action = None if not row.action else check_new_action(NewAction(
                provider_id, row.action, row.action_owner_kind, row.action_owner,
                row.action_due, row.action_priority, placement_id=placement_id,
                raised_on=self.as_of))
        except FieldError as exc:
            key = _COLUMN_OF.get(exc.field, "occurred_on")
            self.problem(row, key, "", exc.message)
            return None, None
        return event, action


def _write(db: Database, planned: list[_Planned], after_each: Callable[[int], None]) -> None:
    for done, item in enumerate(planned, start=1):
        action_id = raise_action(db, item.action) if item.action is not None else None
        insert_row(db, TABLE, event_values(item.event, action_id))
        after_each(done)


def import_events(db: Database, path: str | Path, *, as_of: date, dry_run: bool = False,
                  progress: Progress | None = None,
                  cancelled: Callable[[], bool] | None = None) -> ImportResult:
    """Check (``dry_run``) or import the events in ``path``; see the module docs.

    Raises :class:`~placement_qa.importing.reading.ImportFileError` when the file cannot
    be read or lacks a required column, and ImportCancelled on cancel (nothing written).
    """
    source = read_events(path)
    total = len(source.rows)
    steps = ImportSteps(total if dry_run else 2 * total, progress, cancelled)
    parsed, problems = check_event_rows(source, steps)
    with db.atomic():
        rows = _Rows(_register(db), source, as_of)
        for row in parsed:
            rows.add(row)
        every = sorted([*problems, *rows.problems], key=lambda p: p.row)
        written = not dry_run and not every
        if written:
            count = max(len(rows.planned), 1)
            _write(db, rows.planned, lambda done: steps.at(total + done * total // count))
    return _result(source, rows, every, dry_run=dry_run, written=written)


def _result(source: SourceTable, rows: _Rows, problems: list[ImportProblem], *,
            dry_run: bool, written: bool) -> ImportResult:
    refused = {p.row for p in problems}
    outcomes = [RowOutcome(r.number, REJECTED if r.number in refused else
                           UNCHANGED if r.number in rows.unchanged else ADDED,
                           r.cells.get("case_ref", "")) for r in source.rows]
    return ImportResult(rows=tuple(outcomes), problems=tuple(problems), source=source,
                        dry_run=dry_run, written=written)
