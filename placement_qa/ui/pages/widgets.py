"""Building blocks the pages share: heading, details form, flag, banner, table, dialog."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QFont, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..guide_window import add_help_key
from ..screen_fit import fit_to_screen
from .table_model import Column, RecordTableModel

BANNER_CONCERN_STYLE = (
    "#{name} {{ background: #f9dedf; color: #1d1d1d; border: 1px solid #d9a3a6;"
    " border-radius: 3px; }}"
)
BANNER_CLEAR_STYLE = (
    "#{name} {{ background: #e4f1e4; color: #1d1d1d; border: 1px solid #a9cfa9;"
    " border-radius: 3px; }}"
)
ICON_SIZE = 16
COLUMN_PADDING = 12


def warning_icon(widget: QWidget) -> QIcon:
    return widget.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


def heading(text: str, name: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName(name)
    label.setAccessibleName("Heading")
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def value_label(name: str, accessible: str, parent: QWidget) -> QLabel:
    """A read-only value in a details form, selectable to copy (a case ref, a URN)."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setAccessibleName(accessible)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


def details_form(
    parent: QWidget, fields: Sequence[tuple[str, str, str]]
) -> tuple[QFormLayout, dict[str, QLabel]]:
    """A form of ``(label, objectName, accessible name)`` rows; returns the value labels."""
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
    form.setHorizontalSpacing(12)
    values = {}
    for text, name, accessible in fields:
        values[name] = value_label(name, accessible, parent)
        form.addRow(f"{text}:", values[name])
    return form, values


class FlagLabel(QWidget):
    """A warning icon and bold words ("Overdue"); hidden when there is nothing to flag."""

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.icon = QLabel(self)
        self.icon.setObjectName(f"{name}Icon")
        self.icon.setAccessibleName(f"{accessible} icon")
        self.icon.setPixmap(warning_icon(self).pixmap(ICON_SIZE, ICON_SIZE))
        self.text = QLabel(self)
        self.text.setObjectName(f"{name}Text")
        self.text.setAccessibleName(accessible)
        font = QFont(self.text.font())
        font.setBold(True)
        self.text.setFont(font)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.icon)
        layout.addWidget(self.text)
        layout.addStretch(1)
        self.setVisible(False)

    def set_flag(self, words: str | None, tooltip: str = "") -> None:
        self.text.setText(words or "")
        self.setToolTip(tooltip)
        self.setVisible(bool(words))


class Banner(QWidget):
    """A boxed line of words with a warning icon when it reports a concern."""

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.icon = QLabel(self)
        self.icon.setObjectName(f"{name}Icon")
        self.icon.setAccessibleName(f"{accessible} icon")
        self.icon.setPixmap(warning_icon(self).pixmap(ICON_SIZE * 2, ICON_SIZE * 2))
        self.text = value_label(f"{name}Text", accessible, self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        self.concern = False

    def show_text(self, text: str, *, concern: bool) -> None:
        self.concern = concern
        self.text.setText(text)
        self.icon.setVisible(concern)
        style = BANNER_CONCERN_STYLE if concern else BANNER_CLEAR_STYLE
        self.setStyleSheet(style.format(name=self.objectName()))


def record_table(
    parent: QWidget, name: str, accessible: str, model: RecordTableModel,
) -> QTableView:
    """A read-only, row-selecting, sortable table over ``model``; Enter opens a row."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setHighlightSections(False)
    return table


def wrap_rows(table: QTableView) -> None:
    """Long texts wrap within their column, each row as tall as its words need."""
    table.setWordWrap(True)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)


def sort_table(table: QTableView, column: int, order: Qt.SortOrder) -> None:
    """Let the user sort by any column; start sorted by ``column``."""
    table.horizontalHeader().setSortIndicator(column, order)
    table.setSortingEnabled(True)


def fit_columns(table: QTableView, max_width: int = 320) -> None:
    """Columns as wide as their contents (capped) once the rows are in; the first
    row current, so Enter opens it straight away."""
    table.resizeColumnsToContents()
    for column in range(table.model().columnCount() - 1):
        width = table.columnWidth(column) + COLUMN_PADDING
        table.setColumnWidth(column, min(width, max_width))
    if table.model().rowCount() > 0 and not table.currentIndex().isValid():
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        table.selectionModel().setCurrentIndex(table.model().index(0, 0), flags)


def make_model(parent: QWidget, columns: Sequence[Column], **kwargs) -> RecordTableModel:
    return RecordTableModel(columns, warning_icon=warning_icon(parent), parent=parent, **kwargs)


def open_in_dialog(
    page: QWidget, title: str, parent: QWidget | None, refresh: Callable[[], None],
    size: tuple[int, int] = (900, 640), help_section: str | None = None,
) -> QDialog:
    """Show ``page`` in a non-modal window of its own (Escape or Close closes, F5 refreshes,
    F1 opens the user guide at ``help_section``)."""
    dialog = QDialog(parent)
    dialog.setObjectName(f"{page.objectName()}Dialog")
    dialog.setAccessibleName(title)
    dialog.setWindowTitle(title)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.setModal(False)
    page.setParent(dialog)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.setObjectName("closeButtons")
    buttons.setAccessibleName("Close")
    buttons.rejected.connect(dialog.close)
    close = buttons.button(QDialogButtonBox.StandardButton.Close)
    close.setAutoDefault(False)  # Enter opens the current row; it never closes the window
    close.setDefault(False)
    refresh_action = QAction("Refresh", dialog)
    refresh_action.setObjectName("actionRefreshPage")
    refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
    refresh_action.triggered.connect(refresh)
    dialog.addAction(refresh_action)
    if help_section is not None:
        add_help_key(dialog, help_section)
    layout = QVBoxLayout(dialog)
    layout.addWidget(page, 1)
    layout.addWidget(buttons)
    fit_to_screen(dialog, *size)
    layout.activate()  # sizes settled before the window exists (no platform size-hint churn)
    dialog.show()
    return dialog
