"""The table of problems an import found: row, column, value, what is wrong."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ..importing.report import ImportProblem

Index = QModelIndex | QPersistentModelIndex


class ImportProblemsModel(QAbstractTableModel):
    """One row per problem: spreadsheet row, column, the value found, what is wrong."""

    COL_ROW, COL_COLUMN, COL_VALUE, COL_PROBLEM = range(4)
    HEADERS = ("Row", "Column", "Value", "Problem")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ImportProblem] = []

    def set_rows(self, problems: Sequence[ImportProblem]) -> None:
        self.beginResetModel()
        self._rows = list(problems)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                                Qt.ItemDataRole.ToolTipRole):
            return None
        problem = self._rows[index.row()]
        values = (str(problem.row), problem.column, problem.value, problem.reason)
        return values[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None
