"""Planning and recording visits straight from the lists: the monthly schedule, the trip
planner, the dashboard, the provider's and the child's pages, the toolbar and the
register's right-click menu (issue 17, part 3).

The sample register is as of Sunday 22/11/2026 (tests/ui/conftest.py): Amara Okafor
at Brookside School is overdue with nothing planned; Zoë Brennan at Riverside College
has a visit planned for 01/12/2026 and one completed on 03/12/2025.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QToolBar,
    QWidget,
)
from recorded_visits import record_and_sign

from placement_qa.domain import dashboard as d
from placement_qa.domain.register import VISIT_PLANNED
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.store.visit_exports import visits_between
from placement_qa.ui.pages.child_page import ChildPage
from placement_qa.ui.pages.monthly_schedule import MonthlySchedule
from placement_qa.ui.pages.provider_page import ProviderPage
from placement_qa.ui.pages.trip_planner import TripPlanner, provider_items
from placement_qa.ui.plan_trip_dialog import PlanTripDialog
from placement_qa.ui.plan_visit_dialog import PlanVisitDialog
from placement_qa.ui.register_model import COL_CHILD, COL_STATUS
from placement_qa.ui.report_preview import ReportPreview
from placement_qa.ui.visit_note.window import VisitNoteWindow

LEFT = Qt.MouseButton.LeftButton
ALT = Qt.KeyboardModifier.AltModifier


def modal(qtbot, kind: type[QWidget]) -> QWidget:
    def showing() -> list[QWidget]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind)
                and w.isVisible()]

    qtbot.waitUntil(lambda: len(showing()) == 1, timeout=2000)
    [dialog] = showing()
    return dialog


def page_of(window, kind: type[QWidget]) -> QWidget:
    return next(w for w in window.findChildren(kind) if w.isVisible())


def rows(table: QTableView) -> list[list[str]]:
    model = table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def plan_on(qtbot, dialog: PlanVisitDialog, day: str) -> None:
    edit = dialog.findChild(QLineEdit, "visitDateEdit")
    edit.clear()
    qtbot.keyClicks(edit, day)
    qtbot.keyClicks(dialog.findChild(QLineEdit, "visitors"), "A. Patel")
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), LEFT)


def record_it_now(qtbot, planned: str) -> None:
    """Answer Yes to "This visit is planned for …, more than a week away. Record it now?"
    (asked before a visit planned more than a week after 22/11/2026 is recorded)."""
    question = modal(qtbot, QMessageBox)
    assert question.text().startswith(f"This visit is planned for {planned}, more than")
    qtbot.mouseClick(question.button(QMessageBox.StandardButton.Yes), LEFT)


def planned_at(db, provider: str) -> list[date]:
    return [v.visit_date for v in visits_between(db, date(2026, 1, 1), date(2027, 12, 31))
            if v.provider_name == provider]


@pytest.fixture(autouse=True)
def pages_closed():
    """The pages' windows a test opened are closed after it (a later test counts those
    showing)."""
    yield
    for widget in QApplication.topLevelWidgets():
        pages = (MonthlySchedule, TripPlanner, ProviderPage, ChildPage)
        if widget.isVisible() and any(isinstance(c, pages) for c in widget.children()):
            widget.close()


@pytest.fixture
def signed_note(sample_db, builder) -> int:
    """A visit to Riverside College on 02/11/2026 covering Zoë Brennan, its note signed off."""
    ensure_default_framework(sample_db)
    riverside = sample_db.execute(
        "SELECT id FROM providers WHERE name = 'Riverside College'").fetchone()[0]
    visit_id = builder.visit(riverside, date(2026, 11, 2), "Zoë Brennan", status=VISIT_PLANNED)
    return record_and_sign(sample_db, visit_id, visitors="A. Patel")


def active(qtbot, widget: QWidget) -> None:
    """The window holding ``widget`` made active (its keys work only then)."""
    widget.window().activateWindow()
    qtbot.waitUntil(widget.window().isActiveWindow, timeout=2000)
    widget.setFocus()


def register_status(window, child: str) -> str:
    model = window.register_view.model
    [row] = [r for r in range(model.rowCount()) if model.index(r, COL_CHILD).data() == child]
    return model.index(row, COL_STATUS).data()


# --- the monthly schedule --------------------------------------------------------------

def test_plan_visit_from_the_schedules_due_row_plans_that_providers_visit(
        qtbot, window, sample_db):
    window.pages.monthly_schedule.trigger()  # View > Monthly schedule (Ctrl+Shift+M)
    page = page_of(window, MonthlySchedule)
    assert [row[0] for row in rows(page.due_table)] == ["Brookside School"]
    page.due_table.setFocus()
    page.due_table.setCurrentIndex(page.due_model.index(0, 0))
    qtbot.keyClick(page.due_table, Qt.Key.Key_Return)  # Enter on the row: Plan visit…
    dialog = modal(qtbot, PlanVisitDialog)
    assert dialog.provider_name == "Brookside School"
    plan_on(qtbot, dialog, "25/11/2026")

    assert planned_at(sample_db, "Brookside School") == [date(2026, 11, 25)]
    assert [row[:2] for row in rows(page.visits_table)] == [["25/11/2026", "Brookside School"]]
    assert rows(page.due_table) == []  # no longer due but not planned
    assert page.due_label.text() == "Due this month but not planned: 0 providers"
    # the main window read the register again too
    assert "planned 25/11/2026" in register_status(window, "Amara Okafor")


def test_the_schedule_opens_on_this_month_with_the_next_one_key_away(qtbot, window):
    window.pages.monthly_schedule.trigger()
    page = page_of(window, MonthlySchedule)
    assert page.heading.text() == "November 2026"
    active(qtbot, page.due_table)
    qtbot.keyClick(page.due_table, Qt.Key.Key_Right, ALT)
    assert page.heading.text() == "December 2026"
    qtbot.keyClick(page.visits_table, Qt.Key.Key_Left, ALT)
    qtbot.keyClick(page.visits_table, Qt.Key.Key_Left, ALT)
    assert page.heading.text() == "October 2026"
    assert page.next_button.toolTip() == "Next month (Alt+Right)"


def test_record_visit_from_the_schedule_opens_the_planned_visits_note(
        qtbot, window, sample_db):
    ensure_default_framework(sample_db)
    window.pages.monthly_schedule.trigger()
    page = page_of(window, MonthlySchedule)
    page.next_button.click()  # December: Riverside 01/12/2026, Hillcrest 10/12/2026
    active(qtbot, page.visits_table)
    page.visits_table.setCurrentIndex(page.visits_model.index(0, 0))
    qtbot.keyClick(page.visits_table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    record_it_now(qtbot, "01/12/2026")
    riverside = page.visits_model.row_at(0).visit_id
    qtbot.waitUntil(lambda: riverside in window.visits.note_windows)
    note = window.visits.note_windows[riverside]
    assert note.isVisible()
    note.close()


# --- the trip planner ---------------------------------------------------------------

def test_the_trip_planner_plans_three_providers_on_consecutive_working_days(
        qtbot, window, sample_db, builder):
    for name, start in (("Moorland Academy", date(2025, 12, 20)),
                        ("Fernhill College", date(2025, 12, 10))):
        builder.placement(f"{name.split()[0]} Child", builder.provider(name), start=start)
    window.refresh()
    window.pages.trip_planner.trigger()  # View > Trip planner (Ctrl+Shift+T)
    page = page_of(window, TripPlanner)
    tree = page.tree
    tree.setFocus()
    items = {item.text(): item for item in provider_items(page.model)}
    for name in ("Brookside School", "Fernhill College", "Moorland Academy"):
        tree.setCurrentIndex(items[name].index())
        qtbot.keyClick(tree, Qt.Key.Key_Space)  # tick it for the trip
    assert page.trip_button.text() == "Plan &trip (3)…"
    qtbot.mouseClick(page.trip_button, LEFT)
    dialog = modal(qtbot, PlanTripDialog)
    start = dialog.findChild(QLineEdit, "tripStartDateEdit")
    assert start.text() == "23/11/2026"  # the next working day
    start.clear()
    qtbot.keyClicks(start, "24/12/2026")  # Christmas Eve, a Thursday
    assert dialog.plan_label.text().split("<br>") == [
        "Thu 24/12/2026 — Brookside School",
        "Tue 29/12/2026 — Fernhill College",  # Christmas, the weekend, Boxing Day's Monday
        "Wed 30/12/2026 — Moorland Academy"]
    qtbot.keyClicks(dialog.findChild(QLineEdit, "visitors"), "A. Patel")
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), LEFT)  # one step

    assert not dialog.isVisible()
    assert planned_at(sample_db, "Brookside School") == [date(2026, 12, 24)]
    assert planned_at(sample_db, "Fernhill College") == [date(2026, 12, 29)]
    assert planned_at(sample_db, "Moorland Academy") == [date(2026, 12, 30)]
    planned = {item.text(): item.index().siblingAtColumn(4).data()
               for item in provider_items(page.model)}
    assert planned["Brookside School"] == "24/12/2026"
    assert not page.ticked()
    assert "planned 24/12/2026" in register_status(window, "Amara Okafor")


def test_a_provider_already_planned_cannot_be_put_on_a_trip(qtbot, window, sample_db):
    window.pages.trip_planner.trigger()
    page = page_of(window, TripPlanner)
    items = {item.text(): item for item in provider_items(page.model)}
    item = items["Brookside School"]
    page.tree.setFocus()
    page.tree.setCurrentIndex(item.index())
    qtbot.keyClick(page.tree, Qt.Key.Key_Space)
    assert page.ticked()  # not planned yet: it goes on the trip
    qtbot.mouseClick(page.trip_button, LEFT)
    dialog = modal(qtbot, PlanTripDialog)
    qtbot.keyClicks(dialog.findChild(QLineEdit, "visitors"), "A. Patel")
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), LEFT)
    item = {item.text(): item for item in provider_items(page.model)}["Brookside School"]
    page.tree.setCurrentIndex(item.index())
    qtbot.keyClick(page.tree, Qt.Key.Key_Space)
    assert not page.ticked()  # planned now: a second trip would plan a second visit
    assert "reschedule it" in item.toolTip()
    assert len(planned_at(sample_db, "Brookside School")) == 1


def test_enter_on_a_trip_row_not_planned_plans_it_and_ctrl_r_records_one_planned(
        qtbot, window, sample_db):
    ensure_default_framework(sample_db)
    window.pages.trip_planner.trigger()
    tree = page_of(window, TripPlanner).tree
    active(qtbot, tree)
    tree.setCurrentIndex(tree.model().index(0, 0, tree.model().index(0, 0)))  # Brookside
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    plan_on(qtbot, modal(qtbot, PlanVisitDialog), "26/11/2026")
    assert planned_at(sample_db, "Brookside School") == [date(2026, 11, 26)]
    active(qtbot, tree)
    hillcrest = tree.model().index(0, 0, tree.model().index(1, 0))  # planned 10/12/2026
    assert hillcrest.data() == "Hillcrest House"
    [visit_id] = [v.visit_id for v in visits_between(sample_db, date(2026, 12, 10),
                                                       date(2026, 12, 10))]
    tree.setCurrentIndex(hillcrest)
    qtbot.keyClick(tree, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    record_it_now(qtbot, "10/12/2026")
    qtbot.waitUntil(lambda: visit_id in window.visits.note_windows)
    note = window.visits.note_windows[visit_id]
    assert note.isVisible()
    note.close()


# --- the dashboard ------------------------------------------------------------------

def dashboard_list(qtbot, window, key: str) -> QTableView:
    qtbot.waitUntil(lambda: window.dashboard.figures is not None
                    and not window.dashboard.working, timeout=10_000)
    qtbot.mouseClick(window.findChild(QPushButton, f"tile_{key}"), LEFT)
    return window.findChild(QTableView, "dashboardList")


def choose_listed(view: QTableView, child: str, column: int = 2) -> None:
    model = view.model()
    [row] = [r for r in range(model.rowCount()) if model.index(r, column).data() == child]
    view.setFocus()
    view.setCurrentIndex(model.index(row, 0))


def test_enter_on_an_overdue_child_not_planned_plans_the_visit(qtbot, window, sample_db):
    view = dashboard_list(qtbot, window, d.OVERDUE)
    choose_listed(view, "Amara Okafor")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    with qtbot.waitSignal(window.dashboard.figuresReady, timeout=10_000):
        plan_on(qtbot, modal(qtbot, PlanVisitDialog), "24/11/2026")
    assert planned_at(sample_db, "Brookside School") == [date(2026, 11, 24)]
    assert window.tabs.currentWidget() is window.dashboard  # still where the user was
    model = view.model()
    [planned] = [model.index(r, 4).data() for r in range(model.rowCount())
                 if model.index(r, 2).data() == "Amara Okafor"]
    assert planned == "24/11/2026"


def test_the_dashboard_lists_right_click_menu_and_toolbar_record_a_visit(
        qtbot, window, sample_db):
    ensure_default_framework(sample_db)
    view = dashboard_list(qtbot, window, d.DUE_SOON)
    texts = [a.text() for a in view.actions()]
    assert texts == ["&Plan visit…", "&Record visit…", "Re&schedule visit…", "&Cancel visit…",
                     "Show in re&gister"]
    choose_listed(view, "Zoë Brennan")
    [riverside] = [v.visit_id for v in visits_between(sample_db, date(2026, 12, 1),
                                                        date(2026, 12, 1))]
    window.findChild(QWidget, "recordVisitButton").click()  # the toolbar's Record visit
    record_it_now(qtbot, "01/12/2026")
    qtbot.waitUntil(lambda: riverside in window.visits.note_windows)
    note = window.visits.note_windows[riverside]
    assert note.isVisible()
    note.close()
    choose_listed(view, "Harry Irwin")
    next(a for a in view.actions() if a.text() == "&Plan visit…").trigger()
    dialog = modal(qtbot, PlanVisitDialog)
    assert dialog.provider_name == "Hillcrest House"
    dialog.reject()


# --- the toolbar and the register's right-click menu -----------------------------------

def test_the_toolbar_and_the_row_menu_plan_and_record(qtbot, window, sample_db, builder):
    toolbar = window.findChild(QToolBar, "mainToolBar")
    assert window.visits.plan_action in toolbar.actions()
    assert window.visits.record_action in toolbar.actions()
    row_menu = [a.text() for a in window.register_view.table.actions()]
    assert row_menu[-6:] == ["", "&Plan visit…", "&Record visit…", "Re&schedule visit…",
                             "&Cancel visit…", "Open &last visit note"]
    window.select_placement(builder.placements["Amara Okafor"])
    qtbot.mouseClick(window.findChild(QWidget, "planVisitButton"), LEFT)
    plan_on(qtbot, modal(qtbot, PlanVisitDialog), "27/11/2026")
    assert planned_at(sample_db, "Brookside School") == [date(2026, 11, 27)]
    assert "planned 27/11/2026" in register_status(window, "Amara Okafor")


# --- the provider's page ---------------------------------------------------------------

def test_the_providers_page_plans_a_visit_and_opens_older_notes(qtbot, window, sample_db,
                                                                 signed_note):
    window.pages.monthly_schedule.trigger()
    schedule = page_of(window, MonthlySchedule)
    schedule.next_button.click()
    schedule.visits_table.setFocus()
    schedule.visits_table.setCurrentIndex(schedule.visits_model.index(0, 0))  # Riverside
    qtbot.keyClick(schedule.visits_table, Qt.Key.Key_Return)
    page = page_of(window, ProviderPage)
    assert page.provider.name == "Riverside College"
    qtbot.mouseClick(page.plan_button, LEFT)
    plan_on(qtbot, modal(qtbot, PlanVisitDialog), "14/12/2026")
    assert date(2026, 12, 14) in planned_at(sample_db, "Riverside College")
    visits = page.tables["providerVisits"]
    assert page.tabs.currentWidget() is visits
    assert [row[0] for row in rows(visits)] == [  # every visit, the oldest too
        "14/12/2026", "01/12/2026", "02/11/2026", "03/12/2025"]
    visits.setFocus()
    visits.setCurrentIndex(visits.model().index(2, 0))
    qtbot.keyClick(visits, Qt.Key.Key_Return)  # opened from the schedule, not the register
    note = window.visits.note_windows[signed_note]
    assert note.isVisible() and note.note.locked
    note.close()


# --- the child's page -----------------------------------------------------------------

def open_child_page(window, placement_id: int) -> ChildPage:
    window.select_placement(placement_id)
    window.pages.child.trigger()  # View > Open child's page
    return page_of(window, ChildPage)


def test_enter_on_a_visit_on_the_childs_page_opens_its_note(qtbot, window, builder,
                                                            signed_note):
    page = open_child_page(window, builder.placements["Zoë Brennan"])
    table = page.visits_table
    assert [row[0] for row in rows(table)] == ["01/12/2026", "02/11/2026", "03/12/2025"]
    table.setFocus()
    table.setCurrentIndex(table.model().index(1, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    note = window.visits.note_windows[signed_note]
    assert isinstance(note, VisitNoteWindow) and note.isVisible()
    assert note.note.visit_date == date(2026, 11, 2)
    note.close()


def test_print_for_the_childs_file_is_one_click(qtbot, window, builder, signed_note):
    page = open_child_page(window, builder.placements["Zoë Brennan"])
    assert page.print_button.isEnabled()
    qtbot.mouseClick(page.print_button, LEFT)  # no row chosen: the last signed-off visit
    preview = modal(qtbot, ReportPreview)
    assert preview.windowTitle() == (
        "Visit note — Riverside College, 02/11/2026 — Copy for Zoë Brennan's file")
    assert preview.document.pageCount() >= 1
    preview.reject()
    table = page.visits_table
    assert [a.text() for a in table.actions()] == [
        "Open &note", "&Print for this child's file…", "Re&schedule visit…", "&Cancel visit…"]
    table.setFocus()
    table.setCurrentIndex(table.model().index(1, 0))
    table.actions()[1].trigger()  # the visit row's right-click menu
    preview = modal(qtbot, ReportPreview)
    assert "02/11/2026 — Copy for Zoë Brennan's file" in preview.windowTitle()
    preview.reject()


def test_print_is_offered_only_when_a_note_is_signed_off(qtbot, window, builder):
    page = open_child_page(window, builder.placements["Daniel Evans"])  # never visited
    assert not page.print_button.isEnabled()
    assert page.print_button.toolTip() == "No signed-off visit note covers this child yet"
