"""One small table model for the pages' lists: columns described as data.

Each page names its columns (``COL_*`` constants and a tuple of
:class:`Column`); the model shows a Python list of records, sorts it in Python
by each column's raw value (``SORT_ROLE``), and marks *flagged* rows (an overdue
review or action, a below-good inspection) in bold with a warning icon on the
flag column, whose text says the flag in words: never colour alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QIcon

from ...domain.names import name_sort_key
from ...domain.wording import visit_state_text

Index = QModelIndex | QPersistentModelIndex
FLAG_MARKER = "⚠ "


@dataclass(frozen=True)
class Column:
    """A column: its header, the words in each cell, and the raw value it sorts by."""

    header: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    tooltip: Callable[[Any], str | None] | None = None
    numeric: bool = False  # right-aligned, so numbers line up


def visit_state_column(as_of: date, draft_days: int, header: str = "Status") -> Column:
    """A visit's state as of ``as_of``, saying when it slipped (see
    :func:`~placement_qa.domain.wording.visit_state_text`); records with ``status`` and
    ``visit_date``."""
    return Column(header, lambda v: visit_state_text(v.status, v.visit_date, as_of, draft_days))


NUMBER_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _sortable(value: Any) -> Any:
    """Dates by date; text (names above all) filed as every list files names."""
    if isinstance(value, date):
        return value.isoformat()
    return name_sort_key(value) if isinstance(value, str) else value


class RecordTableModel(QAbstractTableModel):
    """Rows of records under ``columns``; ``flagged(record)`` rows bold with a warning icon."""

    SORT_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        flagged: Callable[[Any], bool] | None = None,
        flag_column: int = 0,
        warning_icon: QIcon | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._flagged = flagged or (lambda _record: False)
        self._flag_column = flag_column
        has_icon = warning_icon is not None and not warning_icon.isNull()
        self._icon = warning_icon if has_icon else None
        self._loaded: list[Any] = []
        self._rows: list[Any] = []
        self._sort: tuple[int, bool] | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    # --- the rows ---------------------------------------------------------

    def set_rows(self, records: Iterable[Any]) -> None:
        """Show these records (in this order until sorted), keeping the chosen sort."""
        self.beginResetModel()
        self._loaded = list(records)
        self._rows = self._sorted(self._loaded)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    @property
    def records(self) -> list[Any]:
        """The records in the order shown."""
        return list(self._rows)

    def flagged_count(self) -> int:
        return sum(1 for record in self._rows if self._flagged(record))

    def _sorted(self, records: list[Any]) -> list[Any]:
        if self._sort is None:
            return list(records)
        column, descending = self._sort
        spec = self._columns[column]
        key = spec.sort or spec.text
        present = [r for r in records if key(r) is not None]
        missing = [r for r in records if key(r) is None]
        present.sort(key=lambda r: _sortable(key(r)), reverse=descending)
        return present + missing  # rows without a value last, either way

    # --- Qt ---------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record, column = self._rows[index.row()], index.column()
        spec = self._columns[column]
        role = Qt.ItemDataRole(role)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(record, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return spec.tooltip(record) if spec.tooltip else (spec.text(record) or None)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if self._flagged(record) else None
        if role == Qt.ItemDataRole.DecorationRole:
            flag = column == self._flag_column and self._flagged(record)
            return self._icon if flag else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return NUMBER_ALIGNMENT if spec.numeric else None
        if role == self.SORT_ROLE:
            return _sortable((spec.sort or spec.text)(record))
        return None

    def _display(self, record: Any, column: int) -> str:
        text = self._columns[column].text(record)
        if column == self._flag_column and self._icon is None and self._flagged(record):
            return FLAG_MARKER + text
        return text

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].header
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column's raw values; a column out of range restores the loaded order."""
        self.beginResetModel()
        valid = 0 <= column < len(self._columns)
        self._sort = (column, order == Qt.SortOrder.DescendingOrder) if valid else None
        self._rows = self._sorted(self._loaded)
        self.endResetModel()
