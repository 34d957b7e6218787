"""The register as an Excel workbook: the XLSX columns of the register's column spec,
with typed cells (dates as dates, amounts as numbers in pounds, text as text).

A bold header row frozen at the top, an autofilter over every column, dates
formatted ``dd/mm/yyyy``, amounts ``£#,##0.00`` and column widths that fit their text
(within limits).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..atomic_file import atomic_output
from ..domain.register_columns import (
    Kind,
    Output,
    RegisterColumn,
    Value,
    columns_for,
    value_shown,
)
from ..domain.schedule import ScheduleLine
from .cells import xlsx_cell
from .register_csv import Details, header, register_values

DATE_FORMAT = "DD/MM/YYYY"
MONEY_FORMAT = '"£"#,##0.00'
SHEET_TITLE = "Register"
MIN_WIDTH, MAX_WIDTH = 8, 50


def column_widths(rows: Sequence[Sequence[Value]], titles: Sequence[str]) -> list[int]:
    """Characters per column: the longest text in it as Excel shows it (£58,500.00),
    plus a little room, within limits."""
    widths = [len(title) for title in titles]
    for row in rows:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], len(value_shown(value)))
    return [max(MIN_WIDTH, min(MAX_WIDTH, w + 2)) for w in widths]


def _cell(sheet: Any, value: Value, column: RegisterColumn) -> Any:
    cell = xlsx_cell(sheet, value, date_format=DATE_FORMAT)
    if cell is not None and column.kind is Kind.MONEY:
        cell.number_format = MONEY_FORMAT
    return cell


def write_register_xlsx(
    lines: Iterable[ScheduleLine],
    path: str | Path,
    details: Details | None = None,
) -> int:
    """Write the workbook to ``path`` (privately and atomically); returns the number of
    placement rows. Text is always a string cell, never a formula; dates are dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    details = details or {}
    columns = columns_for(Output.XLSX)
    titles = header(columns)
    rows = [register_values(line, details.get(line.placement.placement_id), columns)
            for line in lines]
    with atomic_output(path) as out:  # the target is checked before the workbook is begun
        book = Workbook(write_only=True)
        sheet = book.create_sheet(SHEET_TITLE)
        for i, width in enumerate(column_widths(rows, titles), start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "A2"
        last = f"{get_column_letter(len(titles))}{len(rows) + 1}"
        sheet.auto_filter.ref = f"A1:{last}"
        bold = Font(bold=True)
        header_cells = [xlsx_cell(sheet, title, date_format=DATE_FORMAT) for title in titles]
        for cell in header_cells:
            cell.font = bold
        sheet.append(header_cells)
        for row in rows:
            sheet.append([_cell(sheet, value, column)
                          for value, column in zip(row, columns, strict=True)])
        book.save(out)
    return len(rows)
