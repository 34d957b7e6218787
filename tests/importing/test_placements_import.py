"""Importing placements: messy files refused whole, good files imported once, the guardrail."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from placement_files import (
    BROOKSIDE,
    HILLCREST,
    NEWBUILD,
    TEMPLATE_HEADER,
    register_content,
    row,
    write_csv,
)

from placement_qa.importing.progress import ImportCancelled
from placement_qa.importing.report import write_error_report
from placement_qa.store.audit import change_log
from placement_qa.store.placement_import import import_placements


def messy_rows(good_rows):
    """The good rows with a mistake of every kind mixed in (rows 7 to 12 in the file)."""
    return [
        *good_rows,
        row(case_ref="CS-20001", given_name="Kai", family_name="Wilson", provider_urn=BROOKSIDE,
            start_date="31/02/2026", arrangement="Day"),                        # row 7
        row(case_ref="CS-20002", given_name="Nia", family_name="Evans", provider_urn="999999",
            provider_name="Unknown Towers", start_date="01/09/2025", arrangement="Day"),  # row 8
        dict(good_rows[0]),                                                     # row 9
        row(case_ref="", given_name="", family_name="Hall", provider_urn=BROOKSIDE,
            start_date="01/09/2025", arrangement=""),                           # row 10
        row(case_ref="CS-20003", given_name="Finn", family_name="Green", provider_urn="12345",
            start_date="2026-09-01", end_date="01/08/2026", arrangement="Weekly boarding",
            visit_interval_months="18", annual_cost="lots"),                    # row 11
        row(case_ref="CS-20004", given_name="Ella", family_name="Fraser", provider_urn=HILLCREST,
            start_date="01/09/2026", arrangement="Day"),                        # row 12
    ]


def reported(result) -> set[tuple[int, str]]:
    return {(p.row, p.column) for p in result.problems}


def test_a_messy_file_imports_nothing_and_names_every_bad_row(db, tmp_path, good_rows):
    path = write_csv(tmp_path / "messy.csv", messy_rows(good_rows))
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    before = register_content(db)

    result = import_placements(db, path)

    assert not result.written
    assert register_content(db) == before
    assert reported(result) == {
        (7, "Start date"), (8, "Provider URN"), (9, "Case ref"),
        (10, "Case ref"), (10, "Given name"), (10, "Arrangement"),
        (11, "Provider URN"), (11, "End date"), (11, "Arrangement"),
        (11, "Visit interval months"), (11, "Annual cost"), (12, "Guardrail reason"),
    }
    lines = {p.line() for p in result.problems}
    assert "row 7, Start date: '31/02/2026' is not a real date" in lines
    assert ("row 8, Provider URN, '999999': no provider with this URN (Unknown Towers) in the "
            "register: add the provider first, then import again") in lines
    assert ("row 9, Case ref, 'CS-10023': repeats row 2: the same case ref, provider URN and "
            "start date") in lines
    assert "row 10, Case ref: is required" in lines
    assert "row 11, End date: 01/08/2026 is before the start date 01/09/2026" in lines
    assert "row 11, Visit interval months: 18 months: choose 1 to 12" in lines
    [guardrail] = [p for p in result.problems if p.row == 12]
    assert "Hillcrest House (URN 654321)" in guardrail.reason
    assert "Inadequate" in guardrail.reason
    assert "name the manager who approved it" in guardrail.reason
    assert result.summary() == "12 problems in 6 rows: nothing imported"


def test_the_good_rows_import_with_their_accents_and_values(db, tmp_path, good_rows):
    result = import_placements(db, write_csv(tmp_path / "good.csv", good_rows))

    assert result.written and result.ok
    assert (result.added, result.updated, result.unchanged) == (5, 0, 0)
    assert result.children_added == 4
    names = {r[0] for r in db.execute("SELECT given_name || ' ' || family_name FROM children")}
    assert names == {"Zoë Łukasiewicz", "Ayşe Yılmaz", "Șerban Popescu", "Mårten O'Brien-Nguyễn"}
    zoe = db.execute("SELECT * FROM children WHERE case_ref = 'CS-10023'").fetchone()
    assert zoe[4:9] == ("2011-03-14", "CS-10023", "ASD", "2026-05-12", None)
    placements = {
        r[0]: r[1:] for r in db.execute(
            "SELECT c.case_ref || ' ' || p.start_date, p.provider_id IS NULL, p.arrangement, "
            "p.state, p.annual_cost, p.visit_interval_months, p.end_date, p.guardrail_reason, "
            "p.guardrail_approver FROM placements p JOIN children c ON c.id = p.child_id")
    }
    assert placements == {
        "CS-10023 2024-09-01": (0, "day", "placed", 58500.0, 12, None, None, None),
        "CS-10024 2025-05-01": (1, "elective_home_education", "placed", None, 6, None, None, None),
        "CS-10031 2026-10-15": (1, "day", "awaiting_provision", None, 12, None, None, None),
        "CS-10023 2022-09-01": (0, "residential_52_week", "placed", None, 12, "2024-07-20",
                                None, None),
        "CS-10040 2026-01-05": (0, "residential_weekly", "placed", None, 12, None,
                                "Tribunal order", "Jo Manager"),
    }


def test_importing_the_fixed_file_twice_gives_the_same_register_as_once(db, tmp_path, good_rows):
    path = write_csv(tmp_path / "good.csv", good_rows)
    first = import_placements(db, path)
    after_once = register_content(db)

    second = import_placements(db, path)

    assert (first.added, first.updated) == (5, 0)
    assert (second.added, second.updated, second.unchanged) == (0, 0, 5)
    assert second.summary() == "0 added, 0 updated, 5 unchanged"
    assert register_content(db) == after_once  # change_log included: no empty updates


def test_a_changed_value_updates_only_that_record(db, tmp_path, good_rows):
    import_placements(db, write_csv(tmp_path / "a.csv", good_rows))
    logged = len(change_log(db))
    good_rows[0]["End date"] = "20/07/2026"
    good_rows[1]["Primary need"] = "SEMH"   # a name is never changed by an import

    result = import_placements(db, write_csv(tmp_path / "b.csv", good_rows))

    assert (result.added, result.updated, result.unchanged) == (0, 2, 3)
    assert result.rows[0].changes == ("End date: 20/07/2026",)
    new_entries = change_log(db)[logged:]
    assert [(e.table_name, e.operation) for e in new_entries] == [
        ("placements", "update"), ("children", "update")]
    assert new_entries[0].before["end_date"] is None
    assert new_entries[0].after["end_date"] == "2026-07-20"


def test_a_blank_optional_cell_leaves_the_stored_value(db, tmp_path, good_rows):
    import_placements(db, write_csv(tmp_path / "a.csv", good_rows))
    good_rows[0]["Date of birth"] = ""
    good_rows[0]["Annual cost"] = ""
    result = import_placements(db, write_csv(tmp_path / "b.csv", good_rows))
    assert result.updated == 0
    zoe = db.execute("SELECT date_of_birth FROM children WHERE case_ref = 'CS-10023'").fetchone()
    assert zoe == ("2011-03-14",)


def test_dry_run_says_what_would_happen_and_writes_nothing(db, tmp_path, good_rows):
    import_placements(db, write_csv(tmp_path / "a.csv", good_rows[:2]))
    good_rows[1]["Visit interval months"] = "3"
    before = register_content(db)

    result = import_placements(db, write_csv(tmp_path / "b.csv", good_rows), dry_run=True)

    assert register_content(db) == before
    assert [(o.row, o.action) for o in result.rows] == [
        (2, "unchanged"), (3, "updated"), (4, "added"), (5, "added"), (6, "added")]
    assert result.summary() == "Check only: 3 added, 1 updated, 1 unchanged (nothing written yet)"


def test_child_details_that_disagree_between_rows_are_refused(db, tmp_path, good_rows):
    good_rows[3]["Given name"] = "Zoe"
    result = import_placements(db, write_csv(tmp_path / "a.csv", good_rows))
    assert [p.line() for p in result.problems] == [
        "row 5, Given name, 'Zoe': differs from row 2 ('Zoë') for the same case ref"]


@pytest.mark.parametrize(
    ("urn", "start", "expected"),
    [
        (NEWBUILD, "01/09/2026", "Newbuild Academy (URN 777777): The provider has not been "
                                 "inspected yet."),
        (NEWBUILD, "01/09/2015", "Newbuild Academy (URN 777777): The provider has not been "
                                 "inspected yet."),
        (HILLCREST, "01/06/2025", "Hillcrest House (URN 654321): Ofsted (education) inspection "
                                  "of 01/06/2025"),
    ],
)
def test_the_guardrail_refuses_new_placements_without_reason_and_approver(
    db, tmp_path, urn, start, expected
):
    rows = [row(case_ref="CS-1", given_name="Ana", family_name="Lee", provider_urn=urn,
                start_date=start, arrangement="Day", guardrail_reason="Tribunal order")]
    result = import_placements(db, write_csv(tmp_path / "a.csv", rows))
    [problem] = result.problems
    assert problem.reason.startswith(expected)
    assert "The council does not use providers below good for new placements" in problem.reason
    assert problem.reason.endswith("name the manager who approved it.")
    assert not result.written


def test_a_placement_that_began_before_the_downgrade_needs_no_exception(db, tmp_path):
    rows = [row(case_ref="CS-1", given_name="Ana", family_name="Lee", provider_urn=HILLCREST,
                start_date="31/05/2025", arrangement="Day")]
    assert import_placements(db, write_csv(tmp_path / "a.csv", rows)).written


def test_updating_a_placement_at_a_provider_now_below_good_is_allowed(db, tmp_path, good_rows):
    import_placements(db, write_csv(tmp_path / "a.csv", good_rows))
    good_rows[4]["Guardrail reason"] = ""
    good_rows[4]["Guardrail approver"] = ""
    good_rows[4]["End date"] = "31/12/2026"
    result = import_placements(db, write_csv(tmp_path / "b.csv", good_rows))
    assert result.ok and result.updated == 1


def test_cp1252_csv_from_excel(db, tmp_path):
    rows = [row(case_ref="CS-7", given_name="Zoë", family_name="Brontë", provider_urn=BROOKSIDE,
                start_date="1/9/2025", arrangement="Day", annual_cost="£42,000")]
    path = write_csv(tmp_path / "excel.csv", rows, encoding="cp1252")
    assert "Zoë".encode("cp1252") in path.read_bytes()
    result = import_placements(db, path)
    assert result.ok and result.added == 1
    assert db.execute("SELECT given_name, family_name FROM children").fetchone() == (
        "Zoë", "Brontë")


def test_xlsx_with_date_cells_numbers_and_messy_headers(db, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["CASE-REF", "given_name", "FAMILY NAME", "urn", "Start", "arrangement",
                  "Visit interval", "Notes"])
    sheet.append(["CS-8", "Șerban", "Łukasiewicz", 123456, datetime(2025, 9, 1), "Day", 6.0, "x"])
    sheet.append([None] * 8)
    sheet.append(["CS-9", "Ayşe", "Yılmaz", None, date(2025, 5, 1), "EHE", None, None])
    path = tmp_path / "placements.xlsx"
    book.save(path)

    result = import_placements(db, path)

    assert result.ok and [o.row for o in result.rows] == [2, 4]
    assert result.source.ignored_headers == ("Notes",)
    assert db.execute("SELECT start_date, visit_interval_months FROM placements ORDER BY id"
                      ).fetchall() == [("2025-09-01", 6), ("2025-05-01", 12)]


def test_cancel_while_writing_leaves_the_register_unchanged(db, tmp_path, good_rows):
    path = write_csv(tmp_path / "good.csv", good_rows)
    before = register_content(db)
    seen = []

    def progress(done, total):
        seen.append((done, total))

    with pytest.raises(ImportCancelled):
        import_placements(db, path, progress=progress, cancelled=lambda: len(seen) >= 7)

    assert seen[-1][0] > len(good_rows)  # it was writing when cancelled
    assert register_content(db) == before


def test_progress_runs_to_the_total(db, tmp_path, good_rows):
    seen = []
    import_placements(db, write_csv(tmp_path / "a.csv", good_rows),
                      progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (10, 10)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_the_error_report_can_be_fixed_and_imported(db, tmp_path, good_rows):
    rows = [*good_rows, row(case_ref="CS-20001", given_name="Kai", family_name="Wilson",
                            provider_urn=BROOKSIDE, start_date="31/02/2026", arrangement="Day")]
    result = import_placements(db, write_csv(tmp_path / "a.csv", rows))
    report = io.StringIO()
    assert write_error_report(result.source, result.problems, report) == 1

    records = list(csv.DictReader(io.StringIO(report.getvalue())))
    assert list(records[0]) == ["Row", "Errors", *TEMPLATE_HEADER]
    assert [r["Row"] for r in records] == ["2", "3", "4", "5", "6", "7"]
    assert [r["Errors"] for r in records[:5]] == [""] * 5
    assert records[5]["Errors"] == "Start date: '31/02/2026' is not a real date"
    records[5]["Start date"] = "28/02/2026"
    fixed = write_csv(tmp_path / "fixed.csv", records, header=["Row", "Errors", *TEMPLATE_HEADER])

    again = import_placements(db, fixed)
    assert again.ok and again.added == 6
    assert again.source.ignored_headers == ()
