"""The register export written to a file: XLSX or CSV by the file's suffix."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from ..domain.schedule import ScheduleLine, by_child
from ..store.exports import placement_details


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
        from .register_xlsx import write_register_xlsx

        return write_register_xlsx(lines, path, details)
    from .cells import csv_file
    from .register_csv import write_register_csv

    with csv_file(path) as out:
        return write_register_csv(lines, out, details)
