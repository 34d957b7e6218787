"""Reading users' spreadsheets: header names, encodings, XLSX cells, files that are not tables."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import Workbook

from placement_qa.importing.placement_rows import COLUMNS
from placement_qa.importing.reading import (
    ImportFileError,
    cell_text,
    match_headers,
    normalise_header,
    read_grid,
    read_table,
)

REQUIRED = "Case ref,Given name,Family name,Provider URN,Start date,Arrangement"


@pytest.mark.parametrize("header", ["Case ref", "case_ref", "CASE-REF", " Case  Ref. ", "caseRef"])
def test_header_names_match_ignoring_case_spaces_and_punctuation(header):
    assert normalise_header(header) == "caseref"
    headers = [header, "Given name", "Family name", "URN", "Start", "arrangement"]
    positions, ignored = match_headers(headers, COLUMNS)
    assert positions["case_ref"] == 0 and positions["urn"] == 3 and ignored == ()


def test_missing_required_columns_are_named():
    with pytest.raises(ImportFileError) as error:
        match_headers(["Case ref", "Given name", "Notes"], COLUMNS)
    assert str(error.value).startswith(
        "the file has no column for Family name, Provider URN, Start date, Arrangement")


def test_two_columns_for_the_same_field_are_refused():
    with pytest.raises(ImportFileError, match="'URN' and 'Provider URN' are both Provider URN"):
        match_headers([*REQUIRED.split(",")[:3], "URN", "Provider URN"], COLUMNS)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\ufeffCase ref,Name\nCS-1,Zoë\n".encode(), "Zoë"),               # UTF-8 with BOM
        ("Case ref,Name\nCS-1,Ayşe\n".encode(), "Ayşe"),                   # UTF-8, no BOM
        ("Case ref,Name\r\nCS-1,Zoë\r\n".encode("cp1252"), "Zoë"),          # Excel's CSV
        ("Case ref;Name\nCS-1;Łukasz\n".encode(), "Łukasz"),              # European Excel
        ("Case ref\tName\nCS-1\tȘerban\n".encode("utf-16"), "Șerban"),    # "Unicode text"
    ],
)
def test_csv_encodings_and_separators(tmp_path, raw, expected):
    path = tmp_path / "f.csv"
    path.write_bytes(raw)
    assert read_grid(path) == [["Case ref", "Name"], ["CS-1", expected]]


def test_rows_keep_the_number_the_user_sees_and_blank_rows_are_skipped(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(f"{REQUIRED},Notes\nCS-1,A,B,123456,01/09/2025,Day\n,,,,,\n"
                    "CS-2,C,D,,01/09/2025,EHE,hello\n", encoding="utf-8")
    table = read_table(path, COLUMNS)
    assert [r.number for r in table.rows] == [2, 4]
    assert table.rows[0].cells["urn"] == "123456" and "state" not in table.rows[0].cells
    assert table.ignored_headers == ("Notes",)


@pytest.mark.parametrize(
    ("value", "text"),
    [(datetime(2026, 2, 28), "28/02/2026"), (date(2026, 2, 28), "28/02/2026"),
     (datetime(2026, 2, 28, 9, 30), "28/02/2026 09:30"), (123456.0, "123456"), (12, "12"),
     (58500.5, "58500.5"), (None, ""), ("Zoë", "Zoë")],
)
def test_xlsx_cells_read_as_the_user_sees_them(value, text):
    assert cell_text(value) == text


def test_xlsx_first_sheet_is_read(tmp_path):
    book = Workbook()
    book.active.append(["Case ref", "Start"])
    book.active.append(["CS-1", datetime(2025, 9, 1)])
    book.create_sheet("Other").append(["ignored"])
    path = tmp_path / "f.xlsx"
    book.save(path)
    assert read_grid(path) == [["Case ref", "Start"], ["CS-1", "01/09/2025"]]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.csv", b"", "is empty: the first row must name the columns"),
        ("a.xlsx", b"PK\x03\x04 a damaged zip", "cannot be read as an XLSX workbook"),
        ("a.xls", b"\xd0\xcf\x11\xe0" + bytes(100), r"old Excel \(\.xls\) workbook"),
        ("a.pdf", b"%PDF-1.4\x00\x01\x02binary", "is not a CSV or XLSX file"),
        ("a.csv", b"Case ref\n\x81\x8d\x8f\x90\x9d", "is not text in UTF-8 or Windows-1252"),
    ],
)
def test_files_that_are_not_tables_are_explained(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        read_table(path, COLUMNS)


def test_a_missing_file_or_a_folder_is_explained(tmp_path):
    with pytest.raises(ImportFileError, match="does not exist"):
        read_table(tmp_path / "nope.csv", COLUMNS)
    with pytest.raises(ImportFileError, match="is a folder"):
        read_table(tmp_path, COLUMNS)
