"""The register as CSV: one row per placement, the register view's columns plus the schedule.

:func:`register_values` gives each row's typed values (dates as dates), which
the CSV writes UK style and the XLSX export writes as date cells, so the two
files always hold the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TextIO

from ..domain.dates import uk
from ..domain.ehcp import EhcpDates, annual_review_due
from ..domain.schedule import ScheduleLine
from ..domain.wording import provider_text, type_text
from .cells import csv_writer

HEADER = (
    "Child",
    "Provider",
    "Type",
    "Host authority",
    "Start",
    "End",
    "EHCP last review",
    "EHCP next review due",
    "Last visit",
    "Next due",
    "Status",
    "Planned visit",
    "Planned late",
    "Requires monitoring",
)

Value = str | date | None
NO_EHCP_DATES = EhcpDates(None, None)


def register_values(line: ScheduleLine, ehcp: EhcpDates | None = None) -> list[Value]:
    """One row, dates as :class:`date` (or None when there is none).

    The EHCP next review due is the domain's rule (:func:`annual_review_due`):
    12 months after the last review unless an earlier date is recorded.
    """
    p = line.placement
    ehcp = ehcp or NO_EHCP_DATES
    return [
        p.child_name,
        provider_text(line),
        type_text(line),
        p.host_authority,
        p.start_date,
        p.end_date,
        ehcp.last_review,
        annual_review_due(ehcp.last_review, ehcp.next_review_due),
        line.last_visit,
        line.next_due,
        line.status.value,
        line.planned_visit,
        "yes" if line.planned_late else "",
        "yes" if line.requires_monitoring else "no",
    ]


def as_text(value: Value) -> str:
    if isinstance(value, date):
        return uk(value)
    return value or ""


def register_row(line: ScheduleLine, ehcp: EhcpDates | None = None) -> list[str]:
    return [as_text(value) for value in register_values(line, ehcp)]


def write_register_csv(
    lines: Iterable[ScheduleLine],
    out: TextIO,
    ehcp_dates: Mapping[int, EhcpDates] | None = None,
) -> int:
    """Write the header and one row per line (no cell a formula); returns the number of rows."""
    ehcp_dates = ehcp_dates or {}
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    count = 0
    for line in lines:
        writer.writerow(register_row(line, ehcp_dates.get(line.placement.placement_id)))
        count += 1
    return count
