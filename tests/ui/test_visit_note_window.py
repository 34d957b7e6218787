"""Recording a whole visit in the real window, by typing and clicking: framework
findings, two children, two actions; sign-off, the lock, amendments, autosave."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QPlainTextEdit, QPushButton
from visit_note_steps import (
    CHILDREN,
    VISIT_DAY,
    fill_child,
    fill_details,
    fill_framework,
    fill_overall,
    go_to,
    planned_visit,
    rate,
    shown_dialog,
    type_into,
)

from placement_qa.domain.schedule import Status
from placement_qa.store.actions import list_actions
from placement_qa.store.frameworks import framework_version, save_framework_version
from placement_qa.store.officers import add_officer, get_officer
from placement_qa.store.visit_notes import load_visit_note, visit_amendments
from placement_qa.ui.current_officer import set_my_officer
from placement_qa.ui.pages.provider_page import ProviderPage
from placement_qa.ui.visit_note.choice_picker import ChoicePicker
from placement_qa.ui.visit_note.window import AUTOSAVE_MS

AS_OF = date(2026, 11, 22)


@pytest.fixture
def recording(qtbot, builder, open_window):
    """The main window with Zoë's row chosen and Record visit (Ctrl+R) pressed."""
    _, visit_id, placements = planned_visit(builder)
    window = open_window(builder.db)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # the Register tab
    window.select_placement(placements[CHILDREN[0]])
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert visit_id in window.visits.note_windows, window.statusBar().currentMessage()
    note = window.visits.note_windows[visit_id]
    qtbot.waitExposed(note)
    return window, note, visit_id, placements


def raise_action(qtbot, note, button_name: str, what: str, owner: str, type_text) -> None:
    qtbot.mouseClick(note.findChild(QPushButton, button_name), Qt.MouseButton.LeftButton)
    dialog = shown_dialog(qtbot, "raiseActionDialog")
    type_into(dialog.findChild(QPlainTextEdit, "actionWhat"), what, type_text)
    type_into(dialog.findChild(QLineEdit, "actionOwnerName"), owner, type_text)
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)


def sign(qtbot, note, name: str):
    qtbot.mouseClick(note.findChild(QPushButton, "signOffButton"), Qt.MouseButton.LeftButton)
    return shown_dialog(qtbot, "signOffDialog")


def test_a_full_visit_is_recorded_signed_off_and_locked(qtbot, recording, type_text):
    window, note, visit_id, placements = recording
    zoe, ayse = placements[CHILDREN[0]], placements[CHILDREN[1]]
    fill_details(qtbot, note, "Łukasz Nowak, R. Singh", "Head teacher; DSL", type_text)
    fill_framework(qtbot, note)
    fill_child(qtbot, note, zoe, "“I like art & the <music> room”", type_text)
    fill_child(qtbot, note, ayse, "Says the bus takes too long", type_text)
    go_to(qtbot, note, "section:safeguarding")
    raise_action(qtbot, note, "raiseAction_incidents_restraint", "Send the restraint log monthly",
                 "Jo Bloggs (SENCo)", type_text)
    go_to(qtbot, note, f"child:{ayse}")
    raise_action(qtbot, note, f"raiseAction_child{ayse}", "Review transport with the family",
                 "Šárka Dvořák", type_text)
    fill_overall(qtbot, note, "A good visit; two actions agreed.", type_text)
    checklist = note.findChild(QListWidget, "sectionChecklist")
    assert all("missing" not in checklist.item(r).text() for r in range(checklist.count()))

    dialog = sign(qtbot, note, "P. Manager")
    name = dialog.findChild(QLineEdit, "whoName")
    name.selectAll()
    qtbot.keyClicks(name, "P. Manager")
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: load_visit_note(builder_db(window), visit_id).locked, timeout=3000)

    saved = load_visit_note(builder_db(window), visit_id)
    assert saved.visitors == "Łukasz Nowak, R. Singh"
    assert saved.signed_off_by == "P. Manager"
    assert saved.overall_rag == "good"
    assert saved.child(zoe).views == "“I like art & the <music> room”"
    assert (saved.child(ayse).seen, saved.child(ayse).early_review) == (True, False)
    framework = note.framework
    assert all(saved.finding(c.key).rating == framework.scale[1].key
               for _, c in framework.criteria())
    actions = list_actions(builder_db(window), visit_id=visit_id)
    assert sorted((a.description, a.owner, a.criterion_key, a.placement_id) for a in actions) == [
        ("Review transport with the family", "Šárka Dvořák", None, ayse),
        ("Send the restraint log monthly", "Jo Bloggs (SENCo)", "incidents_restraint", None)]
    assert "Follow-up actions (2)" in [checklist.item(r).text() for r in range(checklist.count())]

    # The schedule moved on at once: the register no longer shows Zoë overdue.
    lines = {line.placement.placement_id: line for line in window.lines}
    assert lines[zoe].last_visit == VISIT_DAY and lines[zoe].status != Status.OVERDUE

    # Locked: typing changes nothing, the sign-off button has gone, Amend is offered.
    summary = go_to(qtbot, note, "overall").findChild(QPlainTextEdit, "summary")
    assert summary.isReadOnly()
    qtbot.keyClicks(summary, "sneaky edit")
    assert summary.toPlainText() == "A good visit; two actions agreed."
    assert not note.findChild(QPushButton, "signOffButton").isVisible()
    rag = note.findChild(ChoicePicker, "overallRag")
    assert not rag.buttons()[0].isEnabled() and rag.buttons()[1].isChecked()
    rag.setFocus()
    qtbot.keyClick(rag, "1")
    qtbot.mouseClick(rag.buttons()[1], Qt.MouseButton.LeftButton)
    assert rag.value() == "good"
    assert load_visit_note(builder_db(window), visit_id).overall_rag == "good"


def record_and_sign(qtbot, recording, type_text, rating: int = 2) -> None:
    """Fill every page (each criterion rated ``rating``) and sign off as P. Manager."""
    window, note, visit_id, placements = recording
    fill_details(qtbot, note, "R. Singh", "", type_text)
    fill_framework(qtbot, note, rating=rating)
    for name in CHILDREN:
        fill_child(qtbot, note, placements[name], "Happy here", type_text)
    fill_overall(qtbot, note, "Fine.", type_text)
    dialog = sign(qtbot, note, "P. Manager")
    name = dialog.findChild(QLineEdit, "whoName")
    assert name.text() == ""  # nobody said "This is me": not the visitor, R. Singh
    qtbot.keyClicks(name, "P. Manager")
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: load_visit_note(window._db, visit_id).locked, timeout=3000)


def test_the_sign_off_offers_the_officer_signing_not_the_visitor(qtbot, recording, type_text):
    window, note, _visit_id, placements = recording
    me = add_officer(window._db, name="Jo Moss", initials="JM")
    set_my_officer(window._db, get_officer(window._db, me))  # "This is me": Jo Moss
    fill_details(qtbot, note, "R. Singh", "", type_text)
    fill_framework(qtbot, note)
    for name in CHILDREN:
        fill_child(qtbot, note, placements[name], "Happy here", type_text)
    fill_overall(qtbot, note, "Fine.", type_text)
    dialog = sign(qtbot, note, "Jo Moss")
    assert dialog.findChild(QLineEdit, "whoName").text() == "Jo Moss"  # not R. Singh
    dialog.reject()


def builder_db(window):
    return window._db


def test_a_locked_visit_refuses_an_amendment_without_a_reason(qtbot, recording, type_text):
    window, note, visit_id, placements = recording
    record_and_sign(qtbot, recording, type_text)

    amend = note.findChild(QPushButton, "amendButton")
    qtbot.mouseClick(amend, Qt.MouseButton.LeftButton)
    summary = go_to(qtbot, note, "overall").findChild(QPlainTextEdit, "summary")
    assert not summary.isReadOnly()
    summary.moveCursor(summary.textCursor().MoveOperation.End)
    type_into(summary, " Therapy hours confirmed.", type_text)
    qtbot.mouseClick(amend, Qt.MouseButton.LeftButton)  # now "Save amendment…"
    dialog = shown_dialog(qtbot, "amendDialog")
    assert "Summary" in dialog.findChild(QLabel, "amendChanges").text()
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    error = dialog.findChild(QLabel, "amendReasonError")
    assert error.isVisible() and "required" in error.text()
    assert load_visit_note(window._db, visit_id).summary == "Fine."
    assert visit_amendments(window._db, visit_id) == []

    type_into(dialog.findChild(QPlainTextEdit, "amendReason"), "Therapy log arrived", type_text)
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(visit_amendments(window._db, visit_id)), timeout=3000)
    [amendment] = visit_amendments(window._db, visit_id)
    assert amendment.reason == "Therapy log arrived"
    assert [(c.before, c.after) for c in amendment.changes] == [
        ("Fine.", "Fine. Therapy hours confirmed.")]
    history = note.findChild(QLabel, "amendmentHistory").text()
    assert "Therapy log arrived" in history and "was “Fine.”" in history
    assert summary.isReadOnly()  # locked again


def test_sign_off_is_refused_listing_an_empty_welfare_section(qtbot, recording, type_text):
    window, note, visit_id, placements = recording
    zoe, ayse = placements[CHILDREN[0]], placements[CHILDREN[1]]
    fill_details(qtbot, note, "R. Singh", "", type_text)
    fill_framework(qtbot, note)
    fill_child(qtbot, note, ayse, "Likes the garden", type_text)
    fill_overall(qtbot, note, "Mostly fine.", type_text)
    qtbot.mouseClick(note.findChild(QPushButton, "signOffButton"), Qt.MouseButton.LeftButton)
    dialog = shown_dialog(qtbot, "signOffMissingDialog")
    missing = dialog.findChild(QListWidget, "missingList")
    lines = [missing.item(r).text() for r in range(missing.count())]
    assert lines == ["Zoë Łukasiewicz: the welfare section is empty"]
    assert load_visit_note(window._db, visit_id).status == "draft"
    qtbot.keyClick(missing, Qt.Key.Key_Return)  # go to the page that needs filling
    assert note.current_page().page_id == f"child:{zoe}"


def test_changes_are_saved_without_pressing_anything(qtbot, recording, type_text):
    window, note, visit_id, placements = recording
    go_to(qtbot, note, "section:safeguarding")
    rate(qtbot, note, "incidents_restraint", 4)
    evidence = note.findChild(QPlainTextEdit, "evidence_incidents_restraint")
    type_into(evidence, "Two restraints", type_text)

    def saved():
        return load_visit_note(window._db, visit_id).finding("incidents_restraint")

    qtbot.waitUntil(lambda: saved().evidence == "Two restraints", timeout=AUTOSAVE_MS + 2000)
    assert saved().rating == note.framework.scale[3].key
    note.close()
    again = load_visit_note(window._db, visit_id)
    assert again.position == "section:safeguarding"
    reopened = window.visits.open_note(visit_id)
    assert reopened is not note
    assert reopened.current_page().page_id == "section:safeguarding"
    assert reopened.findChild(QPlainTextEdit, "evidence_incidents_restraint").toPlainText() == (
        "Two restraints")
    reopened.close()


def test_a_picker_answers_with_number_keys_and_clears_with_delete(qtbot, recording):
    _, note, _, _ = recording
    go_to(qtbot, note, "section:safeguarding")
    picker = note.findChild(ChoicePicker, "rating_incidents_restraint")
    picker.setFocus()
    qtbot.keyClick(picker, "3")
    assert picker.value() == note.framework.scale[2].key
    qtbot.keyClick(picker, Qt.Key.Key_Delete)
    assert picker.value() is None
    qtbot.mouseClick(picker.buttons()[0], Qt.MouseButton.LeftButton)
    assert picker.value() == note.framework.scale[0].key
    qtbot.mouseClick(picker.buttons()[0], Qt.MouseButton.LeftButton)  # a second click clears
    assert picker.value() is None


def test_a_completed_visit_keeps_its_framework_version_after_the_framework_changes(
        qtbot, recording, type_text):
    window, note, visit_id, placements = recording
    record_and_sign(qtbot, recording, type_text, rating=1)
    note.close()
    old = note.framework
    first_section, first = old.sections[0], old.sections[0].criteria[0]

    # The framework is edited: a prompt reworded, a scale label renamed.
    new_first = replace(first, prompt="Is the safeguarding culture strong? (reworded)")
    edited = replace(old, scale=(replace(old.scale[0], label="Excellent"), *old.scale[1:]),
                     sections=(replace(first_section, criteria=(
                         new_first, *first_section.criteria[1:])), *old.sections[1:]))
    new_version = save_framework_version(window._db, edited)
    assert framework_version(window._db, new_version).version == old.version + 1

    reopened = window.visits.open_note(visit_id)
    assert reopened.framework == old
    page = go_to(qtbot, reopened, f"section:{first_section.key}")
    texts = [label.text() for label in page.findChildren(QLabel)]
    assert any(first.prompt in t for t in texts)
    assert not any("reworded" in t for t in texts)
    picker = reopened.findChild(ChoicePicker, f"rating_{first.key}")
    [chosen] = [b.text() for b in picker.buttons() if b.isChecked()]
    assert chosen == f"1 {old.scale[0].label}"
    assert load_visit_note(window._db, visit_id).finding(first.key).rating == old.scale[0].key
    reopened.close()


def test_an_unplanned_visit_is_started_from_the_visits_menu(qtbot, builder, open_window,
                                                            type_text):
    _, planned_id, placements = planned_visit(builder)
    window = open_window(builder.db)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    window.select_placement(placements[CHILDREN[1]])
    qtbot.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    dialog = shown_dialog(qtbot, "startVisitDialog")
    date_box = dialog.findChild(QLineEdit, "visitDateEdit")
    assert date_box.text() == "22/11/2026"  # today (as of)
    date_box.selectAll()
    qtbot.keyClicks(date_box, "23/11/2026")
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    assert "after today" in dialog.findChild(QLabel, "visitDateError").text()
    assert not window.visits.note_windows
    date_box.selectAll()
    qtbot.keyClicks(date_box, "20/11/2026")
    type_into(dialog.findChild(QLineEdit, "visitors"), "Łukasz Nowak", type_text)
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.visits.note_windows) == 1, timeout=3000)
    [(visit_id, note)] = window.visits.note_windows.items()
    assert visit_id != planned_id
    saved = load_visit_note(window._db, visit_id)
    assert (saved.status, saved.visitors, saved.visit_date) == (
        "draft", "Łukasz Nowak", date(2026, 11, 20))
    # By family name, Łukasiewicz filed under L, before Yılmaz.
    assert [c.child_name for c in saved.children] == ["Zoë Łukasiewicz", "Ayşe Yılmaz"]
    note.close()


def test_a_visit_opens_from_the_providers_page_in_its_one_note_window(
        qtbot, recording, type_text):
    window, note, visit_id, placements = recording
    record_and_sign(qtbot, recording, type_text)
    note.close()
    window.select_placement(placements[CHILDREN[0]])
    window.pages.provider.trigger()  # View > Open provider's page
    page = next(w for w in window.findChildren(ProviderPage) if w.isVisible())
    visits = page.tables["providerVisits"]
    visits.setFocus()
    visits.setCurrentIndex(visits.model().index(0, 0))
    qtbot.keyClick(visits, Qt.Key.Key_Return)
    opened = window.visits.note_windows[visit_id]
    assert opened.note.locked and opened.isVisible()
    visits.activated.emit(visits.model().index(0, 0))  # again: the same window, not a second
    assert window.visits.note_windows[visit_id] is opened
    opened.close()
