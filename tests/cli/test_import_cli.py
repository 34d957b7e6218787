"""`import placements` and `export register --format xlsx`, run as a user runs them (in the
test's process)."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from command_line import run_cli
from openpyxl import load_workbook

from placement_qa.store import register
from placement_qa.store.connection import open_register
from placement_qa.store.inspections import add_inspection

HEADER = "Case ref,Given name,Family name,Provider URN,Start date,End date,Arrangement\n"
GOOD = ("CS-1,Zoë,Łukasiewicz,123456,01/09/2024,,Day\n"
        "CS-2,Ayşe,Yılmaz,,2025-05-01,,Elective home education\n"
        "CS-3,Șerban,Popescu,123456,01/09/2025,20/07/2026,Day\n")


@pytest.fixture
def db_path(new_register, tmp_path):
    path = tmp_path / "r.db"
    db = new_register(path)
    provider = register.add_provider(db, name="Brookside School", urn="123456",
                                     provider_type="independent_special", host_authority="Kent")
    add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    db.close()
    return path


def placements(db_path) -> int:
    db = open_register(db_path)
    try:
        return db.execute("SELECT count(*) FROM placements").fetchone()[0]
    finally:
        db.close()


def test_import_prints_a_summary_and_a_second_run_changes_nothing(db_path, tmp_path):
    file = tmp_path / "placements.csv"
    file.write_text(HEADER + GOOD, encoding="utf-8-sig")

    dry = run_cli("import", "placements", str(file), "--db", str(db_path), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "3 added, 0 updated, 0 unchanged" in dry.stdout and placements(db_path) == 0

    first = run_cli("import", "placements", str(file), "--db", str(db_path))
    second = run_cli("import", "placements", str(file), "--db", str(db_path))
    assert (first.returncode, second.returncode) == (0, 0)
    assert first.stdout.strip() == "3 added, 0 updated, 0 unchanged"
    assert second.stdout.strip() == "0 added, 0 updated, 3 unchanged"
    assert placements(db_path) == 3


def test_a_bad_file_is_refused_with_one_line_per_problem_and_an_error_csv(db_path, tmp_path):
    file = tmp_path / "placements.csv"
    file.write_text(HEADER + GOOD + "CS-4,Kai,Wilson,123456,31/02/2026,,Day\n"
                    "CS-5,,Evans,999999,01/09/2025,,Day\n", encoding="cp1252", errors="replace")
    errors = tmp_path / "errors.csv"

    result = run_cli("import", "placements", str(file), "--db", str(db_path),
                     "--errors-csv", str(errors))

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert "row 5, Start date: '31/02/2026' is not a real date" in lines
    assert "row 6, Given name: is required" in lines
    assert any(line.startswith("row 6, Provider URN, '999999': no provider") for line in lines)
    assert "3 problems in 2 rows: nothing imported" in result.stderr
    assert placements(db_path) == 0
    with errors.open(encoding="utf-8-sig") as handle:
        report = list(csv.DictReader(handle))
    assert [r["Row"] for r in report] == ["2", "3", "4", "5", "6"]
    assert report[3]["Errors"] == "Start date: '31/02/2026' is not a real date"


def test_a_row_renaming_a_registered_child_is_refused(db_path, tmp_path):
    """The case ref in another case, a new placement and another name: the register's
    child is not renamed, and nothing is imported."""
    file = tmp_path / "placements.csv"
    file.write_text(HEADER + GOOD, encoding="utf-8")
    assert run_cli("import", "placements", str(file), "--db", str(db_path)).returncode == 0
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(HEADER + "CS-9,Ada,Lovelace,123456,01/09/2025,,Day\n"
                       "cs-1,Different,Person,123456,01/10/2025,,Day\n", encoding="utf-8")
    data = renamed.read_bytes()

    result = run_cli("import", "placements", str(renamed), "--db", str(db_path))

    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "row 3, Case ref, 'cs-1': in the register this is Zoë Łukasiewicz, the row says "
        "Different Person: correct the row, or rename the child in the app first",
        f"{renamed}: 1 problem in 1 row: nothing imported"]
    assert placements(db_path) == 3 and renamed.read_bytes() == data
    db = open_register(db_path)
    try:
        assert db.execute("SELECT given_name, family_name FROM children WHERE case_ref = "
                          "'CS-1'").fetchone() == ("Zoë", "Łukasiewicz")
    finally:
        db.close()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("p.csv", "Case ref,Given name\nCS-1,Zoë\n",
         "has no column for Family name, Provider URN, Start date, Arrangement"),
        ("p.pdf", "%PDF-1.4\x00\x01", "p.pdf is not a CSV or XLSX file"),
        ("p.xlsx", "PK\x03\x04 a damaged workbook", "p.xlsx cannot be read as an XLSX workbook"),
    ],
)
def test_a_file_that_cannot_be_imported_is_one_clear_line(db_path, tmp_path, name, content,
                                                          message):
    file = tmp_path / name
    file.write_text(content, encoding="utf-8")
    result = run_cli("import", "placements", str(file), "--db", str(db_path))
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_export_xlsx_needs_an_output_file_and_writes_a_workbook(db_path, tmp_path):
    refused = run_cli("export", "register", "--db", str(db_path), "--format", "xlsx")
    assert refused.returncode == 2 and "--format xlsx needs -o FILE" in refused.stderr

    out = tmp_path / "register.xlsx"
    result = run_cli("export", "register", "--db", str(db_path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "0 placements written to" in result.stderr
    assert load_workbook(out).active["A1"].value == "Child"
