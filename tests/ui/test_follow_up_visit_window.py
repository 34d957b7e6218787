"""A follow-up visit through the real window: Visits ▸ Start follow-up visit… for the
chosen row's provider, the provider's open actions reviewed with number keys and
typed evidence, one escalated; the register keeps it all (autosaved)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from dialog_steps import record_it_now
from follow_up_register import build_follow_up_register
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton
from recorded_visits import fill_note
from visit_note_steps import go_to, shown_dialog, type_into

from placement_qa.store.actions import set_action_status
from placement_qa.store.visit_notes import (
    load_visit_note,
    save_draft,
    sign_off,
    start_unplanned_visit,
)
from placement_qa.ui.visit_note.choice_picker import ChoicePicker
from placement_qa.ui.visit_note.window import AUTOSAVE_MS

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def follow_up(qtbot, register_db, open_window, type_text):
    """Zoë's row chosen, Start follow-up visit… (Ctrl+Shift+L) pressed and accepted."""
    reg = build_follow_up_register(register_db)
    window = open_window(register_db)
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # the Register tab
    window.select_placement(reg.placements[1])
    menu_texts = [a.text() for a in window.menu("V&isits").actions()]
    assert "Start &follow-up visit…" in menu_texts
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL_SHIFT)
    dialog = shown_dialog(qtbot, "startFollowUpDialog")
    assert dialog.windowTitle() == "Start follow-up visit"
    assert dialog.findChild(QComboBox, "visitType").currentData() == "follow_up"
    type_into(dialog.findChild(QLineEdit, "visitors"), "Łukasz Nowak", type_text)
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.visits.note_windows) == 1, timeout=3000)
    [(visit_id, note)] = window.visits.note_windows.items()
    qtbot.waitExposed(note)
    return window, note, visit_id, reg   # closed with the main window


def _review(qtbot, note, action_id: int, key: str, evidence: str, type_text) -> None:
    picker = note.findChild(ChoicePicker, f"review{action_id}_outcome")
    picker.setFocus()
    qtbot.keyClick(picker, key)
    type_into(note.findChild(QPlainTextEdit, f"review{action_id}_evidence"), evidence,
              type_text)


def test_a_follow_up_visit_reviews_each_open_action_and_escalates_one(qtbot, follow_up,
                                                                    type_text):
    window, note, visit_id, reg = follow_up
    page = go_to(qtbot, note, "reviews")
    titles = [w.text() for w in page.findChildren(QLabel)
              if w.objectName().endswith("_action")]
    assert titles == [
        "<b>Update the fire risk assessment</b><br>Due 30/09/2026 — <b>overdue</b> on the "
        "visit date",
        "<b>Send attendance records monthly</b> — for Zoë Łukasiewicz<br>Due 31/12/2026",
        "<b>Train staff in de-escalation</b><br>Due 29/01/2027"]
    assert {p.objectName() for p in page.findChildren(ChoicePicker)} == {
        f"review{a}_outcome" for a in reg.live}
    fire, attendance, training = reg.live
    escalate = note.findChild(QPushButton, f"review{training}_escalate")
    assert not escalate.isVisibleTo(note)
    _review(qtbot, note, fire, "1", "New assessment seen, dated 02/11/2026", type_text)
    _review(qtbot, note, attendance, "2", "September and October records received", type_text)
    _review(qtbot, note, training, "3", "No training booked; the head has no date", type_text)
    assert escalate.isVisibleTo(note)
    assert not note.findChild(QPushButton, f"review{fire}_escalate").isVisibleTo(note)

    qtbot.mouseClick(escalate, Qt.MouseButton.LeftButton)
    dialog = shown_dialog(qtbot, "escalateDialog")
    date_box = dialog.findChild(QLineEdit, "escalateDateEdit")
    assert date_box.text() == "21/12/2026"  # four weeks on, moved to a working day
    reason = dialog.findChild(QPlainTextEdit, "escalateReason")
    assert reason.toPlainText() == "Action not progressing: Train staff in de-escalation"
    date_box.selectAll()
    qtbot.keyClicks(date_box, "08/03/2027")
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    assert "already planned for 01/03/2027" in dialog.findChild(
        QLabel, "escalateDateError").text()
    assert window._db["monitoring_visits"].count == 2  # nothing was planned
    date_box.selectAll()
    qtbot.keyClicks(date_box, "21/12/2026")
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    shown = note.findChild(QLabel, f"review{training}_escalated")
    assert shown.isVisibleTo(note)
    assert shown.text() == ("Escalated: additional visit planned for 21/12/2026; placement "
                            "flagged for the manager")
    assert not escalate.isVisibleTo(note)
    # Escalated, the outcome stays "not progressing": Done is not taken.
    picker = note.findChild(ChoicePicker, f"review{training}_outcome")
    picker.setFocus()
    qtbot.keyClick(picker, "1")
    assert picker.value() == "not_progressing"

    def saved():
        return [(r.outcome, r.evidence) for r in
                load_visit_note(window._db, visit_id).action_reviews]

    qtbot.waitUntil(lambda: saved() == [
        ("done", "New assessment seen, dated 02/11/2026"),
        ("progressing", "September and October records received"),
        ("not_progressing", "No training booked; the head has no date")],
        timeout=AUTOSAVE_MS + 2000)
    db = window._db
    extra = db.execute("SELECT visit_date, visit_type, status FROM monitoring_visits "
                       "WHERE visit_type = 'additional_concern'").fetchall()
    assert extra == [("2026-12-21", "additional_concern", "planned")]
    flags = db.execute("SELECT manager_flag, manager_flagged_on FROM placements "
                       "WHERE provider_id = ? ORDER BY id", [reg.provider]).fetchall()
    assert flags == [("Action not progressing: Train staff in de-escalation",
                      "2026-11-22")] * 2
    reopened_review = load_visit_note(db, visit_id).action_reviews[2]
    assert reopened_review.escalated_visit_id is not None


def test_a_follow_up_visit_with_no_open_actions_says_so(qtbot, register_db, open_window):
    reg = build_follow_up_register(register_db)
    set_action_status(register_db, reg.elsewhere, "done", "Timetable reviewed",
                      date(2026, 11, 1))  # Brookside has no open action left
    window = open_window(register_db)
    visit_id = start_unplanned_visit(
        register_db, provider_id=reg.other_provider, visit_date=date(2026, 11, 20),
        visit_type="follow_up", visitors="J. Okafor",
        placement_ids=[r[0] for r in register_db.execute(
            "SELECT id FROM placements WHERE provider_id = ?", [reg.other_provider])])
    note = window.visits.open_note(visit_id)
    page = go_to(qtbot, note, "reviews")
    empty = page.findChild(QLabel, "noOpenActions")
    assert empty is not None and "no open actions" in empty.text()
    assert not page.findChildren(ChoicePicker)
    note.close()


def test_a_follow_up_visit_planned_with_the_plan_dialog_reviews_the_open_actions(
        qtbot, register_db, open_window):
    reg = build_follow_up_register(register_db)
    window = open_window(register_db)
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    window.select_placement(reg.placements[0])
    dialog = window.visits.plan_visit()
    kinds = dialog.findChild(QComboBox, "visitType")
    follow_up = kinds.findData("follow_up")
    assert kinds.itemText(follow_up) == "Follow-up (reviewing open actions)"
    kinds.setCurrentIndex(follow_up)
    date_box = dialog.findChild(QLineEdit, "visitDateEdit")
    date_box.selectAll()
    qtbot.keyClicks(date_box, "15/12/2026")
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # Record visit
    record_it_now(qtbot)  # planned for 15/12/2026, more than a week away
    [note] = window.visits.note_windows.values()
    assert note.note.visit_type == "follow_up" and note.note.visit_date == date(2026, 12, 15)
    page = go_to(qtbot, note, "reviews")
    assert {p.objectName() for p in page.findChildren(ChoicePicker)} == {
        f"review{a}_outcome" for a in reg.live}
    note.close()


def test_a_signed_off_follow_up_shows_its_reviews_read_only(qtbot, register_db, open_window):
    reg = build_follow_up_register(register_db)
    visit_id = start_unplanned_visit(register_db, provider_id=reg.provider,
                                     visit_date=date(2026, 11, 20), visit_type="follow_up",
                                     visitors="J. Okafor", placement_ids=reg.placements)
    note = fill_note(register_db, visit_id)
    reviews = tuple(replace(r, outcome="progressing", evidence="Seen the plan")
                    for r in note.action_reviews)
    save_draft(register_db, replace(note, action_reviews=reviews))
    sign_off(register_db, visit_id, "Helen Marsh")
    window = open_window(register_db)
    shown = window.visits.open_note(visit_id)
    go_to(qtbot, shown, "reviews")
    fire = reg.live[0]
    picker = shown.findChild(ChoicePicker, f"review{fire}_outcome")
    picker.setFocus()
    qtbot.keyClick(picker, "1")
    assert picker.value() == "progressing"  # unchanged: the note is locked
    assert shown.findChild(QPlainTextEdit, f"review{fire}_evidence").isReadOnly()
    assert not shown.findChild(QPushButton, f"review{fire}_escalate").isVisibleTo(shown)
    shown.close()
