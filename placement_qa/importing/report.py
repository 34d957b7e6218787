"""What an import found: problems per row, outcomes per row, and the error report file.

The error report is the user's own file back, every row in its original order,
with two columns in front: **Row** (the spreadsheet row number, header = row 1)
and **Errors** (every problem in that row, blank for good rows). Fix the cells,
save, and import the same file again: the importer ignores those two columns.
No cell reaches a spreadsheet as a formula (see :mod:`placement_qa.exports.cells`;
the importer takes the quote it adds off again).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..domain.printable import with_codes
from ..exports.cells import csv_file, csv_writer
from .reading import SourceTable, normalise_header

REPORT_HEADERS = ("Row", "Errors")
ADDED, UPDATED, UNCHANGED, REJECTED = "added", "updated", "unchanged", "rejected"


@dataclass(frozen=True)
class ImportProblem:
    """One bad cell (or row): where the user finds it, what it holds, what is wrong."""

    row: int
    column: str
    value: str
    reason: str

    def line(self) -> str:
        """"row 5, Start date: '31/02/2026' is not a real date" (the value shown once;
        a control character in it shown by its code, never sent to a terminal)."""
        where = f"row {self.row}, {self.column}"
        if self.value and self.value not in self.reason:
            where += f", '{self.value}'"
        return with_codes(f"{where}: {self.reason}")


@dataclass(frozen=True)
class RowOutcome:
    """What an import does (or would do) with one row."""

    row: int
    action: str  # added, updated, unchanged or rejected
    case_ref: str
    changes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    rows: tuple[RowOutcome, ...]
    problems: tuple[ImportProblem, ...]
    source: SourceTable
    dry_run: bool
    written: bool
    children_added: int = 0
    children_changed: int = 0   # children already in the register whose details change

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def added(self) -> int:
        return self.count(ADDED)

    @property
    def updated(self) -> int:
        return self.count(UPDATED)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def rejected_rows(self) -> int:
        return len({p.row for p in self.problems})

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """"12 added, 3 updated, 40 unchanged", or what stopped the import."""
        if self.problems:
            return (
                f"{len(self.problems)} {_plural(len(self.problems), 'problem')} in "
                f"{self.rejected_rows} {_plural(self.rejected_rows, 'row')}: nothing imported"
            )
        counts = f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"
        counts += self.children_changed_words()
        if self.dry_run:
            return f"Check only: {counts} (nothing written yet)"
        return counts


    def children_changed_words(self, changed: str = "changed") -> str:
        """"; 2 children's details changed" (children already in the register), or
        nothing; ``changed`` may be "to change", for a check."""
        count = self.children_changed
        if not count:
            return ""
        return f"; {count} {'child' if count == 1 else 'children'}'s details {changed}"


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


def errors_by_row(problems: Iterable[ImportProblem]) -> dict[int, list[ImportProblem]]:
    found: dict[int, list[ImportProblem]] = defaultdict(list)
    for problem in problems:
        found[problem.row].append(problem)
    return found


def _kept_positions(headers: Sequence[str]) -> list[int]:
    """Original columns, without the Row/Errors columns of an earlier report."""
    report = {normalise_header(h) for h in REPORT_HEADERS}
    return [i for i, h in enumerate(headers) if normalise_header(h) not in report]


def write_error_report(source: SourceTable, problems: Sequence[ImportProblem], out: TextIO) -> int:
    """Write every row of ``source`` with its errors; returns the number of rows with errors."""
    keep = _kept_positions(source.headers)
    by_row = errors_by_row(problems)
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow([*REPORT_HEADERS, *(source.headers[i] for i in keep)])
    for row in source.rows:
        words = "; ".join(f"{p.column}: {p.reason}" for p in by_row.get(row.number, ()))
        writer.writerow([row.number, words, *(row.original[i] for i in keep)])
    return len(by_row)


def write_error_report_file(source: SourceTable, problems: Sequence[ImportProblem],
                            path: str | Path) -> int:
    """The same, to a file Excel opens rightly, written privately and atomically."""
    with csv_file(path) as out:
        return write_error_report(source, problems, out)
