"""The register as an Excel workbook: the CSV export's rows, with real date cells.

A bold header row frozen at the top, an autofilter over every column, dates
formatted ``dd/mm/yyyy`` and column widths that fit their text (within limits).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ..atomic_file import atomic_output
from ..domain.ehcp import EhcpDates
from ..domain.schedule import ScheduleLine
from .cells import xlsx_cell
from .register_csv import HEADER, Value, as_text, register_values

DATE_FORMAT = "DD/MM/YYYY"
SHEET_TITLE = "Register"
MIN_WIDTH, MAX_WIDTH = 8, 50


def column_widths(rows: Sequence[Sequence[Value]], header: Sequence[str]) -> list[int]:
    """Characters per column: the longest text in it, plus a little room, within limits."""
    widths = [len(h) for h in header]
    for row in rows:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], len(as_text(value)))
    return [max(MIN_WIDTH, min(MAX_WIDTH, w + 2)) for w in widths]


def write_register_xlsx(
    lines: Iterable[ScheduleLine],
    path: str | Path,
    ehcp_dates: Mapping[int, EhcpDates] | None = None,
) -> int:
    """Write the workbook to ``path`` (privately and atomically); returns the number of
    placement rows. Text is always a string cell, never a formula; dates are dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ehcp_dates = ehcp_dates or {}
    rows = [register_values(line, ehcp_dates.get(line.placement.placement_id)) for line in lines]
    with atomic_output(path) as out:  # the target is checked before the workbook is begun
        book = Workbook(write_only=True)
        sheet = book.create_sheet(SHEET_TITLE)
        for i, width in enumerate(column_widths(rows, HEADER), start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "A2"
        last = f"{get_column_letter(len(HEADER))}{len(rows) + 1}"
        sheet.auto_filter.ref = f"A1:{last}"
        bold = Font(bold=True)
        header = [xlsx_cell(sheet, title, date_format=DATE_FORMAT) for title in HEADER]
        for cell in header:
            cell.font = bold
        sheet.append(header)
        for row in rows:
            sheet.append([xlsx_cell(sheet, value, date_format=DATE_FORMAT) for value in row])
        book.save(out)
    return len(rows)
