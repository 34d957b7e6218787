"""Every place the app saves a file, driven as a user would, with the register (or its
backups folder, or a link to it) picked in the save dialog: a plain message says why
and that nothing was written, and the register is byte for byte as it was.

The file dialogs are replaced by one answering with the chosen path; the message boxes
are read, then closed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from dialog_steps import choose_row, modal
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
)

from placement_qa.store.frameworks import ensure_default_framework

NOTHING_WRITTEN = "choose another file name; nothing was written"


@pytest.fixture
def save_dialog_answers(monkeypatch):
    """``answer["path"]``: the file the (replaced) save dialog answers with."""
    answer: dict = {}

    def save(parent, caption, suggested, filters="", *args, **kwargs):
        return str(answer["path"]), filters.split(";;")[-1]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    return answer


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    """The texts of the warnings shown (QMessageBox.warning), each answered with OK."""
    shown: list[str] = []

    def warning(parent, title, text, *args, **kwargs):
        shown.append(f"{title}: {text}")
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    return shown


@pytest.fixture
def backups(register_path) -> Path:
    folder = register_path.parent / "backups"
    folder.mkdir()
    return folder


def unchanged(register_path: Path, before: bytes) -> bool:
    return register_path.read_bytes() == before


def test_file_export_onto_the_register_is_refused(qtbot, window, register_path,
                                                  save_dialog_answers, warnings):
    before = register_path.read_bytes()
    save_dialog_answers["path"] = register_path
    window.files.export_action.trigger()
    assert warnings == [f"Register not exported: {register_path} is the register itself: "
                        f"{NOTHING_WRITTEN}"]
    assert unchanged(register_path, before)


def test_the_change_log_export_onto_a_link_to_the_register_is_refused(
        qtbot, window, register_path, save_dialog_answers, warnings):
    link = register_path.with_name("change log.csv")
    link.symlink_to(register_path)
    before = register_path.read_bytes()
    dialog = window.pages.open_change_log()
    save_dialog_answers["path"] = link
    qtbot.mouseClick(dialog.findChild(QPushButton, "exportButton"), Qt.MouseButton.LeftButton)
    assert warnings == [f"Change log not exported: {link} is the register itself: "
                        f"{NOTHING_WRITTEN}"]
    assert link.is_symlink() and unchanged(register_path, before)
    dialog.close()


def test_the_import_error_report_onto_the_register_is_refused(qtbot, window, register_path,
                                                              save_dialog_answers, tmp_path):
    source = tmp_path / "new.csv"
    source.write_text("Case ref,Given name,Family name,Provider URN,Start date,Arrangement\n"
                      "CS-77,Kai,Wilson,135790,31/02/2026,Day\n", encoding="utf-8")
    before = register_path.read_bytes()
    dialog = window.files.import_placements()
    dialog.set_file(source)
    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        qtbot.mouseClick(dialog.findChild(QPushButton, "importCheck"), Qt.MouseButton.LeftButton)
    save_dialog_answers["path"] = register_path
    qtbot.mouseClick(dialog.findChild(QPushButton, "importSaveErrors"),
                     Qt.MouseButton.LeftButton)
    assert dialog.findChild(QLabel, "importSummary").text() == (
        f"The error report was not saved: {register_path} is the register itself: "
        f"{NOTHING_WRITTEN}")
    assert unchanged(register_path, before)
    dialog.close()


def _report_preview(qtbot, window):
    pytest.importorskip("placement_qa.reports.register_list")
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    reports = next(a.menu() for a in file_menu.actions() if a.text() == "&Reports")
    next(a for a in reports.actions() if a.text() == "&Register list…").trigger()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    preview = QApplication.activeModalWidget()
    assert preview.objectName() == "reportPreview"
    return preview


def test_the_report_preview_saves_neither_through_a_link_to_the_register_nor_among_backups(
        qtbot, window, register_path, backups, save_dialog_answers):
    link = register_path.with_name("register list.pdf")
    link.symlink_to(register_path)
    before = register_path.read_bytes()
    preview = _report_preview(qtbot, window)
    status = preview.findChild(QLabel, "previewStatus")
    for chosen, why in ((link, "is the register itself"),
                        (backups / "register list.pdf", "is in the register's backups folder")):
        save_dialog_answers["path"] = chosen
        qtbot.mouseClick(preview.findChild(QPushButton, "savePdfButton"),
                         Qt.MouseButton.LeftButton)
        assert status.text() == f"⚠ Not saved: {chosen} {why}: {NOTHING_WRITTEN}"
    assert link.is_symlink() and unchanged(register_path, before)
    assert list(backups.iterdir()) == []
    preview.reject()


def test_the_pre_visit_form_is_not_saved_among_the_backups_nor_recorded_as_sent(
        qtbot, window, sample_db, register_path, backups, save_dialog_answers):
    ensure_default_framework(sample_db)
    sent = "SELECT count(*) FROM provider_returns"
    forms_before = sample_db.execute(sent).fetchone()[0]
    save_dialog_answers["path"] = backups / "riverside.xlsx"
    choose_row(qtbot, window, "Zoë Brennan")  # Riverside College, visit planned 01/12/2026
    window.provider_returns.form_action.trigger()
    box = modal(qtbot, QMessageBox)
    assert box.text() == (f"{backups / 'riverside.xlsx'} is in the register's backups folder: "
                          f"{NOTHING_WRITTEN}")
    qtbot.mouseClick(box.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert list(backups.iterdir()) == []
    assert sample_db.execute(sent).fetchone()[0] == forms_before


def test_the_month_s_notes_are_not_written_into_the_backups_folder(qtbot, window, backups):
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    reports = next(a.menu() for a in file_menu.actions() if a.text() == "&Reports")
    next(a for a in reports.actions() if a.text() == "Print a month's &visit notes…").trigger()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    dialog: QDialog = QApplication.activeModalWidget()
    month = dialog.findChild(QComboBox, "batchMonth")
    month.setCurrentIndex(month.findText("September 2026"))  # Grace Hall's visit
    assert dialog.findChild(QLabel, "batchSummary").text().startswith("1 visit completed")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "batchFolder"), str(backups))
    qtbot.mouseClick(dialog.findChild(QPushButton, "batchStart"), Qt.MouseButton.LeftButton)
    assert dialog.findChild(QLabel, "batchMessage").text() == (
        f"⚠ {backups} is the register's backups folder: choose another folder; nothing was "
        "written")
    assert not dialog.running() and list(backups.iterdir()) == []
    dialog.reject()
