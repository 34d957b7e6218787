"""The framework's rating scale: labels in order, and which ratings count as a concern."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.framework import Rating, new_key

KEY_ROLE = Qt.ItemDataRole.UserRole
COL_LABEL, COL_CONCERN = range(2)
SCALE_NOTE = ("When recording a visit, the number keys 1 to {n} pick these ratings in this "
              "order (1 is the first rating). List the best first: on every scale in the "
              "note, key 1 is the best answer.")


def _label_item(key: str | None, label: str) -> QTableWidgetItem:
    item = QTableWidgetItem(label)
    item.setData(KEY_ROLE, key)
    return item


def _concern_item(concern: bool) -> QTableWidgetItem:
    item = QTableWidgetItem()
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                  | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if concern else Qt.CheckState.Unchecked)
    item.setData(Qt.ItemDataRole.AccessibleTextRole,
                 "Counts as a concern" if concern else "Not a concern")
    return item


class ScaleEditor(QWidget):
    """The ratings as an editable list: label, "counts as a concern"; add, remove, reorder."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._known_keys: set[str] = set()
        self.table = QTableWidget(0, 2, objectName="ratingScale")
        self.table.setAccessibleName("Rating scale")
        self.table.setHorizontalHeaderLabels(["Rating", "Counts as a concern"])
        self.table.horizontalHeader().setSectionResizeMode(COL_LABEL, QHeaderView.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab moves on (in a cell, to the next cell)
        self.table.itemChanged.connect(self._item_changed)
        self.note = QLabel(objectName="ratingScaleNote", wordWrap=True)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot in (
            ("addRating", "Add ra&ting", self.add_rating),
            ("removeRating", "Remove rati&ng", self.remove_rating),
            ("ratingUp", "Move &up", lambda: self.move_rating(-1)),
            ("ratingDown", "Move do&wn", lambda: self.move_rating(1)),
        ):
            button = QPushButton(text, objectName=name)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[name] = button
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.note)

    def load(self, scale: tuple[Rating, ...]) -> None:
        self._loading = True
        self._known_keys = {r.key for r in scale}
        self.table.setRowCount(0)
        for rating in scale:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, COL_LABEL, _label_item(rating.key, rating.label))
            self.table.setItem(row, COL_CONCERN, _concern_item(rating.concern))
        self._loading = False
        self._update_note()

    def ratings_data(self) -> list[dict[str, Any]]:
        """The ratings in order, as :func:`parse_framework` reads them; new ones get keys."""
        rows = range(self.table.rowCount())
        labels = [self.table.item(r, COL_LABEL) for r in rows]
        taken = self._known_keys | {i.data(KEY_ROLE) for i in labels if i.data(KEY_ROLE)}
        out = []
        for row, item in zip(rows, labels, strict=True):
            key = item.data(KEY_ROLE)
            if not key:
                key = new_key(item.text(), taken, "new_rating")
                taken.add(key)
            concern = self.table.item(row, COL_CONCERN).checkState() == Qt.CheckState.Checked
            out.append({"key": key, "label": item.text(), "concern": concern})
        return out

    def add_rating(self) -> None:
        """A new, unnamed rating after the chosen one (or at the end); its label is edited."""
        current = self.table.currentRow()
        row = current + 1 if current >= 0 else self.table.rowCount()
        self._loading = True
        self.table.insertRow(row)
        self.table.setItem(row, COL_LABEL, _label_item(None, ""))
        self.table.setItem(row, COL_CONCERN, _concern_item(False))
        self._loading = False
        self.table.setCurrentCell(row, COL_LABEL)
        self.table.setFocus()
        self.table.editItem(self.table.item(row, COL_LABEL))
        self._changed()

    def remove_rating(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._changed()

    def move_rating(self, step: int) -> None:
        row = self.table.currentRow()
        other = row + step
        if row < 0 or not 0 <= other < self.table.rowCount():
            return
        self._loading = True
        for col in (COL_LABEL, COL_CONCERN):
            mine, theirs = self.table.takeItem(row, col), self.table.takeItem(other, col)
            self.table.setItem(row, col, theirs)
            self.table.setItem(other, col, mine)
        self._loading = False
        self.table.setCurrentCell(other, self.table.currentColumn())
        self._changed()

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        if item.column() == COL_CONCERN:
            concern = item.checkState() == Qt.CheckState.Checked
            self._loading = True
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         "Counts as a concern" if concern else "Not a concern")
            self._loading = False
        self._changed()

    def _changed(self) -> None:
        self._update_note()
        self.changed.emit()

    def _update_note(self) -> None:
        self.note.setText(SCALE_NOTE.format(n=self.table.rowCount()))
