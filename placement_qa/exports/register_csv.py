"""The register as CSV: one row per placement, the CSV columns of the register's column
spec (:mod:`placement_qa.domain.register_columns`), in its order.

:func:`register_values` gives each row's raw values (dates as dates, amounts as
numbers), which the CSV writes as text (dates UK style, amounts 58500.00) and the XLSX
export as typed cells, so the two files always hold the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TextIO

from ..domain.dates import uk
from ..domain.register_columns import (
    NO_DETAILS,
    Output,
    PlacementDetails,
    RegisterColumn,
    Value,
    columns_for,
)
from ..domain.schedule import ScheduleLine
from .cells import csv_writer

Details = Mapping[int, PlacementDetails]


def csv_columns() -> tuple[RegisterColumn, ...]:
    return columns_for(Output.CSV)


def header(columns: Sequence[RegisterColumn]) -> list[str]:
    return [column.header for column in columns]


def register_values(line: ScheduleLine, details: PlacementDetails | None,
                    columns: Sequence[RegisterColumn]) -> list[Value]:
    """One row's raw values: dates as :class:`date`, amounts as numbers, None for none."""
    details = details or NO_DETAILS
    return [column.value(line, details) for column in columns]


def as_text(value: Value) -> str:
    """A value as the CSV holds it: dates 22/11/2026, amounts 58500.00 (no £ or commas,
    so other systems and the placements import read them as numbers)."""
    if isinstance(value, date):
        return uk(value)
    if isinstance(value, float):
        return f"{value:.2f}"
    return value or ""


def write_register_csv(
    lines: Iterable[ScheduleLine],
    out: TextIO,
    details: Details | None = None,
) -> int:
    """Write the header and one row per line (no cell a formula); returns the number of rows.

    ``details`` holds each placement's details by placement id (none: blank cells)."""
    details = details or {}
    columns = csv_columns()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(header(columns))
    count = 0
    for line in lines:
        values = register_values(line, details.get(line.placement.placement_id), columns)
        writer.writerow([as_text(value) for value in values])
        count += 1
    return count
