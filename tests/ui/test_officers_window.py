"""Officers as people, through the real window: File ▸ Officers… (add, edit, end, This is
me), planning and starting visits for an officer, Visits ▸ Assign visit…, the register's
My visits and the dashboard's caseload by officer.

The sample register is as of Sunday 22/11/2026: Amara Okafor (Brookside School) is
overdue and nothing is planned there; Zoë Brennan (Riverside College) has a visit
planned for 01/12/2026, Harry Irwin (Hillcrest House) one for 10/12/2026, neither
assigned to anyone.
"""

from __future__ import annotations

from datetime import date

import pytest
from dialog_steps import (
    CTRL,
    SHIFT,
    choose_row,
    click_save,
    error_text,
    modal,
    record_it_now,
    showing,
    shown,
    table,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
)

from placement_qa.domain.officers import MANAGER
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.store.officers import (
    add_officer,
    assign_visit,
    end_officer,
    get_officer,
    list_officers,
)
from placement_qa.store.visit_exports import visits_between
from placement_qa.ui.current_officer import set_my_officer
from placement_qa.ui.officer_dialogs import EndOfficerDialog, OfficerDialog
from placement_qa.ui.pages.monthly_schedule import COL_OFFICER, COL_PROVIDER, MonthlySchedule
from placement_qa.ui.pages.officers_page import OfficersPage
from placement_qa.ui.pages.provider_page import ProviderPage
from placement_qa.ui.plan_visit_dialog import (
    AssignVisitDialog,
    PlanVisitDialog,
    RescheduleVisitDialog,
)
from placement_qa.ui.visit_note.start_dialog import StartVisitDialog

# --- a user's steps ----------------------------------------------------------------

def open_officers(qtbot, window) -> OfficersPage:
    window.officers.officers_action.trigger()  # File ▸ Officers…
    page = window.findChild(OfficersPage)
    qtbot.waitUntil(page.isVisible)
    return page


def rows(page: OfficersPage) -> list[tuple[str, ...]]:
    model = page.findChild(QTableView, "officersTable").model()
    return [tuple(model.index(r, c).data() for c in range(model.columnCount()))
            for r in range(model.rowCount())]


def click(qtbot, parent, name: str) -> None:
    qtbot.mouseClick(parent.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def choose_officer_row(qtbot, page: OfficersPage, name: str) -> None:
    view = page.findChild(QTableView, "officersTable")
    [row] = [r for r, line in enumerate(rows(page)) if line[0].startswith(name)]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(view.model().index(row, 0)).center())


def add_through_dialog(qtbot, page, name: str, type_text, initials: str | None = None):
    click(qtbot, page, "addOfficer")
    dialog = modal(qtbot, OfficerDialog)
    type_text(dialog.findChild(QLineEdit, "officerName"), name)
    if initials is not None:
        box = dialog.findChild(QLineEdit, "officerInitials")
        box.selectAll()
        type_text(box, initials)
    return dialog


def combo_items(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def choose(combo: QComboBox, text: str) -> None:
    combo.setFocus()
    combo.setCurrentIndex(combo.findText(text))


def open_plan(qtbot, window, child: str) -> PlanVisitDialog:
    choose_row(qtbot, window, child)
    qtbot.keyClick(table(window), Qt.Key.Key_V, CTRL | SHIFT)
    return modal(qtbot, PlanVisitDialog)


@pytest.fixture
def team(sample_db):
    """Amira Patel and Jo Moss (manager) active; Tom Hughes has left."""
    patel = add_officer(sample_db, name="Amira Patel", initials="AP")
    moss = add_officer(sample_db, name="Jo Moss", initials="JM", role=MANAGER)
    hughes = add_officer(sample_db, name="Tom Hughes", initials="TH")
    end_officer(sample_db, hughes)
    return patel, moss, hughes


# --- the officers window ------------------------------------------------------------

def test_officers_are_added_edited_and_ended_in_their_window(qtbot, window, sample_db,
                                                             type_text):
    page = open_officers(qtbot, window)
    assert rows(page) == []
    dialog = add_through_dialog(qtbot, page, "Amira Patel", type_text)
    assert dialog.findChild(QLineEdit, "officerInitials").text() == "AP"  # suggested
    click_save(qtbot, dialog)
    dialog = add_through_dialog(qtbot, page, "Łukasz Nowak", type_text)
    choose(dialog.findChild(QComboBox, "officerRole"), "Manager")
    click_save(qtbot, dialog)
    assert rows(page) == [("Amira Patel", "AP", "Officer", "Active"),
                          ("Łukasz Nowak", "ŁN", "Manager", "Active")]

    choose_officer_row(qtbot, page, "Amira Patel")
    click(qtbot, page, "editOfficer")
    dialog = modal(qtbot, OfficerDialog)
    name = dialog.findChild(QLineEdit, "officerName")
    name.selectAll()
    type_text(name, "Amira Patel-Shah")
    assert dialog.findChild(QLineEdit, "officerInitials").text() == "AP"  # kept on rename
    click_save(qtbot, dialog)
    assert rows(page)[0] == ("Amira Patel-Shah", "AP", "Officer", "Active")

    choose_officer_row(qtbot, page, "Łukasz Nowak")
    click(qtbot, page, "endOfficer")
    ending = modal(qtbot, EndOfficerDialog)
    assert "will no longer be offered for new visits" in ending.summary.text()
    click_save(qtbot, ending)
    assert rows(page)[1] == ("Łukasz Nowak", "ŁN", "Manager", "Ended")
    assert not page.findChild(QPushButton, "endOfficer").isEnabled()  # already ended
    assert [(o.name, o.active) for o in list_officers(sample_db)] == [
        ("Amira Patel-Shah", True), ("Łukasz Nowak", False)]


def test_a_second_officer_with_the_same_name_is_refused_at_the_field(
        qtbot, team, window, sample_db, type_text):
    page = open_officers(qtbot, window)
    dialog = add_through_dialog(qtbot, page, "amira patel", type_text, initials="AMP")
    click_save(qtbot, dialog)
    assert error_text(dialog, "officerName") == (
        "Name: Amira Patel is already an officer in the register")
    assert dialog.isVisible() and len(list_officers(sample_db)) == 3
    dialog.reject()


def test_ending_an_officer_says_how_many_open_visits_they_still_hold(
        qtbot, team, window, sample_db):
    patel = team[0]
    [zoe] = [v for v in visits_between(sample_db, date(2026, 12, 1), date(2026, 12, 1))]
    assign_visit(sample_db, zoe.visit_id, patel)
    page = open_officers(qtbot, window)
    choose_officer_row(qtbot, page, "Amira Patel")
    click(qtbot, page, "endOfficer")
    ending = modal(qtbot, EndOfficerDialog)
    assert "They still hold 1 planned or draft visit: assign each to someone else" in (
        ending.summary.text())
    ending.reject()


def test_this_is_me_marks_the_officer_and_turns_on_my_visits(qtbot, team, window):
    box = window.findChild(QCheckBox, "myVisitsFilter")
    assert box.isVisibleTo(window.register_view) and not box.isEnabled()  # officers, but who am I?
    page = open_officers(qtbot, window)
    assert page.findChild(QLabel, "officersMe").text().startswith("Choose yourself")
    choose_officer_row(qtbot, page, "Jo Moss")
    click(qtbot, page, "thisIsMe")
    assert ("Jo Moss (you)", "JM", "Manager", "Active") in rows(page)
    assert page.findChild(QLabel, "officersMe").text().startswith("You are Jo Moss")
    assert box.isEnabled()


# --- planning, starting and assigning visits ---------------------------------------

def test_a_new_visit_is_planned_for_an_active_officer(qtbot, team, window, sample_db):
    dialog = open_plan(qtbot, window, "Amara Okafor")
    officer = dialog.findChild(QComboBox, "visitOfficer")
    assert combo_items(officer) == ["Amira Patel (AP)", "Jo Moss (JM)"]  # not who left
    assert not dialog.findChild(QLineEdit, "visitors").isVisibleTo(dialog)  # no free text
    click_save(qtbot, dialog)
    assert error_text(dialog, "visitOfficer") == "Officer: choose the officer who will visit"
    choose(officer, "Jo Moss (JM)")
    click_save(qtbot, dialog)
    [visit] = [v for v in visits_between(sample_db, date(2026, 11, 1), date(2027, 12, 31))
               if v.provider_name == "Brookside School"]
    assert (visit.officer, visit.visitors) == ("Jo Moss", "Jo Moss")
    assert window.statusBar().currentMessage() == (
        "Visit to Brookside School planned for 23/11/2026.")


def test_the_officer_who_said_this_is_me_is_offered_first(qtbot, team, window, sample_db):
    page = open_officers(qtbot, window)
    choose_officer_row(qtbot, page, "Amira Patel")
    click(qtbot, page, "thisIsMe")
    page.window().close()
    dialog = open_plan(qtbot, window, "Amara Okafor")
    assert dialog.findChild(QComboBox, "visitOfficer").currentText() == "Amira Patel (AP)"
    dialog.reject()


def test_a_register_without_officers_keeps_the_free_text_visitors(qtbot, window):
    dialog = open_plan(qtbot, window, "Amara Okafor")
    assert dialog.findChild(QLineEdit, "visitors").isVisibleTo(dialog)
    assert not dialog.findChild(QComboBox, "visitOfficer").isVisibleTo(dialog)
    dialog.reject()


def test_an_unplanned_visit_is_started_for_an_officer(qtbot, team, window, sample_db):
    ensure_default_framework(sample_db)
    choose_row(qtbot, window, "Amara Okafor")
    qtbot.keyClick(table(window), Qt.Key.Key_U, CTRL | SHIFT)
    dialog = modal(qtbot, StartVisitDialog)
    choose(dialog.findChild(QComboBox, "visitOfficer"), "Amira Patel (AP)")
    click_save(qtbot, dialog)
    qtbot.waitUntil(lambda: bool(window.visits.note_windows))
    [visit] = visits_between(sample_db, date(2026, 11, 22), date(2026, 11, 22), ["draft"])
    assert (visit.officer, visit.visitors) == ("Amira Patel", "Amira Patel")
    for note in list(window.visits.note_windows.values()):
        note.close()


def test_a_planned_visit_is_assigned_and_shows_its_officer(qtbot, team, window, sample_db):
    choose_row(qtbot, window, "Zoë Brennan")
    window.visits.assign_action.trigger()  # Visits ▸ Assign visit…
    dialog = modal(qtbot, AssignVisitDialog)
    assert dialog.summary.text() == (
        "<b>Riverside College</b> (Eastmoor): annual monitoring visit planned for "
        "01/12/2026.")
    choose(dialog.findChild(QComboBox, "assignOfficer"), "Amira Patel (AP)")
    click_save(qtbot, dialog)
    assert window.statusBar().currentMessage() == (
        "Visit to Riverside College assigned to Amira Patel.")
    choose_row(qtbot, window, "Zoë Brennan")
    window.visits.reschedule_action.trigger()
    moving = modal(qtbot, RescheduleVisitDialog)
    assert moving.summary.text().endswith("planned for 01/12/2026. Assigned to Amira Patel.")
    moving.reject()


# --- My visits and the caseloads ----------------------------------------------------

def test_my_visits_shows_only_the_placements_of_my_visits(qtbot, team, window, sample_db):
    patel = team[0]
    [zoe] = visits_between(sample_db, date(2026, 12, 1), date(2026, 12, 1))
    assign_visit(sample_db, zoe.visit_id, patel)
    page = open_officers(qtbot, window)
    choose_officer_row(qtbot, page, "Amira Patel")
    click(qtbot, page, "thisIsMe")
    page.window().close()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # the register
    box = window.findChild(QCheckBox, "myVisitsFilter")
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert shown(window) == ["Zoë Brennan"]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert len(shown(window)) == 10


def test_the_dashboard_shows_each_officer_s_caseload(qtbot, team, window, sample_db):
    patel, moss, _ = team
    [zoe] = visits_between(sample_db, date(2026, 12, 1), date(2026, 12, 1))
    [harry] = visits_between(sample_db, date(2026, 12, 10), date(2026, 12, 10))
    assign_visit(sample_db, zoe.visit_id, patel)
    assign_visit(sample_db, harry.visit_id, moss)
    with qtbot.waitSignal(window.dashboard.figuresReady, timeout=10_000):
        window.set_as_of(date(2026, 11, 25))        # Zoë's visit is due within 7 days
    caseloads = window.dashboard.caseloads
    assert caseloads.isVisibleTo(window.dashboard)
    assert caseloads.rows() == [("Amira Patel", "0", "1", "0", "0"),
                                ("Jo Moss", "1", "0", "0", "0")]  # Tom Hughes left
    assert caseloads.model.flagged_count() == 0
    with qtbot.waitSignal(window.dashboard.figuresReady, timeout=10_000):
        window.set_as_of(date(2026, 12, 2))         # Zoë's date has passed, not recorded
    assert caseloads.rows()[0] == ("Amira Patel", "0", "0", "1", "0")
    assert caseloads.model.flagged_count() == 1  # bold, with a warning icon
    name = caseloads.model.index(0, 0)
    assert name.data(Qt.ItemDataRole.ToolTipRole) == "1 overdue"


def test_a_register_without_officers_shows_no_caseloads(qtbot, window):
    qtbot.waitUntil(lambda: window.dashboard.figures is not None
                    and not window.dashboard.working, timeout=10_000)
    assert not window.dashboard.caseloads.isVisibleTo(window.dashboard)
    assert not window.findChild(QCheckBox, "myVisitsFilter").isVisibleTo(window.register_view)


def test_the_monthly_schedule_says_whom_each_planned_visit_is_assigned_to(
        qtbot, team, sample_db, as_of):
    [zoe] = visits_between(sample_db, date(2026, 12, 1), date(2026, 12, 1))
    assign_visit(sample_db, zoe.visit_id, team[0])
    page = MonthlySchedule(sample_db, as_of, "P. Manager")
    qtbot.addWidget(page)
    page.show_month("2026-12")
    model = page.visits_model
    assigned = {model.index(r, COL_PROVIDER).data(): model.index(r, COL_OFFICER).data()
                for r in range(model.rowCount())}
    assert assigned == {"Riverside College": "Amira Patel", "Hillcrest House": ""}


# --- an assigned visit is its officer's to record ------------------------------------

def _zoe_assigned_to(sample_db, officer_id: int) -> int:
    ensure_default_framework(sample_db)
    [zoe] = visits_between(sample_db, date(2026, 12, 1), date(2026, 12, 1))
    assign_visit(sample_db, zoe.visit_id, officer_id)
    return zoe.visit_id


def _record_zoes_visit(qtbot, window) -> None:
    choose_row(qtbot, window, "Zoë Brennan")
    qtbot.keyClick(table(window), Qt.Key.Key_R, CTRL)  # Visits ▸ Record visit…
    record_it_now(qtbot)  # planned for 01/12/2026, more than a week after 22/11/2026


def _close_notes(window) -> None:
    for note in list(window.visits.note_windows.values()):
        note.close()


def test_recording_a_visit_assigned_to_another_officer_asks_first(
        qtbot, team, window, sample_db):
    patel, moss, _ = team
    visit = _zoe_assigned_to(sample_db, patel)
    set_my_officer(sample_db, get_officer(sample_db, moss))  # "This is me": Jo Moss
    _record_zoes_visit(qtbot, window)
    question = modal(qtbot, QMessageBox)
    assert question.text() == "This visit is assigned to Amira Patel. Record it anyway?"
    assert question.defaultButton() is question.findChild(QPushButton, "assignedNoButton")
    qtbot.mouseClick(question.findChild(QPushButton, "assignedNoButton"),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not showing(QMessageBox))
    assert window.visits.note_windows == {}  # left to Amira
    _record_zoes_visit(qtbot, window)
    question = modal(qtbot, QMessageBox)
    qtbot.mouseClick(question.findChild(QPushButton, "assignedYesButton"),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: visit in window.visits.note_windows)
    assert window.visits.note_windows[visit].isVisible()
    _close_notes(window)


def test_not_having_said_who_you_are_asks_too_and_says_how_to_stop_it(
        qtbot, team, window, sample_db):
    _zoe_assigned_to(sample_db, team[0])
    _record_zoes_visit(qtbot, window)
    question = modal(qtbot, QMessageBox)
    assert question.text() == "This visit is assigned to Amira Patel. Record it anyway?"
    assert "If you are Amira Patel, choose yourself in File ▸ Officers… (This is me)" in (
        question.informativeText())
    question.reject()


@pytest.mark.parametrize("assigned", ["me", "nobody", "someone who left"])
def test_a_visit_assigned_to_me_to_nobody_or_to_someone_who_left_opens_at_once(
        qtbot, team, window, sample_db, assigned):
    patel, moss, hughes = team
    ensure_default_framework(sample_db)
    [zoe] = visits_between(sample_db, date(2026, 12, 1), date(2026, 12, 1))
    if assigned == "me":
        assign_visit(sample_db, zoe.visit_id, patel)
    elif assigned == "someone who left":
        assign_visit(sample_db, zoe.visit_id, moss)
        end_officer(sample_db, moss)
    set_my_officer(sample_db, get_officer(sample_db, patel))
    _record_zoes_visit(qtbot, window)
    qtbot.waitUntil(lambda: zoe.visit_id in window.visits.note_windows)
    assert not showing(QMessageBox)
    _close_notes(window)


def test_a_visit_opened_from_the_provider_page_asks_too(qtbot, team, window, sample_db):
    visit = _zoe_assigned_to(sample_db, team[0])
    set_my_officer(sample_db, get_officer(sample_db, team[1]))
    choose_row(qtbot, window, "Zoë Brennan")
    page = window.pages.open_provider().findChild(ProviderPage)  # Riverside College's page
    visits = page.findChild(QTableView, "providerVisits")
    [row] = [r for r in range(visits.model().rowCount())
             if visits.model().row_at(r).visit_id == visit]
    visits.setFocus()
    visits.setCurrentIndex(visits.model().index(row, 0))
    qtbot.keyClick(visits, Qt.Key.Key_Return)  # Enter opens the visit
    far_ahead = modal(qtbot, QMessageBox)  # planned for 01/12/2026: asked first
    assert far_ahead.text().startswith("This visit is planned for 01/12/2026")
    qtbot.mouseClick(far_ahead.button(QMessageBox.StandardButton.Yes),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: far_ahead not in showing(QMessageBox))
    question = modal(qtbot, QMessageBox)
    assert question.text() == "This visit is assigned to Amira Patel. Record it anyway?"
    question.reject()
    qtbot.waitUntil(lambda: not showing(QMessageBox))
    assert window.visits.note_windows == {}
    page.window().close()
