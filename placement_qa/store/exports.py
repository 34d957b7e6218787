"""The register export: each placement's details beyond the schedule (the one read the
export needs), and the export written to a file in the format code's hands."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from ..domain.dates import from_iso
from ..domain.register_columns import PlacementDetails
from ..domain.schedule import ScheduleLine, by_child

_DETAILS_SQL = """
SELECT p.id, c.case_ref, pr.urn, c.ehcp_last_review, c.ehcp_next_review_due,
       p.interim_support, p.annual_cost
FROM placements p
JOIN children c ON c.id = p.child_id
LEFT JOIN providers pr ON pr.id = p.provider_id
"""


def placement_details(db: Database) -> dict[int, PlacementDetails]:
    """Every placement's details, by placement id: its child's case ref and EHCP review
    dates as recorded, its provider's URN, its interim support and annual cost."""
    return {
        row[0]: PlacementDetails(
            case_ref=row[1] or "", urn=row[2] or "", ehcp_last_review=from_iso(row[3]),
            ehcp_next_review_due=from_iso(row[4]), interim_support=row[5] or "",
            annual_cost=None if row[6] is None else float(row[6]),
        )
        for row in db.execute(_DETAILS_SQL).fetchall()
    }


def write_register_file(db: Database, lines: list[ScheduleLine], path: Path,
                        fmt: str | None = None) -> int:
    """Write ``lines``, by child, with each placement's details; returns the number of rows.

    ``fmt`` is "csv" or "xlsx"; by default ``.xlsx`` files get a workbook and
    anything else CSV (UTF-8 with a BOM, so Excel shows Zoë Łukasiewicz rightly).
    """
    fmt = fmt or ("xlsx" if path.suffix.lower() == ".xlsx" else "csv")
    lines = by_child(lines)  # as the printed register list is filed
    details = placement_details(db)
    if fmt == "xlsx":
        from ..exports.register_xlsx import write_register_xlsx

        return write_register_xlsx(lines, path, details)
    from ..exports.cells import csv_file
    from ..exports.register_csv import write_register_csv

    with csv_file(path) as out:
        return write_register_csv(lines, out, details)
