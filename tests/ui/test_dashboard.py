"""The dashboard driven like a user: tiles, the lists behind them, planning and completing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QTableView

from placement_qa.domain import dashboard as d
from placement_qa.domain.ehcp import is_review_overdue
from placement_qa.domain.schedule import MONITORED_STATUSES, Status
from placement_qa.store.dashboard import child_reviews
from placement_qa.store.pages import awaiting_provision
from placement_qa.store.planning import mark_schedule_reviewed
from placement_qa.store.records import get_placement
from placement_qa.store.register import insert_many
from placement_qa.store.schedule import schedule_as_of
from placement_qa.store.visits import add_visit, set_visit_status
from placement_qa.ui.dashboard.list_model import COL_PLANNED, COL_SUBJECT, DashboardListModel
from placement_qa.ui.main_window import MainWindow

AS_OF = date(2026, 11, 22)


def wait_for_figures(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.dashboard.figures is not None
                    and not window.dashboard.working, timeout=10_000)


def refresh(qtbot, window: MainWindow) -> None:
    """F5, as a user would, waiting for the new figures."""
    with qtbot.waitSignal(window.dashboard.figuresReady, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_F5)


def tile(window, key: str) -> QPushButton:
    return window.findChild(QPushButton, f"tile_{key}")


def list_column(window, column: int = COL_SUBJECT) -> list[str]:
    model = window.findChild(QTableView, "dashboardList").model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def click_tile(qtbot, window, key: str) -> list[str]:
    qtbot.mouseClick(tile(window, key), Qt.MouseButton.LeftButton)
    return list_column(window)


def expected_children(db) -> dict[str, list[str]]:
    """Each placement tile's children, worked out here from the schedule lines."""
    lines = schedule_as_of(db, AS_OF)
    monitored = [ln for ln in lines if ln.status in MONITORED_STATUSES]
    current = {ln.placement.child_id for ln in lines if ln.status != Status.ENDED}

    def names(chosen):
        return sorted(ln.placement.child_name for ln in chosen)

    return {
        d.IN_SCHEDULE: names(ln for ln in monitored if ln.status != Status.OVERDUE),
        d.OVERDUE: names(ln for ln in lines if ln.status == Status.OVERDUE),
        d.DUE_SOON: names(ln for ln in lines if ln.status == Status.DUE_SOON),
        d.NEVER_VISITED: names(ln for ln in monitored if ln.last_visit is None),
        d.OVERDUE_REVIEWS: sorted(
            r.child_name for r in child_reviews(db) if r.child_id in current
            and is_review_overdue(r.last_review, r.next_review_due, AS_OF)
        ),
        d.AWAITING: sorted(a.child_name for a in awaiting_provision(db, AS_OF)),
    }


@pytest.fixture
def dashboard_db(sample_db, builder):
    """The sample register with two open actions (one past due) and two EHCP reviews."""
    db = sample_db
    provider = get_placement(db, builder.placements["Amara Okafor"]).provider_id
    for description, due in [("Send the care plan", date(2026, 11, 1)),
                             ("Not yet due", date(2026, 12, 1))]:
        db["follow_up_actions"].insert({"provider_id": provider, "description": description,
                                        "due_date": due.isoformat(), "status": "open"})
    for child, last in [("Amara Okafor", "2025-10-01"), ("Ella Fraser", "2024-01-01")]:
        child_id = get_placement(db, builder.placements[child]).child_id
        db["children"].update(child_id, {"ehcp_last_review": last})
    return db


@pytest.fixture
def dashboard_window(open_window, dashboard_db, qtbot):
    window = open_window(dashboard_db)
    wait_for_figures(qtbot, window)
    return window


def test_the_dashboard_is_the_landing_screen(dashboard_window):
    assert dashboard_window.tabs.currentWidget() is dashboard_window.dashboard
    heading = dashboard_window.findChild(QLabel, "dashboardHeading")
    assert heading.text() == "Dashboard as of 22/11/2026"


@pytest.mark.parametrize(
    "key", [d.IN_SCHEDULE, d.OVERDUE, d.DUE_SOON, d.NEVER_VISITED, d.OVERDUE_REVIEWS, d.AWAITING]
)
def test_a_tile_counts_exactly_the_children_it_lists(qtbot, dashboard_window, dashboard_db, key):
    expected = expected_children(dashboard_db)[key]
    shown = click_tile(qtbot, dashboard_window, key)
    assert sorted(shown) == expected
    figures = dashboard_window.dashboard.figures
    assert figures.tile(key).count == len(expected)
    if key != d.IN_SCHEDULE:
        assert tile(dashboard_window, key).accessibleName().startswith(
            f"{d.TILE_LABELS[key]}: {len(expected)}"
        )


def test_the_sample_register_figures(qtbot, dashboard_window):
    names = {key: tile(dashboard_window, key).accessibleName() for key in d.TILE_KEYS}
    assert names[d.IN_SCHEDULE] == "Placements in schedule: 66.7%, 4 of 6 monitored placements"
    assert names[d.PROVIDERS_VISITED] == (
        "Providers visited in the last 12 months: 75.0%, 3 of 4 providers"
    )
    assert names[d.OVERDUE] == "Overdue visits: 2, of which 2 not planned, 0 date passed"
    assert click_tile(qtbot, dashboard_window, d.OVERDUE_ACTIONS) == ["Send the care plan"]
    assert click_tile(qtbot, dashboard_window, d.OVERDUE_REVIEWS) == ["Amara Okafor"]
    visited = click_tile(qtbot, dashboard_window, d.PROVIDERS_VISITED)
    # every monitored provider, the one NOT visited in 12 months (to act on) first
    assert len(visited) == 4
    assert visited[0] == "Not visited in 12 months (last visit 01/10/2025)"
    assert all(text.startswith("Last visit") for text in visited[1:])


def test_enter_on_a_focused_tile_shows_its_list(qtbot, dashboard_window):
    button = tile(dashboard_window, d.AWAITING)
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Return)
    assert button.isChecked()
    assert list_column(dashboard_window) == ["Chloe Davies"]


def test_planning_then_completing_a_visit_moves_the_placement(
    qtbot, dashboard_window, dashboard_db, builder
):
    window = dashboard_window
    amara = builder.placements["Amara Okafor"]
    provider = get_placement(dashboard_db, amara).provider_id
    visit_id = add_visit(dashboard_db, provider_id=provider, visit_date=date(2026, 12, 4),
                         placement_ids=[amara], status="planned")
    refresh(qtbot, window)
    assert tile(window, d.OVERDUE).accessibleName() == (
        "Overdue visits: 2, of which 1 not planned, 0 date passed")
    click_tile(qtbot, window, d.OVERDUE)
    rows = dict(zip(list_column(window), list_column(window, COL_PLANNED), strict=True))
    assert rows == {"Amara Okafor": "04/12/2026", "Ben Carter": "Not planned"}

    dashboard_db["monitoring_visits"].update(visit_id, {"visit_date": "2026-11-20"})
    set_visit_status(dashboard_db, visit_id, "completed")
    refresh(qtbot, window)
    assert tile(window, d.OVERDUE).accessibleName() == (
        "Overdue visits: 1, of which 1 not planned, 0 date passed")
    assert list_column(window) == ["Ben Carter"]  # the overdue list is still the one shown
    assert "Amara Okafor" in click_tile(qtbot, window, d.IN_SCHEDULE)
    assert tile(window, d.IN_SCHEDULE).accessibleName().startswith("Placements in schedule: 83.3%")


def test_changing_the_date_works_the_figures_out_again(qtbot, dashboard_window):
    with qtbot.waitSignal(dashboard_window.dashboard.figuresReady, timeout=10_000) as blocker:
        dashboard_window.set_as_of(date(2026, 4, 30))
    assert blocker.args[0].as_of == date(2026, 4, 30)
    heading = dashboard_window.findChild(QLabel, "dashboardHeading")
    assert heading.text() == "Dashboard as of 30/04/2026"
    chart = dashboard_window.dashboard.chart
    assert chart.months_axis.categories()[-1] == "Apr"
    assert "April 2026" in chart.accessibleDescription()


def test_alt_keys_switch_between_dashboard_and_register(qtbot, dashboard_window):
    qtbot.keyClick(dashboard_window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert dashboard_window.tabs.currentWidget() is dashboard_window.register_view
    qtbot.keyClick(dashboard_window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert dashboard_window.tabs.currentWidget() is dashboard_window.dashboard


def test_the_list_model_is_a_well_behaved_model(qtmodeltester, dashboard_window):
    figures = dashboard_window.dashboard.figures
    model = DashboardListModel()
    model.set_rows(d.OVERDUE, figures.tile(d.OVERDUE).rows)
    qtmodeltester.check(model)


def fill_register(db, placements: int = 3000) -> None:
    providers = 120
    insert_many(db, "providers", (
        {"id": i, "name": f"Provider {i}", "provider_type": "independent_special",
         "host_authority": "Northshire"} for i in range(1, providers + 1)
    ))
    insert_many(db, "children", (
        {"id": i, "given_name": "Child", "family_name": str(i)} for i in range(1, placements + 1)
    ))
    insert_many(db, "placements", (
        {"id": i, "child_id": i, "provider_id": 1 + i % providers, "arrangement": "day",
         "start_date": (date(2022, 9, 1) + timedelta(days=i % 1200)).isoformat()}
        for i in range(1, placements + 1)
    ))
    insert_many(db, "monitoring_visits", (
        {"id": i, "provider_id": 1 + i % providers, "status": "completed",
         "visit_date": (date(2025, 6, 1) + timedelta(days=i % 500)).isoformat()}
        for i in range(1, placements + 1, 2)
    ))
    insert_many(db, "visit_placements", (
        {"visit_id": i, "placement_id": i} for i in range(1, placements + 1, 2)
    ))


def test_a_larger_register_shows_the_window_before_the_figures(
    qtbot, register_db, register_path
):
    fill_register(register_db)
    window = MainWindow(register_db, register_path=register_path, as_of=AS_OF)
    qtbot.addWidget(window)
    window.show()
    # Shown, and the figures are still being worked out on another thread.
    assert window.isVisible()
    assert window.dashboard.figures is None and window.dashboard.working
    assert window.findChild(QLabel, "dashboardState").text() == "Working out the figures…"
    with qtbot.waitSignal(window.dashboard.figuresReady, timeout=30_000) as blocker:
        pass
    figures = blocker.args[0]
    lines = schedule_as_of(register_db, AS_OF)
    overdue = sum(1 for line in lines if line.status == Status.OVERDUE)
    assert figures.tile(d.OVERDUE).count == overdue
    assert window.findChild(QTableView, "dashboardList").model().rowCount() == overdue


def test_the_figures_are_worked_out_off_the_gui_thread(qtbot, open_window, sample_db,
                                                       monkeypatch):
    import threading

    from placement_qa.ui.dashboard import view

    threads = []
    real = view.dashboard_as_of

    def recording(db, as_of):
        threads.append(threading.current_thread())
        return real(db, as_of)

    monkeypatch.setattr(view, "dashboard_as_of", recording)
    window = open_window(sample_db)
    wait_for_figures(qtbot, window)
    assert threads and all(t is not threading.main_thread() for t in threads)


def test_enter_on_a_listed_child_opens_their_placement_in_the_register(
    qtbot, dashboard_window, builder
):
    # (Enter on one with no visit planned plans it: tests/ui/test_plan_from_lists.py)
    click_tile(qtbot, dashboard_window, d.DUE_SOON)
    view = dashboard_window.findChild(QTableView, "dashboardList")
    row = list_column(dashboard_window).index("Harry Irwin")  # planned 10/12/2026
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert dashboard_window.tabs.currentWidget() is dashboard_window.register_view
    register = dashboard_window.findChild(QTableView, "registerTable")
    placement_role = register.model().PLACEMENT_ID_ROLE
    assert register.currentIndex().data(placement_role) == builder.placements["Harry Irwin"]


def test_the_dashboard_shows_whether_this_months_schedule_was_reviewed(
    qtbot, dashboard_window, dashboard_db
):
    review = dashboard_window.findChild(QLabel, "dashboardReview")
    assert "has not been reviewed yet" in review.text()
    mark_schedule_reviewed(dashboard_db, "2026-11", "P. Manager",
                           datetime(2026, 11, 20, 9, 30, tzinfo=UTC))
    mark_schedule_reviewed(dashboard_db, "2026-10", "Someone Else",
                           datetime(2026, 10, 30, 9, 30, tzinfo=UTC))  # another month
    refresh(qtbot, dashboard_window)
    assert review.text().startswith(
        "Monthly schedule review — Reviewed by P. Manager on 20/11/2026")


def test_actions_due_for_escalation_are_counted_on_their_tile(qtbot, dashboard_window,
                                                              dashboard_db):
    """The care plan was due 01/11/2026: 15 working days past due on 22/11/2026."""
    from placement_qa.domain.action_chase import ESCALATED, ChaseRecord
    from placement_qa.store.action_chases import record_chase
    from placement_qa.store.actions import list_actions
    from placement_qa.store.settings import set_setting

    window = dashboard_window
    assert tile(window, d.OVERDUE_ACTIONS).accessibleName() == "Follow-up actions past due: 1"
    set_setting(dashboard_db, "chase_escalated_working_days", "15")
    refresh(qtbot, window)
    assert tile(window, d.OVERDUE_ACTIONS).accessibleName() == (
        "Follow-up actions past due: 1, of which 1 due for escalation to the contract manager")
    [care_plan] = [a for a in list_actions(dashboard_db) if a.description == "Send the care plan"]
    record_chase(dashboard_db, ChaseRecord(care_plan.action_id, ESCALATED, AS_OF, "Jo Okafor",
                                           "Emailed the contract manager"), AS_OF)
    refresh(qtbot, window)
    assert tile(window, d.OVERDUE_ACTIONS).accessibleName() == "Follow-up actions past due: 1"
