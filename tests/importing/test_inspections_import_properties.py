"""Whatever an Ofsted MI file holds, the inspections import never crashes, never writes part
of it, and explains every row it refuses."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from placement_qa.importing.ofsted_mi import read_mi_file
from placement_qa.importing.reading import ImportFileError
from placement_qa.store import register
from placement_qa.store.connection import open_register
from placement_qa.store.inspection_import import import_inspections
from placement_qa.store.inspections import add_inspection

AS_OF = date(2026, 1, 20)
HEADERS = ["URN", "School name", "Inspection start date", "Overall effectiveness",
           "Category of concern", "Quality of education", "Safeguarding is effective?"]
TITLE = [["Management information - state-funded schools - latest inspections"], []]
PLAUSIBLE = {
    "URN": ["111111", "222222", "999999", "12345", "11111a", ""],
    "School name": ["Oakfield House School", "Ysgol Gŵyr", ""],
    "Inspection start date": ["08/12/2025", "2025-12-08", "14/03/2021", "31/02/2025",
                              "01/01/2027", "NULL", ""],
    "Overall effectiveness": ["1", "2", "3", "4", "9", "Good", "Inadequate", "NULL", ""],
    "Category of concern": ["Special measures", "Serious weaknesses", ""],
    "Quality of education": ["1", "3", "Not judged", ""],
    "Safeguarding is effective?": ["Yes", "No", "9", ""],
}
# XLSX cells cannot hold control characters, so the junk excludes them for both formats
junk = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=15)
row = st.fixed_dictionaries({h: st.one_of(st.sampled_from(PLAUSIBLE[h]), junk)
                             for h in HEADERS}).map(lambda r: [r[h] for h in HEADERS])
good_row = st.tuples(st.sampled_from(["111111", "222222", "999999"]),
                     st.sampled_from(["08/12/2025", "2025-11-03", "14/03/2021"]),
                     st.sampled_from(["1", "2", "3", "4", "Good", "Requires improvement"]),
                     st.sampled_from(["", "Special measures"])).map(
    lambda r: [r[0], "A school", r[1], r[2], r[3], "", ""])
rows = st.tuples(st.lists(good_row, max_size=5), st.lists(row, max_size=3)).flatmap(
    lambda parts: st.permutations([*parts[0], *parts[1]]))


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """Oakfield (111111) and Brookside (222222), rated Good, with a placement each."""
    path = tmp_path_factory.mktemp("inspections") / "template.db"
    db = open_register(path, create=True, os_user="p.manager")
    for name, urn in (("Oakfield House School", "111111"), ("Brookside School", "222222")):
        provider = register.add_provider(db, name=name, urn=urn, host_authority="Kent",
                                         provider_type="independent_special")
        add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                       inspected_on=date(2022, 3, 1), framework="Ofsted EIF 2019 (graded)",
                       outcome={"overall": "Good"})
        child = register.add_child(db, given_name="Amira", family_name=name)
        register.add_placement(db, child_id=child, provider_id=provider,
                               start_date=date(2024, 9, 2), arrangement="day")
    db.close()
    return path


def content(db) -> dict[str, list[tuple]]:
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: db.execute(f"SELECT * FROM [{t}] ORDER BY rowid").fetchall() for t in tables}


def write_file(folder: Path, records: list[list[str]], kind: str) -> Path:
    everything = [*TITLE, HEADERS, *records]
    if kind == "xlsx":
        book = Workbook()
        for record in everything:
            book.active.append(record)
        book.save(folder / "mi.xlsx")
        return folder / "mi.xlsx"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(everything)
    (folder / "mi.csv").write_bytes(out.getvalue().encode("utf-8-sig"))
    return folder / "mi.csv"


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(records=rows, kind=st.sampled_from(["csv", "xlsx"]))
def test_random_rows_never_crash_never_import_in_part_and_explain_refusals(
        template, records, kind):
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(template, Path(folder) / "r.db")
        db = open_register(Path(folder) / "r.db")
        try:
            before = content(db)
            path = write_file(Path(folder), records, kind)
            try:
                result = import_inspections(db, path, as_of=AS_OF)
            except ImportFileError as exc:
                event("file refused")
                assert str(exc).strip()
                assert content(db) == before
                return
            check_result(db, path, result, before)
        finally:
            db.close()


def check_result(db, path: Path, result, before) -> None:
    assert result.summary_lines() and all(line.strip() for line in result.summary_lines())
    if result.rejected:
        event("refused")
        assert not result.written
        assert content(db) == before
        numbers = {r.number for r in read_mi_file(path).rows}
        for problem in result.rejected:
            assert problem.row in numbers and problem.column and problem.reason.strip()
            assert problem.line().startswith(f"row {problem.row}, {problem.column}")
        return
    event("imported" if result.added or result.updated else "nothing new")
    held = db.execute("SELECT count(*) FROM inspections").fetchone()[0]
    assert held == len(before["inspections"]) + result.added
    again = import_inspections(db, path, as_of=AS_OF)
    assert (again.added, again.updated, again.rejected) == (0, 0, ())
