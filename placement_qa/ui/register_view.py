"""The register screen: a filter box, status quick filters and the placements table."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.schedule import ScheduleLine, Status
from .column_widths import PADDING, ColumnWidths, GiveWay
from .filter_line_edit import FilterLineEdit
from .register_columns import (
    COL_CHILD,
    COL_HOST_AUTHORITY,
    COL_PROVIDER,
    COL_STATUS,
    COL_TYPE,
)
from .register_filter import RiskSource
from .register_model import RegisterModel
from .status_filter_bar import SLIPPED, FilterKey, StatusFilterBar

# Rows measured when sizing columns: enough to be representative, never all of them.
SIZING_SAMPLE_ROWS = 300
MAX_COLUMN_WIDTH = {COL_CHILD: 240, COL_PROVIDER: 280, COL_TYPE: 280, COL_STATUS: 280}
DEFAULT_MAX_COLUMN_WIDTH = 200
# When the window is too narrow for every column's full width, what gives way first:
# the status's detail ("· planned 01/12/2026"), Type and Host authority narrowed, then
# Type hidden; Child and Provider narrow last.
MIN_SHRUNK_WIDTH = 110
STATUS_ICON = 22  # the warning icon before an overdue status


def give_way_plan(table: QTableView) -> GiveWay:
    """The register's :class:`GiveWay`; the status keeps room for its longest word."""
    metrics = table.fontMetrics()
    words = max(metrics.horizontalAdvance(str(status)) for status in Status)
    return GiveWay(first=(COL_TYPE, COL_HOST_AUTHORITY), hidden=(COL_TYPE,),
                   kept=(COL_CHILD, COL_PROVIDER), minimum=MIN_SHRUNK_WIDTH,
                   last_least=words + STATUS_ICON + PADDING)


class RegisterView(QWidget):
    """Every placement with its monitoring status, to filter, sort and walk with the keys.

    ``rowsChanged`` is emitted whenever the rows shown change (new lines, filter, sort);
    ``editRequested`` carries the placement id of a row double-clicked or entered
    (Enter/Return), to open it for editing.
    """

    rowsChanged = Signal()
    editRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("registerView")
        self.setAccessibleName("Register")
        self._kept: tuple[int, int] | None = None  # (placement id, column) of the current cell
        self.filter_edit = FilterLineEdit(self)
        self.status_filters = StatusFilterBar(self)
        self.my_visits = self._make_my_visits()
        self.table = self._make_table()
        self.model = RegisterModel(
            warning_icon=self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            parent=self,
            unsent_icon=self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowUp),
        )
        self.table.setModel(self.model)
        self.empty_hint = self._make_empty_hint()
        self._lay_out()
        self._configure_header()
        self._connect()

    # --- building ----------------------------------------------------------

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("registerTable")
        table.setAccessibleName("Placements")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setTabKeyNavigation(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(table.fontMetrics().height() + 10)
        # sizeHintForColumn samples as many rows as the *horizontal* header's precision
        # says (the vertical one's sizes rows): measured, 4,000 rows a column before.
        table.horizontalHeader().setResizeContentsPrecision(SIZING_SAMPLE_ROWS)
        return table

    def _make_my_visits(self) -> QCheckBox:
        """"My visits": only the placements of the visits assigned to this user (shown
        in a register with officers; see :mod:`.officer_actions`)."""
        box = QCheckBox("My visits", self)
        box.setObjectName("myVisitsFilter")
        box.setAccessibleName("Show only my visits")
        box.setVisible(False)
        return box

    def _make_empty_hint(self) -> QLabel:
        hint = QLabel(self)
        hint.setObjectName("registerEmptyHint")
        hint.setAccessibleName("No placements shown")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setVisible(False)
        return hint

    def _lay_out(self) -> None:
        # The filter box gets room for its whole placeholder; the quick filters
        # (whose counts can run to "Overdue (58,577)") get a row of their own.
        metrics = self.filter_edit.fontMetrics()
        placeholder = metrics.horizontalAdvance(self.filter_edit.placeholderText())
        self.filter_edit.setMinimumWidth(placeholder + 6 * metrics.averageCharWidth())
        top = QHBoxLayout()
        top.addWidget(self.filter_edit)
        top.addWidget(self.my_visits)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.status_filters)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.table, 1)

    def _configure_header(self) -> None:
        header = self.table.horizontalHeader()
        header.setObjectName("registerHeader")
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_STATUS, Qt.SortOrder.AscendingOrder)
        self.column_widths = ColumnWidths(
            self.table, MAX_COLUMN_WIDTH, DEFAULT_MAX_COLUMN_WIDTH, give_way_plan(self.table),
        )
        self.column_widths.measure()

    def _connect(self) -> None:
        self.filter_edit.textChanged.connect(self.model.set_filter_text)
        self.filter_edit.leaveRequested.connect(self.focus_table)
        self.status_filters.statusChanged.connect(self._on_status_chosen)
        self.model.modelAboutToBeReset.connect(self._keep_current)
        self.model.modelReset.connect(self._after_reset)
        # activated: double-click, or Enter/Return on the current row (and a single
        # click where the desktop is set to open items on one click).
        self.table.activated.connect(self._on_activated)

    # --- what the window calls ----------------------------------------------

    def set_lines(self, lines: Iterable[ScheduleLine],
                  risk_rank: RiskSource | None = None) -> None:
        """Show these lines, keeping the filter, sort order and current placement; the
        overdue filter orders by ``risk_rank`` (placement id -> place, riskiest first)."""
        self.model.set_rows(lines, risk_rank)
        if not self.column_widths.measured_rows and self.model.rowCount() > 0:
            self.column_widths.measure()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount() > 0:
            self._select_row(0)

    def set_status(self, status: FilterKey) -> None:
        self.status_filters.set_current_status(status)

    def set_row_actions(self, actions: Iterable[QAction]) -> None:
        """What a right-click (or the menu key) on a row offers."""
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.addActions(list(actions))

    def current_line(self) -> ScheduleLine | None:
        index = self.table.currentIndex()
        return self.model.line_at(index.row()) if index.isValid() else None

    def select_placement(self, placement_id: int) -> bool:
        """Make the placement's row current, clearing the filters if they hide it."""
        row = self.model.row_of(placement_id)
        if row is None:
            self.filter_edit.clear()
            self.set_status(None)
            self.my_visits.setChecked(False)
            row = self.model.row_of(placement_id)
        if row is None:
            return False
        self._select_row(row)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    # --- reacting -------------------------------------------------------------

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.editRequested.emit(index.data(RegisterModel.PLACEMENT_ID_ROLE))

    def _on_status_chosen(self, status: FilterKey) -> None:
        if isinstance(status, Status):
            self.model.set_status_filter({status})
        else:
            self.model.set_status_filter(None, slipped_only=status == SLIPPED)

    def _keep_current(self) -> None:
        current = self.table.currentIndex()
        self._kept = (
            (current.data(RegisterModel.PLACEMENT_ID_ROLE), current.column())
            if current.isValid() else None
        )

    def _after_reset(self) -> None:
        if self._kept is not None:
            placement_id, column = self._kept
            row = self.model.row_of(placement_id)
            if row is not None:
                self._select_row(row, column)
        self.status_filters.set_counts(self.model.status_counts, self.model.slipped_count)
        self._update_empty_hint()
        self.rowsChanged.emit()

    def _select_row(self, row: int, column: int = 0) -> None:
        index = self.model.index(row, column)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def _update_empty_hint(self) -> None:
        self.empty_hint.setVisible(self.model.rowCount() == 0)
        if self.model.rowCount() > 0:
            return
        if self.model.total == 0:
            text = "The register has no placements yet."
        elif self.my_visits.isChecked():
            text = ("No placements shown are covered by visits assigned to you. "
                    "Untick My visits to see every placement.")
        elif self.filter_edit.text().strip():
            text = "No placements match the filter. Press Escape in the filter box to clear it."
        else:
            text = "No placements have this status. Choose All to see every placement."
        self.empty_hint.setText(text)
