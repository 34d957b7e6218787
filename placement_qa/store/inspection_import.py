"""Inspection outcomes import from Ofsted's management-information file (keyed on URN).

:func:`import_inspections` reads the file (:mod:`placement_qa.importing.ofsted_mi`),
reads each row into the register's terms (:mod:`placement_qa.importing.ofsted_outcomes`)
and then matches it to the register:

* rows whose URN is not in the register are skipped (counted), as are rows with
  no outcome (a school not yet inspected);
* any unreadable row rejects the whole import: nothing is written and every
  bad cell is reported (row number, column, value, reason);
* an inspection already held for the same provider, inspectorate, date and
  framework is unchanged when its outcome is the same, and updated when not;
  any other is added. Importing the same file twice changes nothing;
* a provider whose position was not a concern before the import and is after
  it (:func:`placement_qa.domain.inspection.fell_below_good`) is listed, and
  each of its placements active on ``as_of`` is flagged for an additional
  visit within the register's setting of weeks (default 6), unless already
  flagged with an earlier or equal due date. The schedule then makes the next
  visit due at the earlier of the two.

All writes are one transaction. A dry run, a cancelled import or one with a
rejected row writes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..domain.dates import uk
from ..domain.inspection import (
    Inspection,
    InspectionFrameworks,
    additional_visit_due,
    default_frameworks,
    fell_below_good,
    placements_to_flag,
)
from ..domain.names import name_sort_key
from ..domain.register import VisitCoverage
from ..domain.schedule import last_visit
from ..domain.settings import ADDITIONAL_VISIT_WEEKS
from ..importing.ofsted_mi import MiFileError, MiRow, MiTable, read_mi_file
from ..importing.ofsted_outcomes import MiInspection, RejectedRow, RowRejected, parse_row, row_urn
from .inspections import (
    AdditionalVisitFlag,
    ProviderRef,
    StoredInspection,
    providers_by_urn,
    save_inspections_import,
    stored_inspections,
)
from .records import register_placements
from .settings import additional_visit_weeks
from .visits import visit_coverage

__all__ = ["InspectionsImportResult", "MiFileError", "ProviderFellBelowGood", "RejectedRow",
           "import_inspections"]

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class ProviderFellBelowGood:
    provider_id: int
    name: str
    urn: str
    reason: str
    placements_flagged: tuple[int, ...] = ()


@dataclass(frozen=True)
class InspectionsImportResult:
    as_of: date
    weeks: int
    rows_read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_unknown_urn: int = 0
    skipped_no_outcome: int = 0
    rejected: tuple[RejectedRow, ...] = ()
    fell_below_good: tuple[ProviderFellBelowGood, ...] = ()
    dry_run: bool = False
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.cancelled

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    @property
    def placements_flagged(self) -> int:
        return sum(len(p.placements_flagged) for p in self.fell_below_good)

    def summary_lines(self) -> list[str]:
        """What happened, in words (the CLI prints these; the GUI shows them)."""
        return summary_lines(self)


@dataclass
class _Rows:
    """What the file says, per provider in the register."""

    found: dict[int, dict[tuple, MiInspection]] = field(default_factory=lambda: defaultdict(dict))
    rejected: list[RejectedRow] = field(default_factory=list)
    unknown: int = 0
    no_outcome: int = 0
    duplicates: int = 0


@dataclass
class _Plan:
    added: list[tuple[int, Inspection]] = field(default_factory=list)
    updated: list[tuple[int, Mapping[str, Any]]] = field(default_factory=list)
    unchanged: int = 0
    fallen: dict[int, str] = field(default_factory=dict)  # provider id -> concern reason


def import_inspections(
    db: Database,
    path: str | Path,
    *,
    as_of: date,
    weeks: int | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    frameworks: InspectionFrameworks | None = None,
) -> InspectionsImportResult:
    """Import an Ofsted MI file into the register as of ``as_of``; see the module docs.

    Raises :class:`MiFileError` when the file is not Ofsted MI at all, and
    ``OSError`` when it cannot be read.
    """
    table = read_mi_file(path)
    if not table.columns.has_outcomes:
        raise MiFileError("no inspection outcome columns (Overall effectiveness, report-card "
                          "areas or independent school standards) in the file")
    # weeks given for this import are checked as the setting is (a ValueError if not 1-52)
    weeks = additional_visit_weeks(db) if weeks is None else ADDITIONAL_VISIT_WEEKS.checked(weeks)
    result = partial(InspectionsImportResult, as_of=as_of, weeks=weeks,
                     rows_read=len(table.rows), dry_run=dry_run)
    providers = providers_by_urn(db)
    rows = _read_rows(table, providers, as_of, progress, cancelled)
    if rows is None:
        return result(cancelled=True)
    result = partial(result, skipped_unknown_urn=rows.unknown,
                     skipped_no_outcome=rows.no_outcome)
    if rows.rejected:
        return result(rejected=tuple(rows.rejected))
    plan = _plan(db, rows, frameworks or default_frameworks())
    flags = _flags(db, plan.fallen, as_of, weeks)
    if cancelled is not None and cancelled():
        return result(cancelled=True)
    if not dry_run and (plan.added or plan.updated or flags):
        save_inspections_import(db, added=plan.added, updated=plan.updated,
                                flags=[f for fs in flags.values() for f in fs],
                                notes=f"Imported from {Path(path).name} on {uk(as_of)}")
    return result(
        added=len(plan.added), updated=len(plan.updated),
        unchanged=plan.unchanged + rows.duplicates,
        fell_below_good=_fallen(plan.fallen, flags, providers),
    )


def _read_rows(
    table: MiTable, providers: Mapping[str, ProviderRef], as_of: date,
    progress: Progress | None, cancelled: Cancelled | None,
) -> _Rows | None:
    """Every row read and checked; None when cancelled part-way."""
    rows, total = _Rows(), len(table.rows)
    for done, row in enumerate(table.rows, start=1):
        if cancelled is not None and cancelled():
            return None
        try:
            _read_row(rows, table, row, providers, as_of)
        except RowRejected as exc:
            rows.rejected.extend(exc.problems)
        if progress is not None and (done % 200 == 0 or done == total):
            progress(done, total)
    return rows


def _read_row(rows: _Rows, table: MiTable, row: MiRow, providers: Mapping[str, ProviderRef],
              as_of: date) -> None:
    urn = row_urn(row, table.columns)
    if urn is None:
        return
    provider = providers.get(urn)
    if provider is None:
        rows.unknown += 1
        return
    found = parse_row(row, table.columns, urn)
    if found is None:
        rows.no_outcome += 1
        return
    if found.inspected_on > as_of:
        column = table.columns.header(table.columns.fields["inspected_on"])
        raise RowRejected([RejectedRow(row.number, column, uk(found.inspected_on),
                                       f"is after the import date {uk(as_of)}")])
    key = (found.inspectorate, found.inspected_on, found.framework)
    earlier = rows.found[provider.provider_id].get(key)
    if earlier is None:
        rows.found[provider.provider_id][key] = found
    elif earlier.outcome == found.outcome:
        rows.duplicates += 1
    else:
        raise RowRejected([RejectedRow(
            row.number, "URN", urn,
            f"gives a different outcome from row {earlier.row} for the same inspection "
            f"({uk(found.inspected_on)})")])


def _plan(db: Database, rows: _Rows, frameworks: InspectionFrameworks) -> _Plan:
    plan = _Plan()
    stored = stored_inspections(db, rows.found)
    for provider_id, found in rows.found.items():
        held = stored.get(provider_id, [])
        after = _merge(plan, provider_id, held, found.values())
        concern = fell_below_good([s.inspection for s in held], after, frameworks)
        if concern is not None:
            plan.fallen[provider_id] = concern.reason
    return plan


def _merge(
    plan: _Plan, provider_id: int, held: Sequence[StoredInspection],
    found: Iterable[MiInspection],
) -> list[Inspection]:
    """The provider's inspections after the import; records what changes in ``plan``."""
    by_key: dict[tuple[str, date | None, str], StoredInspection] = {}
    for stored in held:
        i = stored.inspection
        by_key.setdefault((i.inspectorate, i.inspected_on, i.framework), stored)
    after = {s.inspection_id: s.inspection for s in held}
    for row in found:
        new = Inspection(row.inspectorate, row.inspected_on, row.framework, row.outcome)
        match = by_key.get((row.inspectorate, row.inspected_on, row.framework))
        if match is None:
            plan.added.append((provider_id, new))
            after[-len(plan.added)] = new
        elif dict(match.inspection.outcome) == row.outcome:
            plan.unchanged += 1
        else:
            plan.updated.append((match.inspection_id, row.outcome))
            after[match.inspection_id] = new
    return list(after.values())


def _flags(
    db: Database, fallen: Mapping[int, str], as_of: date, weeks: int
) -> dict[int, list[AdditionalVisitFlag]]:
    """The additional-visit flags to set, per provider that fell below good."""
    if not fallen:
        return {}
    coverage: defaultdict[int, list[VisitCoverage]] = defaultdict(list)
    for visit in visit_coverage(db):
        coverage[visit.placement_id].append(visit)
    placements = [p for p in register_placements(db) if p.provider_id in fallen]
    last = {p.placement_id: last_visit(coverage[p.placement_id], as_of) for p in placements}
    due = additional_visit_due(as_of, weeks)
    flags: dict[int, list[AdditionalVisitFlag]] = {pid: [] for pid in fallen}
    for placement in placements_to_flag(placements, last, as_of, weeks):
        provider_id = placement.provider_id
        if provider_id is None:   # never: each placement is at a provider that fell
            continue
        reason = fallen[provider_id]
        flags[provider_id].append(
            AdditionalVisitFlag(placement.placement_id, as_of, due, reason))
    return flags


def _fallen(
    fallen: Mapping[int, str], flags: Mapping[int, list[AdditionalVisitFlag]],
    providers: Mapping[str, ProviderRef],
) -> tuple[ProviderFellBelowGood, ...]:
    by_id = {p.provider_id: p for p in providers.values()}
    listed = [
        ProviderFellBelowGood(
            pid, by_id[pid].name, by_id[pid].urn, reason,
            tuple(f.placement_id for f in flags.get(pid, ())),
        )
        for pid, reason in fallen.items()
    ]
    return tuple(sorted(listed, key=lambda p: name_sort_key(p.name)))


def summary_lines(result: InspectionsImportResult) -> list[str]:
    if result.cancelled:
        return ["Import cancelled: nothing was written."]
    if result.rejected:
        lines = [f"{len(result.rejected)} problem(s) found: nothing was written."]
        return lines + [problem.line() for problem in result.rejected]
    verb = "would be" if result.dry_run else "were"
    lines = [
        f"{result.rows_read} rows read; inspections added {result.added}, updated "
        f"{result.updated}, unchanged {result.unchanged}.",
        f"Skipped: {result.skipped_unknown_urn} URN(s) not in the register, "
        f"{result.skipped_no_outcome} row(s) with no inspection outcome.",
    ]
    if not result.fell_below_good:
        return lines + ["No provider fell below good."]
    lines.append(f"{len(result.fell_below_good)} provider(s) fell below good; "
                 f"{result.placements_flagged} placement(s) {verb} flagged for an additional "
                 f"visit by {uk(additional_visit_due(result.as_of, result.weeks))}:")
    for p in result.fell_below_good:
        lines.append(f"  {p.name} (URN {p.urn}): {len(p.placements_flagged)} placement(s). "
                     f"{p.reason}")
    return lines
