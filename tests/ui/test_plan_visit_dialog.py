"""Planning, rescheduling and cancelling visits through the real window's Visits menu.

The sample register is as of Sunday 22/11/2026: Amara Okafor (Brookside School)
is overdue and nothing is planned; Zoë Brennan (Riverside College, due
03/12/2026) has a visit planned for 01/12/2026.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QWidget,
)

from placement_qa.domain.register import VISIT_CANCELLED, VISIT_PLANNED
from placement_qa.domain.settings import SCHOOL_HOLIDAYS
from placement_qa.domain.wording import status_text
from placement_qa.domain.working_days import is_working_day
from placement_qa.store.audit import change_log
from placement_qa.store.planning import complete_visit
from placement_qa.store.settings import set_value
from placement_qa.store.visit_exports import visits_between
from placement_qa.ui.plan_visit_dialog import (
    CancelVisitDialog,
    PlanVisitDialog,
    RescheduleVisitDialog,
)
from placement_qa.ui.register_model import COL_CHILD, COL_STATUS

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


# --- a user's steps ----------------------------------------------------------------

def table(window) -> QTableView:
    return window.findChild(QTableView, "registerTable")


def choose_row(qtbot, window, child: str) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # the Register tab
    view = table(window)
    view.setFocus()
    model = view.model()
    [row] = [r for r in range(model.rowCount()) if model.index(r, COL_CHILD).data() == child]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(model.index(row, COL_CHILD)).center())


def modal(qtbot, kind: type[QWidget]) -> QWidget:
    def showing() -> list[QWidget]:
        return [w for w in QApplication.topLevelWidgets()
                if isinstance(w, kind) and w.isVisible()]

    qtbot.waitUntil(lambda: len(showing()) == 1, timeout=2000)
    [dialog] = showing()
    assert dialog.windowModality() != Qt.WindowModality.NonModal
    return dialog


def status_of(window, child: str) -> str:
    """The row's status in the words the register shows."""
    model = window.register_view.model
    [line] = [ln for ln in model.visible_lines if ln.placement.child_name == child]
    shown = model.index(model.row_of(line.placement.placement_id), COL_STATUS).data()
    assert shown.endswith(status_text(line))
    return status_text(line)


def set_date(qtbot, dialog: QWidget, name: str, text: str) -> None:
    edit = dialog.findChild(QLineEdit, name)
    edit.clear()
    qtbot.keyClicks(edit, text)


def error_text(dialog: QWidget, name: str) -> str:
    label = dialog.findChild(QLabel, f"{name}Error")
    return label.text() if label.isVisibleTo(dialog) else ""


def click(qtbot, dialog: QWidget, name: str) -> None:
    qtbot.mouseClick(dialog.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def ticked(dialog: PlanVisitDialog) -> list[str]:
    items = dialog.findChild(QListWidget, "visitPlacements")
    return [items.item(r).text() for r in range(items.count())
            if items.item(r).checkState() == Qt.CheckState.Checked]


def open_plan(qtbot, window, child: str) -> PlanVisitDialog:
    choose_row(qtbot, window, child)
    qtbot.keyClick(table(window), Qt.Key.Key_V, CTRL_SHIFT)
    return modal(qtbot, PlanVisitDialog)


def planned(db) -> list:
    return visits_between(db, date(2026, 1, 1), date(2027, 12, 31))


# --- planning ------------------------------------------------------------------------

def test_planning_a_visit_for_an_overdue_row(qtbot, window, sample_db, builder):
    dialog = open_plan(qtbot, window, "Amara Okafor")
    proposed = date.fromisoformat("-".join(reversed(dialog.visit_date.text().split("/"))))
    assert proposed == date(2026, 11, 23)  # as of a Sunday, overdue: the next working day
    assert is_working_day(proposed)
    assert dialog.summary.text() == "<b>Brookside School</b> (Northshire)"
    assert ticked(dialog) == ["Amara Okafor (Overdue, due 01/10/2026)"]
    assert dialog.ticked_placements() == [builder.placements["Amara Okafor"]]
    qtbot.keyClicks(dialog.findChild(QLineEdit, "visitors"), "A. Patel")
    click(qtbot, dialog, "saveButton")

    assert status_of(window, "Amara Okafor") == "Overdue · planned 23/11/2026, after the due date"
    assert window.statusBar().currentMessage() == (
        "Visit to Brookside School planned for 23/11/2026.")
    [visit] = [v for v in planned(sample_db) if v.provider_name == "Brookside School"]
    assert (visit.visit_date, visit.visit_type, visit.visitors, visit.status) == (
        date(2026, 11, 23), "annual_monitoring", "A. Patel", VISIT_PLANNED)


def test_a_next_free_date_is_picked_with_a_click(qtbot, window):
    dialog = open_plan(qtbot, window, "Amara Okafor")
    free = [dialog.findChild(QPushButton, f"freeDate{n}").text() for n in range(3)]
    assert free == ["24/11/2026", "25/11/2026", "26/11/2026"]
    click(qtbot, dialog, "freeDate1")
    assert dialog.visit_date.text() == "25/11/2026"
    click(qtbot, dialog, "saveButton")
    assert status_of(window, "Amara Okafor") == "Overdue · planned 25/11/2026, after the due date"


def test_an_in_schedule_provider_is_offered_its_due_date(qtbot, window):
    dialog = open_plan(qtbot, window, "Grace Hall")  # Oakfield, due 01/03/2027 (a Monday)
    assert dialog.visit_date.text() == "01/03/2027"
    click(qtbot, dialog, "saveButton")
    assert window.statusBar().currentMessage() == (
        "Visit to Oakfield School planned for 01/03/2027.")
    assert status_of(window, "Grace Hall") == "In schedule · planned 01/03/2027"


def test_proposals_skip_school_holidays_in_the_settings(qtbot, open_window, sample_db):
    set_value(sample_db, SCHOOL_HOLIDAYS, [(date(2026, 11, 23), date(2026, 11, 27))])
    window = open_window(sample_db)
    dialog = open_plan(qtbot, window, "Amara Okafor")
    assert dialog.visit_date.text() == "30/11/2026"


@pytest.mark.parametrize(("typed", "why"), [
    ("28/11/2026", "28/11/2026 is a Saturday: choose a weekday"),
    ("25/12/2026", "25/12/2026 is a bank holiday: choose a working day"),
    ("28/12/2026", "28/12/2026 is a bank holiday: choose a working day"),  # substitute day
])
def test_a_weekend_or_bank_holiday_is_refused_at_the_field(
    qtbot, window, sample_db, typed, why
):
    before = len(change_log(sample_db))
    dialog = open_plan(qtbot, window, "Amara Okafor")
    set_date(qtbot, dialog, "visitDateEdit", typed)
    click(qtbot, dialog, "saveButton")
    assert error_text(dialog, "visitDate") == f"Visit date: {why}"
    assert dialog.isVisible()
    assert len(change_log(sample_db)) == before
    assert status_of(window, "Amara Okafor") == "Overdue"


def test_at_least_one_placement_must_be_ticked(qtbot, window, sample_db):
    before = len(change_log(sample_db))
    dialog = open_plan(qtbot, window, "Amara Okafor")
    items = dialog.findChild(QListWidget, "visitPlacements")
    items.item(0).setCheckState(Qt.CheckState.Unchecked)
    click(qtbot, dialog, "saveButton")
    assert error_text(dialog, "visitPlacements") == (
        "Placements covered: tick at least one placement")
    assert len(change_log(sample_db)) == before


def test_plan_without_a_provider_says_why(qtbot, window):
    choose_row(qtbot, window, "Ben Carter")  # home education: no provider
    assert window.visits.plan_visit() is None
    assert window.statusBar().currentMessage() == (
        "Ben Carter's placement has no provider to visit.")


# --- rescheduling and cancelling -------------------------------------------------------

def test_reschedule_moves_the_planned_date(qtbot, window, sample_db):
    choose_row(qtbot, window, "Zoë Brennan")
    window.visits.reschedule_action.trigger()
    dialog = modal(qtbot, RescheduleVisitDialog)
    assert dialog.new_date.text() == "01/12/2026"
    set_date(qtbot, dialog, "newVisitDateEdit", "05/12/2026")
    click(qtbot, dialog, "saveButton")
    assert error_text(dialog, "newVisitDate") == (
        "New date: 05/12/2026 is a Saturday: choose a weekday")
    set_date(qtbot, dialog, "newVisitDateEdit", "02/12/2026")
    click(qtbot, dialog, "saveButton")

    assert status_of(window, "Zoë Brennan") == "Due soon · planned 02/12/2026"
    assert window.statusBar().currentMessage() == (
        "Visit to Riverside College moved to 02/12/2026.")
    riverside = [v for v in planned(sample_db) if v.provider_name == "Riverside College"]
    assert [v.visit_date for v in riverside] == [date(2026, 12, 2)]


def test_cancel_needs_a_reason_then_the_planned_date_goes(qtbot, window, sample_db):
    before = len(change_log(sample_db))
    choose_row(qtbot, window, "Zoë Brennan")
    window.visits.cancel_action.trigger()
    dialog = modal(qtbot, CancelVisitDialog)
    click(qtbot, dialog, "saveButton")
    assert error_text(dialog, "cancelReason") == "Reason: is required"
    assert len(change_log(sample_db)) == before
    qtbot.keyClicks(dialog.findChild(QLineEdit, "cancelReason"), "College closed for training")
    click(qtbot, dialog, "saveButton")

    assert status_of(window, "Zoë Brennan") == "Due soon"
    assert window.statusBar().currentMessage() == "Visit to Riverside College cancelled."
    statuses = visits_between(sample_db, date(2026, 12, 1), date(2026, 12, 1),
                              statuses=(VISIT_PLANNED, VISIT_CANCELLED))
    assert [v.status for v in statuses] == [VISIT_CANCELLED]


def test_reschedule_without_a_planned_visit_says_so(qtbot, window):
    choose_row(qtbot, window, "Amara Okafor")
    assert window.visits.reschedule_visit() is None
    assert window.visits.cancel_visit() is None
    assert window.statusBar().currentMessage() == (
        "No visit is planned for Amara Okafor's placement.")


def test_the_visits_menu_lists_the_actions(window):
    menu = window.menu("V&isits")
    # (the provider return's actions follow these)
    assert [a.text() for a in menu.actions() if not a.isSeparator()][:8] == [
        "&Plan visit…", "R&eschedule visit…", "&Cancel visit…", "&Assign visit…",
        "&Record visit…", "&Start unplanned visit…", "Start &follow-up visit…",
        "Open &last visit note"]
    assert window.visits.plan_action.shortcut().toString() == "Ctrl+Shift+V"
    assert window.visits.record_action.shortcut().toString() == "Ctrl+R"


def test_a_visit_completed_meanwhile_is_refused_under_the_form(qtbot, window, sample_db):
    choose_row(qtbot, window, "Zoë Brennan")
    window.visits.reschedule_action.trigger()
    dialog = modal(qtbot, RescheduleVisitDialog)
    complete_visit(sample_db, dialog.visit_id)  # by someone else, while the dialog is open
    set_date(qtbot, dialog, "newVisitDateEdit", "02/12/2026")
    click(qtbot, dialog, "saveButton")
    message = dialog.findChild(QLabel, "formError")
    assert message.isVisibleTo(dialog)
    assert message.text() == "This visit is completed: only a planned visit can be rescheduled"
    assert dialog.isVisible()

