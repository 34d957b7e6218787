"""Help ▸ Keyboard shortcuts: every action of the main window and its keys, read from the
actions themselves each time the window opens (so a new action is listed at once)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

HEADERS = ("Action", "Keys", "Menu")
OUTSIDE_MENUS = "(no menu)"


@dataclass(frozen=True)
class ShortcutRow:
    action: str
    keys: str
    menu: str


def plain_text(menu_text: str) -> str:
    """"Open &child's page" -> "Open child's page"; "Save && close" -> "Save & close"."""
    return menu_text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def keys_text(action: QAction) -> str:
    return ", ".join(
        key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts()
    )


def _menu_rows(menu: QMenu, path: str, seen: set[int]) -> list[ShortcutRow]:
    rows: list[ShortcutRow] = []
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        if action.menu() is not None:
            rows += _menu_rows(action.menu(), f"{path} ▸ {plain_text(action.text())}", seen)
            continue
        seen.add(id(action))
        rows.append(ShortcutRow(plain_text(action.text()), keys_text(action), path))
    return rows


def shortcut_rows(window: QMainWindow) -> list[ShortcutRow]:
    """Each visible menu action in menu order, then the window's other actions with keys."""
    seen: set[int] = set()
    rows: list[ShortcutRow] = []
    for action in window.menuBar().actions():
        if action.menu() is not None and action.isVisible():
            rows += _menu_rows(action.menu(), plain_text(action.text()), seen)
    for action in window.actions():
        if id(action) not in seen and action.shortcuts() and action.isVisible():
            rows.append(ShortcutRow(plain_text(action.text()), keys_text(action), OUTSIDE_MENUS))
    return rows


class ShortcutsDialog(QDialog):
    """A table of actions, keys and menus, with a box to find an action or a key."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setObjectName("shortcutsDialog")
        self.setAccessibleName("Keyboard shortcuts")
        self.setWindowTitle("Keyboard shortcuts")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.find_box = QLineEdit(self)
        self.find_box.setObjectName("shortcutsFilter")
        self.find_box.setAccessibleName("Find an action or key")
        self.find_box.setPlaceholderText("Type part of an action's name or a key")
        self.find_box.setClearButtonEnabled(True)
        label = QLabel("&Find:", self)
        label.setBuddy(self.find_box)
        self.table = self._table(shortcut_rows(window))
        self.find_box.textChanged.connect(self._filter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.find_box)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, min(640, self.screen().availableGeometry().height() - 60))

    def _table(self, rows: list[ShortcutRow]) -> QTableWidget:
        table = QTableWidget(len(rows), len(HEADERS), self)
        table.setObjectName("shortcutsTable")
        table.setAccessibleName("Actions and their keyboard shortcuts")
        table.setHorizontalHeaderLabels(list(HEADERS))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setTabKeyNavigation(False)  # Tab leaves the list
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for row, line in enumerate(rows):
            for column, text in enumerate((line.action, line.keys, line.menu)):
                table.setItem(row, column, QTableWidgetItem(text))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def rows(self) -> list[tuple[str, str, str]]:
        """The rows shown (not hidden by the find box), as (action, keys, menu)."""
        table = self.table
        return [tuple(table.item(r, c).text() for c in range(len(HEADERS)))  # type: ignore[misc]
                for r in range(table.rowCount()) if not table.isRowHidden(r)]

    def _filter(self, text: str) -> None:
        wanted = text.strip().casefold()
        for row in range(self.table.rowCount()):
            words = " ".join(self.table.item(row, c).text() for c in range(2)).casefold()
            self.table.setRowHidden(row, wanted not in words)
