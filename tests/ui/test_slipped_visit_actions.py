"""Acting on a visit from the register, as of 22/11/2026: a slipped one is recorded at
once, rescheduled or cancelled from its row's right-click menu; one planned more than a
week ahead asks before it is recorded; the plan dialog asks who is visiting."""

from __future__ import annotations

from datetime import date

from dialog_steps import CTRL, SHIFT, choose_row, modal, showing, table
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QMessageBox, QPushButton, QTableView

from placement_qa.domain.register import VISIT_PLANNED
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.store.officers import add_officer, get_officer
from placement_qa.ui.current_officer import set_my_officer
from placement_qa.ui.dashboard.list_model import COL_SUBJECT
from placement_qa.ui.pages.monthly_schedule import COL_DATE, MonthlySchedule
from placement_qa.ui.pages.provider_page import ProviderPage
from placement_qa.ui.plan_visit_dialog import (
    CancelVisitDialog,
    PlanVisitDialog,
    RescheduleVisitDialog,
)
from placement_qa.ui.register_model import COL_CHILD, COL_STATUS

LEFT = Qt.MouseButton.LeftButton


def _slipped_visit(sample_db, builder) -> int:
    """Amara Okafor's visit to Brookside School, planned for 17/11/2026, not recorded."""
    brookside = sample_db.execute(
        "SELECT id FROM providers WHERE name = 'Brookside School'").fetchone()[0]
    return builder.visit(brookside, date(2026, 11, 17), "Amara Okafor", status=VISIT_PLANNED)


def test_recording_a_visit_more_than_a_week_ahead_asks_first(qtbot, window, sample_db,
                                                             builder):
    ensure_default_framework(sample_db)
    slipped = _slipped_visit(sample_db, builder)
    window.refresh()
    choose_row(qtbot, window, "Zoë Brennan")  # her visit is planned for 01/12/2026
    qtbot.keyClick(table(window), Qt.Key.Key_R, CTRL)  # Visits ▸ Record visit…
    question = modal(qtbot, QMessageBox)
    assert question.text() == (
        "This visit is planned for 01/12/2026, more than a week away. Record it now?")
    assert question.defaultButton() is question.button(QMessageBox.StandardButton.No)
    qtbot.mouseClick(question.button(QMessageBox.StandardButton.No), LEFT)
    qtbot.waitUntil(lambda: not showing(QMessageBox))
    assert window.visits.note_windows == {}  # left planned
    qtbot.keyClick(table(window), Qt.Key.Key_R, CTRL)
    question = modal(qtbot, QMessageBox)
    qtbot.mouseClick(question.button(QMessageBox.StandardButton.Yes), LEFT)
    qtbot.waitUntil(lambda: bool(window.visits.note_windows))
    [note] = window.visits.note_windows.values()
    assert note.note.visit_date == date(2026, 12, 1)
    note.close()
    choose_row(qtbot, window, "Amara Okafor")  # a visit whose date passed: no question
    qtbot.keyClick(table(window), Qt.Key.Key_R, CTRL)
    qtbot.waitUntil(lambda: slipped in window.visits.note_windows)
    assert not showing(QMessageBox)
    window.visits.note_windows[slipped].close()


def test_a_rows_right_click_menu_records_reschedules_or_cancels_its_visit(
        qtbot, window, sample_db, builder):
    visit_id = _slipped_visit(sample_db, builder)
    window.refresh()
    choose_row(qtbot, window, "Amara Okafor")
    menu = {action.objectName(): action for action in table(window).actions()}
    assert table(window).contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    texts = [a.text() for a in table(window).actions() if a.text()]
    assert {"&Record visit…", "Re&schedule visit…", "&Cancel visit…"} <= set(texts)
    keys = [text[text.index("&") + 1].lower() for text in texts if "&" in text]
    assert len(keys) == len(set(keys))  # each letter opens one item of the menu
    menu["actionRescheduleVisitOnRow"].trigger()
    moving = modal(qtbot, RescheduleVisitDialog)
    assert moving.visit_id == visit_id
    moving.reject()
    qtbot.waitUntil(lambda: not showing(RescheduleVisitDialog))
    menu["actionCancelVisitOnRow"].trigger()
    cancelling = modal(qtbot, CancelVisitDialog)
    assert cancelling.visit_id == visit_id
    cancelling.reject()


def test_the_plan_dialog_asks_who_is_visiting(qtbot, window, sample_db):
    add_officer(sample_db, name="Amira Patel", initials="AP")
    me = add_officer(sample_db, name="Jo Moss", initials="JM")
    set_my_officer(sample_db, get_officer(sample_db, me))
    choose_row(qtbot, window, "Amara Okafor")
    qtbot.keyClick(table(window), Qt.Key.Key_V, CTRL | SHIFT)  # Visits ▸ Plan visit…
    dialog = modal(qtbot, PlanVisitDialog)
    who = dialog.findChild(QComboBox, "visitOfficer")
    [label] = [lb for lb in dialog.findChildren(QLabel) if lb.buddy() is who]
    assert label.text() == "&Who is visiting:"
    assert who.currentText() == "Jo Moss (JM)"  # the officer using the app, to change
    dialog.reject()


def test_the_dashboards_overdue_list_reschedules_a_slipped_visit_in_one_step(
        qtbot, open_window, sample_db, builder):
    visit_id = _slipped_visit(sample_db, builder)
    window = open_window(sample_db)
    qtbot.waitUntil(lambda: window.dashboard.figures is not None
                    and not window.dashboard.working, timeout=10_000)
    window.dashboard.show_list("overdue")
    listed = window.dashboard.list_view
    row = next(r for r in range(listed.model().rowCount())
               if listed.model().index(r, COL_SUBJECT).data() == "Amara Okafor")
    listed.setCurrentIndex(listed.model().index(row, COL_SUBJECT))
    menu = {action.objectName(): action for action in listed.actions()}
    assert listed.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    assert {"dashboardRecordVisit", "dashboardRescheduleVisit",
            "dashboardCancelVisit"} <= set(menu)
    menu["dashboardRescheduleVisit"].trigger()
    moving = modal(qtbot, RescheduleVisitDialog)
    assert moving.visit_id == visit_id
    moving.reject()


def test_the_child_and_provider_pages_reschedule_or_cancel_a_visit_in_one_step(
        qtbot, window, sample_db, builder):
    visit_id = _slipped_visit(sample_db, builder)
    window.refresh()
    choose_row(qtbot, window, "Amara Okafor")
    child = window.pages.open_child()
    visits = child.findChild(QTableView, "childVisits")
    row = next(r for r in range(visits.model().rowCount())
               if visits.model().row_at(r).visit_id == visit_id)
    visits.setCurrentIndex(visits.model().index(row, 0))
    menu = {action.objectName(): action for action in visits.actions()}
    assert visits.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    assert menu["actionRescheduleVisitOnRow"].isEnabled()
    menu["actionCancelVisitOnRow"].trigger()
    cancelling = modal(qtbot, CancelVisitDialog)
    assert cancelling.visit_id == visit_id
    cancelling.reject()
    qtbot.waitUntil(lambda: not showing(CancelVisitDialog))
    child.close()
    provider = window.pages.open_provider()  # Brookside School
    visits = provider.findChild(QTableView, "providerVisits")
    completed = next(r for r in range(visits.model().rowCount())
                     if visits.model().row_at(r).visit_id != visit_id)
    visits.setCurrentIndex(visits.model().index(completed, 0))
    menu = {action.objectName(): action for action in visits.actions()}
    assert not menu["actionRescheduleVisitOnRow"].isEnabled()  # a recorded visit stays put
    slipped = next(r for r in range(visits.model().rowCount())
                   if visits.model().row_at(r).visit_id == visit_id)
    visits.setCurrentIndex(visits.model().index(slipped, 0))
    menu["actionRescheduleVisitOnRow"].trigger()
    moving = modal(qtbot, RescheduleVisitDialog)
    assert moving.visit_id == visit_id
    moving.reject()
    provider.close()



def _row_of(view: QTableView, visit_at, visit_id: int) -> int:
    [row] = [r for r in range(view.model().rowCount()) if visit_at(r).visit_id == visit_id]
    return row


def test_the_schedule_and_a_page_opened_from_it_reschedule_a_visit_in_one_step(
        qtbot, window, sample_db, builder):
    """The monthly schedule's visits have the pages' right-click menu, and so has a
    provider's page opened from the schedule (not from the register)."""
    visit_id = _slipped_visit(sample_db, builder)
    window.refresh()
    window.pages.monthly_schedule.trigger()  # November 2026
    [schedule] = [w for w in window.findChildren(MonthlySchedule) if w.isVisible()]
    visits, visit_at = schedule.visits_table, schedule.visits_model.row_at
    visits.setFocus()
    visits.setCurrentIndex(visits.model().index(_row_of(visits, visit_at, visit_id), 0))
    menu = {action.objectName(): action for action in visits.actions()}
    menu["actionRescheduleVisitOnRow"].trigger()
    moving = modal(qtbot, RescheduleVisitDialog)
    assert moving.visit_id == visit_id
    edit = moving.findChild(QLineEdit, "newVisitDateEdit")
    edit.clear()
    qtbot.keyClicks(edit, "30/11/2026")
    qtbot.mouseClick(moving.findChild(QPushButton, "saveButton"), LEFT)
    qtbot.waitUntil(lambda: not showing(RescheduleVisitDialog))
    row = _row_of(visits, visit_at, visit_id)
    assert visits.model().index(row, COL_DATE).data() == "30/11/2026"  # the page read again
    register = window.register_view.model
    [amara] = [r for r in range(register.rowCount())
               if register.index(r, COL_CHILD).data() == "Amara Okafor"]
    assert "planned 30/11/2026" in register.index(amara, COL_STATUS).data()  # and the register
    visits.setCurrentIndex(visits.model().index(row, 0))
    qtbot.keyClick(visits, Qt.Key.Key_Return)  # Enter: the provider's page
    qtbot.waitUntil(lambda: any(p.isVisible() for p in window.findChildren(ProviderPage)))
    [page] = [p for p in window.findChildren(ProviderPage) if p.isVisible()]
    provider_visits = page.tables["providerVisits"]
    provider_visits.setCurrentIndex(provider_visits.model().index(
        _row_of(provider_visits, page.visits_model.row_at, visit_id), 0))
    menu = {action.objectName(): action for action in provider_visits.actions()}
    menu["actionCancelVisitOnRow"].trigger()
    cancelling = modal(qtbot, CancelVisitDialog)
    assert cancelling.visit_id == visit_id
    cancelling.reject()
    qtbot.waitUntil(lambda: not showing(CancelVisitDialog))
    page.window().close()
    schedule.window().close()
