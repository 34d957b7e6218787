"""What the editing dialogs share: a date field, searchable combos, errors shown at the field.

A refused value is explained where it was typed: the message appears under the
field (with a warning icon, not colour alone), the field gets a red border (the
``invalid`` dynamic property) and its accessible description becomes the
message, so a screen reader says why too. The words come from
:mod:`placement_qa.domain.validation`, the same as the importers'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from ..domain.dates import council_today, uk
from ..domain.validation import FieldError, optional_date
from .register_filter import fold

T = TypeVar("T")

DATE_PLACEHOLDER = "DD/MM/YYYY"
ERROR_COLOUR = "#b3261e"
FORM_STYLE = f"""
QLineEdit[invalid="true"], QComboBox[invalid="true"], QPlainTextEdit[invalid="true"] {{
    border: 2px solid {ERROR_COLOUR}; border-radius: 3px; padding: 1px 3px;
}}
QLabel[fieldError="true"] {{ color: {ERROR_COLOUR}; }}
"""


def set_names(widget: QWidget, name: str, accessible: str) -> QWidget:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


def summary_label(dialog: QWidget, name: str, accessible: str) -> QLabel:
    """A selectable, wrapping line of words at the top of a dialog (what it is about)."""
    label = QLabel(dialog)
    set_names(label, name, accessible)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def plain(label: str) -> str:
    """A label without its mnemonic ampersand and colon: "&Start date:" -> "Start date"."""
    return label.replace("&", "").rstrip(":").strip()


# --- a date typed or picked ------------------------------------------------------

class _DateLineEdit(QLineEdit):
    """The date's text box: Alt+Down asks for the calendar.

    A key handler on the box itself rather than an event filter on the field:
    a filter is called for every event the box gets, even while a closed dialog
    is being torn down and the field's Python side is already gone.
    """

    calendarRequested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if event.key() == Qt.Key.Key_Down and alt:
            self.calendarRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class DateField(QWidget):
    """A date typed as 22/11/2026 (or picked from a calendar: the button or Alt+Down).

    Blank is allowed here; whether the date is required, and whether it is a
    real date, is checked with :mod:`placement_qa.domain.validation` on save.
    """

    textChanged = Signal(str)

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_names(self, name, accessible)
        self.line_edit = _DateLineEdit(self)
        set_names(self.line_edit, f"{name}Edit", accessible)
        self.line_edit.setPlaceholderText(DATE_PLACEHOLDER)
        self.line_edit.setMaxLength(10)
        self.line_edit.setToolTip(f"Type the date as {DATE_PLACEHOLDER}, or press Alt+Down to pick")
        self.line_edit.textChanged.connect(self.textChanged)
        self.line_edit.calendarRequested.connect(self.open_calendar)
        self.calendar = QCalendarWidget(self)
        set_names(self.calendar, f"{name}Calendar", f"{accessible}: calendar")
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.button = self._make_button(name, accessible)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line_edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line_edit)

    def _make_button(self, name: str, accessible: str) -> QToolButton:
        button = QToolButton(self)
        set_names(button, f"{name}Pick", f"Pick {accessible.lower()} from a calendar")
        button.setToolTip("Pick from a calendar (Alt+Down)")
        button.setArrowType(Qt.ArrowType.DownArrow)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+Down from the field instead
        button.clicked.connect(self.open_calendar)
        self.popup = QMenu(self)
        set_names(self.popup, f"{name}Popup", f"{accessible}: calendar")
        holder = QWidgetAction(self.popup)
        holder.setDefaultWidget(self.calendar)
        self.popup.addAction(holder)
        return button

    def text(self) -> str:
        return self.line_edit.text()

    def set_date(self, day: date | None) -> None:
        self.line_edit.setText(uk(day))

    def open_calendar(self) -> None:
        """Show the calendar under the field (without waiting for it: a pick sets the text)."""
        self._prepare_calendar()
        self.popup.popup(self.line_edit.mapToGlobal(self.line_edit.rect().bottomLeft()))
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _prepare_calendar(self) -> None:
        try:
            current = optional_date("date", self.text())
        except FieldError:
            current = None
        day = current or council_today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def _picked(self, qdate: QDate) -> None:
        self.set_date(qdate.toPython())
        self.popup.close()
        self.line_edit.setFocus()


# --- searchable choices -----------------------------------------------------------

NAME_ROLE = Qt.ItemDataRole.UserRole + 1


def search_combo(name: str, accessible: str, placeholder: str, parent: QWidget) -> QComboBox:
    """An editable combo: type part of a name to narrow the list, or pick from it."""
    combo = QComboBox(parent)
    set_names(combo, name, accessible)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.lineEdit().setPlaceholderText(placeholder)
    combo.lineEdit().setObjectName(f"{name}Edit")
    combo.lineEdit().setAccessibleName(accessible)
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    combo.setMinimumContentsLength(28)
    return combo


def fill_combo(combo: QComboBox, items: Iterable[tuple[str, str, Any]]) -> None:
    """(label, name, data) items; the text typed is kept blank until one is chosen."""
    combo.blockSignals(True)
    combo.clear()
    for label, name, data in items:
        combo.addItem(label, data)
        combo.setItemData(combo.count() - 1, name, NAME_ROLE)
    combo.setCurrentIndex(-1)
    combo.blockSignals(False)
    combo.setEditText("")


def chosen_data(combo: QComboBox) -> Any | None:
    """The data of the item whose label (or, if only one has it, name) is the text typed.

    Matching ignores case and accents, so "zoe brennan" finds "Zoë Brennan".
    """
    typed = fold(combo.currentText().strip())
    if not typed:
        return None
    labels = [i for i in range(combo.count()) if fold(combo.itemText(i)) == typed]
    names = [i for i in range(combo.count()) if fold(combo.itemData(i, NAME_ROLE) or "") == typed]
    found = labels or names
    return combo.itemData(found[0]) if len(found) == 1 else None


def select_data(combo: QComboBox, data: Any) -> None:
    index = combo.findData(data)
    combo.setCurrentIndex(index)
    if index < 0:
        combo.setEditText("")


# --- errors at the field -------------------------------------------------------------

@dataclass
class FieldRow:
    """A field, its label and the message shown under it when its value is refused."""

    field: str
    label: QLabel
    widget: QWidget
    marked: QWidget
    error_box: QWidget
    error_label: QLabel
    description: str = ""
    has_error: bool = False

    def show_error(self, message: str) -> None:
        self.has_error = True
        self.error_label.setText(message)
        self.error_box.setVisible(True)
        self.marked.setAccessibleDescription(message)
        _set_invalid(self.marked, True)

    def clear_error(self) -> None:
        self.has_error = False
        self.error_label.clear()
        self.error_box.setVisible(False)
        self.marked.setAccessibleDescription(self.description)
        _set_invalid(self.marked, False)


def _set_invalid(widget: QWidget, invalid: bool) -> None:
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


@dataclass
class Checks:
    """Runs each field's check, keeping every refusal so all are shown at once."""

    errors: list[FieldError] = dataclass_field(default_factory=list)

    def run(self, check: Callable[[], T]) -> T | None:
        try:
            return check()
        except FieldError as exc:
            self.errors.append(exc)
            return None
