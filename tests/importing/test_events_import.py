"""Importing notifiable events: all or nothing, every bad row named by row and column."""

from __future__ import annotations

from datetime import date

import pytest
from command_line import run_cli
from openpyxl import Workbook

from placement_qa.store import register
from placement_qa.store.actions import list_actions
from placement_qa.store.connection import open_register
from placement_qa.store.event_import import import_events
from placement_qa.store.inspections import add_inspection
from placement_qa.store.notifiable_events import list_events

AS_OF = date(2026, 11, 22)
HEADER = "Provider URN,Case ref,Event,Date,Reported by,Reporter name,What was done," \
         "Follow-up action,Action due\n"
GOOD = ("123456,cs-1,Restraint,03/11/2026,Provider,Head,Held for 2 minutes,,\n"
        "123456,,Complaint,2026-11-05,Social care,J. Patel,Logged,Send the complaint log,"
        "30/11/2026\n")
BAD = ("123456,CS-1,Riot,03/11/2026,Provider,,,,\n"          # row 2: Event
       "999999,CS-1,Complaint,03/11/2026,Provider,,,,\n"     # row 3: URN not in the register
       "123456,CS-9,Restraint,31/02/2026,Provider,,,,\n"     # row 4: Date
       "123456,CS-1,Restraint,01/12/2026,Provider,,,,\n"     # row 5: after the import's day
       "123456,,Complaint,03/11/2026,Provider,,,Call,\n")    # row 6: action without a due date


@pytest.fixture
def db_path(new_register, tmp_path):
    path = tmp_path / "r.db"
    db = new_register(path)
    provider = register.add_provider(db, name="Brookside School", urn="123456",
                                     provider_type="independent_special", host_authority="Kent")
    add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    child = register.add_child(db, given_name="Zoë", family_name="Brennan", case_ref="CS-1")
    register.add_placement(db, child_id=child, provider_id=provider, start_date=date(2024, 9, 1),
                           arrangement="day")
    db.close()
    return path


def _events(db_path):
    db = open_register(db_path)
    try:
        return list_events(db), list_actions(db)
    finally:
        db.close()


def test_a_bad_file_is_refused_naming_each_row_and_column_and_nothing_is_written(
        db_path, tmp_path):
    file = tmp_path / "events.csv"
    file.write_text(HEADER + GOOD + BAD, encoding="utf-8")
    db = open_register(db_path)
    try:
        result = import_events(db, file, as_of=AS_OF)
    finally:
        db.close()
    assert not result.written
    assert [(p.row, p.column) for p in result.problems] == [
        (4, "Event"), (5, "Provider URN"), (6, "Date"), (7, "Date"), (8, "Action due")]
    assert "not one of" in result.problems[0].reason
    assert "after today" in result.problems[3].reason
    assert _events(db_path) == ([], [])

    ran = run_cli("import", "events", str(file), "--db", str(db_path), "--as-of", "2026-11-22")
    assert ran.returncode != 0
    assert "row 5, Provider URN, '999999': no provider with this URN" in ran.stderr
    assert "5 problems in 5 rows: nothing imported" in ran.stderr
    assert _events(db_path) == ([], [])


def test_a_good_file_is_checked_then_imported_once(db_path, tmp_path):
    file = tmp_path / "events.xlsx"
    book = Workbook()
    for line in (HEADER + GOOD).splitlines():
        book.active.append(line.split(","))
    book.save(file)
    dry = run_cli("import", "events", str(file), "--db", str(db_path), "--dry-run",
                  "--as-of", "2026-11-22")
    assert dry.returncode == 0, dry.stderr
    assert "Check only: 2 added" in dry.stdout and _events(db_path) == ([], [])

    ran = run_cli("import", "events", str(file), "--db", str(db_path), "--as-of", "2026-11-22")
    assert ran.returncode == 0, ran.stderr
    events, actions = _events(db_path)
    assert [(e.kind, e.about, e.reporter_label) for e in events] == [
        ("complaint", "The provider as a whole", "Social care: J. Patel"),
        ("restraint", "Zoë Brennan", "Provider: Head")]
    assert [a.description for a in actions] == ["Send the complaint log"]
    assert events[0].action_id == actions[0].action_id

    again = run_cli("import", "events", str(file), "--db", str(db_path), "--as-of", "2026-11-22")
    assert "0 added, 0 updated, 2 unchanged" in again.stdout
    assert len(_events(db_path)[0]) == 2


def test_the_template_imports_as_it_is(db_path):
    """The template's own rows are good (a template that fails its own import helps no one)."""
    from placement_qa.assets import resource_path

    db = open_register(db_path)
    try:
        result = import_events(db, resource_path("templates", "events_template.csv"),
                               as_of=AS_OF, dry_run=True)
    finally:
        db.close()
    assert [p.line() for p in result.problems] == [
        "row 2, Case ref, 'CS-10023': no child with this case ref in the register (leave it "
        "blank for an event about the provider as a whole)",
        "row 3, Case ref, 'CS-10023': no child with this case ref in the register (leave it "
        "blank for an event about the provider as a whole)"]
