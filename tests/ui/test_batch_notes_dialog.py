"""File ▸ Reports in the real main window: a month's visit notes written into a folder
(progress, cancel, every file whole) and the reports shown in the preview."""

from __future__ import annotations

import io
import sys
import threading
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QPushButton
from recorded_visits import record_and_sign

from placement_qa.store import planning
from placement_qa.store.frameworks import ensure_default_framework

OCTOBER = ("Zoë Łukasiewicz", "Ayşe Yılmaz")
NOVEMBER = ("Șerban Popescu",)


def complete_visit(db, provider: int, day: date, placement_ids: list[int]) -> int:
    """A visit covering the placements, every part recorded, signed off."""
    visit_id = planning.plan_visit(db, provider_id=provider, visit_date=day,
                                   visit_type="annual_monitoring", visitors="J. Okafor",
                                   placement_ids=placement_ids)
    return record_and_sign(db, visit_id)


@pytest.fixture
def notes_db(builder):
    """Oakfield visited 14/10/2026 (Zoë and Ayşe) and 02/11/2026 (Șerban)."""
    ensure_default_framework(builder.db)
    oakfield = builder.provider("Oakfield School")
    for child in (*OCTOBER, *NOVEMBER):
        builder.placement(child, oakfield, start=date(2025, 9, 1))
    complete_visit(builder.db, oakfield, date(2026, 10, 14),
                   [builder.placements[c] for c in OCTOBER])
    complete_visit(builder.db, oakfield, date(2026, 11, 2),
                   [builder.placements[c] for c in NOVEMBER])
    return builder.db


def reports_action(window, text: str):
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    reports = next(a.menu() for a in file_menu.actions() if a.text() == "&Reports")
    return next(a for a in reports.actions() if a.text() == text)


def open_batch_dialog(qtbot, window):
    reports_action(window, "Print a month's &visit notes…").trigger()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    dialog = QApplication.activeModalWidget()
    assert dialog.objectName() == "batchNotesDialog"
    return dialog


def child(dialog, kind, name):
    return dialog.findChild(kind, name)


def set_folder(qtbot, dialog, folder) -> None:
    edit = child(dialog, QLineEdit, "batchFolder")
    edit.clear()
    qtbot.keyClicks(edit, str(folder))


def whole_pdfs(folder) -> dict[str, str]:
    """Every file in the folder, each read through to its last page: name → text."""
    texts = {}
    for path in folder.iterdir():
        reader = PdfReader(io.BytesIO(path.read_bytes()), strict=True)
        texts[path.name] = "\n".join(page.extract_text() for page in reader.pages)
    return texts


def test_the_month_s_notes_are_written_into_the_folder(qtbot, open_window, notes_db,
                                                       tmp_path, monkeypatch):
    folder = tmp_path / "case files"
    folder.mkdir()
    window = open_window(notes_db)
    dialog = open_batch_dialog(qtbot, window)
    month = child(dialog, QComboBox, "batchMonth")
    assert month.currentText() == "October 2026"  # the month before 22/11/2026
    assert child(dialog, QLabel, "batchSummary").text() == (
        "1 visit completed in October 2026: 3 files")
    month.setFocus()
    qtbot.keyClick(month, Qt.Key.Key_Up)
    assert month.currentText() == "November 2026"
    assert child(dialog, QLabel, "batchSummary").text() == (
        "1 visit completed in November 2026: 2 files")
    qtbot.keyClick(month, Qt.Key.Key_Down)
    start = child(dialog, QPushButton, "batchStart")
    assert not start.isEnabled()  # no folder yet
    set_folder(qtbot, dialog, folder)
    qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
    message = child(dialog, QLabel, "batchMessage")
    qtbot.waitUntil(lambda: "written to" in message.text(), timeout=20000)
    assert message.text() == f"3 notes written to {folder}."
    assert child(dialog, QLabel, "batchProgressText").text().startswith("3 of 3: Oakfield")
    texts = whole_pdfs(folder)
    assert sorted(texts) == ["2026-10-14 Oakfield School - Ayşe Yılmaz.pdf",
                             "2026-10-14 Oakfield School - Zoë Łukasiewicz.pdf",
                             "2026-10-14 Oakfield School - provider copy.pdf"]
    zoe = texts["2026-10-14 Oakfield School - Zoë Łukasiewicz.pdf"]
    assert "Zoë Łukasiewicz" in zoe and "Ayşe" not in zoe
    opened = []
    monkeypatch.setattr("placement_qa.ui.batch_notes_dialog.QDesktopServices.openUrl",
                        lambda url: opened.append(url.toLocalFile()))
    open_folder = child(dialog, QPushButton, "batchOpenFolder")
    assert open_folder.isVisible()
    qtbot.mouseClick(open_folder, Qt.MouseButton.LeftButton)
    assert opened == [str(folder)]


def test_cancel_stops_after_the_note_being_written(qtbot, open_window, notes_db, tmp_path,
                                                   monkeypatch):
    """The second note waits until Cancel has been clicked: it is finished and kept,
    the third is never started, and both files written are whole PDFs."""
    from placement_qa.reports import visit_note

    real, made, release = visit_note.visit_note_pdf, [], threading.Event()

    def paced(*args, **kwargs):
        made.append(1)
        if len(made) == 2:
            release.wait(timeout=20)
        return real(*args, **kwargs)

    monkeypatch.setattr(visit_note, "visit_note_pdf", paced)
    window = open_window(notes_db)
    dialog = open_batch_dialog(qtbot, window)
    folder = tmp_path / "out"
    folder.mkdir()
    set_folder(qtbot, dialog, folder)
    qtbot.mouseClick(child(dialog, QPushButton, "batchStart"), Qt.MouseButton.LeftButton)
    # the second note has started (and waits): the first is written
    qtbot.waitUntil(lambda: len(made) == 2, timeout=20000)
    cancel = child(dialog, QPushButton, "batchCancel")
    assert cancel.isEnabled()
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    release.set()
    message = child(dialog, QLabel, "batchMessage")
    qtbot.waitUntil(lambda: message.text().startswith("Cancelled"), timeout=20000)
    assert message.text() == f"Cancelled: 2 of 3 written to {folder}."
    assert len(made) == 2
    assert len(whole_pdfs(folder)) == 2
    assert child(dialog, QPushButton, "batchStart").isEnabled()  # may be run again


def test_closing_while_writing_cancels_and_waits(qtbot, open_window, notes_db, tmp_path,
                                                 monkeypatch):
    """The first note is held until the dialog asks the job to cancel."""
    from placement_qa.reports import visit_note
    from placement_qa.ui.jobs import JobControl

    real, asked, release = visit_note.visit_note_pdf, JobControl.cancel, threading.Event()
    writing = threading.Event()

    def paced(*args, **kwargs):
        writing.set()
        release.wait(timeout=20)
        return real(*args, **kwargs)

    def cancel(control):
        asked(control)
        release.set()

    monkeypatch.setattr(visit_note, "visit_note_pdf", paced)
    monkeypatch.setattr(JobControl, "cancel", cancel)
    window = open_window(notes_db)
    dialog = open_batch_dialog(qtbot, window)
    set_folder(qtbot, dialog, tmp_path)
    results = []
    dialog.finished_batch.connect(results.append)
    qtbot.mouseClick(child(dialog, QPushButton, "batchStart"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(writing.is_set, timeout=20000)  # the first note is being made
    dialog.reject()  # waits for the note being made, then stops
    [result] = results
    assert result.cancelled and result.count == 1
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".part"]


@pytest.mark.parametrize(("text", "module", "title"), [
    ("&Board report…", "board", "Board report as of 22/11/2026"),
    ("&Register list…", "register_list", "Register list as of 22/11/2026"),
])
def test_a_report_opens_in_the_preview(qtbot, open_window, notes_db, text, module, title):
    pytest.importorskip(f"placement_qa.reports.{module}")
    window = open_window(notes_db)
    reports_action(window, text).trigger()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    preview = QApplication.activeModalWidget()
    assert preview.objectName() == "reportPreview"
    assert preview.windowTitle() == title
    assert preview.document.pageCount() >= 1
    preview.reject()


def test_the_planning_schedule_asks_which_month(qtbot, open_window, notes_db):
    pytest.importorskip("placement_qa.reports.schedule")
    window = open_window(notes_db)
    reports_action(window, "Monthly planning &schedule…").trigger()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    asking = QApplication.activeModalWidget()
    assert asking.objectName() == "reportMonthDialog"
    month = asking.findChild(QComboBox, "reportMonth")
    assert month.currentText() == "November 2026"  # this month (as of 22/11/2026)
    qtbot.keyClick(month, Qt.Key.Key_Up)  # next month: one key away
    assert month.currentText() == "December 2026"
    qtbot.keyClick(month, Qt.Key.Key_Down)
    qtbot.keyClick(month, Qt.Key.Key_Down)
    qtbot.keyClick(month, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None
                    and QApplication.activeModalWidget().objectName() == "reportPreview")
    preview = QApplication.activeModalWidget()
    assert preview.windowTitle() == "Monthly planning schedule — October 2026"
    assert preview.document.pageCount() >= 1
    preview.reject()


def test_a_report_that_is_missing_is_explained_in_words(qtbot, open_window, notes_db,
                                                        monkeypatch):
    monkeypatch.setitem(sys.modules, "placement_qa.reports.board", None)
    window = open_window(notes_db)
    reports_action(window, "&Board report…").trigger()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    box = QApplication.activeModalWidget()
    assert box.objectName() == "reportProblem"
    assert box.text() == "The board report is not available in this version of Placement QA."
    box.accept()


def test_a_month_without_visits_or_a_missing_folder_writes_nothing(qtbot, open_window,
                                                                   notes_db, tmp_path):
    window = open_window(notes_db)
    dialog = open_batch_dialog(qtbot, window)
    month = child(dialog, QComboBox, "batchMonth")
    month.setFocus()
    qtbot.keyClick(month, Qt.Key.Key_Down)  # September 2026: nothing signed off
    assert child(dialog, QLabel, "batchSummary").text() == (
        "No visits were completed in September 2026: there are no notes to write.")
    set_folder(qtbot, dialog, tmp_path)
    start = child(dialog, QPushButton, "batchStart")
    assert not start.isEnabled()
    qtbot.keyClick(month, Qt.Key.Key_Up)
    missing = tmp_path / "no such folder"
    set_folder(qtbot, dialog, missing)
    qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
    assert child(dialog, QLabel, "batchMessage").text() == (
        f"⚠ There is no folder {missing}: choose one that exists.")
    assert not missing.exists() and not dialog.running()
