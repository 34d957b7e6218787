"""The records behind a dashboard tile, grouped by provider, as a table model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ...domain import dashboard as d
from ...domain.dashboard import DashboardRow
from ...domain.dates import iso, uk
from ...domain.names import name_sort_key
from ...domain.wording import slip_text

(COL_PROVIDER, COL_HOST_AUTHORITY, COL_SUBJECT, COL_DUE, COL_PLANNED, COL_AT_PROVIDER,
 COL_RISK) = range(7)
HEADERS = ("Provider", "Host authority", "Child", "Visit due", "Visit planned",
           "Children", "Risk")

# What the third and fourth columns hold for the tiles whose rows are not placements.
_HEADER_OVERRIDES: dict[str, dict[int, str]] = {
    d.PROVIDERS_VISITED: {COL_SUBJECT: "Last visit", COL_DUE: "Next visit due"},
    d.OVERDUE_ACTIONS: {COL_SUBJECT: "Follow-up action", COL_DUE: "Action due"},
    d.OVERDUE_REVIEWS: {COL_DUE: "Annual review due"},
    d.AWAITING: {COL_DUE: "Need identified"},
    d.COUNTERSIGN_LATE: {COL_SUBJECT: "Note", COL_DUE: "Signed off"},
    d.CAUSING_CONCERN: {COL_SUBJECT: "Causing concern", COL_DUE: "Review by"},
    d.RECENT_EVENTS: {COL_SUBJECT: "Event", COL_DUE: "Date"},
}
NOT_PLANNED = "Not planned"
# Columns with nothing to say for the tiles whose rows are not placements.
_UNUSED_COLUMNS: dict[str, frozenset[int]] = {
    d.PROVIDERS_VISITED: frozenset({COL_PLANNED}),
    d.OVERDUE_ACTIONS: frozenset({COL_PLANNED, COL_AT_PROVIDER}),
    d.OVERDUE_REVIEWS: frozenset({COL_PLANNED, COL_AT_PROVIDER}),
    d.AWAITING: frozenset({COL_HOST_AUTHORITY, COL_PLANNED, COL_AT_PROVIDER}),
    d.COUNTERSIGN_LATE: frozenset({COL_HOST_AUTHORITY, COL_PLANNED, COL_AT_PROVIDER}),
    d.CAUSING_CONCERN: frozenset({COL_PLANNED, COL_AT_PROVIDER}),
    d.RECENT_EVENTS: frozenset({COL_HOST_AUTHORITY, COL_PLANNED, COL_AT_PROVIDER}),
}


def unused_columns(tile_key: str) -> frozenset[int]:
    """The columns hidden for the tile: only the overdue list shows the risk."""
    unused = _UNUSED_COLUMNS.get(tile_key, frozenset())
    return unused if tile_key == d.OVERDUE else unused | {COL_RISK}

Index = QModelIndex | QPersistentModelIndex


def headers_for(tile_key: str) -> tuple[str, ...]:
    overrides = _HEADER_OVERRIDES.get(tile_key, {})
    return tuple(overrides.get(column, text) for column, text in enumerate(HEADERS))


def cell_text(row: DashboardRow, column: int, schedule_rows: bool) -> str:
    if column == COL_PROVIDER:
        return row.provider
    if column == COL_HOST_AUTHORITY:
        return row.host_authority
    if column == COL_SUBJECT:
        return row.subject
    if column == COL_DUE:
        return uk(row.due)
    if column == COL_RISK:
        return row.risk
    if column == COL_PLANNED:
        if row.planned and row.slip:
            return slip_text(row.slip, row.planned)
        return uk(row.planned) if row.planned else (NOT_PLANNED if schedule_rows else "")
    return str(row.children_at_provider) if schedule_rows else ""


def sort_value(row: DashboardRow, column: int) -> Any:
    if column == COL_DUE:
        return iso(row.due) or ""
    if column == COL_PLANNED:
        return iso(row.planned) or ""
    if column == COL_AT_PROVIDER:
        return row.children_at_provider
    return name_sort_key(cell_text(row, column, True))


class DashboardListModel(QAbstractTableModel):
    """One row per record behind the chosen tile (placements ordered by provider)."""

    SORT_ROLE = Qt.ItemDataRole.UserRole + 1
    PLACEMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DashboardRow] = []
        self._headers = HEADERS
        self._schedule_rows = True

    def set_rows(self, tile_key: str, rows: Sequence[DashboardRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._headers = headers_for(tile_key)
        self._schedule_rows = tile_key not in _HEADER_OVERRIDES
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)

    def row_at(self, row: int) -> DashboardRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell_text(row, index.column(), self._schedule_rows)
        if role == self.SORT_ROLE:
            return sort_value(row, index.column())
        if role == self.PLACEMENT_ID_ROLE:
            return row.placement_id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None
