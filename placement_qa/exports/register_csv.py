"""The register as CSV: one row per placement, the register view's columns plus the schedule."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from ..domain.dates import uk
from ..domain.schedule import ScheduleLine
from ..domain.wording import provider_text, type_text

HEADER = (
    "Child",
    "Provider",
    "Type",
    "Host authority",
    "Start",
    "End",
    "Last visit",
    "Next due",
    "Status",
    "Planned visit",
    "Planned late",
    "Requires monitoring",
)


def register_row(line: ScheduleLine) -> list[str]:
    p = line.placement
    return [
        p.child_name,
        provider_text(line),
        type_text(line),
        p.host_authority,
        uk(p.start_date),
        uk(p.end_date),
        uk(line.last_visit),
        uk(line.next_due),
        line.status.value,
        uk(line.planned_visit),
        "yes" if line.planned_late else "",
        "yes" if line.requires_monitoring else "no",
    ]


def write_register_csv(lines: Iterable[ScheduleLine], out: TextIO) -> int:
    """Write the header and one row per line; returns the number of rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    count = 0
    for line in lines:
        writer.writerow(register_row(line))
        count += 1
    return count

