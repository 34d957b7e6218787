"""The dashboard screen: tiles, the list behind the chosen tile, and the year's chart.

The figures are worked out by a job on the app's :class:`~..jobs.JobRunner` (on a
worker thread, with its own read-only connection), so opening the window or changing
the date never waits for them; meanwhile the screen says "Working out the figures…".
``figuresReady`` is emitted (on the GUI thread) once the tiles, list and chart show the
new figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from ...domain import dashboard as d
from ...domain.dashboard import DashboardFigures, Tile
from ...domain.dates import uk
from ...store.dashboard import dashboard_as_of
from ..jobs import Job, JobControl, JobHandle, JobRunner
from ..pages.monthly_schedule import review_text
from ..pages.widgets import fit_columns
from .caseload import CaseloadTable
from .chart import HistoryChart
from .list_model import DashboardListModel, unused_columns
from .tiles import TILE_STYLE, TileButton

TILE_COLUMNS = 6  # the tiles in two rows, leaving the list its room
MAX_COLUMN_WIDTH = 180
WORKING = "Working out the figures…"
# Tiles whose number is a concern when it is not zero.
CONCERN_TILES = frozenset({d.OVERDUE, d.NEVER_VISITED, d.OVERDUE_ACTIONS, d.OVERDUE_REVIEWS,
                           d.AWAITING, d.CAUSING_CONCERN})
# Tiles listing placements due a visit: Enter on one with none planned plans it.
VISIT_TILES = frozenset({d.OVERDUE, d.DUE_SOON, d.NEVER_VISITED})


class DashboardView(QWidget):
    """The landing screen; :meth:`refresh` works the figures out again as of a date.

    Enter on a listed placement with no visit planned (Overdue, Due soon, ...) emits
    ``planRequested(placement_id)``; on any other row ``placementRequested``; the
    right-click menu has what :meth:`set_row_actions` is given (Plan, Record,
    Reschedule, Cancel visit) and Show in register.
    """

    figuresReady = Signal(object)  # DashboardFigures
    placementRequested = Signal(int)
    planRequested = Signal(int)

    def __init__(self, jobs: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.setAccessibleName("Dashboard")
        self.setStyleSheet(TILE_STYLE)
        self._jobs = jobs
        self._current: JobHandle | None = None  # the latest refresh's; others are stale
        self._running: list[JobHandle] = []
        self._figures: DashboardFigures | None = None
        self._chosen = d.OVERDUE
        self._build()

    # --- building --------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        self.heading = self._label("dashboardHeading", "Dashboard", "Dashboard heading")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.state_label = self._label("dashboardState", WORKING, "Dashboard state")
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.state_label)
        layout.addLayout(top)
        self.review_label = self._label("dashboardReview", "", "Monthly schedule review")
        layout.addWidget(self.review_label)
        layout.addLayout(self._build_tiles())
        lower = QHBoxLayout()
        left = QVBoxLayout()
        left.addLayout(self._build_list(), 3)
        self.caseloads = CaseloadTable(self)
        left.addWidget(self.caseloads, 2)
        lower.addLayout(left, 3)
        self.chart = HistoryChart(self)
        lower.addWidget(self.chart, 2)
        layout.addLayout(lower, 1)

    def _label(self, name: str, text: str, accessible: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        return label

    def _build_tiles(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(8)
        self.tile_group = QButtonGroup(self)
        self.tile_group.setExclusive(True)
        self.tiles: dict[str, TileButton] = {}
        for position, key in enumerate(d.TILE_KEYS):
            button = TileButton(key, d.TILE_LABELS[key], self)
            button.clicked.connect(lambda _checked=False, k=key: self.show_list(k))
            self.tile_group.addButton(button)
            self.tiles[key] = button
            grid.addWidget(button, *divmod(position, TILE_COLUMNS))
        return grid

    def _build_list(self) -> QVBoxLayout:
        box = QVBoxLayout()
        self.list_heading = self._label("dashboardListHeading", "", "List heading")
        self.list_heading.setStyleSheet("font-weight: bold;")
        self.list_model = DashboardListModel(self)
        self.list_view = QTableView(self)
        self.list_view.setObjectName("dashboardList")
        self.list_view.setAccessibleName("Records behind the chosen tile")
        self.list_view.setModel(self.list_model)
        self.list_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setAlternatingRowColors(True)
        self.list_view.setTabKeyNavigation(False)  # Tab moves on; the arrows walk the rows
        self.list_view.verticalHeader().setVisible(False)
        header = self.list_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.list_view.activated.connect(self._open_row)
        self.list_heading.setBuddy(self.list_view)
        box.addWidget(self.list_heading)
        box.addWidget(self.list_view, 1)
        return box

    # --- behaviour -------------------------------------------------------------

    @property
    def figures(self) -> DashboardFigures | None:
        return self._figures

    @property
    def working(self) -> bool:
        return any(not handle.done for handle in self._running)

    def refresh(self, as_of: date) -> None:
        """Work the figures out again as of ``as_of`` (off the GUI thread); what an
        earlier computation finds is stale (one still waiting to start never starts)."""
        self._forget_current()
        self._running = [handle for handle in self._running if not handle.done]
        handle = self._jobs.start(figures_job(as_of))
        handle.succeeded.connect(self._on_computed)
        handle.failed.connect(self._on_failed)
        self._current = handle
        self._running.append(handle)
        self.state_label.setText(WORKING)
        self.state_label.show()

    def _forget_current(self) -> None:
        current, self._current = self._current, None
        if current is not None and not current.done:
            current.cancel()
            current.succeeded.disconnect(self._on_computed)
            current.failed.disconnect(self._on_failed)

    def stop(self) -> None:
        """Wait for any computation still running (before the window goes)."""
        self._forget_current()  # whatever arrives now is stale
        for handle in self._running:
            handle.wait()
        self._running.clear()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()
        super().closeEvent(event)

    def _on_failed(self, message: str) -> None:
        self.state_label.setText(message)

    def _on_computed(self, figures: DashboardFigures) -> None:
        self._figures = figures
        self.heading.setText(f"Dashboard as of {uk(figures.as_of)}")
        month = figures.as_of.strftime("%Y-%m")
        self.review_label.setText(
            f"Monthly schedule review — {review_text(figures.schedule_review, month)}"
            + ("" if figures.schedule_review else " (View ▸ Monthly schedule…)"))
        self.state_label.setText("")
        self.state_label.hide()
        for tile in figures.tiles:
            self.tiles[tile.key].show_tile(tile, concern=is_concern(tile))
        self.chart.set_history(figures.history)
        self.caseloads.show_caseloads(figures.caseloads, figures.draft_days)
        self.show_list(self._chosen)
        self.figuresReady.emit(figures)

    def set_me(self, officer_uuid: str | None) -> None:
        """Mark this officer's line "(you)" in the caseload table."""
        self.caseloads.me = officer_uuid
        if self._figures is not None:
            self.caseloads.show_caseloads(self._figures.caseloads, self._figures.draft_days)

    def show_list(self, key: str) -> None:
        """Show the records behind the tile ``key`` below the tiles."""
        self._chosen = key
        self.tiles[key].setChecked(True)
        if self._figures is None:
            return
        tile = self._figures.tile(key)
        self.list_model.set_rows(key, tile.rows)
        self.list_heading.setText(list_heading(tile))
        hidden = unused_columns(key)
        for column in range(self.list_model.columnCount()):
            self.list_view.setColumnHidden(column, column in hidden)
        fit_columns(self.list_view, MAX_COLUMN_WIDTH)

    def set_row_actions(self, actions: Sequence[tuple[str, str, Callable[[int], object]]]
                        ) -> None:
        """Right-click on a listed placement: each of ``actions`` (its words, its name
        after "dashboard", what it does with the row's placement id), then Show in
        register."""
        self.list_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for text, name, act in actions:
            action = QAction(text, self.list_view)
            action.setObjectName(f"dashboard{name}")
            action.triggered.connect(lambda _=False, a=act: self._act_on_current(a))
            self.list_view.addAction(action)
        show = QAction("Show in re&gister", self.list_view)
        show.setObjectName("dashboardShowInRegister")
        show.triggered.connect(lambda: self._act_on_current(self.placementRequested.emit))
        self.list_view.addAction(show)

    def focused_placement(self) -> int | None:
        """The placement of the list's current row while the list has the focus (the
        toolbar's and the keys' Plan / Record visit act on it then), else None."""
        index = self.list_view.currentIndex()
        if not (self.list_view.hasFocus() and index.isValid()):
            return None
        return self.list_model.row_at(index.row()).placement_id

    def _act_on_current(self, act: Callable[[int], object]) -> None:
        index = self.list_view.currentIndex()
        placement_id = self.list_model.row_at(index.row()).placement_id if index.isValid() \
            else None
        if placement_id is not None:
            act(placement_id)

    def _open_row(self, index) -> None:
        row = self.list_model.row_at(index.row())
        if row.placement_id is None:
            return
        if self._chosen in VISIT_TILES and row.planned is None:
            self.planRequested.emit(row.placement_id)
        else:
            self.placementRequested.emit(row.placement_id)


def figures_job(as_of: date) -> Job[DashboardFigures]:
    """The dashboard's figures as of ``as_of``, worked out on a read-only connection."""

    def work(db: Database, _control: JobControl) -> DashboardFigures:
        return dashboard_as_of(db, as_of)

    return Job(work, failure="The figures could not be worked out")


def is_concern(tile: Tile) -> bool:
    """Is the tile's number shown as needing action (in red)? The tile may say (never
    visited: only when a first visit is overdue or due soon); else any number above 0
    of a concern tile."""
    if tile.concern is not None:
        return tile.concern
    return tile.key in CONCERN_TILES and tile.count > 0


def list_heading(tile: Tile) -> str:
    """"Overdue visits: 5 (of which 2 not planned)", above the list."""
    noun = "record" if tile.count == 1 else "records"
    detail = f" ({tile.detail})" if tile.detail else ""
    return f"{tile.label}: {tile.count:,} {noun}{detail}"
