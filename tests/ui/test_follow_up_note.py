"""A follow-up visit's note asks only for what a follow-up needs (issue 17, part 3): the
open actions reviewed, each child seen, a short finding; not the annual visit's criteria,
observations or overall judgement. It signs off with just those, and its PDF prints what
was asked. (An annual note keeps every page: tests/ui/test_visit_note_window.py.)"""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from follow_up_register import build_follow_up_register
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QPlainTextEdit, QPushButton
from visit_note_steps import answer, go_to, shown_dialog, type_into

from placement_qa.reports.visit_note import visit_note_pdf
from placement_qa.store.actions import get_action
from placement_qa.store.visit_notes import load_visit_note, start_unplanned_visit
from placement_qa.ui.visit_note.choice_picker import ChoicePicker
from placement_qa.ui.visit_note.window import VisitNoteWindow

AS_OF = date(2026, 11, 25)
VISIT_DAY = date(2026, 11, 20)


@pytest.fixture
def follow_up(qtbot, db):
    """A follow-up visit to Oakfield House School (three live actions, Ayşe and Zoë),
    its note window open."""
    reg = build_follow_up_register(db)
    visit_id = start_unplanned_visit(db, provider_id=reg.provider, visit_date=VISIT_DAY,
                                     visit_type="follow_up", visitors="J. Okafor",
                                     placement_ids=reg.placements)
    window = VisitNoteWindow(db, visit_id, AS_OF)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return db, reg, visit_id, window


def pages(window) -> list[str]:
    checklist = window.findChild(QListWidget, "sectionChecklist")
    return [checklist.item(r).data(Qt.ItemDataRole.UserRole) for r in range(checklist.count())]


def pdf_text(tmp_path, data: bytes) -> str:
    path = tmp_path / "note.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_a_follow_up_note_asks_for_reviews_children_seen_and_a_finding_and_signs_off(
        qtbot, follow_up, type_text, tmp_path):
    db, reg, visit_id, window = follow_up
    ayse, zoe = reg.placements
    assert pages(window) == ["details", "reviews", f"child:{ayse}", f"child:{zoe}",
                             "overall", "actions"]  # no criteria, no observations
    assert not any(p.objectName().startswith("rating_")
                   for p in window.findChildren(ChoicePicker))

    # The open actions reviewed, each by its number key and typed evidence.
    go_to(qtbot, window, "reviews")
    for action_id, key in zip(reg.live, "122", strict=True):
        picker = window.findChild(ChoicePicker, f"review{action_id}_outcome")
        picker.setFocus()
        qtbot.keyClick(picker, key)
        type_into(window.findChild(QPlainTextEdit, f"review{action_id}_evidence"),
                  f"Seen the evidence for {get_action(db, action_id).description}", type_text)

    # Each child: seen or not (and why not); no other welfare question.
    page = go_to(qtbot, window, f"child:{ayse}")
    assert [p.objectName() for p in page.findChildren(ChoicePicker)] == [f"child{ayse}_seen"]
    assert window.findChild(QPlainTextEdit, f"child{ayse}_views") is None
    answer(qtbot, window, ayse, "seen", "y")
    go_to(qtbot, window, f"child:{zoe}")
    answer(qtbot, window, zoe, "seen", "n")
    type_into(window.findChild(QPlainTextEdit, f"child{zoe}_not_seen_reason"),
              "On a school trip that day", type_text)

    # A short finding, no judgement to choose.
    page = go_to(qtbot, window, "overall")
    assert page.accessibleName() == "Finding"
    assert window.findChild(ChoicePicker, "overallRag") is None
    type_into(page.findChild(QPlainTextEdit, "summary"),
              "Two actions progressing; the fire assessment is done.", type_text)
    checklist = window.findChild(QListWidget, "sectionChecklist")
    assert all("missing" not in checklist.item(r).text() for r in range(checklist.count()))

    qtbot.mouseClick(window.findChild(QPushButton, "signOffButton"),
                     Qt.MouseButton.LeftButton)
    dialog = shown_dialog(qtbot, "signOffDialog")
    name = dialog.findChild(QLineEdit, "whoName")
    name.selectAll()
    qtbot.keyClicks(name, "Helen Marsh")
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: load_visit_note(db, visit_id).locked, timeout=3000)
    saved = load_visit_note(db, visit_id)
    assert (saved.findings, saved.overall_rag) == ({}, None)
    assert [c.seen for c in saved.children] == [True, False]
    assert get_action(db, reg.live[0]).status == "done"  # closed by the review

    # The PDF prints what was asked: reviews, children seen, the finding; no criteria.
    text = pdf_text(tmp_path, visit_note_pdf(db, visit_id, council_name="Westbridge",
                                             marking="OFFICIAL-SENSITIVE"))
    flat = " ".join(text.split())
    for prompt in (c.prompt for _, c in window.framework.criteria()):
        assert prompt[:40] not in flat
    for gone in ("Findings", "Lesson observations", "Their views", "Judgement",
                 "Overall judgement", "Attendance this term"):
        assert gone not in flat, gone
    for shown in ("Open actions reviewed", "Train staff in de-escalation",
                  "Why not seen On a school trip that day", "Finding Two actions progressing",
                  "Signed off by Helen Marsh"):
        assert shown in flat, shown


def test_a_follow_up_note_refuses_sign_off_only_for_what_it_asks(qtbot, follow_up):
    db, reg, visit_id, window = follow_up
    qtbot.mouseClick(window.findChild(QPushButton, "signOffButton"),
                     Qt.MouseButton.LeftButton)
    dialog = shown_dialog(qtbot, "signOffMissingDialog")
    missing = dialog.findChild(QListWidget, "missingList")
    lines = [missing.item(r).text() for r in range(missing.count())]
    assert lines == [
        "Open actions reviewed: “Update the fire risk assessment”: say whether it is done, "
        "progressing or not progressing",
        "Open actions reviewed: “Send attendance records monthly”: say whether it is done, "
        "progressing or not progressing",
        "Open actions reviewed: “Train staff in de-escalation”: say whether it is done, "
        "progressing or not progressing",
        "Ayşe Łukasiewicz: say whether they were seen",
        "Zoë Łukasiewicz: say whether they were seen",
        "Finding: Write the finding"]
    dialog.close()
