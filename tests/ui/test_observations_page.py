"""Lesson observations and pupil interviews on the visit note, as a visitor records them:
added with a button, typed in, one removed; saved without pressing anything, back in
order on reopening, and printed in the note."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget
from recorded_visits import record_and_sign
from visit_note_steps import go_to, planned_visit, type_into

from placement_qa.domain.provider_return import LESSON_OBSERVATION, PUPIL_INTERVIEW, Observation
from placement_qa.domain.visit_note import OBSERVATIONS_PAGE
from placement_qa.reports.visit_note import visit_note_pdf
from placement_qa.store.visit_notes import load_visit_note
from placement_qa.ui.visit_note.window import AUTOSAVE_MS, VisitNoteWindow

AS_OF = date(2026, 11, 22)


@pytest.fixture
def visit(builder):
    _, visit_id, _ = planned_visit(builder)
    return builder.db, visit_id


def open_note(qtbot, db, visit_id) -> VisitNoteWindow:
    window = VisitNoteWindow(db, visit_id, AS_OF)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def click(qtbot, page, name: str) -> None:
    qtbot.mouseClick(page.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def fill(page, number: int, what: str, who: str, time: str, seen: str, type_text) -> None:
    type_into(page.findChild(QLineEdit, f"observation{number}_what"), what, type_text)
    type_into(page.findChild(QLineEdit, f"observation{number}_who"), who, type_text)
    type_into(page.findChild(QLineEdit, f"observation{number}_time"), time, type_text)
    type_into(page.findChild(QPlainTextEdit, f"observation{number}_seen"), seen, type_text)


def test_observations_are_added_removed_saved_and_printed(qtbot, visit, type_text):
    db, visit_id = visit
    note = open_note(qtbot, db, visit_id)
    page = go_to(qtbot, note, OBSERVATIONS_PAGE)
    assert "by initials only" in page.findChild(QLabel, "observationsHint").text()

    click(qtbot, page, "addLessonObservation")
    date_edit = page.findChild(QLineEdit, "observation1_dateEdit")
    assert date_edit.text() == "18/11/2026"   # the visit's date to start with
    assert "Lesson observation 1: say what was observed" in note.checklist.currentItem(
        ).toolTip()
    fill(page, 1, "Year 9 maths: fractions", "9B, Mr Ó'Brien", "10:15–10:45",
         "Pupils engaged & <focused>", type_text)
    click(qtbot, page, "addPupilInterview")
    fill(page, 2, "Transport", "Z.Ł.", "11:00", "Says the bus is late", type_text)
    click(qtbot, page, "addPupilInterview")
    fill(page, 3, "Feeling safe", "A.Y. and key worker", "11:30",
         "Feels safe; likes the art room", type_text)
    date_edit = page.findChild(QLineEdit, "observation3_dateEdit")
    date_edit.selectAll()
    type_into(date_edit, "19/11/2026", type_text)

    click(qtbot, page, "observation2_remove")   # the transport interview goes
    assert page.findChild(QLineEdit, "observation2_what").text() == "Feeling safe"
    assert page.findChild(QLineEdit, "observation3_what") is None

    def saved():
        return load_visit_note(db, visit_id).observations

    qtbot.waitUntil(lambda: len(saved()) == 2 and saved()[1].observed_on is not None
                    and saved()[1].seen.endswith("art room"), timeout=AUTOSAVE_MS + 2000)
    lesson, interview = saved()
    assert (lesson.kind, lesson.what, lesson.who, lesson.observed_on, lesson.observed_time,
            lesson.seen) == (LESSON_OBSERVATION, "Year 9 maths: fractions", "9B, Mr Ó'Brien",
                             date(2026, 11, 18), "10:15–10:45", "Pupils engaged & <focused>")
    assert (interview.kind, interview.what, interview.observed_on) == (
        PUPIL_INTERVIEW, "Feeling safe", date(2026, 11, 19))
    assert "Observations and interviews" in note.checklist.currentItem().text()
    assert note.checklist.currentItem().toolTip() == "Complete"
    note.close()

    again = open_note(qtbot, db, visit_id)
    assert again.current_page().page_id == OBSERVATIONS_PAGE
    shown = again.current_page()
    assert [shown.findChild(QLineEdit, f"observation{n}_what").text() for n in (1, 2)] == [
        "Year 9 maths: fractions", "Feeling safe"]
    assert shown.findChild(QWidget, "observation2").title() == "Pupil interview 2"
    assert shown.findChild(QLineEdit, "observation2_dateEdit").text() == "19/11/2026"

    text = visit_note_pdf(db, visit_id, council_name="Westbridge Council",
                          marking="OFFICIAL-SENSITIVE")
    body = re.sub(r"\s+", "", "".join(p.extract_text()
                                      for p in PdfReader(io.BytesIO(text)).pages))
    for part in ("Lesson observations and pupil interviews", "Year 9 maths: fractions",
                 "Pupils engaged & <focused>", "18/11/2026 10:15–10:45", "Feeling safe",
                 "A.Y. and key worker", "19/11/2026 11:30"):
        assert re.sub(r"\s+", "", part) in body, part
    assert "Transport" not in body


def test_a_signed_note_cannot_add_or_remove_observations(qtbot, visit):
    db, visit_id = visit
    lesson = Observation(LESSON_OBSERVATION, "Art: printing", "7A, Ms Ng", date(2026, 11, 18),
                         "09:00", "Calm and purposeful")
    record_and_sign(db, visit_id, observations=(lesson,), visitors="R. Singh")
    note = open_note(qtbot, db, visit_id)
    page = go_to(qtbot, note, OBSERVATIONS_PAGE)
    assert page.findChild(QLineEdit, "observation1_what").text() == "Art: printing"
    assert not page.findChild(QPushButton, "addLessonObservation").isEnabled()
    assert not page.findChild(QPushButton, "observation1_remove").isEnabled()
    assert page.findChild(QLineEdit, "observation1_what").isReadOnly()
    assert page.findChild(QLineEdit, "observation1_dateEdit").isReadOnly()
