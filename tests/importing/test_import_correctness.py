"""Issue 14, import correctness: case refs match whatever their case and spaces, an XLSX
formula with no saved value or a date with a time is refused (never read as blank or
as a date), a CSV named .xlsx is read as the CSV it is, and a file with only a header
says there is nothing to import. A refused file changes nothing, and is left as it was."""

from __future__ import annotations

import re
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from placement_files import (
    BROOKSIDE,
    HILLCREST,
    TEMPLATE_HEADER,
    child_row,
    register_content,
    write_csv,
)

from placement_qa.importing.ofsted_mi import MiFileError
from placement_qa.importing.reading import ImportFileError
from placement_qa.store import register
from placement_qa.store.inspection_import import import_inspections
from placement_qa.store.placement_import import import_placements
from placement_qa.store.records import list_children
from placement_qa.store.schema import SCHEMA_V7

FORMULA_MESSAGE = ("the cell holds a formula with no saved value; open and save the file in "
                   "Excel, or type the value")


def zoe(**cells) -> dict[str, str]:
    return child_row("Zoë", "Łukasiewicz", **cells)


def write_xlsx(path: Path, rows: list[dict[str, object]]) -> Path:
    """The rows as a workbook written by a program (openpyxl): formulas are saved
    without their results, as Excel would only work them out on opening."""
    book = Workbook()
    sheet = book.active
    sheet.append(TEMPLATE_HEADER)
    for values in rows:
        sheet.append([values[h] if values[h] != "" else None for h in TEMPLATE_HEADER])
    book.save(path)
    return path


def save_results(path: Path, results: dict[str, str], text_cells: tuple[str, ...] = ()) -> Path:
    """The workbook as Excel saves it: each formula with its result (``results`` maps a
    formula's text to the value element Excel would save; ``text_cells`` are the cells
    whose result is text)."""
    copy = path.with_name("saved-" + path.name)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = data.decode()
                for formula, result in results.items():
                    text = text.replace(f"<f>{formula}</f><v />", f"<f>{formula}</f>{result}")
                for cell in text_cells:
                    text = text.replace(f'<c r="{cell}">', f'<c r="{cell}" t="str">')
                data = text.encode()
            target.writestr(item, data)
    shutil.move(copy, path)
    return path


def refused_unchanged(db, path: Path, before) -> list[str]:
    """Import ``path``; it must be refused with the register and the file as they were.
    The problems, one line each."""
    data = path.read_bytes()
    result = import_placements(db, path)
    assert not result.written
    assert register_content(db) == before
    assert path.read_bytes() == data
    return [p.line() for p in result.problems]


# --- case refs ----------------------------------------------------------------------------

def test_rows_whose_case_refs_differ_only_in_case_are_one_child(db, tmp_path):
    path = write_csv(tmp_path / "p.csv", [
        zoe(), zoe(case_ref="cs-1001", provider_urn=HILLCREST, start_date="01/09/2022",
                   end_date="20/07/2024", arrangement="Residential (52-week)")])
    result = import_placements(db, path)
    assert result.written and result.children_added == 1
    [child] = list_children(db)
    assert child.case_ref == "CS-1001"
    assert db.execute("SELECT count(*) FROM placements WHERE child_id = ?",
                      [child.child_id]).fetchone()[0] == 2
    # and, as before, a row repeating another in a different case is a repeat
    path = write_csv(tmp_path / "q.csv", [zoe(case_ref="CS-2"), zoe(case_ref=" cs-2")])
    assert refused_unchanged(db, path, register_content(db)) == [
        "row 3, Case ref, 'cs-2': repeats row 2: the same case ref, provider URN and "
        "start date"]


def test_a_case_ref_in_another_case_or_with_spaces_finds_the_registers_child(db, tmp_path):
    child = register.add_child(db, given_name="Zoë", family_name="Łukasiewicz",
                               case_ref="CS-1001")
    path = write_csv(tmp_path / "p.csv", [zoe(case_ref="  cs-1001 ")])
    result = import_placements(db, path)
    assert result.written and result.children_added == 0
    assert [c.child_id for c in list_children(db)] == [child]
    assert db.execute("SELECT child_id FROM placements").fetchall() == [(child,)]
    again = import_placements(db, write_csv(tmp_path / "q.csv", [zoe(case_ref="Cs-1001")]))
    assert again.written and again.unchanged == 1   # the same placement, found again


def test_a_case_ref_matching_two_children_of_an_older_register_is_refused(db, tmp_path):
    """A register from before this fix may hold CS-1001 and cs-1001 as two children."""
    db.execute("DROP TRIGGER children_case_ref_key_insert")   # the old release had none
    for name, case_ref in (("Zoë", "CS-1001"), ("Zoe", "cs-1001")):
        register.add_child(db, given_name=name, family_name="Łukasiewicz", case_ref=case_ref)
    db.execute(SCHEMA_V7[1])
    before = register_content(db)
    path = write_csv(tmp_path / "p.csv", [zoe(case_ref="Cs-1001")])
    assert refused_unchanged(db, path, before) == [
        "row 2, Case ref, 'Cs-1001': matches more than one child in the register (CS-1001, "
        "cs-1001) once case and spaces are ignored: give one of them another case ref first"]
    exact = import_placements(db, write_csv(tmp_path / "q.csv", [zoe(case_ref="cs-1001")]))
    assert exact.written and exact.children_added == 0


# --- what a file is, and a file with nothing to import ----------------------------------------

def test_a_csv_saved_with_an_xlsx_name_is_read_as_csv(db, tmp_path):
    path = write_csv(tmp_path / "placements.xlsx", [zoe()])
    result = import_placements(db, path)
    assert result.written and result.added == 1


def test_an_xlsx_saved_with_a_csv_name_is_read_as_xlsx(db, tmp_path):
    path = write_xlsx(tmp_path / "placements.csv", [zoe()])
    result = import_placements(db, path)
    assert result.written and result.added == 1


@pytest.mark.parametrize("name", ["header.csv", "header.xlsx"])
def test_a_file_with_a_header_and_no_rows_says_there_is_nothing_to_import(db, tmp_path, name):
    path = tmp_path / name
    if name.endswith(".csv"):
        write_csv(path, [])
    else:
        write_xlsx(path, [])
    before, data = register_content(db), path.read_bytes()
    with pytest.raises(ImportFileError, match=f"^{re.escape(name)} has no rows to import"):
        import_placements(db, path)
    assert register_content(db) == before and path.read_bytes() == data


# --- XLSX cells ---------------------------------------------------------------------------

def test_a_formula_is_read_as_its_saved_value_and_refused_without_one(db, tmp_path):
    book = Workbook()
    book.active.append([*TEMPLATE_HEADER, "Notes"])
    for values in (zoe(case_ref="CS-1000", given_name="Ayşe", family_name="Yılmaz"),
                   zoe(visit_interval_months="=3*2", end_date='=LEFT("20/07/2026",10)',
                       interim_support='=IF(1,"","x")')):
        book.active.append([*(values[h] or None for h in TEMPLATE_HEADER), "=A1"])
    path = tmp_path / "p.xlsx"
    book.save(path)   # as a program writes it: formulas, and no results
    before = register_content(db)
    assert refused_unchanged(db, path, before) == [
        f"row 3, End date: {FORMULA_MESSAGE}", f"row 3, Visit interval months: {FORMULA_MESSAGE}",
        f"row 3, Interim support: {FORMULA_MESSAGE}"]
    # saved by Excel, each formula has its result (a text one may be empty); the Notes
    # column's formula, in a column the import does not read, never mattered
    save_results(path, {"3*2": "<v>6</v>", 'LEFT("20/07/2026",10)': "<v>20/07/2026</v>",
                        'IF(1,"","x")': "<v></v>"}, text_cells=("K3", "P3"))
    result = import_placements(db, path)
    assert result.written, [p.line() for p in result.problems]
    assert db.execute("SELECT visit_interval_months, end_date, interim_support FROM placements "
                      "ORDER BY id").fetchall() == [(12, None, None), (6, "2026-07-20", None)]


def test_a_date_cell_at_midnight_is_a_date_and_one_with_a_time_is_refused(db, tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", [
        zoe(start_date=datetime(2024, 9, 1, 0, 0)),
        zoe(case_ref="CS-1002", start_date=datetime(2024, 9, 1, 14, 30))])
    before = register_content(db)
    assert refused_unchanged(db, path, before) == [
        "row 3, Start date: '01/09/2024 14:30' has a time (14:30) as well as a date; give "
        "the date alone, as DD/MM/YYYY"]
    path = write_xlsx(tmp_path / "q.xlsx", [zoe(start_date=datetime(2024, 9, 1, 0, 0))])
    assert import_placements(db, path).written
    assert db.execute("SELECT start_date FROM placements").fetchall() == [
        (date(2024, 9, 1).isoformat(),)]


# --- the Ofsted inspections import ----------------------------------------------------------

MI_HEADER = ["URN", "School name", "Inspection start date", "Overall effectiveness"]


def write_mi_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    book.active.append(["Management information - latest inspections"])
    book.active.append(MI_HEADER)
    for cells in rows:
        book.active.append(cells)
    book.save(path)
    return path


def inspections_refused(db, path: Path) -> list[str]:
    before, data = register_content(db), path.read_bytes()
    result = import_inspections(db, path, as_of=date(2026, 1, 20))
    assert not result.written
    assert register_content(db) == before and path.read_bytes() == data
    return [p.line() for p in result.rejected]


def test_inspections_refuse_a_formula_with_no_saved_value_and_a_date_with_a_time(db, tmp_path):
    path = write_mi_xlsx(tmp_path / "mi.xlsx", [
        [BROOKSIDE, "Brookside School", datetime(2025, 12, 8), "=1+2"],
        [HILLCREST, "Hillcrest House", datetime(2025, 12, 8, 9, 30), "2"]])
    assert inspections_refused(db, path) == [
        f"row 3, Overall effectiveness: {FORMULA_MESSAGE}",
        "row 4, Inspection start date: '08/12/2025 09:30' has a time (09:30) as well as a "
        "date; give the date alone, as DD/MM/YYYY"]


def test_inspections_read_a_csv_named_xlsx_and_say_when_there_is_nothing(db, tmp_path):
    path = tmp_path / "mi.xlsx"
    path.write_text(",".join(MI_HEADER) + f"\n{BROOKSIDE},Brookside School,08/12/2025,3\n",
                    encoding="utf-8")
    result = import_inspections(db, path, as_of=date(2026, 1, 20))
    assert result.written and result.added == 1
    empty = tmp_path / "empty.csv"
    empty.write_text(",".join(MI_HEADER) + "\n", encoding="utf-8")
    before = register_content(db)
    with pytest.raises(MiFileError, match="no rows to import"):
        import_inspections(db, empty, as_of=date(2026, 1, 20))
    assert register_content(db) == before


@pytest.mark.parametrize("chunk", [5, 97, 4096, 1 << 20])
def test_saved_formulas_are_told_from_unsaved_ones_however_the_file_is_read(
    db, tmp_path, monkeypatch, chunk
):
    """The sheet is scanned in pieces: a formula whose value lies in the next piece is
    still a saved one, and the one unsaved formula among many is still found."""
    monkeypatch.setattr("placement_qa.importing.xlsx_formulas._CHUNK", chunk)
    rows = [zoe(case_ref=f"CS-{n}", visit_interval_months="=3*2") for n in range(60)]
    rows[41] = zoe(case_ref="CS-41", visit_interval_months="=2*2")
    path = write_xlsx(tmp_path / "p.xlsx", rows)
    save_results(path, {"3*2": "<v>6</v>"})
    before = register_content(db)
    assert refused_unchanged(db, path, before) == [
        f"row 43, Visit interval months: {FORMULA_MESSAGE}"]
