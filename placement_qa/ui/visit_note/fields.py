"""The small widgets the note's pages are made of, named for tests and screen readers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from ..form_fields import set_names
from .choice_picker import ChoicePicker

YES_NO = ((True, "Yes"), (False, "No"))

# How much of the window's colour guidance text takes on: quieter than the questions, yet
# 6.5:1 against Fusion's light window (WCAG 2.2 AA asks 4.5:1; the placeholder grey was 3.9:1).
GUIDANCE_FADE = 0.35


def text_box(name: str, accessible: str, *, lines: int = 3,
             parent: QWidget | None = None) -> QPlainTextEdit:
    """A multi-line answer; Tab moves on (it does not type a tab)."""
    box = QPlainTextEdit(parent)
    set_names(box, name, accessible)
    box.setTabChangesFocus(True)
    box.setPlaceholderText(accessible)
    height = box.fontMetrics().lineSpacing() * lines + 14
    box.setMinimumHeight(height)
    box.setMaximumHeight(height + box.fontMetrics().lineSpacing() * 3)
    return box


def line_box(name: str, accessible: str, parent: QWidget | None = None) -> QLineEdit:
    box = QLineEdit(parent)
    set_names(box, name, accessible)
    box.setPlaceholderText(accessible)
    return box


def yes_no(name: str, accessible: str, parent: QWidget | None = None) -> ChoicePicker:
    """Yes / No, picked with Y or N (Delete clears)."""
    return ChoicePicker(YES_NO, name, accessible, letters=True, parent=parent)


def heading(text: str, parent: QWidget | None = None, *, size: float = 1.25) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * size)
    label.setFont(font)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def hint(text: str, parent: QWidget | None = None) -> QLabel:
    """Guidance for the visitor: wrapped, quieter than the question."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {guidance_colour(label.palette()).name()};")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def guidance_colour(palette: QPalette) -> QColor:
    """The text colour moved :data:`GUIDANCE_FADE` of the way towards the window's."""
    text = palette.color(QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    return QColor(*(round(t + (w - t) * GUIDANCE_FADE) for t, w in (
        (text.red(), window.red()), (text.green(), window.green()),
        (text.blue(), window.blue()))))


def set_text(box: QPlainTextEdit | QLineEdit, text: str) -> None:
    """Show ``text`` without moving the cursor when it is already there (no signal loop)."""
    current = box.toPlainText() if isinstance(box, QPlainTextEdit) else box.text()
    if current != text:
        box.blockSignals(True)
        if isinstance(box, QPlainTextEdit):
            box.setPlainText(text)
        else:
            box.setText(text)
        box.blockSignals(False)


def text_of(box: QPlainTextEdit | QLineEdit) -> str:
    return box.toPlainText() if isinstance(box, QPlainTextEdit) else box.text()
