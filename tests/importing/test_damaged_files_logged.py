"""A damaged workbook is explained in words, as before, and its traceback goes to the
app's log (where the file's name, which may be a child's, is never written)."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import Workbook

from placement_qa.importing.placement_rows import COLUMNS as PLACEMENT_COLUMNS
from placement_qa.importing.provider_return_form import ReturnFormError, read_return_form
from placement_qa.importing.reading import ImportFileError, read_table

NAME = "Zoë Łukasiewicz"


def logged_without_the_name(log_file) -> str:
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged
    assert "Zoë" not in logged and "Łukasiewicz" not in logged
    return logged


def test_a_file_that_is_not_a_workbook_is_explained_and_its_traceback_logged(
        tmp_path, app_log_file):
    path = tmp_path / f"{NAME}.xlsx"
    path.write_bytes(b"PK\x03\x04 a zip's first bytes, then nothing of one")
    with pytest.raises(ImportFileError, match="cannot be read as an XLSX workbook"):
        read_table(path, PLACEMENT_COLUMNS)

    logged = logged_without_the_name(app_log_file)
    assert "WARNING placement_qa.importing.reading" in logged
    assert "An XLSX workbook could not be opened" in logged
    assert "in _xlsx_grid" in logged and "zipfile.BadZipFile: (message withheld" in logged


def test_a_damaged_worksheet_is_explained_and_its_traceback_logged(tmp_path, app_log_file):
    good = tmp_path / "good.xlsx"
    book = Workbook()
    book.active.append(["Case ref", NAME])
    book.save(good)
    damaged = tmp_path / f"{NAME}.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 2] if "worksheets/" in item.filename
                            else data)
    with pytest.raises(ImportFileError, match="its first worksheet cannot be read"):
        read_table(damaged, PLACEMENT_COLUMNS)

    logged = logged_without_the_name(app_log_file)
    assert "An XLSX worksheet could not be read" in logged and "in _xlsx_grid" in logged


def test_a_return_form_that_is_not_a_workbook_is_explained_and_its_traceback_logged(
        tmp_path, app_log_file):
    path = tmp_path / f"return {NAME}.xlsx"
    path.write_bytes(b"PK\x03\x04 but nothing more")
    with pytest.raises(ReturnFormError, match="is not an Excel workbook"):
        read_return_form(path)

    logged = logged_without_the_name(app_log_file)
    assert "A pre-visit return workbook could not be opened" in logged
    assert "in _open_workbook" in logged
