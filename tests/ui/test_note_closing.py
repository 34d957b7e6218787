"""Closing a visit note, or the main window with notes open, loses nothing typed
without the user saying so: a draft the register refused (a full disk) and an
amendment not yet saved are each asked about; No keeps the window open."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QPushButton
from recorded_visits import record_and_sign
from test_write_failures_in_words import DISK_FULL, fill_the_disk
from visit_note_steps import go_to, planned_visit, type_into

from placement_qa.store.visit_notes import load_visit_note, visit_amendments
from placement_qa.ui.visit_note.window import AUTOSAVE_MS, VisitNoteWindow

AS_OF = date(2026, 11, 22)


@pytest.fixture
def answers(monkeypatch):
    """The questions asked, answered from the list given (Yes/No) in turn."""
    asked: list[str] = []
    replies: list[QMessageBox.StandardButton] = []

    def question(parent, title, text, *args):
        asked.append(text)
        return replies.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked, replies


def test_a_draft_the_full_disk_refused_is_kept_open_until_the_user_says_lose_it(
        qtbot, builder, type_text, answers):
    asked, replies = answers
    _, visit_id, _ = planned_visit(builder)
    note = VisitNoteWindow(builder.db, visit_id, AS_OF)
    qtbot.addWidget(note)
    note.show()
    limit = builder.db.execute("PRAGMA max_page_count").fetchone()[0]
    fill_the_disk(builder.db)
    box = note.findChild(QLineEdit, "visitors")
    type_into(box, "R. Singh " + "y" * 3000, type_text)
    state = note.findChild(QLabel, "saveState")
    qtbot.waitUntil(lambda: state.text().startswith("⚠ Not saved yet"),
                    timeout=AUTOSAVE_MS + 2000)
    assert state.text() == f"⚠ Not saved yet: {DISK_FULL}"

    replies.append(QMessageBox.StandardButton.No)
    qtbot.keyClick(note, Qt.Key.Key_Escape)
    assert asked[0].startswith(f"Not saved yet: {DISK_FULL}.")
    assert note.isVisible() and box.text().startswith("R. Singh yyy")   # kept open

    builder.db.execute(f"PRAGMA max_page_count = {limit}")   # space freed
    qtbot.keyClick(note, Qt.Key.Key_Escape)
    assert not note.isVisible() and len(asked) == 1          # saved, so not asked
    assert load_visit_note(builder.db, visit_id).visitors.startswith("R. Singh yyy")


@pytest.fixture
def amending(qtbot, builder, open_window, type_text):
    """The main window and a signed-off note being amended (summary typed, not saved)."""
    _, visit_id, _ = planned_visit(builder)
    record_and_sign(builder.db, visit_id, summary="Fine.", visitors="R. Singh")
    window = open_window(builder.db)
    note = window.visits.open_note(visit_id)
    qtbot.waitExposed(note)
    amend = note.findChild(QPushButton, "amendButton")
    qtbot.mouseClick(amend, Qt.MouseButton.LeftButton)
    summary = go_to(qtbot, note, "overall").findChild(QPlainTextEdit, "summary")
    summary.moveCursor(summary.textCursor().MoveOperation.End)
    type_into(summary, " Therapy hours confirmed.", type_text)
    return window, note, visit_id


def test_closing_the_app_asks_before_an_unsaved_amendment_is_lost(qtbot, builder, amending,
                                                                  answers):
    window, note, visit_id = amending
    asked, replies = answers
    replies.append(QMessageBox.StandardButton.No)
    assert not window.close()                               # No: nothing closes
    assert asked == ["The amendment has not been saved. Close and lose it?"]
    assert window.isVisible() and note.isVisible()
    summary = note.findChild(QPlainTextEdit, "summary")
    assert summary.toPlainText() == "Fine. Therapy hours confirmed."

    replies.append(QMessageBox.StandardButton.Yes)
    assert window.close()                                   # Yes: the amendment is dropped
    assert not note.isVisible()
    assert load_visit_note(builder.db, visit_id).summary == "Fine."
    assert visit_amendments(builder.db, visit_id) == []
