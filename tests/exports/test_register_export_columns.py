"""The columns the council matches its other systems by — case ref, URN, arrangement,
EHCP last review, interim support and annual cost — in the register export: text in the
CSV, typed cells in the XLSX, and read back by the placements import as the register
holds them wherever the export and the import template share a column."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from placement_qa.exports.cells import csv_file, csv_writer
from placement_qa.importing.reading import read_grid
from placement_qa.store import register
from placement_qa.store.connection import open_register
from placement_qa.store.exports import write_register_file
from placement_qa.store.inspections import add_inspection
from placement_qa.store.placement_import import import_placements
from placement_qa.store.schedule import schedule_as_of

AS_OF = date(2026, 11, 22)
SUPPORT = "Outreach speech and language therapy, 2 hours a week"
NEW_COLUMNS = ("Case ref", "URN", "Arrangement", "EHCP last review", "Interim support",
               "Annual cost")


@pytest.fixture
def db(tmp_path):
    register_db = open_register(tmp_path / "register.db", create=True, os_user="a.officer")
    yield register_db
    register_db.close()


def _provider(db, name: str, urn: str) -> int:
    provider = register.add_provider(db, name=name, provider_type="independent_special",
                                     host_authority="Kent", urn=urn)
    add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    return provider


def build_register(db, *, awaiting: bool = True) -> None:
    """Zoë: placed at Oakfield (URN 123456), residential weekly at £58,500.50 a year, her
    EHCP reviewed 12/05/2026 and the next review brought forward to 01/03/2027. Kai:
    placed at Brook, cost not recorded, interim support kept from while he waited.
    Ayşe (unless ``awaiting`` is False): awaiting provision, with interim support."""
    oak, brook = _provider(db, "Oakfield School", "123456"), _provider(db, "Brook", "654321")
    zoe = register.add_child(db, given_name="Zoë", family_name="Łukasiewicz",
                             case_ref="CS-10023", ehcp_last_review=date(2026, 5, 12),
                             ehcp_next_review_due=date(2027, 3, 1))
    register.add_placement(db, child_id=zoe, provider_id=oak, start_date=date(2024, 9, 1),
                           arrangement="residential_weekly", annual_cost=58500.5)
    kai = register.add_child(db, given_name="Kai", family_name="Wilson", case_ref="CS-20001")
    register.add_placement(db, child_id=kai, provider_id=brook, start_date=date(2025, 9, 1),
                           arrangement="day", interim_support=SUPPORT)
    if awaiting:
        ayse = register.add_child(db, given_name="Ayşe", family_name="Yılmaz",
                                  case_ref="CS-10031")
        register.add_placement(db, child_id=ayse, provider_id=None,
                               start_date=date(2026, 10, 15), arrangement="day",
                               state="awaiting_provision", interim_support=SUPPORT)


def export(db, path: Path) -> Path:
    write_register_file(db, schedule_as_of(db, AS_OF), path)
    return path


def test_the_csv_has_the_new_columns_as_text(db, tmp_path):
    build_register(db)
    with open(export(db, tmp_path / "register.csv"), encoding="utf-8-sig", newline="") as f:
        rows = {row["Child"]: row for row in csv.DictReader(f)}
    assert {column: rows["Zoë Łukasiewicz"][column] for column in NEW_COLUMNS} == {
        "Case ref": "CS-10023", "URN": "123456", "Arrangement": "Residential (weekly)",
        "EHCP last review": "12/05/2026", "Interim support": "", "Annual cost": "58500.50"}
    assert {column: rows["Ayşe Yılmaz"][column] for column in NEW_COLUMNS} == {
        "Case ref": "CS-10031", "URN": "", "Arrangement": "Day", "EHCP last review": "",
        "Interim support": SUPPORT, "Annual cost": ""}


def test_the_xlsx_has_the_new_columns_as_typed_cells(db, tmp_path):
    build_register(db)
    sheet = load_workbook(export(db, tmp_path / "register.xlsx")).active
    header = [cell.value for cell in sheet[1]]
    rows = {row[0].value: dict(zip(header, row, strict=True))
            for row in sheet.iter_rows(min_row=2)}
    zoe, ayse = rows["Zoë Łukasiewicz"], rows["Ayşe Yılmaz"]
    for text, value in ((zoe["Case ref"], "CS-10023"), (zoe["URN"], "123456"),
                        (zoe["Arrangement"], "Residential (weekly)"),
                        (ayse["Interim support"], SUPPORT)):
        assert (text.value, text.data_type) == (value, "s")   # the URN is text, not 123456
    review = zoe["EHCP last review"]
    assert review.is_date and review.value == datetime(2026, 5, 12)
    assert review.number_format == "DD/MM/YYYY"
    cost = zoe["Annual cost"]
    assert (cost.value, cost.data_type) == (58500.5, "n")
    assert "£" in cost.number_format and "#,##0.00" in cost.number_format
    assert ayse["Annual cost"].value is None and ayse["URN"].value is None


def importable(exported: Path, out: Path) -> Path:
    """The export as the importer reads it (its own reader, CSV or XLSX), with the child's
    name split as the template has it (the export has the full name only) and without
    the export's Status: that is the monitoring status, the template's is the
    placement's state."""
    grid = read_grid(exported)
    status = grid[0].index("Status")
    names = {"Zoë Łukasiewicz": ["Zoë", "Łukasiewicz"], "Kai Wilson": ["Kai", "Wilson"]}
    rows = [["Given name", "Family name"] + grid[0]]
    rows += [names[cells[0]] + cells for cells in grid[1:]]
    with csv_file(out) as f:
        csv_writer(f).writerows([cells[:status + 2] + cells[status + 3:] for cells in rows])
    return out


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_import_reads_the_shared_columns_back_as_the_register_holds_them(db, tmp_path,
                                                                             suffix):
    build_register(db, awaiting=False)
    path = importable(export(db, tmp_path / f"register.{suffix}"), tmp_path / "back.csv")
    result = import_placements(db, path, dry_run=True)
    assert {"case_ref", "urn", "arrangement", "ehcp_last_review", "interim_support",
            "annual_cost", "start_date", "end_date"} <= set(result.source.column_headers)
    assert result.problems == ()
    assert {row.case_ref: row.action for row in result.rows} == {
        "CS-10023": "unchanged", "CS-20001": "unchanged"}


def test_an_edited_cost_in_the_export_imports_as_that_change(db, tmp_path):
    build_register(db, awaiting=False)
    path = importable(export(db, tmp_path / "register.csv"), tmp_path / "back.csv")
    text = path.read_text(encoding="utf-8-sig").replace("58500.50", "61000.00")
    path.write_text(text, encoding="utf-8-sig")
    result = import_placements(db, path, dry_run=True)
    outcomes = {row.case_ref: row for row in result.rows}
    assert outcomes["CS-20001"].action == "unchanged"
    assert outcomes["CS-10023"].action == "updated"
    assert any("61000" in change for change in outcomes["CS-10023"].changes)

