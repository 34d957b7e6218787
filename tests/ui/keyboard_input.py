"""Typing like a user, any letter: the one helper the GUI tests (and the autosave
subprocess) type non-ASCII text with."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` one key at a time, like a user.

    ``qtbot.keyClicks`` aborts the process on non-ASCII characters ("Zoë",
    "Łukasz"), so every character is sent as a key press and release carrying
    its text, which is what a keyboard with that letter produces.
    """
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(widget, event)
