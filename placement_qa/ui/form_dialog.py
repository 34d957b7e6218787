"""The frame of every editing dialog: labelled fields, Save and Cancel, refusals
shown at the field (see :mod:`placement_qa.ui.form_fields`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ..domain.validation import FieldError
from ..store.errors import DATABASE_ERRORS, INTEGRITY_ERRORS, in_words
from .form_fields import FORM_STYLE, FieldRow, plain, set_names
from .screen_fit import fit_to_screen, fitting_height

T = TypeVar("T")


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
        self._fitted = False

    def showEvent(self, event: QShowEvent) -> None:
        """The first time shown: no larger than the screen's room (a long form's natural
        height can be more than a laptop's screen)."""
        if not self._fitted:
            self._fitted = True
            fit_to_screen(self, self.width(), self.height())
        super().showEvent(event)

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
            self.resize(self.width(), fitting_height(self, needed))

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

    def write(self, change: Callable[[], T],
              refused: Callable[[sqlite3.IntegrityError], None] | None = None) -> bool:
        """Run one store write; say why it was refused, at the field where possible.

        A :class:`FieldError` is shown at its field; an integrity error (a URN
        saved meanwhile, say) goes to ``refused`` when given; any other database
        error is shown under the form. Returns True when the change was written.
        """
        try:
            change()
        except FieldError as exc:
            self.show_errors([exc])
        except INTEGRITY_ERRORS as exc:
            if refused is None:
                self.show_form_error(f"The register refused the change: {exc}")
            else:
                refused(exc)
        except DATABASE_ERRORS as exc:
            self.show_form_error(f"The register could not be changed: {in_words(exc)}")
        else:
            return True
        return False

    def save(self) -> None:  # pragma: no cover - every dialog has its own
        raise NotImplementedError
