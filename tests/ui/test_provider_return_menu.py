"""The Visits menu's pre-visit provider return, driven as a user would: choose a row,
pick the menu item, choose the file (the file dialog is replaced), read what the
window says."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from dialog_steps import choose_row, modal, record_it_now
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
)

from placement_qa.domain.visit_note import PROVIDER_RETURN_PAGE
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.store.visit_notes import load_visit_note


def menu_action(window, name: str) -> QAction:
    menu = window.findChild(QMenu, "menuVisits")
    [action] = [a for a in menu.actions() if a.objectName() == name]
    assert action.isEnabled()
    return action


@pytest.fixture
def chosen(monkeypatch):
    """What the (replaced) file dialogs were offered, and the file they answer with."""
    asked: dict = {}

    def save(parent, caption, suggested, filters):
        asked["save"] = suggested
        return str(asked["path"]), filters

    def open_file(parent, caption, folder, filters):
        asked["open"] = caption
        return str(asked["path"]), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_file))
    return asked


def fill(path: Path) -> None:
    book = openpyxl.load_workbook(path)
    rows = [[v for v in r if v is not None] for r in book["_form"].iter_rows(values_only=True)]
    question = {r[1]: r[2] for r in rows if r[0] == "question"}
    column = {r[1]: r[2] for r in rows if r[0] == "column"}
    [child_row] = [int(r[2]) for r in rows if r[0] == "child"]
    cells = {r[0]: r[1] for r in rows if r[0].endswith("_cell")}
    sheet = book["Return"]
    sheet[question["vacancies"]] = 3
    sheet[question["head"]] = "Mr D. Okoro"
    sheet[f"{column['attendance_percent']}{child_row}"] = 94
    sheet[cells["completed_by_cell"]] = "Mr D. Okoro"
    sheet[cells["completed_on_cell"]] = "19/11/2026"
    book.save(path)


def close(qtbot, box: QMessageBox) -> None:
    qtbot.mouseClick(box.findChild(QPushButton), Qt.MouseButton.LeftButton)


def test_make_the_form_then_import_it_from_the_visits_menu(qtbot, window, sample_db, builder,
                                                           chosen, tmp_path):
    chosen["path"] = tmp_path / "riverside.xlsx"
    choose_row(qtbot, window, "Zoë Brennan")  # Riverside College, visit planned 01/12/2026
    menu_action(window, "actionProviderReturnForm").trigger()
    assert Path(chosen["save"]).name == "Riverside College pre-visit return 01-12-2026.xlsx"
    assert chosen["path"].exists()
    assert window.statusBar().currentMessage() == (
        f"Pre-visit form for Riverside College (visit on 01/12/2026) saved to {chosen['path']}")
    texts = [str(v) for s in openpyxl.load_workbook(chosen["path"]).worksheets
             for r in s.iter_rows(values_only=True) for v in r if v is not None]
    assert "Z. B." in texts and not any("Brennan" in t for t in texts)

    fill(chosen["path"])
    menu_action(window, "actionImportProviderReturn").trigger()
    box = modal(qtbot, QMessageBox)
    message = ("3 answers from Riverside College recorded as provider-reported for the "
               "visit on 01/12/2026")
    assert box.text().startswith(message)
    assert box.icon() == QMessageBox.Icon.Information
    assert window.statusBar().currentMessage().startswith(message)
    close(qtbot, box)
    visit_id = sample_db.execute(
        "SELECT visit_id FROM provider_returns").fetchone()[0]
    reported = {(i.item_key, i.child_initials): i.reported_value
                for i in load_visit_note(sample_db, visit_id).reported_items if i.reported_value}
    assert reported == {("vacancies", ""): "3", ("head", ""): "Mr D. Okoro",
                        ("attendance_percent", "Z. B."): "94"}


def test_importing_the_same_return_twice_is_refused_with_the_reason(
        qtbot, window, sample_db, chosen, tmp_path):
    chosen["path"] = tmp_path / "riverside.xlsx"
    choose_row(qtbot, window, "Zoë Brennan")
    menu_action(window, "actionProviderReturnForm").trigger()
    fill(chosen["path"])
    menu_action(window, "actionImportProviderReturn").trigger()
    close(qtbot, modal(qtbot, QMessageBox))
    count = sample_db.execute("SELECT count(*) FROM provider_reported_items").fetchone()[0]
    menu_action(window, "actionImportProviderReturn").trigger()
    box = modal(qtbot, QMessageBox)
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.text().startswith("riverside.xlsx was not imported, and nothing was changed.")
    assert "This return was already imported" in box.text()
    close(qtbot, box)
    assert sample_db.execute(
        "SELECT count(*) FROM provider_reported_items").fetchone()[0] == count


def test_a_file_that_is_not_a_workbook_is_refused(qtbot, window, chosen, tmp_path):
    chosen["path"] = tmp_path / "return.xlsx"
    chosen["path"].write_bytes(b"not a workbook at all")
    menu_action(window, "actionImportProviderReturn").trigger()
    box = modal(qtbot, QMessageBox)
    assert "return.xlsx is not an Excel workbook (.xlsx)" in box.text()
    close(qtbot, box)


def test_no_form_without_a_planned_visit(qtbot, window, sample_db, chosen, tmp_path):
    chosen["path"] = tmp_path / "form.xlsx"
    choose_row(qtbot, window, "Grace Hall")  # Oakfield School: nothing planned
    menu_action(window, "actionProviderReturnForm").trigger()
    assert "save" not in chosen and not chosen["path"].exists()
    assert window.statusBar().currentMessage() == (
        "No visit is planned for Grace Hall's placement: plan one first, then make its "
        "pre-visit form.")
    assert sample_db.execute("SELECT count(*) FROM provider_returns").fetchone()[0] == 0


def test_importing_while_the_visit_note_is_open_reopens_it_on_the_return(
        qtbot, window, sample_db, chosen, tmp_path, type_text):
    ensure_default_framework(sample_db)
    chosen["path"] = tmp_path / "riverside.xlsx"
    choose_row(qtbot, window, "Zoë Brennan")
    menu_action(window, "actionProviderReturnForm").trigger()
    fill(chosen["path"])
    window.visits.record_visit()
    record_it_now(qtbot)  # Zoë's visit is planned for 01/12/2026, more than a week away
    [note_window] = window.visits.note_windows.values()
    qtbot.waitExposed(note_window)
    visit_id = note_window.note.visit_id
    visitors = note_window.findChild(QLineEdit, "visitors")
    visitors.setFocus()
    type_text(visitors, "J. Okafor")           # typed, not yet autosaved
    menu_action(window, "actionImportProviderReturn").trigger()
    box = modal(qtbot, QMessageBox)
    assert box.text().endswith("The visit's note has been opened again to show them.")
    close(qtbot, box)

    reopened = window.visits.note_windows[visit_id]
    assert reopened is not note_window
    qtbot.waitExposed(reopened)
    assert reopened.findChild(QLineEdit, "visitors").text() == "J. Okafor"   # kept
    page = reopened.stack.currentWidget()
    assert page.page_id == PROVIDER_RETURN_PAGE
    vacancies = [i for i in load_visit_note(sample_db, visit_id).reported_items
                 if i.item_key == "vacancies"][0]
    assert page.findChild(QLabel, f"reported_{vacancies.item_id}").text().endswith(": 3")
    reopened.close()
