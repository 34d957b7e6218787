"""The change log reads like an audit trail (issue 17): after a placement's end date is
changed and a note's pages are turned, View ▸ Change log shows the child by name, the
record and the field in words, UK dates and the officer, and no row for a page turned;
the child, provider and who filters narrow it, and the export follows them."""

from __future__ import annotations

import csv

from dialog_steps import CTRL, click_save, field, modal, press
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QPushButton, QTableView
from visit_note_steps import CHILDREN, go_to, planned_visit

from placement_qa.store.audit import change_log
from placement_qa.store.officers import get_officer
from placement_qa.store.visit_notes import load_visit_note
from placement_qa.ui.current_officer import set_my_officer
from placement_qa.ui.pages.audit_page import ChangeLogPage
from placement_qa.ui.placement_dialog import PlacementDialog
from placement_qa.ui.visit_note.window import AUTOSAVE_MS

ZOE, AYSE = CHILDREN
END_DATE_ROW = [ZOE, "placement at Oakfield School", "Changed", "end date — → 18/12/2026"]


def _rows(page: ChangeLogPage) -> list[list[str]]:
    model = page.findChild(QTableView, "changeLogTable").model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def _type_filter(qtbot, page: ChangeLogPage, name: str, text: str, type_text) -> None:
    edit = page.findChild(QLineEdit, name)
    edit.setFocus()
    edit.clear()
    type_text(edit, text)
    qtbot.waitUntil(lambda: not page._typing.isActive(), timeout=2000)


def _edit_end_date(qtbot, window, placement_id: int) -> None:
    window.select_placement(placement_id)
    press(qtbot, window, Qt.Key.Key_E, CTRL)  # Edit placement…
    dialog = modal(qtbot, PlacementDialog)
    end = field(dialog, "endDateEdit")
    end.clear()
    qtbot.keyClicks(end, "18/12/2026")
    click_save(qtbot, dialog)


def _turn_pages(qtbot, window, builder, visit_id: int, placements: dict[str, int]) -> None:
    window.select_placement(placements[ZOE])
    press(qtbot, window, Qt.Key.Key_R, CTRL)  # Record visit…
    note = window.visits.note_windows[visit_id]
    for page in (f"child:{placements[ZOE]}", f"child:{placements[AYSE]}", "details"):
        go_to(qtbot, note, page)
    qtbot.waitUntil(lambda: load_visit_note(builder.db, visit_id).position == "details",
                    timeout=AUTOSAVE_MS + 2000)
    note.close()


def test_the_change_log_names_the_child_the_field_the_officer_and_no_page_turned(
        qtbot, builder, open_window, type_text, tmp_path, monkeypatch):
    from placement_qa.store.officers import add_officer

    _, visit_id, placements = planned_visit(builder)
    set_my_officer(builder.db, get_officer(builder.db, add_officer(
        builder.db, name="Amira Patel", initials="AP")))
    window = open_window(builder.db)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # the Register tab
    _edit_end_date(qtbot, window, placements[ZOE])
    _turn_pages(qtbot, window, builder, visit_id, placements)
    turned = [e for e in change_log(builder.db, table="monitoring_visits")
              if e.operation == "update" and "draft_position" in {
                  k for k in e.after or {} if (e.before or {}).get(k) != e.after[k]}]
    assert turned == []   # no page turned was written to the log

    window.pages.change_log.trigger()   # View ▸ Change log…
    dialog = window.findChild(QDialog, "changeLogPageDialog")
    qtbot.waitExposed(dialog)
    page = dialog.findChild(ChangeLogPage)
    rows = _rows(page)
    [end_row] = [row for row in rows if row[2:6] == END_DATE_ROW]
    assert end_row[1] == "Amira Patel"
    started = [row for row in rows if row[5].startswith("visit status Planned → Draft")]
    assert [row[2:4] for row in started] == [
        [f"{AYSE}, {ZOE}", "visit to Oakfield School on 18/11/2026"]]
    assert not any("position" in row[5] or "_" in row[5] for row in rows)

    _type_filter(qtbot, page, "childFilter", "Ayşe", type_text)
    narrowed = _rows(page)
    assert narrowed and len(narrowed) < len(rows)
    assert all(AYSE in row[2] for row in narrowed)
    _type_filter(qtbot, page, "childFilter", "zoë łuk", type_text)
    zoes = _rows(page)
    assert end_row in zoes and all(ZOE in row[2] for row in zoes)
    _type_filter(qtbot, page, "providerFilter", "Brookside", type_text)
    assert _rows(page) == []
    _type_filter(qtbot, page, "providerFilter", "oakfield", type_text)
    at_oakfield = [row for row in zoes if row[3] != "child's details"]  # not the provider's
    assert end_row in at_oakfield and _rows(page) == at_oakfield

    who = page.findChild(QComboBox, "userFilter")
    assert who.findText("Amira Patel") >= 0
    who.setCurrentIndex(who.findText("Amira Patel"))
    assert _rows(page) == at_oakfield   # every change here was made on this computer

    target = tmp_path / "zoe.csv"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "CSV file (*.csv)")))
    qtbot.mouseClick(page.findChild(QPushButton, "exportButton"), Qt.MouseButton.LeftButton)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle))
    assert [row[:6] for row in written[1:]] == at_oakfield   # the export follows the filters
