"""The register export: each placement's child's EHCP review dates (the one read the
export needs beyond the schedule), and the export written to a file in the format
code's hands."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from ..domain.dates import from_iso
from ..domain.ehcp import EhcpDates
from ..domain.schedule import ScheduleLine, by_child
from ..exports.cells import csv_file
from ..exports.register_csv import write_register_csv
from ..exports.register_xlsx import write_register_xlsx


def ehcp_dates_by_placement(db: Database) -> dict[int, EhcpDates]:
    """The child's EHCP last review and next review due, by placement id."""
    rows = db.execute(
        "SELECT p.id, c.ehcp_last_review, c.ehcp_next_review_due "
        "FROM placements p JOIN children c ON c.id = p.child_id"
    ).fetchall()
    return {row[0]: EhcpDates(from_iso(row[1]), from_iso(row[2])) for row in rows}


def write_register_file(db: Database, lines: list[ScheduleLine], path: Path,
                        fmt: str | None = None) -> int:
    """Write ``lines``, by child, with each child's EHCP dates; returns the number of rows.

    ``fmt`` is "csv" or "xlsx"; by default ``.xlsx`` files get a workbook and
    anything else CSV (UTF-8 with a BOM, so Excel shows Zoë Łukasiewicz rightly).
    """
    fmt = fmt or ("xlsx" if path.suffix.lower() == ".xlsx" else "csv")
    lines = by_child(lines)  # as the printed register list is filed
    ehcp = ehcp_dates_by_placement(db)
    if fmt == "xlsx":
        return write_register_xlsx(lines, path, ehcp)
    with csv_file(path) as out:
        return write_register_csv(lines, out, ehcp)
