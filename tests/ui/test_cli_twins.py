"""Every file or figure the app gives has a twin on the command line, and the twin gives
the same for the same register: the month's visit notes (the same files, page for page),
the change log (the same CSV bytes as the page's export), the awaiting-provision list and
the follow-up actions (the rows the pages show, in their order), and the monthly schedule
review (recorded as "Mark schedule reviewed" records it)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from command_line import run_cli
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton
from recorded_visits import record_and_sign

from placement_qa.domain.actions import NewAction
from placement_qa.domain.dates import council_now
from placement_qa.store import planning
from placement_qa.store.actions import raise_action, set_action_status
from placement_qa.store.connection import open_register
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.store.register import add_child, add_placement
from placement_qa.ui.batch_notes_dialog import BatchNotesDialog
from placement_qa.ui.pages.actions_page import ActionsList
from placement_qa.ui.pages.audit_page import ChangeLogPage
from placement_qa.ui.pages.awaiting_list import AwaitingProvisionList
from placement_qa.ui.pages.monthly_schedule import MonthlySchedule

AS_OF = "22/11/2026"


def shown(model) -> list[list[str]]:
    """A page's table as the user reads it: the headers, then each row's cells."""
    columns = range(model.columnCount())
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in columns]
    return [header, *([model.index(r, c).data() for c in columns]
                      for r in range(model.rowCount()))]


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def exported(*argv: object) -> str:
    result = run_cli(*argv)
    assert result.returncode == 0, result.stderr
    return result.stdout


# --- the month's visit notes ------------------------------------------------------------

def pdf_texts(folder: Path) -> dict[str, list[str]]:
    """Every file in the folder: its name → the text of each page."""
    return {path.name: [page.extract_text() for page in PdfReader(path, strict=True).pages]
            for path in folder.iterdir()}


def test_report_notes_writes_the_files_the_batch_dialog_writes(qtbot, builder, register_path,
                                                               tmp_path):
    db = builder.db
    ensure_default_framework(db)
    oakfield = builder.provider("Oakfield School")
    for child in ("Zoë Łukasiewicz", "Ayşe Yılmaz", "Șerban Popescu"):
        builder.placement(child, oakfield, start=date(2025, 9, 1))
    for day, children in ((date(2026, 10, 14), ("Zoë Łukasiewicz", "Ayşe Yılmaz")),
                          (date(2026, 10, 28), ("Șerban Popescu",))):
        visit = planning.plan_visit(db, provider_id=oakfield, visit_date=day,
                                    visit_type="annual_monitoring", visitors="J. Okafor",
                                    placement_ids=[builder.placements[c] for c in children])
        record_and_sign(db, visit)
    by_app, by_command = tmp_path / "by the app", tmp_path / "by the command"
    by_app.mkdir()
    by_command.mkdir()

    dialog = BatchNotesDialog(db, as_of=date(2026, 11, 22), register_path=register_path)
    qtbot.addWidget(dialog)
    assert dialog.month() == "2026-10"
    qtbot.keyClicks(dialog.findChild(QLineEdit, "batchFolder"), str(by_app))
    qtbot.mouseClick(dialog.findChild(QPushButton, "batchStart"), Qt.MouseButton.LeftButton)
    message = dialog.findChild(QLabel, "batchMessage")
    qtbot.waitUntil(lambda: "written to" in message.text(), timeout=30000)

    result = run_cli("report", "notes", "--db", register_path, "--month", "2026-10",
                     "-o", by_command)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"5 notes written to {by_command}.\n"
    assert message.text() == f"5 notes written to {by_app}."
    app_files, command_files = pdf_texts(by_app), pdf_texts(by_command)
    assert sorted(command_files) == sorted(app_files) and len(app_files) == 5
    assert command_files == app_files  # page for page, word for word


def test_report_notes_refuses_a_missing_folder_and_says_when_there_is_nothing(builder,
                                                                              register_path,
                                                                              tmp_path):
    missing = tmp_path / "not made"
    result = run_cli("report", "notes", "--db", register_path, "--month", "2026-10",
                     "-o", missing)
    assert result.returncode == 1
    assert result.stderr == (f"placement-qa report: There is no folder {missing}: choose one "
                             "that exists\n")
    assert not missing.exists()
    result = run_cli("report", "notes", "--db", register_path, "--month", "2026-10",
                     "-o", tmp_path)
    assert result.returncode == 0
    assert result.stderr == ("No visits were completed in October 2026: there are no notes "
                             "to write\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.db", "r.db-shm", "r.db-wal"]


# --- the change log ---------------------------------------------------------------------

def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text} not offered"
    combo.setCurrentIndex(index)


def test_export_changes_writes_the_bytes_the_change_log_page_exports(qtbot, sample_db,
                                                                     register_path, tmp_path):
    other = open_register(register_path, os_user="b.manager")
    try:
        add_child(other, given_name="Priya", family_name="Shah")
        add_child(other, given_name="Tomasz", family_name="Wójcik")
    finally:
        other.close()
    page = ChangeLogPage(sample_db)
    qtbot.addWidget(page)
    everything = tmp_path / "page, everything.csv"
    assert page.export_to(everything) > 20
    command_file = tmp_path / "command, everything.csv"
    result = run_cli("export", "changes", "--db", register_path, "-o", command_file)
    assert result.returncode == 0, result.stderr
    assert command_file.read_bytes() == everything.read_bytes()
    assert result.stderr == f"{page.model.rowCount()} changes written to {command_file}\n"

    choose(page.findChild(QComboBox, "userFilter"), "b.manager")
    choose(page.findChild(QComboBox, "tableFilter"), "Children")
    today = council_now().strftime("%d/%m/%Y")  # the log's days are UK days
    qtbot.keyClicks(page.from_date.line_edit, today)
    qtbot.keyClicks(page.to_date.line_edit, today)
    qtbot.mouseClick(page.findChild(QPushButton, "applyFiltersButton"),
                     Qt.MouseButton.LeftButton)
    narrowed = tmp_path / "page, narrowed.csv"
    assert page.export_to(narrowed) == 2
    result = run_cli("export", "changes", "--db", register_path, "--user", "b.manager",
                     "--record-type", "children", "--from", today, "--to", today)
    assert result.returncode == 0, result.stderr
    assert b"\xef\xbb\xbf" + result.stdout_bytes == narrowed.read_bytes()  # but the BOM


def test_export_changes_by_child_and_provider_writes_what_the_page_exports(
        qtbot, sample_db, register_path, tmp_path, type_text):
    page = ChangeLogPage(sample_db)
    qtbot.addWidget(page)
    for name, typed in (("childFilter", "łukasz"), ("providerFilter", "Hillcrest")):
        edit = page.findChild(QLineEdit, name)
        edit.setFocus()
        type_text(edit, typed)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    narrowed = tmp_path / "page, Łukasz at Hillcrest.csv"
    assert page.export_to(narrowed) >= 3   # his placement, his visit, his part in it
    result = run_cli("export", "changes", "--db", register_path, "--child", "łukasz",
                     "--provider", "Hillcrest")
    assert result.returncode == 0, result.stderr
    assert b"\xef\xbb\xbf" + result.stdout_bytes == narrowed.read_bytes()  # but the BOM
    assert "Łukasz Nowak" in result.stdout and "Harry Irwin" not in result.stdout


def test_export_changes_names_the_record_types_there_are(sample_db, register_path):
    result = run_cli("export", "changes", "--db", register_path, "--record-type", "Pupils")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("placement-qa export: --record-type: the change log has "
                                    "no 'Pupils' records (it has: ")
    assert "Children" in result.stderr and "Monitoring visits" in result.stderr


# --- children awaiting provision --------------------------------------------------------

def test_export_awaiting_lists_what_the_awaiting_page_shows(qtbot, sample_db, register_path):
    for given, family, case_ref, since, interim in (
            ("Aled", "Ap-Rhys", "WB-7", date(2026, 3, 2), "Tuition 10 hours a week"),
            ("Mia", "Ng", None, date(2026, 9, 1), None)):
        child = add_child(sample_db, given_name=given, family_name=family, case_ref=case_ref)
        add_placement(sample_db, child_id=child, provider_id=None, start_date=since,
                      arrangement="day", state="awaiting_provision", interim_support=interim)
    page = AwaitingProvisionList(sample_db, date(2026, 11, 22))
    qtbot.addWidget(page)

    rows = csv_rows(exported("export", "awaiting", "--db", register_path, "--as-of", AS_OF))
    assert rows == shown(page.model)
    assert rows[1] == ["Aled Ap-Rhys", "WB-7", "02/03/2026", "37", "Tuition 10 hours a week"]
    assert [row[3] for row in rows[1:]] == ["37", "11", "11"]  # longest wait first


# --- follow-up actions ------------------------------------------------------------------

@pytest.fixture
def actions_db(builder):
    """Brookside's restraint log (high, due 15/10/2026) and Hillcrest's staffing review
    (in progress, due 01/11/2026) are overdue on 22/11/2026; Hillcrest's curriculum plan
    is due 31/01/2027; Brookside's fire drill is done."""
    db = builder.db
    brookside = builder.provider("Brookside School")
    hillcrest = builder.provider("Hillcrest House")
    amara = builder.placement("Amara Okafor", brookside, start=date(2024, 9, 1))
    visit = builder.visit(brookside, date(2026, 10, 1), "Amara Okafor")

    def action(provider, what, kind, owner, due, priority="medium", **fields) -> int:
        return raise_action(db, NewAction(
            provider_id=provider, description=what, owner_kind=kind, owner=owner,
            due_date=due, priority=priority, raised_on=date(2026, 9, 1), **fields))

    action(brookside, "Send the restraint log", "provider", "Head teacher",
           date(2026, 10, 15), "high", visit_id=visit, placement_id=amara)
    review = action(hillcrest, "Review staffing ratios", "council", "Tom Hughes",
                    date(2026, 11, 1))
    set_action_status(db, review, "in_progress", "Asked for the rota", date(2026, 11, 22))
    action(hillcrest, "Update the curriculum plan", "provider", "SENCo", date(2027, 1, 31),
           "low")
    drill = action(brookside, "Hold a fire drill", "other", "", date(2026, 9, 20))
    set_action_status(db, drill, "done", "Drill held 18/09/2026", date(2026, 11, 22))
    return db


def test_export_actions_lists_what_the_actions_page_shows(qtbot, actions_db, register_path):
    page = ActionsList(actions_db, date(2026, 11, 22))
    qtbot.addWidget(page)

    def command(*options: str) -> list[list[str]]:
        return csv_rows(exported("export", "actions", "--db", register_path, "--as-of", AS_OF,
                                 *options))

    assert command("--open") == shown(page.model)  # the page shows open ones at first
    assert [row[3] for row in command("--open")[1:]] == [
        "Send the restraint log", "Review staffing ratios", "Update the curriculum plan"]
    page.findChild(QCheckBox, "actionsShowClosed").setChecked(True)
    everything = command()
    assert everything == shown(page.model) and len(everything) == 5
    choose(page.findChild(QComboBox, "actionsProviderFilter"), "Hillcrest House")
    assert command("--provider", "hillcrest house") == shown(page.model)
    choose(page.findChild(QComboBox, "actionsProviderFilter"), "All providers")
    overdue = [row for row in shown(page.model)[1:] if row[5] == "Overdue"]
    assert command("--overdue") == [everything[0], *overdue] and len(overdue) == 2


def test_export_actions_refuses_a_provider_that_is_not_there(actions_db, register_path):
    result = run_cli("export", "actions", "--db", register_path, "--provider", "Oakfield")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == ("placement-qa export: --provider: there is no provider named "
                             "'Oakfield' in the register\n")


# --- the monthly schedule review --------------------------------------------------------

def reviews(db) -> list[tuple]:
    return db.execute("SELECT month, reviewed_by, notes FROM schedule_reviews "
                      "ORDER BY id").fetchall()


def test_schedule_review_records_what_mark_schedule_reviewed_records(qtbot, sample_db,
                                                                     register_path):
    result = run_cli("schedule", "review", "--db", register_path, "--month", "2026-12",
                     "--by", "P. Manager", "--note", "Two visits moved to January")
    assert result.returncode == 0, result.stderr
    page = MonthlySchedule(sample_db, date(2026, 12, 3), "A. Officer")
    qtbot.addWidget(page)
    label = page.findChild(QLabel, "reviewStatus")
    assert label.text() == result.stdout.strip()
    assert result.stdout.startswith("Reviewed by P. Manager on ")
    qtbot.mouseClick(page.findChild(QPushButton, "markReviewed"), Qt.MouseButton.LeftButton)
    assert label.text().startswith("Reviewed by A. Officer on ")
    assert reviews(sample_db) == [("2026-12", "P. Manager", "Two visits moved to January"),
                                  ("2026-12", "A. Officer", None)]


def test_schedule_review_needs_a_name_and_records_nothing_without_one(sample_db,
                                                                      register_path):
    result = run_cli("schedule", "review", "--db", register_path, "--month", "2026-12",
                     "--by", "  ")
    assert result.returncode == 1
    assert result.stderr == "placement-qa schedule: Say who reviewed the schedule\n"
    assert reviews(sample_db) == []
