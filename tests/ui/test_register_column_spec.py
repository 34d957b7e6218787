"""One register column spec: the register table, the CSV and XLSX exports and the
printed register list all take their columns — which, in what order, under what
header — from ``placement_qa.domain.register_columns``. Change the spec and all four
follow."""

from __future__ import annotations

import csv
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from placement_qa.domain import register_columns as spec
from placement_qa.domain.register_columns import Output, RegisterColumn
from placement_qa.reports.register_list import register_list_pdf
from placement_qa.store.exports import write_register_file
from placement_qa.store.schedule import schedule_as_of
from placement_qa.ui.register_model import RegisterModel

PDF_OPTIONS = {"council_name": "Westbridge Council", "marking": "OFFICIAL-SENSITIVE"}


def respelled(column: RegisterColumn) -> RegisterColumn:
    """Every header respelled; the arrangement shown on screen too; the host authority
    in the files only (no longer on screen or on paper)."""
    outputs = column.outputs
    if column.name == "arrangement":
        outputs = outputs | {Output.SCREEN}
    if column.name == "host_authority":
        outputs = frozenset({Output.CSV, Output.XLSX})
    return replace(column, header=f"«{column.header}»", outputs=outputs)


@pytest.fixture
def changed_spec(monkeypatch) -> tuple[RegisterColumn, ...]:
    columns = tuple(respelled(column) for column in spec.COLUMNS)
    monkeypatch.setattr(spec, "COLUMNS", columns)
    return columns


def headers(columns: tuple[RegisterColumn, ...], output: Output) -> list[str]:
    return [column.header for column in columns if output in column.outputs]


def pdf_text(data: bytes, folder: Path) -> str:
    path = folder / "register.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return re.sub(r"\s+", "", text)


def test_the_table_the_exports_and_the_printed_list_follow_the_spec(
        qtbot, sample_db, as_of, tmp_path, changed_spec):
    model = RegisterModel()
    model.set_rows(schedule_as_of(sample_db, as_of))
    shown = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert shown == headers(changed_spec, Output.SCREEN)
    assert "«Arrangement»" in shown and "«Host authority»" not in shown
    arrangement = shown.index("«Arrangement»")
    children = [model.index(r, 0).data() for r in range(model.rowCount())]
    nowak = model.index(children.index("Łukasz Nowak"), arrangement)
    assert nowak.data() == "Residential (52-week)"

    lines = schedule_as_of(sample_db, as_of)
    write_register_file(sample_db, lines, tmp_path / "register.csv")
    with open(tmp_path / "register.csv", encoding="utf-8-sig", newline="") as f:
        assert next(csv.reader(f)) == headers(changed_spec, Output.CSV)
    write_register_file(sample_db, lines, tmp_path / "register.xlsx")
    sheet = load_workbook(tmp_path / "register.xlsx").active
    assert [cell.value for cell in sheet[1]] == headers(changed_spec, Output.XLSX)

    printed = pdf_text(register_list_pdf(sample_db, as_of=as_of, **PDF_OPTIONS), tmp_path)
    headings = "".join(headers(changed_spec, Output.PDF)).replace(" ", "")
    assert headings.startswith("«Child»«Provider»«Type»«Start»")
    assert headings in printed
    assert "«Hostauthority»" not in printed
