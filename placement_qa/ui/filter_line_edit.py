"""The register's filter box: Escape clears it, Down or Enter moves to the results."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

FILTER_PLACEHOLDER = "Filter by child, provider or authority (Ctrl+F)"


class FilterLineEdit(QLineEdit):
    """A line edit with a clear button; ``leaveRequested`` asks to move to the results."""

    leaveRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("registerFilter")
        self.setAccessibleName("Filter register")
        self.setAccessibleDescription(
            "Type part of a child's name, a provider or a host authority; "
            "Escape clears, Down arrow moves to the results"
        )
        self.setPlaceholderText(FILTER_PLACEHOLDER)
        self.setClearButtonEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.leaveRequested.emit()
            event.accept()
        else:
            super().keyPressEvent(event)
