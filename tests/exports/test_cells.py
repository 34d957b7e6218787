"""The one rule for spreadsheet cells: text that a spreadsheet would run is quoted in CSV
and a string in XLSX; the importer takes the quote off again; numbers and dates the app
writes stay numbers and dates."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from placement_qa.exports.cells import csv_text, csv_writer, read_back, xlsx_cell


@pytest.mark.parametrize("text", ["=1+2", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "-",
                                  "-5", "--", "- see notes", "-Ann"])
def test_text_a_spreadsheet_would_run_gets_a_quote(text):
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Zoë Łukasiewicz", "O'Brien", "'Tis", "a=b", "1-2",
                                  " =x", "'"])
def test_other_text_is_written_as_it_is(text):
    assert csv_text(text) == text


@given(st.text())
def test_the_importer_reads_back_exactly_what_was_written(text):
    assert read_back(csv_text(text)) == text


def test_a_quote_the_user_typed_before_a_formula_survives_the_round_trip():
    assert csv_text("'=x") == "''=x"
    assert read_back("''=x") == "'=x"


def test_the_csv_writer_quotes_text_but_leaves_the_apps_numbers_alone():
    out = io.StringIO()
    csv_writer(out, lineterminator="\n").writerow([-3, 2.5, "-3", None, "=A1"])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["-3", "2.5", "'-3", "", "'=A1"]


def test_xlsx_text_is_a_string_and_numbers_and_dates_keep_their_type():
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Sheet")
    values = ["=HYPERLINK(\"http://x\",\"y\")", "-2+3", -5, 2.5, None, date(2026, 11, 22)]
    sheet.append([xlsx_cell(sheet, v, date_format="DD/MM/YYYY") for v in values])
    buffer = io.BytesIO()
    book.save(buffer)
    [row] = openpyxl.load_workbook(buffer, data_only=False).active.iter_rows()
    assert [c.data_type for c in row[:4]] == ["s", "s", "n", "n"]
    assert [c.value for c in row[:4]] == values[:4]
    assert row[4].value is None
    assert row[5].is_date and row[5].number_format == "DD/MM/YYYY"
    assert row[5].value.date() == date(2026, 11, 22)


def test_no_module_writes_csv_around_the_rule():
    """Every CSV writer is :func:`csv_writer`, so none can forget to quote (one place)."""
    package = Path(__file__).resolve().parents[2] / "placement_qa"
    offenders = [str(p.relative_to(package)) for p in package.rglob("*.py")
                 if p.name != "cells.py"
                 and re.search(r"csv\.(writer|DictWriter)\(", p.read_text(encoding="utf-8"))]
    assert offenders == []
