"""The register table model: schedule lines as rows, filtered and sorted in Python.

Why not a ``QSortFilterProxyModel``: sorting 100,000 rows through a proxy calls
back into Python for every comparison (22 s), and filtering calls back per row.
Here the lines are sorted with one ``list.sort`` and filtered over precomputed
search texts (see :mod:`.register_filter`), then the model is reset in one go.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QIcon

from ..domain.dates import iso
from ..domain.register_columns import Kind, position, shown_text, sort_value
from ..domain.schedule import ScheduleLine, Status
from ..domain.wording import provider_explanation, status_explanation
from .register_columns import (
    COL_CHILD,
    COL_HOST_AUTHORITY,
    COL_LAST_VISIT,
    COL_NEXT_DUE,
    COL_PROVIDER,
    COL_START,
    COL_STATUS,
    COL_TYPE,
    HEADERS,
    screen_columns,
    search_fields,
    sort_keys,
)
from .register_filter import RegisterRows, RiskSource

__all__ = [
    "COL_CHILD", "COL_PROVIDER", "COL_TYPE", "COL_HOST_AUTHORITY", "COL_START",
    "COL_LAST_VISIT", "COL_NEXT_DUE", "COL_STATUS", "HEADERS", "OVERDUE_MARKER",
    "RegisterModel", "UNSENT_MARKER", "UNSENT_TIP",
]

OVERDUE_MARKER = "⚠ "
UNSENT_MARKER = "↑ "
UNSENT_TIP = "Not yet sent to the team register"
OVERDUE_BACKGROUND = QColor("#f9dedf")
DUE_SOON_BACKGROUND = QColor("#fff3d4")
TINTED_TEXT = QColor("#1d1d1d")

Index = QModelIndex | QPersistentModelIndex


class RegisterModel(QAbstractTableModel):
    """One row per visible schedule line; overdue rows bold, tinted and marked.

    ``warning_icon`` (from the view's style) marks the status of overdue rows;
    without one the status text starts with "⚠ " instead, so overdue rows never
    stand out by colour alone. In a team register, ``unsent_icon`` (or "↑ ") marks
    the child of each line showing a change not yet sent (:meth:`set_unsent`), its
    tooltip saying so.
    """

    SORT_ROLE = Qt.ItemDataRole.UserRole + 1
    PLACEMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, warning_icon: QIcon | None = None, parent: QObject | None = None, *,
                 unsent_icon: QIcon | None = None) -> None:
        super().__init__(parent)
        self._warning_icon = _usable(warning_icon)
        self._unsent_icon = _usable(unsent_icon)
        self._unsent: frozenset[int] = frozenset()
        self._columns_from_spec()
        self._rows = RegisterRows(search_fields, sort_keys(self._columns))
        # sorted by status, the overdue lines alone are alike: they go riskiest first
        self._rows.risk_sort_columns = frozenset({None, self._status_column})
        self._bold = QFont()
        self._bold.setBold(True)
        self._handlers = {
            int(Qt.ItemDataRole.DisplayRole): self._display,
            int(Qt.ItemDataRole.ToolTipRole): self._tooltip,
            int(Qt.ItemDataRole.FontRole): self._font,
            int(Qt.ItemDataRole.BackgroundRole): self._background,
            int(Qt.ItemDataRole.ForegroundRole): self._foreground,
            int(Qt.ItemDataRole.DecorationRole): self._decoration,
            int(self.SORT_ROLE): self._sort_value,
            int(self.PLACEMENT_ID_ROLE): lambda line, _column: line.placement.placement_id,
        }

    def _columns_from_spec(self) -> None:
        """The screen's columns, their texts and sort values, and where the columns
        with a role of their own are (by name: the spec says where they go)."""
        self._columns = screen_columns()
        self._headers = tuple(column.header for column in self._columns)
        self._texts = tuple(shown_text(column) for column in self._columns)
        self._sort_values = tuple(sort_value(column) for column in self._columns)
        self._dated = frozenset(i for i, column in enumerate(self._columns)
                                if column.kind is Kind.DATE)
        at = {name: position(self._columns, name) for name in (
            "child", "status", "provider", "type", "last_visit", "next_due")}
        self._child_column, self._status_column = at["child"], at["status"]
        self._explained = frozenset({at["last_visit"], at["next_due"], at["status"]})
        self._provider_columns = frozenset({at["provider"], at["type"]})

    # --- the rows ---------------------------------------------------------

    def set_rows(self, lines: Iterable[ScheduleLine],
                 risk_rank: RiskSource | None = None) -> None:
        """Replace every line (keeping the filter and sort order); ``risk_rank`` orders
        the overdue lines while only those are shown (see RegisterRows)."""
        self.beginResetModel()
        self._rows.set_lines(lines, risk_rank)
        self.endResetModel()

    def set_filter_text(self, text: str) -> None:
        """Show lines whose child, provider or host authority contain every word typed."""
        if not self._rows.changes_filter(text):
            return
        self.beginResetModel()
        self._rows.set_filter_text(text)
        self.endResetModel()

    def set_status_filter(self, statuses: Collection[Status] | None, *,
                          slipped_only: bool = False) -> None:
        """Show only lines with these statuses (None: all); with ``slipped_only``, only
        those whose visit slipped."""
        self.beginResetModel()
        self._rows.set_statuses(statuses, slipped_only=slipped_only)
        self.endResetModel()

    def set_placement_filter(self, placement_ids: Collection[int] | None) -> None:
        """Show only these placements ("My visits"; None: all)."""
        self.beginResetModel()
        self._rows.set_placements(placement_ids)
        self.endResetModel()

    def set_unsent(self, placement_ids: Collection[int]) -> None:
        """Mark the lines of these placements as not yet sent to the team register."""
        unsent = frozenset(placement_ids)
        if unsent == self._unsent:
            return
        self._unsent = unsent
        if self._rows.visible:
            column = self._child_column
            self.dataChanged.emit(self.index(0, column), self.index(self.rowCount() - 1, column),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                   Qt.ItemDataRole.DecorationRole])

    def is_unsent(self, line: ScheduleLine) -> bool:
        return line.placement.placement_id in self._unsent

    def line_at(self, row: int) -> ScheduleLine:
        return self._rows.visible[row]

    def row_of(self, placement_id: int) -> int | None:
        for row, line in enumerate(self._rows.visible):
            if line.placement.placement_id == placement_id:
                return row
        return None

    @property
    def visible_lines(self) -> list[ScheduleLine]:
        return self._rows.visible

    @property
    def all_lines(self) -> list[ScheduleLine]:
        return self._rows.all_lines

    @property
    def status_counts(self) -> dict[Status, int]:
        """Lines matching the filter text, by status (whatever the status filter)."""
        return dict(self._rows.counts)

    @property
    def slipped_count(self) -> int:
        """Lines matching the filter text whose visit slipped (whatever the status)."""
        return self._rows.slipped_count

    @property
    def total(self) -> int:
        return self._rows.total

    # --- Qt ---------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._rows.visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        handler = self._handlers.get(int(role))
        if handler is None or not index.isValid():
            return None
        return handler(self._rows.visible[index.row()], index.column())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            return Qt.SortOrder.AscendingOrder
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        chosen = column if 0 <= column < len(self._headers) else None
        self.beginResetModel()
        self._rows.set_sort(chosen, descending=order == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    # --- one handler per role ---------------------------------------------

    def _display(self, line: ScheduleLine, column: int) -> str:
        text = self._texts[column](line)
        if column == self._status_column and line.needs_action and not self._warning_icon:
            return OVERDUE_MARKER + text
        if column == self._child_column and not self._unsent_icon and self.is_unsent(line):
            return UNSENT_MARKER + text
        return text

    def _tooltip(self, line: ScheduleLine, column: int) -> str | None:
        if column == self._child_column and self.is_unsent(line):
            return f"{self._texts[column](line)}: {UNSENT_TIP.lower()}"
        if column in self._explained:
            return status_explanation(line)
        if column in self._provider_columns:
            return provider_explanation(line)
        return self._texts[column](line) or None

    def _font(self, line: ScheduleLine, _column: int) -> QFont | None:
        return self._bold if line.needs_action else None

    def _background(self, line: ScheduleLine, _column: int) -> QColor | None:
        if line.needs_action:  # overdue, or its visit slipped
            return OVERDUE_BACKGROUND
        if line.status == Status.DUE_SOON:
            return DUE_SOON_BACKGROUND
        return None

    def _foreground(self, line: ScheduleLine, _column: int) -> QColor | None:
        # Dark text on the light tints, whatever the palette (e.g. a dark theme).
        tinted = line.needs_action or line.status == Status.DUE_SOON
        return TINTED_TEXT if tinted else None

    def _decoration(self, line: ScheduleLine, column: int) -> QIcon | None:
        if column == self._status_column and line.needs_action:
            return self._warning_icon
        if column == self._child_column and self.is_unsent(line):
            return self._unsent_icon
        return None

    def _sort_value(self, line: ScheduleLine, column: int) -> Any:
        value = self._sort_values[column](line)
        return iso(value) if column in self._dated else value


def _usable(icon: QIcon | None) -> QIcon | None:
    return icon if icon is not None and not icon.isNull() else None
