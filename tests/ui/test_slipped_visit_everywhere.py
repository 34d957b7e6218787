"""A visit planned for a date that has passed, not recorded, reads "date passed, not
recorded" on every screen that shows it, from the one main window: the register (status
column and its "Slipped visits" filter), the dashboard's Overdue tile, the child's page,
the provider's page, the monthly schedule and the trip planner. Never "in hand"."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QPushButton,
    QTableView,
    QToolButton,
    QTreeView,
)

from placement_qa.domain import dashboard as d
from placement_qa.domain.register import VISIT_PLANNED
from placement_qa.ui.dashboard.list_model import COL_PLANNED
from placement_qa.ui.register_model import COL_CHILD, COL_STATUS

PLANNED_ON = date(2026, 11, 17)  # before the sample register's 22/11/2026
SLIPPED = "Planned 17/11/2026 — date passed, not recorded"
LEFT = Qt.MouseButton.LeftButton


def table_texts(table: QTableView) -> list[str]:
    model = table.model()
    return [str(model.index(r, c).data()) for r in range(model.rowCount())
            for c in range(model.columnCount())]


def tree_texts(tree: QTreeView) -> list[str]:
    model, texts = tree.model(), []
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        texts += [str(model.index(r, c, group).data()) for r in range(model.rowCount(group))
                  for c in range(model.columnCount(group))]
    return texts


@pytest.fixture
def slipped_window(qtbot, open_window, sample_db, builder):
    """The sample register (as of 22/11/2026) where Amara Okafor's overdue visit to
    Brookside School was planned for 17/11/2026 and never recorded."""
    brookside = sample_db.execute(
        "SELECT id FROM providers WHERE name = 'Brookside School'").fetchone()[0]
    builder.visit(brookside, PLANNED_ON, "Amara Okafor", status=VISIT_PLANNED)
    window = open_window(sample_db)
    qtbot.waitUntil(lambda: window.dashboard.figures is not None
                    and not window.dashboard.working, timeout=10_000)
    return window


def choose_amara(window) -> None:
    """Make Amara Okafor's row the register's current row, as a click would."""
    window.show_register()
    view = window.register_view
    row = next(r for r in range(view.model.rowCount())
               if view.model.index(r, COL_CHILD).data().endswith("Amara Okafor"))
    view.table.setCurrentIndex(view.model.index(row, COL_CHILD))


def test_the_register_status_and_its_filter(qtbot, slipped_window):
    view = slipped_window.register_view
    slipped_window.show_register()
    button = slipped_window.findChild(QToolButton, "statusFilter_slipped")
    assert button.text() == "Slipped visits (1)"
    qtbot.mouseClick(button, LEFT)
    assert view.model.rowCount() == 1
    assert view.model.index(0, COL_CHILD).data() == "Amara Okafor"
    assert view.model.index(0, COL_STATUS).data().endswith(f"Overdue · {SLIPPED}")
    assert "the date passed and the visit is not recorded" in view.model.index(
        0, COL_STATUS).data(Qt.ItemDataRole.ToolTipRole)


def test_the_dashboard_overdue_tile_counts_it(qtbot, slipped_window):
    overdue = slipped_window.findChild(QPushButton, f"tile_{d.OVERDUE}")
    assert overdue.accessibleName() == (
        "Overdue visits: 2, of which 1 not planned, 1 date passed")
    qtbot.mouseClick(overdue, LEFT)
    listed = slipped_window.findChild(QTableView, "dashboardList").model()
    planned = [listed.index(r, COL_PLANNED).data() for r in range(listed.rowCount())]
    assert SLIPPED in planned


def test_the_child_and_provider_pages(qtbot, slipped_window):
    choose_amara(slipped_window)
    slipped_window.pages.child.trigger()
    child = _last_dialog(slipped_window, "— child")
    child_table = child.findChild(QTableView, "childPlacements")
    assert any(text.endswith(f"Overdue · {SLIPPED}") for text in table_texts(child_table))
    assert SLIPPED in table_texts(child.findChild(QTableView, "childVisits"))
    slipped_window.pages.provider.trigger()
    provider = _last_dialog(slipped_window, "— provider")
    assert any(text.endswith(f"Overdue · {SLIPPED}")
               for text in table_texts(provider.findChild(QTableView, "providerPlacements")))
    assert SLIPPED in table_texts(provider.findChild(QTableView, "providerVisits"))


def test_the_monthly_schedule_and_the_trip_planner(qtbot, slipped_window):
    slipped_window.pages.monthly_schedule.trigger()
    schedule = _last_dialog(slipped_window, "Monthly schedule")
    assert SLIPPED in table_texts(schedule.findChild(QTableView, "plannedVisitsTable"))
    slipped_window.pages.trip_planner.trigger()
    trips = _last_dialog(slipped_window, "Trip planner")
    assert SLIPPED in tree_texts(trips.findChild(QTreeView, "tripTree"))


def _last_dialog(window, title_part: str) -> QDialog:
    shown = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QDialog) and w.isVisible() and title_part in w.windowTitle()
             and w.parent() is window]
    assert shown, f"no window titled with {title_part!r}"
    return shown[-1]
