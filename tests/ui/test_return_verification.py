"""Checking the provider's pre-visit return on the visit (issue 9, must-show 2): an item
marked disputed by key, the found value and note typed, an action raised from it in one
step; the register keeps the check, and the note's PDF prints reported and found side
by side on one row."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QPlainTextEdit, QPushButton
from recorded_visits import record_and_sign
from visit_note_steps import CHILDREN, go_to, planned_visit, shown_dialog, type_into

from placement_qa.domain.provider_return import DISPUTED, NOT_VERIFIED, UNCHECKED, VERIFIED
from placement_qa.domain.visit_note import PROVIDER_RETURN_PAGE
from placement_qa.reports.visit_note import visit_note_pdf
from placement_qa.store.actions import get_action, list_actions
from placement_qa.store.provider_returns import ReportedValue, record_form_sent, record_return
from placement_qa.store.visit_notes import load_visit_note, start_recording
from placement_qa.ui.visit_note.choice_picker import ChoicePicker
from placement_qa.ui.visit_note.window import AUTOSAVE_MS, VisitNoteWindow

AS_OF = date(2026, 11, 22)
RETURNED = date(2026, 11, 10)


@pytest.fixture
def returned(builder):
    """Oakfield's planned visit with the provider's return recorded: vacancies 3,
    41 on roll, Zoë's attendance 92%, Ayşe's 88%."""
    oakfield, visit_id, placements = planned_visit(builder)
    db = builder.db
    record_form_sent(db, visit_id=visit_id, provider_id=oakfield, form_id="F-OAK-1",
                     sent_on=date(2026, 11, 2))
    record_return(db, form_id="F-OAK-1", returned_on=RETURNED, completed_by="Head teacher",
                  values=[ReportedValue("vacancies", "3"), ReportedValue("on_roll", "41"),
                          ReportedValue("attendance_percent", "92", placements[CHILDREN[0]]),
                          ReportedValue("attendance_percent", "88", placements[CHILDREN[1]])])
    return db, oakfield, visit_id, placements


@pytest.fixture
def note_window(qtbot, returned):
    db, _, visit_id, _ = returned
    window = VisitNoteWindow(db, visit_id, AS_OF)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def item_id(db, visit_id, key, placement_id=None) -> int:
    [item] = [i for i in load_visit_note(db, visit_id).reported_items
              if i.item_key == key and i.placement_id == placement_id]
    return item.item_id


def pdf_lines(tmp_path, data: bytes) -> list[str]:
    """The PDF's text as pdftotext -layout lays it out (a table row on one line)."""
    path = tmp_path / "note.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return out.splitlines()


def test_a_disputed_item_raises_a_linked_action_and_prints_beside_the_report(
        qtbot, returned, note_window, type_text, tmp_path):
    db, oakfield, visit_id, placements = returned
    vacancies = item_id(db, visit_id, "vacancies")
    on_roll = item_id(db, visit_id, "on_roll")
    page = go_to(qtbot, note_window, PROVIDER_RETURN_PAGE)

    # What the provider reported is shown, dated, and cannot be typed over.
    reported = page.findChild(QLabel, f"reported_{vacancies}")
    assert reported.text() == "Reported 10/11/2026: 3"
    button = page.findChild(QPushButton, f"raiseItemAction_{vacancies}")
    assert not button.isEnabled()   # nothing to raise an action on yet

    # On roll verified with a click; vacancies disputed with the number key 3.
    qtbot.mouseClick(page.findChild(QPushButton, f"verification_{on_roll}_1"),
                     Qt.MouseButton.LeftButton)
    picker = page.findChild(ChoicePicker, f"verification_{vacancies}")
    picker.setFocus()
    qtbot.keyClick(picker, "3")
    assert picker.value() == DISPUTED and button.isEnabled()
    type_into(page.findChild(QLineEdit, f"verifiedValue_{vacancies}"), "5", type_text)
    type_into(page.findChild(QPlainTextEdit, f"verificationNote_{vacancies}"),
              "Admissions list shows 5 empty places & a <new> wing", type_text)

    # Raise action… opens the action dialog describing the discrepancy.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = shown_dialog(qtbot, "raiseActionDialog")
    what = dialog.findChild(QPlainTextEdit, "actionWhat")
    assert what.toPlainText() == ("Disputed: Vacancies — reported 3, found 5. "
                                  "Admissions list shows 5 empty places & a <new> wing")
    type_into(what, " Send the admissions register.", type_text)
    type_into(dialog.findChild(QLineEdit, "actionOwnerName"), "Head teacher", type_text)
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)

    [action] = list_actions(db, visit_id=visit_id)
    assert action.provider_id == oakfield and action.placement_id is None
    assert action.description.endswith("a <new> wing Send the admissions register.")
    assert item_id(db, visit_id, "vacancies") == vacancies
    stored = {i.item_id: i for i in load_visit_note(db, visit_id).reported_items}
    assert stored[vacancies].action_id == action.action_id
    shown = page.findChild(QLabel, f"itemAction_{vacancies}")
    assert shown.isVisible() and shown.text() == f"Action raised: {action.description}"
    assert not button.isVisible()
    assert get_action(db, action.action_id).description == action.description

    # Saved without pressing anything: the check, the found value and the note.
    def saved():
        return {i.item_id: i for i in load_visit_note(db, visit_id).reported_items}

    qtbot.waitUntil(lambda: saved()[vacancies].verification == DISPUTED,
                    timeout=AUTOSAVE_MS + 2000)
    item = saved()[vacancies]
    assert (item.reported_value, item.verified_value) == ("3", "5")
    assert item.verification_note == "Admissions list shows 5 empty places & a <new> wing"
    assert saved()[on_roll].verification == VERIFIED
    zoe_item = item_id(db, visit_id, "attendance_percent", placements[CHILDREN[0]])
    assert saved()[zoe_item].verification == UNCHECKED

    # The note's PDF: reported and found on the same row of the table.
    data = visit_note_pdf(db, visit_id, council_name="Westbridge Council",
                          marking="OFFICIAL-SENSITIVE")
    lines = pdf_lines(tmp_path, data)
    assert any("What the provider reported, and what we found" in line for line in lines)
    [row] = [line for line in lines if line.strip().startswith("Vacancies")]
    assert row.split()[:4] == ["Vacancies", "3", "Disputed", "5"], row
    [roll] = [line for line in lines if "Pupils or learners on roll" in line]
    assert "41" in roll and "Verified" in roll


def test_a_picked_check_clears_with_delete(qtbot, returned, note_window):
    db, _, visit_id, _ = returned
    vacancies = item_id(db, visit_id, "vacancies")
    page = go_to(qtbot, note_window, PROVIDER_RETURN_PAGE)
    picker = page.findChild(ChoicePicker, f"verification_{vacancies}")
    picker.setFocus()
    qtbot.keyClick(picker, "2")
    assert page.findChild(QPushButton, f"raiseItemAction_{vacancies}").isEnabled()
    assert "is not verified: say why" in note_window.checklist.currentItem().toolTip()
    qtbot.keyClick(picker, Qt.Key.Key_Delete)
    assert picker.value() is None
    assert not page.findChild(QPushButton, f"raiseItemAction_{vacancies}").isEnabled()
    assert "is not checked" in note_window.checklist.currentItem().toolTip()


def test_a_signed_note_shows_its_checks_read_only(qtbot, returned):
    db, _, visit_id, _ = returned
    note = start_recording(db, visit_id)
    checked = tuple(replace(i, verification=NOT_VERIFIED, verification_note="No records")
                    for i in note.reported_items)
    record_and_sign(db, visit_id, reported_items=checked, visitors="R. Singh")
    window = VisitNoteWindow(db, visit_id, AS_OF)
    qtbot.addWidget(window)
    window.show()
    vacancies = item_id(db, visit_id, "vacancies")
    page = go_to(qtbot, window, PROVIDER_RETURN_PAGE)
    picker = page.findChild(ChoicePicker, f"verification_{vacancies}")
    assert picker.value() == NOT_VERIFIED
    picker.setFocus()
    qtbot.keyClick(picker, "3")
    assert picker.value() == NOT_VERIFIED
    assert page.findChild(QPlainTextEdit, f"verificationNote_{vacancies}").isReadOnly()
    assert not page.findChild(QPushButton, f"raiseItemAction_{vacancies}").isEnabled()


def test_an_action_whose_link_fails_is_not_raised_and_the_dialog_says_why(
        qtbot, returned, note_window):
    db, _, visit_id, _ = returned
    vacancies = item_id(db, visit_id, "vacancies")
    page = go_to(qtbot, note_window, PROVIDER_RETURN_PAGE)
    picker = page.findChild(ChoicePicker, f"verification_{vacancies}")
    picker.setFocus()
    qtbot.keyClick(picker, "3")
    qtbot.mouseClick(page.findChild(QPushButton, f"raiseItemAction_{vacancies}"),
                     Qt.MouseButton.LeftButton)
    dialog = shown_dialog(qtbot, "raiseActionDialog")
    # Linking the action to the item fails, as a full disk would stop it.
    db.execute("CREATE TEMP TRIGGER stop_link BEFORE UPDATE ON provider_reported_items "
               "BEGIN SELECT RAISE(ABORT, 'the disk is full'); END")
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), Qt.MouseButton.LeftButton)

    error = dialog.findChild(QLabel, "formError")
    assert dialog.isVisible() and error.isVisible()
    assert "the disk is full" in error.text()
    assert list_actions(db, visit_id=visit_id) == []   # no action left without its item
    assert page.findChild(QPushButton, f"raiseItemAction_{vacancies}").isVisible()
    db.execute("DROP TRIGGER temp.stop_link")            # space freed: the draft saves again


def test_all_verified_except_marks_every_item_but_the_one_unticked_in_one_step(
        qtbot, returned, note_window):
    db, _, visit_id, placements = returned
    vacancies = item_id(db, visit_id, "vacancies")
    page = go_to(qtbot, note_window, PROVIDER_RETURN_PAGE)
    qtbot.mouseClick(page.findChild(QPushButton, "verifyAllButton"),
                     Qt.MouseButton.LeftButton)
    dialog = shown_dialog(qtbot, "allVerifiedDialog")
    items = dialog.findChild(QListWidget, "verifyItems")
    rows = {items.item(r).data(Qt.ItemDataRole.UserRole): items.item(r)
            for r in range(items.count())}
    assert len(rows) == 4 and all(r.checkState() == Qt.CheckState.Checked
                                  for r in rows.values())
    assert rows[vacancies].text() == "Vacancies — reported 3"
    items.setFocus()
    items.setCurrentItem(rows[vacancies])
    qtbot.keyClick(items, Qt.Key.Key_Space)  # vacancies were not as reported
    assert rows[vacancies].checkState() == Qt.CheckState.Unchecked

    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"),
                         Qt.MouseButton.LeftButton)
    finally:
        db.conn.set_trace_callback(None)
    # In the register at once (no autosave waited for), every write in one transaction.
    stored = {i.item_id: i.verification for i in load_visit_note(db, visit_id).reported_items}
    assert stored.pop(vacancies) == UNCHECKED
    assert set(stored.values()) == {VERIFIED} and len(stored) == 3
    writes = [n for n, s in enumerate(statements) if s.startswith("UPDATE provider_reported")]
    assert len(writes) >= 3 and statements.count("COMMIT") == 1
    assert statements.index("BEGIN") < writes[0] and writes[-1] < statements.index("COMMIT")
    # The item left is the one to check next.
    assert page.findChild(ChoicePicker, f"verification_{vacancies}").hasFocus()
    zoe_item = item_id(db, visit_id, "attendance_percent", placements[CHILDREN[0]])
    assert page.findChild(ChoicePicker, f"verification_{zoe_item}").value() == VERIFIED
