"""The monthly schedule and the trip planner, as a provision manager uses them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QDialog

from placement_qa.domain.register import VISIT_PLANNED
from placement_qa.store.planning import last_schedule_review
from placement_qa.ui.pages.monthly_schedule import (
    MonthlySchedule,
    month_title,
    open_monthly_schedule,
    shift_month,
)
from placement_qa.ui.pages.provider_page import ProviderPage
from placement_qa.ui.pages.trip_planner import TripPlanner, open_trip_planner, trip_summary

D = date
LEFT = Qt.MouseButton.LeftButton
REVIEWED_AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def cells(table) -> list[list[str]]:
    model = table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def tree_rows(tree) -> list[tuple[str, list[str]]]:
    """Each group's first cell with its providers' names."""
    model = tree.model()
    groups = []
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        groups.append((group.data(), [model.index(r, 0, group).data()
                                      for r in range(model.rowCount(group))]))
    return groups


def dialogs_showing(page_type) -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible()
            and any(isinstance(c, page_type) for c in w.children())]


def provider_titles(before: list[QDialog]) -> list[str]:
    """Titles of the provider pages opened since ``before`` (other tests may leave some)."""
    return sorted(d.windowTitle() for d in dialogs_showing(ProviderPage) if d not in before)


def schedule_page(qtbot, db, as_of) -> MonthlySchedule:
    page = MonthlySchedule(db, as_of, "P. Manager", clock=lambda: REVIEWED_AT)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


# --- month arithmetic ------------------------------------------------------------


def test_months_step_across_the_year_end():
    assert shift_month("2026-12", 1) == "2027-01"
    assert shift_month("2026-01", -1) == "2025-12"
    assert month_title("2026-12") == "December 2026"


# --- the monthly schedule -------------------------------------------------------


def test_the_schedule_lists_exactly_the_months_planned_visits(qtbot, sample_db, as_of):
    page = schedule_page(qtbot, sample_db, as_of)
    assert page.heading.text() == "November 2026"
    assert cells(page.visits_table) == []
    assert [row[0] for row in cells(page.due_table)] == ["Brookside School"]
    assert cells(page.due_table)[0][-1].endswith("Overdue")
    qtbot.mouseClick(page.next_button, LEFT)
    assert page.heading.text() == "December 2026"
    assert [row[:3] + row[4:] for row in cells(page.visits_table)] == [
        # visitors, assigned to, placements covered, state
        ["01/12/2026", "Riverside College", "Eastmoor", "", "", "1", "Planned"],
        ["10/12/2026", "Hillcrest House", "Southvale", "", "", "1", "Planned"],
    ]
    assert cells(page.visits_table)[0][3] == "Annual monitoring"
    assert page.visits_label.text() == "Planned visits in December 2026: 2"
    # Zoë and Harry are due by 31/12 but planned: only Amara's Brookside is left to plan
    assert [(row[0], row[-1]) for row in cells(page.due_table)] == [
        ("Brookside School", "Overdue")]


def test_next_and_previous_change_the_list(qtbot, builder, sample_db, as_of):
    oakfield = sample_db.execute(
        "SELECT id FROM providers WHERE name = 'Oakfield School'").fetchone()[0]
    builder.visit(oakfield, D(2027, 1, 12), "Grace Hall", status=VISIT_PLANNED)
    builder.visit(oakfield, D(2026, 12, 31), "Grace Hall", status="cancelled")
    page = schedule_page(qtbot, sample_db, D(2027, 1, 4))
    assert [row[1] for row in cells(page.visits_table)] == ["Oakfield School"]
    qtbot.mouseClick(page.previous_button, LEFT)
    assert page.month == "2026-12"
    assert [row[1] for row in cells(page.visits_table)] == [
        "Riverside College", "Hillcrest House"]  # the cancelled visit never shows
    qtbot.mouseClick(page.previous_button, LEFT)
    assert cells(page.visits_table) == []
    qtbot.mouseClick(page.next_button, LEFT)
    qtbot.mouseClick(page.next_button, LEFT)
    assert page.heading.text() == "January 2027"


def test_marking_the_schedule_reviewed_records_who_and_when(qtbot, sample_db, as_of):
    page = schedule_page(qtbot, sample_db, as_of)
    qtbot.mouseClick(page.next_button, LEFT)
    assert page.review_label.text() == "The schedule for December 2026 has not been reviewed yet."
    qtbot.mouseClick(page.review_button, LEFT)
    rows = list(sample_db["schedule_reviews"].rows)
    assert [(r["month"], r["reviewed_by"], r["reviewed_at"]) for r in rows] == [
        ("2026-12", "P. Manager", "2026-12-01T09:30:00Z")]
    assert page.review_label.text() == "Reviewed by P. Manager on 01/12/2026 at 09:30"
    assert last_schedule_review(sample_db, "2026-12").reviewed_by == "P. Manager"
    qtbot.mouseClick(page.previous_button, LEFT)  # November was not reviewed
    assert "has not been reviewed" in page.review_label.text()


def test_the_reviewer_defaults_to_the_person_logged_in(qtbot, sample_db, as_of, monkeypatch):
    monkeypatch.setattr("placement_qa.ui.pages.monthly_schedule.current_os_user",
                        lambda: "jsmith")
    dialog = open_monthly_schedule(sample_db, as_of)
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and not dialog.isModal()
    assert dialog.windowTitle() == "Monthly schedule"
    page = dialog.findChild(MonthlySchedule)
    qtbot.mouseClick(page.review_button, LEFT)
    assert last_schedule_review(sample_db, "2026-11").reviewed_by == "jsmith"
    assert page.review_label.text().startswith("Reviewed by jsmith on ")


def test_a_row_opens_its_provider(qtbot, sample_db, as_of):
    dialog = open_monthly_schedule(sample_db, as_of, reviewer="P. Manager")
    qtbot.addWidget(dialog)
    page = dialog.findChild(MonthlySchedule)
    before = dialogs_showing(ProviderPage)
    page.due_table.setFocus()
    page.due_table.setCurrentIndex(page.due_model.index(0, 0))
    # (Enter there plans the visit: tests/ui/test_plan_from_lists.py)
    page.findChild(QAction, "scheduleDueProvider").trigger()  # its right-click menu
    assert provider_titles(before) == ["Brookside School — provider"]
    qtbot.mouseClick(page.next_button, LEFT)
    page.visits_table.setFocus()
    qtbot.keyClick(page.visits_table, Qt.Key.Key_Return)  # 01/12/2026 at Riverside
    assert provider_titles(before) == [
        "Brookside School — provider", "Riverside College — provider"]


# --- the trip planner --------------------------------------------------------------


def planner(qtbot, db, as_of) -> TripPlanner:
    page = TripPlanner(db, as_of)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_the_trip_planner_groups_providers_by_authority(qtbot, builder, sample_db, as_of):
    builder.placement("Isla Jones", builder.provider("Moorland Academy"),
                      start=D(2025, 12, 20))  # Northshire, due 20/12/2026
    page = planner(qtbot, sample_db, as_of)
    assert page.window_end == D(2027, 1, 17)
    assert tree_rows(page.tree) == [
        ("Northshire", ["Brookside School", "Moorland Academy"]),
        ("Southvale", ["Hillcrest House"]),
        ("Eastmoor", ["Riverside College"]),
    ]
    assert page.summary.text() == "4 providers in 3 authorities due by 17/01/2027"
    model = page.tree.model()
    hillcrest = model.index(0, 0, model.index(1, 0))
    assert [model.index(0, c, model.index(1, 0)).data() for c in range(2, 5)] == [
        "1", "30/11/2026", "10/12/2026"]
    assert hillcrest.data() == "Hillcrest House"
    assert model.index(0, 1).data() == "Region not known"


def test_the_window_end_changes_what_is_included(qtbot, sample_db, as_of):
    page = planner(qtbot, sample_db, as_of)
    edit = page.window_end_edit
    edit.setFocus()
    edit.setCurrentSection(QDateTimeEdit.Section.MonthSection)
    for _ in range(2):  # 17/01/2027 -> 17/03/2027: Grace Hall at Oakfield is due 01/03/2027
        qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert page.window_end == D(2027, 3, 17)
    assert tree_rows(page.tree)[0] == ("Northshire", ["Brookside School", "Oakfield School"])
    assert page.summary.text() == "4 providers in 3 authorities due by 17/03/2027"
    edit.setCurrentSection(QDateTimeEdit.Section.MonthSection)
    for _ in range(2):  # back to 17/01/2027: Oakfield goes again
        qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert page.summary.text() == "3 providers in 3 authorities due by 17/01/2027"
    assert tree_rows(page.tree)[0] == ("Northshire", ["Brookside School"])


def test_the_summary_speaks_in_words():
    assert trip_summary([], D(2027, 1, 17)) == "0 providers in 0 authorities due by 17/01/2027"


def test_the_trip_planner_opens_in_a_window_of_its_own(qtbot, sample_db, as_of):
    dialog = open_trip_planner(sample_db, as_of)
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and not dialog.isModal()
    assert dialog.windowTitle() == "Trip planner"
    tree = dialog.findChild(TripPlanner).tree
    before = dialogs_showing(ProviderPage)
    tree.setFocus()
    tree.setCurrentIndex(tree.model().index(0, 0))  # Northshire: an authority opens nothing
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert provider_titles(before) == []
    qtbot.keyClick(tree, Qt.Key.Key_Down)  # its first provider, Brookside School
    tree.findChild(QAction, "tripOpenProvider").trigger()  # (Enter plans: not planned)
    assert provider_titles(before) == ["Brookside School — provider"]
    for _ in range(2):  # Southvale, then Hillcrest House: planned, so Enter opens it
        qtbot.keyClick(tree, Qt.Key.Key_Down)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert provider_titles(before) == ["Brookside School — provider",
                                       "Hillcrest House — provider"]


# --- from the main window -------------------------------------------------------------


def test_the_view_menu_opens_both_from_the_keyboard(qtbot, window):
    view_menu = window.menu("&View")
    actions = window.pages
    assert actions.monthly_schedule in view_menu.actions()
    assert actions.trip_planner in view_menu.actions()
    table = window.register_view.table
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(table, Qt.Key.Key_M, ctrl_shift)
    [schedule] = dialogs_showing(MonthlySchedule)
    assert schedule.findChild(MonthlySchedule).heading.text() == "November 2026"
    qtbot.keyClick(table, Qt.Key.Key_T, ctrl_shift)
    [trips] = dialogs_showing(TripPlanner)
    assert trips.findChild(TripPlanner).summary.text().endswith("due by 17/01/2027")
