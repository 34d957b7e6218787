"""Reading Ofsted MI files and rows: table-driven, no register needed."""

from __future__ import annotations

from datetime import date

import pytest

from placement_qa.domain.inspection import Inspection, default_frameworks, is_below_good
from placement_qa.importing.ofsted_mi import (
    MiFileError,
    MiRow,
    match_columns,
    mi_table,
    read_mi_file,
)
from placement_qa.importing.ofsted_outcomes import (
    CIF_2015,
    EIF_2019,
    INDEPENDENT_STANDARDS,
    REPORT_CARD,
    RowRejected,
    card_grade,
    legacy_grade,
    met_or_not,
    mi_date,
    parse_row,
    row_urn,
)

FRAMEWORKS = default_frameworks()


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("1", "Outstanding"), ("2", "Good"), ("3", "Requires improvement"), ("4", "Inadequate"),
        ("2.0", "Good"), (" Good ", "Good"), ("REQUIRES IMPROVEMENT", "Requires improvement"),
        ("Requires Improvement", "Requires improvement"), ("inadequate", "Inadequate"),
        ("9", None), ("", None), ("Not judged", None), ("NULL", None), ("N/A", None),
    ],
)
def test_legacy_grades(text, grade):
    assert legacy_grade(text) == grade


@pytest.mark.parametrize("junk", ["5", "Satisfactory", "Goood", "2/3", "-1"])
def test_legacy_junk_is_refused(junk):
    with pytest.raises(ValueError, match="expected 1-4"):
        legacy_grade(junk)


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("Exceptional", "Exceptional"), ("Strong standard", "Strong standard"),
        ("strong", "Strong standard"), ("Expected standard", "Expected standard"),
        ("Needs attention", "Needs attention"), ("URGENT IMPROVEMENT", "Urgent improvement"),
        ("Urgent improvement", "Urgent improvement"), ("", None), ("Not applicable", None),
    ],
)
def test_report_card_grades(text, grade):
    assert card_grade(text) == grade


@pytest.mark.parametrize("junk", ["Good", "3", "Brilliant"])
def test_report_card_junk_is_refused(junk):
    with pytest.raises(ValueError, match="report-card grade"):
        card_grade(junk)


@pytest.mark.parametrize(
    ("text", "value"),
    [("Met", "Met"), ("Yes", "Met"), ("Not met", "Not met"), ("NO", "Not met"),
     ("Not Met", "Not met"), ("", None)],
)
def test_met_or_not(text, value):
    assert met_or_not(text) == value


@pytest.mark.parametrize(
    ("text", "day"),
    [("14/03/2025", date(2025, 3, 14)), ("2025-03-14", date(2025, 3, 14)),
     ("2025-03-14 00:00:00", date(2025, 3, 14)), ("14-Mar-2025", date(2025, 3, 14)),
     ("4/3/2025", date(2025, 3, 4)), ("", None), ("NULL", None)],
)
def test_dates(text, day):
    assert mi_date(text) == day


@pytest.mark.parametrize("junk", ["31/02/2025", "last March", "2025-13-01"])
def test_date_junk_is_refused(junk):
    with pytest.raises(ValueError, match=r"not a (real )?date"):
        mi_date(junk)


GRADED = ["URN", "School name", "Inspection start date", "Overall effectiveness",
          "Category of concern", "Quality of education", "Behaviour and attitudes",
          "Personal development", "Effectiveness of leadership and management",
          "Safeguarding is effective?"]
CARD = ["URN", "School name", "Inspection start date", "Inclusion", "Curriculum and teaching",
        "Achievement", "Attendance and behaviour", "Personal development and well-being",
        "Leadership and governance", "Safeguarding standards"]
ISS = ["URN", "School name", "Inspection date", "Overall effectiveness",
       "Does the school meet the independent school standards?"]


def read(headers, cells):
    columns = match_columns(headers)
    row = MiRow(7, tuple(cells))
    return parse_row(row, columns, row_urn(row, columns))


@pytest.mark.parametrize(
    ("headers", "cells", "framework", "outcome", "below"),
    [
        (GRADED, ["100001", "A", "01/02/2023", "2", "", "2", "2", "1", "2", "Yes"],
         EIF_2019, {"overall": "Good"}, False),
        (GRADED, ["100001", "A", "01/02/2023", "Requires improvement", "", "", "", "", "", ""],
         EIF_2019, {"overall": "Requires improvement"}, True),
        (GRADED, ["100001", "A", "01/02/2023", "4", "Special measures", "4", "3", "3", "4", "No"],
         EIF_2019, {"overall": "Inadequate", "category_of_concern": "Special measures"}, True),
        (GRADED, ["100001", "A", "10/10/2024", "9", "", "2", "2", "2", "2", "Yes"], EIF_2019,
         {"judgements": {"Quality of education": "Good", "Behaviour and attitudes": "Good",
                         "Personal development": "Good", "Leadership and management": "Good"},
          "safeguarding": "Yes"}, False),
        (GRADED, ["100001", "A", "10/10/2024", "Not judged", "", "3", "2", "2", "2", "Yes"],
         EIF_2019, {"judgements": {"Quality of education": "Requires improvement",
                                   "Behaviour and attitudes": "Good",
                                   "Personal development": "Good",
                                   "Leadership and management": "Good"},
                    "safeguarding": "Yes"}, True),
        (GRADED, ["100001", "A", "12/05/2017", "2", "", "", "", "", "", ""],
         CIF_2015, {"overall": "Good"}, False),
        (CARD, ["100001", "A", "20/01/2026", "Strong standard", "Expected standard",
                "Expected standard", "Exceptional", "Expected standard", "Strong standard", "Met"],
         REPORT_CARD, {"areas": {"Inclusion": "Strong standard",
                                 "Curriculum and teaching": "Expected standard",
                                 "Achievement": "Expected standard",
                                 "Attendance and behaviour": "Exceptional",
                                 "Personal development and well-being": "Expected standard",
                                 "Leadership and governance": "Strong standard"},
                       "safeguarding": "Met"}, False),
        (CARD, ["100001", "A", "20/01/2026", "Urgent improvement", "", "", "", "", "", "Met"],
         REPORT_CARD, {"areas": {"Inclusion": "Urgent improvement"}, "safeguarding": "Met"}, True),
        (CARD, ["100001", "A", "20/01/2026", "Exceptional", "", "", "", "", "", "Not met"],
         REPORT_CARD, {"areas": {"Inclusion": "Exceptional"}, "safeguarding": "Not met"}, True),
        (ISS, ["100001", "A", "2025-06-03", "2", "Met"],
         INDEPENDENT_STANDARDS, {"overall": "Good", "standards": "Met"}, False),
        (ISS, ["100001", "A", "2025-06-03", "", "No"],
         INDEPENDENT_STANDARDS, {"standards": "Not met"}, True),
    ],
)
def test_rows_become_inspections_in_the_frameworks_own_terms(
    headers, cells, framework, outcome, below
):
    found = read(headers, cells)
    assert (found.framework, found.outcome) == (framework, outcome)
    assert found.inspectorate == "Ofsted (education)"
    inspection = Inspection(found.inspectorate, found.inspected_on, found.framework, found.outcome)
    assert is_below_good(inspection, FRAMEWORKS) is below


def test_a_row_with_no_outcome_is_not_an_inspection():
    assert read(GRADED, ["100001", "New school", "", "", "", "", "", "", "", ""]) is None
    assert read(GRADED, ["100001", "New school", "", "9", "", "9", "", "", "", ""]) is None


@pytest.mark.parametrize(
    ("headers", "cells", "problems"),
    [
        (GRADED, ["100001", "A", "01/02/2023", "Great", "", "", "", "", "", ""],
         [("Overall effectiveness", "Great")]),
        (GRADED, ["100001", "A", "31/02/2023", "2", "Sort of", "", "", "", "", ""],
         [("Inspection start date", "31/02/2023"), ("Category of concern", "Sort of")]),
        (GRADED, ["100001", "A", "", "2", "", "", "", "", "", ""],
         [("Inspection start date", "")]),
        (CARD, ["100001", "A", "20/01/2026", "Good", "Strong", "", "", "", "", "Maybe"],
         [("Inclusion", "Good"), ("Safeguarding standards", "Maybe")]),
        (ISS, ["100001", "A", "2025-06-03", "2", "Partly"],
         [("Does the school meet the independent school standards?", "Partly")]),
    ],
)
def test_every_bad_cell_is_reported_with_row_and_column(headers, cells, problems):
    with pytest.raises(RowRejected) as rejected:
        read(headers, cells)
    assert [(p.column, p.value) for p in rejected.value.problems] == problems
    assert {p.row for p in rejected.value.problems} == {7}
    assert all(p.reason for p in rejected.value.problems)


@pytest.mark.parametrize(("urn", "expected"), [("100001", "100001"), ("100001.0", "100001"),
                                               ("", None)])
def test_urns(urn, expected):
    columns = match_columns(GRADED)
    assert row_urn(MiRow(3, (urn,)), columns) == expected


@pytest.mark.parametrize("urn", ["12345", "ABC123", "1000011"])
def test_bad_urns_are_rejected(urn):
    with pytest.raises(RowRejected, match="6 digits"):
        row_urn(MiRow(3, (urn,)), match_columns(GRADED))


def test_headers_match_ignoring_case_spaces_and_punctuation():
    columns = match_columns(["  urn ", "SCHOOL_NAME", "Inspection start date:",
                             "OVERALL EFFECTIVENESS", "Personal development & well-being"])
    assert columns.fields == {"urn": 0, "name": 1, "inspected_on": 2, "overall": 3}
    assert columns.card_areas == {}  # "&" is not "and"
    columns = match_columns(["URN", "Personal development and well-being"])
    assert columns.card_areas == {"Personal development and well-being": 1}


def test_title_lines_before_the_header_are_skipped_and_rows_keep_their_numbers():
    records = [["Management information - state-funded schools - latest inspections"],
               ["Published 8 January 2026"], [], ["Web link", "URN", "Overall effectiveness"],
               ["http://x", "100001", "2"], ["", "", ""], ["http://y", "100002", "3"]]
    table = mi_table(records)
    assert [r.number for r in table.rows] == [5, 7]
    assert table.columns.fields["urn"] == 1


def test_a_file_without_a_urn_column_is_not_ofsted_mi():
    with pytest.raises(MiFileError, match="URN"):
        mi_table([["Name", "Grade"], ["A", "2"]])


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"\xef\xbb\xbfTitle\r\nURN,Name,Overall effectiveness\r\n100001,Zo\xc3\xab,2\r\n", "Zoë"),
     ("Title\nURN,Name,Overall effectiveness\n100001,Zoë,2\n".encode("cp1252"), "Zoë")],
)
def test_utf8_with_bom_and_cp1252_are_both_read(tmp_path, data, name):
    path = tmp_path / "mi.csv"
    path.write_bytes(data)
    table = read_mi_file(path)
    assert table.rows[0].number == 3
    assert table.rows[0].cells[table.columns.fields["name"]] == name


def test_an_xlsx_file_is_read_too(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Management information - independent schools"])
    sheet.append(["URN", "Inspection date", "Overall effectiveness"])
    sheet.append([100001, date(2025, 6, 3), 2])
    book.save(tmp_path / "mi.xlsx")
    table = read_mi_file(tmp_path / "mi.xlsx")
    found = parse_row(table.rows[0], table.columns, row_urn(table.rows[0], table.columns))
    assert (found.inspected_on, found.outcome) == (date(2025, 6, 3), {"overall": "Good"})
