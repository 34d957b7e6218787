"""The XLSX export, read back with openpyxl: the CSV export's rows, with real date cells."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from placement_qa.demo import write_demo_register
from placement_qa.domain.dates import add_months
from placement_qa.exports.register_csv import csv_columns, header, write_register_csv
from placement_qa.exports.register_xlsx import write_register_xlsx
from placement_qa.store.connection import open_register
from placement_qa.store.exports import placement_details
from placement_qa.store.schedule import schedule_as_of

HEADER = tuple(header(csv_columns()))  # the register CSV's, from the column spec

AS_OF = date(2026, 11, 22)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """(CSV text, XLSX path) of the small demo register as of 22/11/2026."""
    folder = tmp_path_factory.mktemp("export")
    write_demo_register(folder / "d.db", "small", seed=1)
    db = open_register(folder / "d.db")
    lines, ehcp = schedule_as_of(db, AS_OF), placement_details(db)
    db.close()
    text = io.StringIO()
    write_register_csv(lines, text, ehcp)
    path = folder / "register.xlsx"
    assert write_register_xlsx(lines, path, ehcp) == len(lines)
    return text.getvalue(), path


def shown(value) -> str:
    """A cell as the CSV holds it: dates dd/mm/yyyy, amounts with two decimals."""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int | float):
        return f"{value:.2f}"
    return "" if value is None else str(value)


def test_the_xlsx_matches_the_csv_row_for_row(exported):
    text, path = exported
    csv_rows = list(csv.reader(io.StringIO(text)))
    sheet = load_workbook(path).active
    xlsx_rows = [[shown(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert csv_rows[0] == list(HEADER)
    assert len(xlsx_rows) == len(csv_rows) > 50
    for csv_row, xlsx_row in zip(csv_rows, xlsx_rows, strict=True):
        assert xlsx_row == csv_row


def test_dates_are_date_cells_shown_day_month_year(exported):
    _, path = exported
    sheet = load_workbook(path).active
    start_column = HEADER.index("Start") + 1
    cells = [sheet.cell(row=r, column=start_column) for r in range(2, sheet.max_row + 1)]
    assert all(c.is_date and c.number_format == "DD/MM/YYYY" for c in cells)


def test_header_is_bold_frozen_and_filtered_with_fitting_widths(exported):
    _, path = exported
    sheet = load_workbook(path).active
    assert sheet.title == "Register"
    assert [c.value for c in sheet[1]] == list(HEADER)
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(HEADER))}{sheet.max_row}"
    widths = {c: sheet.column_dimensions[c].width for c in "ABEG"}
    assert 8 <= widths["E"] <= 14  # dates
    assert widths["A"] >= max(len(str(c.value)) for c in sheet["A"])  # child names fit
    assert all(w <= 50 for w in widths.values())


def test_csv_has_each_childs_ehcp_review_dates(exported):
    text, _ = exported
    rows = list(csv.DictReader(io.StringIO(text)))
    reviewed = [r for r in rows if r["EHCP last review"]]
    assert reviewed
    for row in reviewed:
        d, m, y = (int(x) for x in row["EHCP last review"].split("/"))
        last = date(y, m, d)
        d, m, y = (int(x) for x in row["EHCP next review due"].split("/"))
        assert last < date(y, m, d) <= add_months(last, 12)
