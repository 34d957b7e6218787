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

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from ..domain.dates import uk
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


def plain(label: str) -> str:
    """A label without its mnemonic ampersand and colon: "&Start date:" -> "Start date"."""
    return label.replace("&", "").rstrip(":").strip()


# --- a date typed or picked ------------------------------------------------------

class DateField(QWidget):
    """A date typed as 22/11/2026 (or picked from a calendar: the button or Alt+Down).

    Blank is allowed here; whether the date is required, and whether it is a
    real date, is checked with :mod:`placement_qa.domain.validation` on save.
    """

    textChanged = Signal(str)

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_names(self, name, accessible)
        self.line_edit = QLineEdit(self)
        set_names(self.line_edit, f"{name}Edit", accessible)
        self.line_edit.setPlaceholderText(DATE_PLACEHOLDER)
        self.line_edit.setMaxLength(10)
        self.line_edit.setToolTip(f"Type the date as {DATE_PLACEHOLDER}, or press Alt+Down to pick")
        self.line_edit.textChanged.connect(self.textChanged)
        self.line_edit.installEventFilter(self)
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.line_edit and event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            alt = key_event.modifiers() & Qt.KeyboardModifier.AltModifier
            if key_event.key() == Qt.Key.Key_Down and alt:
                self.open_calendar()
                return True
        return False

    def _prepare_calendar(self) -> None:
        try:
            current = optional_date("date", self.text())
        except FieldError:
            current = None
        day = current or date.today()
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


# --- the dialog frame -----------------------------------------------------------------

class FormDialog(QDialog):
    """A form of labelled fields with Save and Cancel; refusals shown at the fields.

    Subclasses add fields with :meth:`add_field` and implement :meth:`save`,
    calling :meth:`show_errors` with what the domain refused. Cancel writes nothing.
    """

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_names(self, name, title)
        self.setWindowTitle(title)
        self.setStyleSheet(FORM_STYLE)
        self.rows: dict[str, FieldRow] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form_error = QLabel(self)
        set_names(self.form_error, "formError", "Why the form was not saved")
        self.form_error.setProperty("fieldError", True)
        self.form_error.setWordWrap(True)
        self.form_error.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        set_names(self.buttons, "dialogButtons", "Save or cancel")
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        set_names(self.save_button, "saveButton", "Save")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        set_names(cancel, "cancelButton", "Cancel")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.form_error)
        layout.addStretch(1)  # room a taller window gives goes here, not between rows
        layout.addWidget(self.buttons)

    def add_field(
        self, label: str, widget: QWidget, *, field: str | None = None,
        marked: QWidget | None = None, beside: QWidget | None = None,
        below: QWidget | None = None,
    ) -> FieldRow:
        """A row ``label: widget`` with room for a message under it.

        ``field`` is the name the validation uses ("URN", "Start date"); by
        default the label's words. ``marked`` is the widget outlined when the
        value is refused (the line edit inside a date field); ``beside`` sits to
        the right of the widget (a "New child…" button); ``below`` sits under the
        message (a note about the value chosen).
        """
        name = widget.objectName()
        marked = marked or widget
        field_label = QLabel(label, self)
        set_names(field_label, f"{name}Label", plain(label))
        field_label.setBuddy(widget)
        error_box, error_label = self._error_box(name, plain(label))
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addLayout(self._with_beside(widget, beside))
        column.addWidget(error_box)
        if below is not None:
            column.addWidget(below)
        self.form.addRow(field_label, column)
        row = FieldRow(field or plain(label), field_label, widget, marked, error_box,
                       error_label, marked.accessibleDescription())
        self.rows[row.field] = row
        return row

    @staticmethod
    def _with_beside(widget: QWidget, beside: QWidget | None) -> QHBoxLayout:
        line = QHBoxLayout()
        line.setSpacing(6)
        line.addWidget(widget, 1)
        if beside is not None:
            line.addWidget(beside)
        return line

    def _error_box(self, name: str, label: str) -> tuple[QWidget, QLabel]:
        return self.notice_box(f"{name}Error", f"{label}: problem", error=True)

    def notice_box(self, name: str, accessible: str, *, error: bool) -> tuple[QWidget, QLabel]:
        """A hidden line of text with a warning icon before it (red text when ``error``)."""
        box = QWidget(self)
        set_names(box, f"{name}Box", accessible)
        icon = QLabel(box)
        set_names(icon, f"{name}Icon", "Error" if error else "Warning")
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        icon.setPixmap(warning.pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        text = QLabel(box)
        set_names(text, name, accessible)
        text.setProperty("fieldError", error)
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        line = QHBoxLayout(box)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(4)
        line.addWidget(icon)
        line.addWidget(text, 1)
        box.setVisible(False)
        return box, text

    def set_row_visible(self, row: FieldRow, visible: bool) -> None:
        self.form.setRowVisible(row.label, visible)
        row.error_box.setVisible(visible and row.has_error)  # showing a row shows all of it
        self.fit_height()

    def fit_height(self) -> None:
        """Grow (never shrink) to the height the form needs at its width: messages wrap."""
        layout = self.layout()
        layout.activate()
        needed = (layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth()
                  else layout.totalSizeHint().height())
        if needed > self.height():
            self.resize(self.width(), needed)

    def clear_errors(self) -> None:
        for row in self.rows.values():
            row.clear_error()
        self.form_error.clear()
        self.form_error.setVisible(False)

    def show_errors(self, errors: Iterable[FieldError]) -> None:
        """Each message under its field (or under the form); focus the first field."""
        first: FieldRow | None = None
        for error in errors:
            row = self.rows.get(error.field)
            if row is None:
                self.show_form_error(str(error))
                continue
            row.show_error(str(error))
            first = first or row
        if first is not None:
            first.widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.fit_height()

    def show_form_error(self, message: str) -> None:
        self.form_error.setText(message)
        self.form_error.setVisible(True)
        self.fit_height()

    def save(self) -> None:  # pragma: no cover - every dialog has its own
        raise NotImplementedError
