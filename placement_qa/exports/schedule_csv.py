"""A month's planned visits as CSV: one row per visit, no child's details.

Columns: date (dd/mm/yyyy), provider, host authority, visit type, visitors,
placements covered and status, in the words the app uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from ..domain.dates import uk
from ..domain.planning import VisitForExport
from ..domain.register import VISIT_STATES, VISIT_TYPES
from .cells import csv_file, csv_writer

HEADER = (
    "Date",
    "Provider",
    "Host authority",
    "Visit type",
    "Visitors",
    "Placements covered",
    "Status",
)


def schedule_row(visit: VisitForExport) -> list[str]:
    return [
        uk(visit.visit_date),
        visit.provider_name,
        visit.host_authority,
        VISIT_TYPES.get(visit.visit_type, visit.visit_type),
        visit.visitors,
        str(visit.placements_covered),
        VISIT_STATES.get(visit.status, visit.status),
    ]


def write_schedule_csv(visits: Iterable[VisitForExport], out: TextIO) -> int:
    """Write the header and one row per visit; returns the number of rows."""
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    count = 0
    for visit in visits:
        writer.writerow(schedule_row(visit))
        count += 1
    return count


def write_schedule_file(visits: Iterable[VisitForExport], path: Path) -> int:
    """The same, to a file Excel opens rightly (see :func:`~.cells.csv_file`)."""
    with csv_file(path) as out:
        return write_schedule_csv(visits, out)
