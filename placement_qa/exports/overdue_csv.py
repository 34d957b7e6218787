"""Overdue and due-soon placements as CSV: the register export's columns, the urgent rows,
riskiest first, with two columns more: the risk level and its reason in words.

The columns and words are the register CSV's own (:func:`~.register_csv.register_values`),
so a placement reads the same in both files; the selection, the order (by risk level,
then days overdue: :mod:`..domain.risk`) and the two risk columns differ.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from ..domain.risk import Risk
from ..domain.schedule import ScheduleLine, Status
from .cells import csv_file, csv_writer
from .register_csv import Details, as_text, csv_columns, header, register_values

URGENT_STATUSES = frozenset({Status.OVERDUE, Status.DUE_SOON})
RISK_HEADERS = ("Risk", "Risk reason")

Ranked = Iterable[tuple[ScheduleLine, Risk]]


def overdue_lines(lines: Iterable[ScheduleLine]) -> list[ScheduleLine]:
    """The overdue and due-soon lines (for :func:`..domain.risk.by_risk` to order)."""
    return [line for line in lines if line.status in URGENT_STATUSES]


def write_overdue_csv(ranked: Ranked, out: TextIO, details: Details | None = None) -> int:
    """Write the header and one row per (line, risk), in the order given; returns the
    number of rows."""
    details = details or {}
    columns = csv_columns()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow([*header(columns), *RISK_HEADERS])
    count = 0
    for line, risk in ranked:
        values = register_values(line, details.get(line.placement.placement_id), columns)
        writer.writerow([*(as_text(value) for value in values), risk.level, risk.reason])
        count += 1
    return count


def write_overdue_file(ranked: Ranked, path: Path, details: Details | None = None) -> int:
    """The same, to a file Excel opens rightly (see :func:`~.cells.csv_file`)."""
    with csv_file(path) as out:
        return write_overdue_csv(ranked, out, details)
