"""The manager's countersign queue in the real app: a note is returned with a comment,
its author sees the comment and amends it, it is back in the queue, and the manager
countersigns it."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QPushButton
from recorded_visits import record_and_sign
from visit_note_steps import go_to, planned_visit, shown_dialog, type_into

from placement_qa.domain.countersign import COUNTERSIGNED
from placement_qa.store.countersign import reviewed_note
from placement_qa.store.officers import add_officer
from placement_qa.store.visit_notes import visit_amendments
from placement_qa.ui.pages.countersign_queue import COL_AGE, COL_PROVIDER, CountersignQueue
from placement_qa.ui.visit_note.window import VisitNoteWindow

COMMENT = "Say how attendance was checked"


def rows(queue: CountersignQueue, column: int) -> list[str]:
    model = queue.table.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def click(qtbot, widget, name: str) -> None:
    qtbot.mouseClick(widget.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def test_a_returned_note_is_amended_by_its_author_and_then_countersigned(
        qtbot, builder, open_window, type_text):
    _, visit_id, _ = planned_visit(builder)
    db = builder.db
    add_officer(db, name="Priya Shah", initials="PS", role="manager")
    add_officer(db, name="Amira Patel", initials="AP")
    record_and_sign(db, visit_id, signed_by="Amira Patel",
                    at=datetime(2026, 11, 18, 16, tzinfo=UTC), summary="Fine.",
                    visitors="Amira Patel")
    window = open_window(db)
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    dialog = shown_dialog(qtbot, "countersignQueueDialog")
    queue = dialog.findChild(CountersignQueue)
    assert rows(queue, COL_PROVIDER) == ["Oakfield School"]
    assert rows(queue, COL_AGE) == ["2"]   # Thursday and Friday since Wednesday's sign-off

    # Enter opens the note
    queue.table.setFocus()
    qtbot.keyClick(queue.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: visit_id in window.visits.note_windows, timeout=3000)
    window.visits.note_windows[visit_id].close()

    # the manager returns it with a comment: it leaves the queue
    click(qtbot, queue, "returnButton")
    returning = shown_dialog(qtbot, "returnDialog")
    assert returning.findChild(QLineEdit, "whoName").text() == "Priya Shah"
    type_into(returning.findChild(QPlainTextEdit, "countersignComment"), COMMENT, type_text)
    click(qtbot, returning, "saveButton")
    qtbot.waitUntil(lambda: rows(queue, COL_PROVIDER) == [], timeout=3000)

    # the author opens the note, sees the comment and amends it with a reason
    note = window.visits.open_visit(visit_id)
    assert isinstance(note, VisitNoteWindow)
    qtbot.waitExposed(note)
    header = note.findChild(QLabel, "visitHeader").text()
    assert "Returned for amendment by Priya Shah" in header and COMMENT in header
    click(qtbot, note, "amendButton")
    summary = go_to(qtbot, note, "overall").findChild(QPlainTextEdit, "summary")
    summary.moveCursor(summary.textCursor().MoveOperation.End)
    type_into(summary, " Attendance checked against the register.", type_text)
    click(qtbot, note, "amendButton")   # now "Save amendment…"
    amending = shown_dialog(qtbot, "amendDialog")
    who = amending.findChild(QLineEdit, "whoName")
    who.selectAll()
    type_into(who, "Amira Patel", type_text)
    type_into(amending.findChild(QPlainTextEdit, "amendReason"), "Returned: attendance",
              type_text)
    click(qtbot, amending, "saveButton")
    qtbot.waitUntil(lambda: bool(visit_amendments(db, visit_id)), timeout=3000)
    assert "Awaiting countersign" in note.findChild(QLabel, "visitHeader").text()
    history = note.findChild(QLabel, "amendmentHistory").text()
    assert "Returned for amendment by Priya Shah" in history and COMMENT in history
    assert "Returned: attendance" in history

    # back in the queue (F5 reads the register again); the manager countersigns it
    note.close()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    qtbot.keyClick(queue.table, Qt.Key.Key_F5)
    assert rows(queue, COL_PROVIDER) == ["Oakfield School"]
    click(qtbot, queue, "countersignButton")
    signing = shown_dialog(qtbot, "countersignDialog")
    click(qtbot, signing, "saveButton")
    qtbot.waitUntil(lambda: rows(queue, COL_PROVIDER) == [], timeout=3000)
    reviewed = reviewed_note(db, visit_id)
    assert (reviewed.state, reviewed.countersign.by) == (COUNTERSIGNED, "Priya Shah")
    assert [step.comment for step in reviewed.steps] == [COMMENT, ""]
