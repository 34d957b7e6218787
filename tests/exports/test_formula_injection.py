"""No spreadsheet the app writes hands Excel or LibreOffice a formula.

Children named ``=HYPERLINK("http://x","y")``, ``+cmd``, ``-2+3`` and ``@SUM(A1)``
are imported through the CSV import; every CSV export quotes such cells (``'``),
every XLSX export holds them as text, and the PDFs print the names exactly.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from formula_names import (
    FORMULA_CHILDREN,
    add_good_provider,
    import_formula_children,
    starts_like_a_formula,
)
from pypdf import PdfReader
from recorded_visits import fill_note

from placement_qa.exports.overdue_csv import overdue_lines, write_overdue_file
from placement_qa.exports.schedule_csv import write_schedule_file
from placement_qa.importing.report import write_error_report_file
from placement_qa.reports.register_list import register_list_pdf
from placement_qa.reports.visit_note import visit_note_pdf
from placement_qa.store import register
from placement_qa.store.connection import open_register
from placement_qa.store.exports import write_register_file
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.store.placement_import import import_placements
from placement_qa.store.risk import lines_by_risk
from placement_qa.store.schedule import schedule_as_of
from placement_qa.store.visit_exports import visits_between
from placement_qa.store.visits import add_visit

AS_OF = date(2026, 11, 22)
PDF_OPTIONS = {"council_name": "Westbridge Council", "marking": "OFFICIAL-SENSITIVE"}


@pytest.fixture
def db(db, tmp_path):
    """The shared new register (tests/conftest.py) with the formula-like children imported."""
    import_formula_children(db, tmp_path)
    return db


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def assert_no_formula_in_csv(rows: list[list[str]]) -> None:
    risky = [cell for row in rows for cell in row if starts_like_a_formula(cell)]
    assert risky == []


def column(rows: list[list[str]], header: str) -> list[str]:
    at = rows[0].index(header)
    return [row[at] for row in rows[1:]]


def squashed(text: str) -> str:
    """Without any white space: a name may wrap inside a table cell."""
    return "".join(text.split())


def pdf_text(pdf: bytes) -> str:
    return squashed("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def placements(db) -> list:
    return [line.placement for line in schedule_as_of(db, AS_OF)]


def test_register_csv_and_xlsx_hold_no_formula_and_the_pdfs_print_the_names(db, tmp_path):
    lines = schedule_as_of(db, AS_OF)
    write_register_file(db, lines, tmp_path / "register.csv")
    write_register_file(db, lines, tmp_path / "register.xlsx")

    rows = csv_rows(tmp_path / "register.csv")
    assert_no_formula_in_csv(rows)
    assert sorted(column(rows, "Child")) == sorted(f"'{name}" for name in FORMULA_CHILDREN)

    book = openpyxl.load_workbook(tmp_path / "register.xlsx", data_only=False)
    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert sorted(c.value for c in book.active["A"][1:]) == sorted(FORMULA_CHILDREN)
    starts = book.active["E"][1:]  # the start dates stay dates, not text
    assert all(c.is_date and c.value.date() == date(2025, 9, 1) for c in starts)

    children = placements(db)
    visit = add_visit(db, provider_id=children[0].provider_id, visit_date=date(2026, 11, 2),
                      placement_ids=[p.placement_id for p in children])
    ensure_default_framework(db)
    fill_note(db, visit)
    printed = [pdf_text(register_list_pdf(db, as_of=AS_OF, **PDF_OPTIONS)),
               pdf_text(visit_note_pdf(db, visit, **PDF_OPTIONS))]
    for text in printed:
        for name in map(squashed, FORMULA_CHILDREN):
            assert name in text and f"'{name}" not in text


def test_overdue_and_schedule_csv_quote_names_providers_and_visitors(db, tmp_path):
    provider = add_good_provider(db, name="=cmd|' /C calc'!A0", urn="246810")
    child = register.add_child(db, given_name="-Ann", family_name="Lee")
    placement = register.add_placement(db, child_id=child, provider_id=provider,
                                       start_date=date(2024, 9, 1), arrangement="day")
    add_visit(db, provider_id=provider, visit_date=date(2026, 12, 3),
              placement_ids=[placement], visitors="@A. Officer")

    urgent = overdue_lines(schedule_as_of(db, AS_OF))
    write_overdue_file(lines_by_risk(db, urgent, AS_OF), tmp_path / "overdue.csv")
    overdue = csv_rows(tmp_path / "overdue.csv")
    assert_no_formula_in_csv(overdue)
    assert "'-Ann Lee" in column(overdue, "Child")
    assert "'=cmd|' /C calc'!A0" in column(overdue, "Provider")

    write_schedule_file(visits_between(db, date(2026, 12, 1), date(2026, 12, 31)),
                        tmp_path / "schedule.csv")
    schedule = csv_rows(tmp_path / "schedule.csv")
    assert_no_formula_in_csv(schedule)
    assert column(schedule, "Provider") == ["'=cmd|' /C calc'!A0"]
    assert column(schedule, "Visitors") == ["'@A. Officer"]


def test_the_error_report_quotes_cells_and_imports_back_exactly(tmp_path):
    db = open_register(tmp_path / "fresh.db", create=True, os_user="a.officer")
    try:
        add_good_provider(db)
        source = tmp_path / "children.csv"
        source.write_text(
            "Case ref,Given name,Family name,Provider URN,Start date,Arrangement\n"
            'CS-1,"=HYPERLINK(""http://x"",""y"")",-2+3,135790,01/09/2025,Day\n'
            "CS-2,@SUM(A1),+cmd,135790,31/02/2025,Day\n", encoding="utf-8")
        result = import_placements(db, source)
        report = tmp_path / "children-errors.csv"
        assert write_error_report_file(result.source, result.problems, report) == 1

        rows = csv_rows(report)
        assert_no_formula_in_csv(rows)
        assert column(rows, "Row") == ["2", "3"]
        assert column(rows, "Given name") == ["'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(A1)"]
        assert column(rows, "Family name") == ["'-2+3", "'+cmd"]

        rows[2][rows[0].index("Start date")] = "28/02/2025"  # the user fixes the date
        with report.open("w", encoding="utf-8-sig", newline="") as out:
            csv.writer(out).writerows(rows)
        again = import_placements(db, report)
        assert again.ok and again.added == 2
        assert sorted(p.child_name for p in placements(db)) == [
            '=HYPERLINK("http://x","y") -2+3', "@SUM(A1) +cmd"]
    finally:
        db.close()
