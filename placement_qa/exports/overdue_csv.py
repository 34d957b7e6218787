"""Overdue and due-soon placements as CSV: the register export's columns, the urgent rows.

The rows and words are the register CSV's own (:data:`~.register_csv.HEADER`,
:func:`~.register_csv.register_row`), so a placement reads the same in both
files; only the selection and the order (earliest next due first) differ.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import TextIO

from ..domain.ehcp import EhcpDates
from ..domain.names import name_sort_key
from ..domain.schedule import ScheduleLine, Status
from .cells import csv_file
from .register_csv import write_register_csv

URGENT_STATUSES = frozenset({Status.OVERDUE, Status.DUE_SOON})


def _order(line: ScheduleLine) -> tuple:
    p = line.placement
    return (line.next_due or date.max, name_sort_key(p.provider_name),
            name_sort_key(p.child_name), p.placement_id)


def overdue_lines(lines: Iterable[ScheduleLine]) -> list[ScheduleLine]:
    """The overdue and due-soon lines, earliest next due first (then provider, child)."""
    return sorted((line for line in lines if line.status in URGENT_STATUSES), key=_order)


def write_overdue_csv(
    lines: Iterable[ScheduleLine],
    out: TextIO,
    ehcp_dates: Mapping[int, EhcpDates] | None = None,
) -> int:
    """Write the header and the overdue and due-soon rows; returns the number of rows."""
    return write_register_csv(overdue_lines(lines), out, ehcp_dates)


def write_overdue_file(
    lines: Iterable[ScheduleLine],
    path: Path,
    ehcp_dates: Mapping[int, EhcpDates] | None = None,
) -> int:
    """The same, to a file Excel opens rightly (see :func:`~.cells.csv_file`)."""
    with csv_file(path) as out:
        return write_overdue_csv(lines, out, ehcp_dates)
