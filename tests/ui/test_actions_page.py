"""Follow-up actions as a user meets them: the list from the View menu, updating one,
raising one from a visit.

The register is as of Sunday 22/11/2026. Brookside's restraint log (due 15/10/2026)
and Hillcrest's staffing review (in progress, due 01/11/2026) are overdue;
Hillcrest's curriculum plan is due 31/01/2027; Brookside's fire drill is done.
"""

from __future__ import annotations

from datetime import date

import pytest
from dialog_steps import click_save, error_text, modal, showing
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
)

from placement_qa.domain.action_chase import ESCALATED
from placement_qa.domain.actions import NewAction
from placement_qa.store.action_chases import chase_records
from placement_qa.store.actions import get_action, list_actions, raise_action, set_action_status
from placement_qa.store.audit import change_log
from placement_qa.ui.action_dialog import RaiseActionDialog, UpdateActionDialog
from placement_qa.ui.chase_dialog import RecordChaseDialog
from placement_qa.ui.pages.actions_page import (
    COL_AGE,
    COL_CHASE_DUE,
    COL_CHASED,
    COL_STATUS,
    COL_WHAT,
    ActionsList,
)

D = date
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ROLE = Qt.ItemDataRole


@pytest.fixture
def register(builder, as_of):
    db = builder.db
    brookside = builder.provider("Brookside School")
    hillcrest = builder.provider("Hillcrest House")
    amara = builder.placement("Amara Okafor", brookside, start=D(2024, 9, 1))
    builder.placement("Harry Irwin", hillcrest, start=D(2024, 1, 8))
    visit = builder.visit(brookside, D(2026, 10, 1), "Amara Okafor")

    def action(provider, what, kind, owner, due, priority="medium", **fields) -> int:
        return raise_action(db, NewAction(
            provider_id=provider, description=what, owner_kind=kind, owner=owner,
            due_date=due, priority=priority, raised_on=D(2026, 9, 1), **fields))

    action(brookside, "Send the restraint log", "provider", "Head teacher", D(2026, 10, 15),
           "high", visit_id=visit, placement_id=amara, criterion_key="safeguarding.incidents")
    review = action(hillcrest, "Review staffing ratios", "council", "Tom Hughes",
                    D(2026, 11, 1))
    set_action_status(db, review, "in_progress", "Asked for the rota", as_of)
    action(hillcrest, "Update the curriculum plan", "provider", "SENCo", D(2027, 1, 31), "low")
    drill = action(brookside, "Hold a fire drill", "other", "", D(2026, 9, 20))
    set_action_status(db, drill, "done", "Drill held 18/09/2026", as_of)
    return dict(db=db, brookside=brookside, visit=visit, amara=amara)


def rows(page: ActionsList) -> list[list[str]]:
    model = page.model
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def what_column(page: ActionsList) -> list[str]:
    return [row[COL_WHAT] for row in rows(page)]


def open_from_view_menu(qtbot, window) -> ActionsList:
    assert window.pages.actions in window.menu("&View").actions()
    assert window.pages.actions.shortcut().toString() == "Ctrl+Shift+F"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL_SHIFT)
    [dialog] = [d for d in showing(QDialog) if d.objectName() == "followUpActionsDialog"]
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Follow-up actions" and not dialog.isModal()
    return dialog.findChild(ActionsList)


def choose(qtbot, combo: QComboBox, text: str) -> None:
    """Home, then Down through the combo, as a user would, until ``text`` shows."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def test_the_list_shows_live_actions_with_the_overdue_marked(qtbot, open_window, register):
    page = open_from_view_menu(qtbot, open_window(register["db"]))
    assert rows(page) == [
        ["15/10/2026", "High", "Brookside School", "Send the restraint log",
         "Provider: Head teacher", "Overdue", "Visit 01/10/2026", "Amara Okafor",
         "31–60 days", "Escalate to contract manager", ""],
        ["01/11/2026", "Medium", "Hillcrest House", "Review staffing ratios",
         "Council officer: Tom Hughes", "Overdue", "01/09/2026", "", "0–30 days",
         "Chase due: chase again", ""],
        ["31/01/2027", "Low", "Hillcrest House", "Update the curriculum plan",
         "Provider: SENCo", "Open", "01/09/2026", "", "Not yet due", "", ""],
    ]
    overdue = page.model.index(1, COL_STATUS)
    assert overdue.data(ROLE.FontRole).bold()
    assert overdue.data(ROLE.BackgroundRole) is not None
    assert overdue.data(ROLE.ForegroundRole) is not None
    assert not overdue.data(ROLE.DecorationRole).isNull()
    assert "In progress" in overdue.data(ROLE.ToolTipRole)
    assert page.model.index(2, COL_STATUS).data(ROLE.BackgroundRole) is None
    assert page.findChild(QLabel, "actionsOverdueCount").text() == "2 overdue"
    assert page.heading.text() == "3 follow-up actions"


def test_filters_by_provider_owner_and_closed(qtbot, open_window, register):
    page = open_from_view_menu(qtbot, open_window(register["db"]))
    providers = page.findChild(QComboBox, "actionsProviderFilter")
    assert [providers.itemText(i) for i in range(providers.count())] == [
        "All providers", "Brookside School", "Hillcrest House"]
    choose(qtbot, providers, "Hillcrest House")
    assert what_column(page) == ["Review staffing ratios", "Update the curriculum plan"]
    choose(qtbot, page.findChild(QComboBox, "actionsOwnerFilter"), "Provider")
    assert what_column(page) == ["Update the curriculum plan"]
    assert not page.overdue.isVisibleTo(page)
    choose(qtbot, providers, "All providers")
    assert what_column(page) == ["Send the restraint log", "Update the curriculum plan"]
    choose(qtbot, page.findChild(QComboBox, "actionsOwnerFilter"), "All owners")
    closed = page.findChild(QCheckBox, "actionsShowClosed")
    assert not closed.isChecked()
    qtbot.mouseClick(closed, Qt.MouseButton.LeftButton)
    assert what_column(page)[0] == "Hold a fire drill"
    assert rows(page)[0][COL_STATUS] == "Done"
    assert page.overdue.text() == "2 overdue"  # done is never overdue


def test_enter_opens_an_action_and_done_needs_a_note(qtbot, open_window, register):
    db = register["db"]
    page = open_from_view_menu(qtbot, open_window(db))
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)  # the second row: the staffing review
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = modal(qtbot, UpdateActionDialog)
    assert dialog.findChild(QPlainTextEdit, "actionWhat").toPlainText() == \
        "Review staffing ratios"
    assert "Hillcrest House" in dialog.summary.text()
    status = dialog.findChild(QComboBox, "actionStatus")
    assert status.currentText() == "In progress"
    note = dialog.findChild(QPlainTextEdit, "actionCompletionNote")
    note.selectAll()
    qtbot.keyClick(note, Qt.Key.Key_Delete)
    choose(qtbot, status, "Done")
    logged = len(change_log(db))
    click_save(qtbot, dialog)
    assert error_text(dialog, "actionCompletionNote") == "Completion note: say what was done"
    assert dialog.isVisible() and len(change_log(db)) == logged
    qtbot.keyClicks(note, "Rota received; ratios met")
    click_save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    assert what_column(page) == ["Send the restraint log", "Update the curriculum plan"]
    assert page.overdue.text() == "1 overdue"
    [done] = [a for a in list_actions(db) if a.description == "Review staffing ratios"]
    assert (done.status, done.completion_note, done.completed_on) == (
        "done", "Rota received; ratios met", D(2026, 11, 22))


def test_an_action_is_raised_from_a_visit_by_typing(qtbot, register, as_of, type_text):
    db = register["db"]
    dialog = RaiseActionDialog(
        db, provider_id=register["brookside"], as_of=as_of, visit_id=register["visit"],
        criterion_key="safeguarding.incidents", placement_id=register["amara"],
        context_text="From: Safeguarding and welfare — Incidents")
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.context.text() == "From: Safeguarding and welfare — Incidents"
    due = dialog.findChild(QLineEdit, "actionDueDateEdit")
    assert due.text() == "20/12/2026"  # four weeks on
    assert dialog.findChild(QComboBox, "actionPriority").currentText() == "Medium"
    qtbot.keyClicks(dialog.findChild(QPlainTextEdit, "actionWhat"), "Share the incident log")
    choose(qtbot, dialog.findChild(QComboBox, "actionOwnerKind"), "Council officer")
    type_text(dialog.findChild(QLineEdit, "actionOwnerName"), "Zoë Łukasiewicz")
    due.selectAll()
    qtbot.keyClicks(due, "08/01/2027")
    choose(qtbot, dialog.findChild(QComboBox, "actionPriority"), "High")
    click_save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    a = get_action(db, dialog.action_id)
    assert (a.description, a.owner_label, a.due_date, a.priority) == (
        "Share the incident log", "Council officer: Zoë Łukasiewicz", D(2027, 1, 8), "high")
    assert (a.visit_id, a.criterion_key, a.child_name, a.raised_on) == (
        register["visit"], "safeguarding.incidents", "Amara Okafor", as_of)


def test_an_empty_what_is_refused_and_nothing_written(qtbot, register, as_of):
    db = register["db"]
    before = (len(change_log(db)), list_actions(db))
    dialog = RaiseActionDialog(db, provider_id=register["brookside"], as_of=as_of,
                               context_text="For: Amara Okafor")
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClicks(dialog.findChild(QLineEdit, "actionOwnerName"), "Head teacher")
    click_save(qtbot, dialog)
    assert error_text(dialog, "actionWhat") == "What needs doing: is required"
    assert dialog.isVisible() and dialog.action_id is None
    assert (len(change_log(db)), list_actions(db)) == before


def test_the_actions_model_passes_the_model_tester(qtbot, qtmodeltester, register, as_of):
    page = ActionsList(register["db"], as_of)
    qtbot.addWidget(page)
    qtmodeltester.check(page.model)
    page.show_closed.setChecked(True)
    qtmodeltester.check(page.model)


def chase_row(qtbot, page: ActionsList, row: int) -> RecordChaseDialog:
    """Choose ``row`` with the keyboard and click Record chase…."""
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Home)
    for _ in range(row):
        qtbot.keyClick(page.table, Qt.Key.Key_Down)
    button = page.findChild(QPushButton, "actionsRecordChase")
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return modal(qtbot, RecordChaseDialog)


def test_a_chase_is_recorded_and_the_stage_moves_on(qtbot, open_window, register):
    db = register["db"]
    page = open_from_view_menu(qtbot, open_window(db))
    assert rows(page)[1][COL_CHASE_DUE] == "Chase due: chase again"   # 15 working days
    dialog = chase_row(qtbot, page, 1)
    assert "Review staffing ratios" in dialog.findChild(QLabel, "chaseSummary").text()
    assert dialog.findChild(QComboBox, "chaseStage").currentText() == "Chased"
    assert dialog.findChild(QLineEdit, "chaseDateEdit").text() == "22/11/2026"
    qtbot.keyClicks(dialog.findChild(QLineEdit, "chaseBy"), "Tom Hughes")
    logged = len(change_log(db))
    click_save(qtbot, dialog)   # no note: refused, nothing written
    assert error_text(dialog, "chaseNote") == "Note: say what was done or said"
    assert dialog.isVisible() and len(change_log(db)) == logged
    qtbot.keyClicks(dialog.findChild(QPlainTextEdit, "chaseNote"), "Phoned the manager")
    click_save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    staffing = rows(page)[1]
    assert staffing[COL_WHAT] == "Review staffing ratios"
    assert staffing[COL_CHASE_DUE] == ""   # escalation falls due at 20 working days
    assert staffing[COL_CHASED] == "Chased 22/11/2026 (Tom Hughes)"
    tip = page.model.index(1, COL_CHASED).data(ROLE.ToolTipRole)
    assert tip == "Chased 22/11/2026 (Tom Hughes): Phoned the manager"
    [record] = chase_records(db)
    assert (record.stage, record.by, record.note) == ("chased", "Tom Hughes",
                                                      "Phoned the manager")


def test_escalating_to_the_contract_manager_ends_the_chase(qtbot, open_window, register):
    db = register["db"]
    page = open_from_view_menu(qtbot, open_window(db))
    dialog = chase_row(qtbot, page, 0)
    stage = dialog.findChild(QComboBox, "chaseStage")
    assert [stage.itemText(i) for i in range(stage.count())] == [
        "Reminder", "Chased", "Escalated to contract manager"]
    assert stage.currentText() == "Escalated to contract manager"   # the stage due
    qtbot.keyClicks(dialog.findChild(QLineEdit, "chaseBy"), "Jo Okafor")
    qtbot.keyClicks(dialog.findChild(QPlainTextEdit, "chaseNote"), "Emailed the contract manager")
    click_save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    assert rows(page)[0][COL_CHASE_DUE] == ""
    assert rows(page)[0][COL_CHASED] == "Escalated to contract manager 22/11/2026 (Jo Okafor)"
    assert [r.stage for r in chase_records(db)] == [ESCALATED]
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Home)
    assert not page.findChild(QPushButton, "actionsRecordChase").isEnabled()  # nothing left
    qtbot.keyClick(page.table, Qt.Key.Key_End)   # not yet due: nothing to chase
    assert not page.findChild(QPushButton, "actionsRecordChase").isEnabled()


def table_text(table: QTableView) -> list[list[str]]:
    model = table.model()
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return [header] + [[model.index(r, c).data() for c in range(model.columnCount())]
                       for r in range(model.rowCount())]


def test_the_ageing_bands_by_provider_and_the_age_filter(qtbot, open_window, register):
    page = open_from_view_menu(qtbot, open_window(register["db"]))
    assert table_text(page.findChild(QTableView, "actionsAgeingTable")) == [
        ["Provider", "Not yet due", "0–30 days", "31–60 days", "61–90 days", "Over 90 days",
         "Total"],
        ["Brookside School", "0", "0", "1", "0", "0", "1"],   # the fire drill is done
        ["Hillcrest House", "1", "1", "0", "0", "0", "2"],
        ["All providers", "1", "1", "1", "0", "0", "3"],
    ]
    assert [row[COL_AGE] for row in rows(page)] == ["31–60 days", "0–30 days", "Not yet due"]
    choose(qtbot, page.findChild(QComboBox, "actionsAgeFilter"), "0–30 days")
    assert what_column(page) == ["Review staffing ratios"]
    choose(qtbot, page.findChild(QComboBox, "actionsAgeFilter"), "Over 90 days")
    assert what_column(page) == []
