"""Quick filters: one checkable button per status, plus "All", exclusive like radio buttons."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QToolButton, QWidget

from ..domain.glossary import explained
from ..domain.schedule import Status
from .register_columns import STATUS_ORDER

ALL = "all"


def status_slug(status: Status | None) -> str:
    """``overdue``, ``due_soon``, ... (``all`` for no status): used in object names."""
    return ALL if status is None else status.name.lower()


class StatusFilterBar(QWidget):
    """"All (1,234)", "Overdue (56)", "Due soon (34)", ...: click one to show only those.

    ``statusChanged`` carries the chosen status, or None for all.
    """

    statusChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusFilters")
        self.setAccessibleName("Show placements by status")
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._buttons: dict[Status | None, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        label = QLabel("Show:", self)
        label.setObjectName("statusFiltersLabel")
        label.setAccessibleName("Show")
        layout.addWidget(label)
        for status in (None, *STATUS_ORDER):
            layout.addWidget(self._add_button(status))
        layout.addStretch(1)
        self._buttons[None].setChecked(True)
        self._group.buttonToggled.connect(self._on_toggled)

    def _add_button(self, status: Status | None) -> QToolButton:
        button = QToolButton(self)
        button.setCheckable(True)
        button.setAutoRaise(False)
        button.setObjectName(f"statusFilter_{status_slug(status)}")
        what = "all placements" if status is None else f"{status.value.lower()} placements"
        button.setAccessibleName(f"Show {what}")
        meaning = explained(status.value) if status is not None else None
        button.setToolTip(f"Show {what}" + (f"\n\n{meaning}" if meaning else ""))
        button.setText(self._label(status))
        self._group.addButton(button)
        self._buttons[status] = button
        return button

    @staticmethod
    def _label(status: Status | None) -> str:
        return "All" if status is None else status.value

    def button(self, status: Status | None) -> QToolButton:
        return self._buttons[status]

    def current_status(self) -> Status | None:
        for status, button in self._buttons.items():
            if button.isChecked():
                return status
        return None

    def set_current_status(self, status: Status | None) -> None:
        self._buttons[status].setChecked(True)

    def set_counts(self, counts: Mapping[Status, int]) -> None:
        """Show each status's count, and the total on "All"."""
        for status, button in self._buttons.items():
            count = sum(counts.values()) if status is None else counts.get(status, 0)
            button.setText(f"{self._label(status)} ({count:,})")

    def _on_toggled(self, button: QToolButton, checked: bool) -> None:
        if checked:
            self.statusChanged.emit(self._status_of(button))

    def _status_of(self, button: QToolButton) -> Status | None:
        for status, candidate in self._buttons.items():
            if candidate is button:
                return status
        return None
