"""Import placements from a CSV or XLSX file: check every row, then write all or nothing.

Rows are matched to the register: children by **case ref** (ignoring case and
surrounding spaces, as duplicate rows are found: ``cs-1001`` is CS-1001), providers by
**URN**, placements by child, provider (or none) and **start date**. A matched
record is updated only where the file's value differs, so importing the same
file twice changes nothing the second time. A blank optional cell leaves the
register's value as it is. An import never renames a child: the same name typed
without accents, in another case or with other spaces and punctuation
(:func:`~placement_qa.domain.names.same_name`) is the register's child, whose
spelling is kept; any other name is refused (rename the child in the app first).

A row is refused (and then nothing at all is written) when a cell is not valid,
a required cell is blank, the URN is not in the register, its case ref is a
registered child's but its name another's, it repeats an earlier row's case ref +
URN + start date, its child details contradict an earlier row
for the same case ref, or it would create a placement at a provider below good
(or never inspected) without a guardrail reason and approver — the council's
rule in :mod:`placement_qa.domain.guardrail`, applied as for a single placement.

``progress(done, total)`` is called as rows are checked (and written); when
``cancelled()`` returns True the import stops with
:class:`~placement_qa.importing.progress.ImportCancelled` and nothing is written.

Reading the file and checking each row on its own is
:mod:`placement_qa.importing.placement_rows`' job; this module matches the rows to the
register and writes them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..domain.concerns import with_cause
from ..domain.dates import from_iso, uk
from ..domain.guardrail import (
    GuardrailException,
    PlacementBlocked,
    check_new_placement,
    guardrail_applies,
)
from ..domain.inspection import InspectionFrameworks, default_frameworks, provider_concern
from ..domain.names import same_name
from ..domain.register import case_ref_key
from ..importing.placement_rows import HEADERS, PlacementRow, check_rows, read_placements
from ..importing.progress import ImportSteps, Progress
from ..importing.reading import SourceTable
from ..importing.report import (
    ADDED,
    REJECTED,
    UNCHANGED,
    UPDATED,
    ImportProblem,
    ImportResult,
    RowOutcome,
)
from .importing import (
    ImportSnapshot,
    RowChanges,
    apply_changes,
    import_transaction,
    load_snapshot,
)


def import_placements(
    db: Database,
    path: str | Path,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    frameworks: InspectionFrameworks | None = None,
) -> ImportResult:
    """Check (``dry_run``) or import the placements in ``path``; see the module docs.

    Raises :class:`~placement_qa.importing.reading.ImportFileError` when the file
    cannot be read or lacks a required column,
    :class:`~placement_qa.importing.progress.ImportCancelled` on cancel.
    """
    source = read_placements(path)
    total = len(source.rows)
    steps = ImportSteps(total if dry_run else 2 * total, progress, cancelled)
    parsed, problems = check_rows(source, steps)
    frameworks = frameworks or default_frameworks()
    if dry_run:
        plan = _plan(source, parsed, problems, load_snapshot(db), frameworks)
        return _result(source, plan, problems, dry_run=True, written=False)
    with import_transaction(db):
        plan = _plan(source, parsed, problems, load_snapshot(db), frameworks)
        if problems or plan.problems:
            return _result(source, plan, problems, dry_run=False, written=False)
        count = len(plan.changes)
        apply_changes(db, plan.changes,
                      after_each=lambda done: steps.at(total + done * total // count))
    if progress is not None:
        progress(steps.total, steps.total)
    return _result(source, plan, problems, dry_run=False, written=True)


def _plan(source: SourceTable, parsed: list[PlacementRow], problems: list[ImportProblem],
          snapshot: ImportSnapshot, frameworks: InspectionFrameworks) -> ImportPlan:
    plan = plan_import(parsed, snapshot, source.column_headers, frameworks)
    plan.problems.extend(_unknown_providers(source, problems, snapshot))
    return plan


def _unknown_providers(source: SourceTable, problems: list[ImportProblem],
                       snapshot: ImportSnapshot) -> list[ImportProblem]:
    """Rows refused for their cells are still told when their URN is not in the register."""
    refused = {p.row for p in problems}
    header = source.column_headers.get("urn", HEADERS["urn"])
    return [
        unknown_provider(row.number, header, urn, row.cells.get("provider_name", ""))
        for row in source.rows
        if row.number in refused and (urn := row.cells.get("urn", "")).isdigit()
        and len(urn) == 6 and urn not in snapshot.providers
    ]


def unknown_provider(row: int, header: str, urn: str, name: str) -> ImportProblem:
    named = f" ({name})" if name else ""
    return ImportProblem(row, header, urn, (
        f"no provider with this URN{named} in the register: add the provider first, "
        "then import again"))


def _result(source: SourceTable, plan: ImportPlan, problems: Sequence[ImportProblem], *,
            dry_run: bool, written: bool) -> ImportResult:
    every = sorted([*problems, *plan.problems], key=lambda p: p.row)
    rejected = {p.row for p in problems}
    outcomes = [*plan.outcomes, *(RowOutcome(r.number, REJECTED, r.cells.get("case_ref", ""))
                                  for r in source.rows if r.number in rejected)]
    return ImportResult(
        rows=tuple(sorted(outcomes, key=lambda o: o.row)), problems=tuple(every),
        source=source, dry_run=dry_run, written=written, children_added=plan.children_added,
        children_changed=len(plan.children_changed),
    )


@dataclass
class _Child:
    """A child as the register holds it after the rows planned so far."""

    id: int | None
    values: dict[str, Any]
    sources: dict[str, tuple[int, str]] = field(default_factory=dict)  # field -> (row, cell)


@dataclass
class ImportPlan:
    outcomes: list[RowOutcome] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    changes: list[RowChanges] = field(default_factory=list)
    children_added: int = 0
    children_changed: set[int] = field(default_factory=set)   # registered children's ids


def plan_import(
    rows: Sequence[PlacementRow],
    snapshot: ImportSnapshot,
    headers: dict[str, str],
    frameworks: InspectionFrameworks,
) -> ImportPlan:
    """What each checked row would add or change, and the problems only the register shows."""
    return _Planner(snapshot, headers, frameworks).plan(rows)


class _Planner:
    def __init__(self, snapshot: ImportSnapshot, headers: dict[str, str],
                 frameworks: InspectionFrameworks):
        self.snapshot, self.headers, self.frameworks = snapshot, headers, frameworks
        self.children: dict[str, _Child] = {}
        self.seen: dict[tuple, int] = {}
        self.result = ImportPlan()

    def plan(self, rows: Sequence[PlacementRow]) -> ImportPlan:
        for row in rows:
            problems: list[ImportProblem] = []
            child = self._child(row, problems)
            if child is not None:
                row = self._as_registered(row, child, problems)
            change = self._row(row, child, problems)
            if problems or child is None or change is None:   # None: a problem says why
                self.result.problems.extend(problems)
                self.result.outcomes.append(RowOutcome(row.number, REJECTED, row.case_ref))
            else:
                self._accept(row, child, change)
        return self.result

    def _problem(self, row: PlacementRow, key: str, value: str, reason: str) -> ImportProblem:
        return ImportProblem(row.number, self.headers.get(key, HEADERS[key]), value, reason)

    def _row(self, row: PlacementRow, child: _Child | None,
             problems: list[ImportProblem]) -> RowChanges | None:
        first = self.seen.setdefault(row.key, row.number)
        if first != row.number:
            problems.append(self._problem(row, "case_ref", row.case_ref, (
                f"repeats row {first}: the same case ref, provider URN and start date")))
        provider_id = self._provider(row, problems)
        if child is not None:
            problems.extend(self._conflicts(row, child))
        if problems or child is None:   # no child: a problem says why
            return None
        existing = None
        if child.id is not None:
            key = (child.id, provider_id, row.start_date.isoformat())
            existing = self.snapshot.placements.get(key)
        if existing is None:
            values = self._new_placement(row, provider_id, problems)
        else:
            values = _differences(row.placement, existing.values)
        return RowChanges(
            case_ref=row.case_ref, child_id=child.id,
            add_child=child.id is None and case_ref_key(row.case_ref) not in self.children,
            child_values=_differences(row.child, child.values), provider_id=provider_id,
            start_date=row.start_date.isoformat(),
            placement_id=existing.id if existing else None, placement_values=values,
        )

    def _provider(self, row: PlacementRow, problems: list[ImportProblem]) -> int | None:
        if row.urn is None:
            return None
        stored = self.snapshot.providers.get(row.urn)
        if stored is None:
            header = self.headers.get("urn", HEADERS["urn"])
            problems.append(unknown_provider(row.number, header, row.urn, row.provider_name))
            return None
        return stored.id

    def _child(self, row: PlacementRow, problems: list[ImportProblem]) -> _Child | None:
        """The row's child: one planned by an earlier row, or the register's, matched by
        case ref ignoring case and spaces (``cs-1001`` is CS-1001); a new one if none."""
        planned = self.children.get(case_ref_key(row.case_ref))
        if planned is not None:
            return planned
        stored = self.snapshot.children.get(row.case_ref)
        if stored is None:
            like = self.snapshot.children_like(row.case_ref)
            if len(like) > 1:
                problems.append(self._problem(row, "case_ref", row.case_ref, (
                    "matches more than one child in the register ("
                    + ", ".join(like) + ") once case and spaces are ignored: give one of "
                    "them another case ref first")))
                return None
            stored = self.snapshot.children[like[0]] if like else None
        if stored is None:
            return _Child(None, {})
        return _Child(stored.id, dict(stored.values))

    def _as_registered(self, row: PlacementRow, child: _Child,
                       problems: list[ImportProblem]) -> PlacementRow:
        """The row with a registered child's name spelt as the register spells it, when
        it is the same name however typed; a problem when it is another name."""
        if child.id is None:
            return row
        kept = {key: child.values.get(key) or "" for key in _NAME_FIELDS}
        typed = {key: row.child.get(key, kept[key]) for key in _NAME_FIELDS}
        if all(same_name(typed[key], kept[key]) for key in _NAME_FIELDS):
            return replace(row, child={**row.child, **kept})
        problems.append(self._problem(row, "case_ref", row.case_ref, (
            f"in the register this is {_full_name(kept)}, the row says {_full_name(typed)}: "
            "correct the row, or rename the child in the app first")))
        return row

    def _conflicts(self, row: PlacementRow, child: _Child) -> list[ImportProblem]:
        """Details differing from an earlier row's for the same child (a registered
        child's name is checked against the register's instead)."""
        found = []
        for key, value in row.child.items():
            if child.id is not None and key in _NAME_FIELDS:
                continue
            earlier = child.sources.get(key)
            if earlier is not None and child.values.get(key) != value:
                found.append(self._problem(row, key, row.cells.get(key, ""), (
                    f"differs from row {earlier[0]} ('{earlier[1]}') for the same case ref")))
        return found

    def _new_placement(self, row: PlacementRow, provider_id: int | None,
                       problems: list[ImportProblem]) -> dict[str, Any]:
        values = dict(row.placement)
        if provider_id is None or row.urn is None:   # a provider is found by its URN
            return values
        concern = with_cause(provider_concern(self.snapshot.inspections.get(provider_id, ()),
                                              self.frameworks),
                             self.snapshot.causes.get(provider_id))
        exception = GuardrailException(row.guardrail_reason, row.guardrail_approver)
        try:
            check_new_placement(concern, row.start_date, exception)
        except PlacementBlocked as blocked:
            name = self.snapshot.providers[row.urn].values["name"]
            problems.append(self._problem(row, "guardrail_reason", row.guardrail_reason,
                                          f"{name} (URN {row.urn}): {blocked}"))
            return values
        if concern is not None and guardrail_applies(concern, row.start_date):
            values.update(guardrail_concern=concern.reason, guardrail_reason=exception.reason,
                          guardrail_approver=exception.approver)
        return values

    def _accept(self, row: PlacementRow, child: _Child, change: RowChanges) -> None:
        self.children[case_ref_key(row.case_ref)] = child
        if child.id is not None and change.child_values:
            self.result.children_changed.add(child.id)
        for key, value in row.child.items():
            child.values[key] = value
            child.sources.setdefault(key, (row.number, row.cells.get(key, "")))
        if change.add_child:
            self.result.children_added += 1
        action = _action(change)
        if action != UNCHANGED:
            self.result.changes.append(change)
        self.result.outcomes.append(RowOutcome(row.number, action, row.case_ref,
                                               _described(change)))


_NAME_FIELDS = ("given_name", "family_name")


def _full_name(names: Mapping[str, str]) -> str:
    return " ".join(names[key] for key in _NAME_FIELDS)


def _differences(new: Mapping[str, Any], stored: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in new.items() if stored.get(key) != value}


def _action(change: RowChanges) -> str:
    if change.placement_id is None:
        return ADDED
    if change.child_values or change.placement_values:
        return UPDATED
    return UNCHANGED


def _described(change: RowChanges) -> tuple[str, ...]:
    if change.placement_id is None:
        return ()
    changed = {**change.child_values, **change.placement_values}
    return tuple(f"{HEADERS[key]}: {_shown(value)}" for key, value in changed.items())


def _shown(value: Any) -> str:
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-":
        try:
            return uk(from_iso(value))
        except ValueError:
            return value
    return str(value)
