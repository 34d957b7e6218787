"""Quick filters: one checkable button per status, plus "All" and "Slipped visits"
(placements whose planned visit's date passed unrecorded, or whose visit is not written
up, whatever their status), exclusive like radio buttons."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QToolButton, QWidget

from ..domain.glossary import explained
from ..domain.schedule import Status
from .register_columns import STATUS_ORDER

ALL = "all"
SLIPPED = "slipped"  # the "Slipped visits" button's key (not a status)
FilterKey = Status | str | None


def status_slug(status: FilterKey) -> str:
    """``overdue``, ``due_soon``, ... (``all`` for no status): used in object names."""
    if status is None:
        return ALL
    return status.name.lower() if isinstance(status, Status) else status


class StatusFilterBar(QWidget):
    """"All (1,234)", "Overdue (56)", "Slipped visits (3)", "Due soon (34)", ...: click one
    to show only those.

    ``statusChanged`` carries the chosen status, :data:`SLIPPED`, or None for all.
    """

    statusChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusFilters")
        self.setAccessibleName("Show placements by status")
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._buttons: dict[FilterKey, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        label = QLabel("Show:", self)
        label.setObjectName("statusFiltersLabel")
        label.setAccessibleName("Show")
        layout.addWidget(label)
        for status in (None, STATUS_ORDER[0], SLIPPED, *STATUS_ORDER[1:]):
            layout.addWidget(self._add_button(status))
        layout.addStretch(1)
        self._buttons[None].setChecked(True)
        self._group.buttonToggled.connect(self._on_toggled)

    def _add_button(self, status: FilterKey) -> QToolButton:
        button = QToolButton(self)
        button.setCheckable(True)
        button.setAutoRaise(False)
        button.setObjectName(f"statusFilter_{status_slug(status)}")
        what = _what(status)
        button.setAccessibleName(f"Show {what}")
        meaning = explained(status.value) if isinstance(status, Status) else None
        button.setToolTip(f"Show {what}" + (f"\n\n{meaning}" if meaning else ""))
        button.setText(self._label(status))
        self._group.addButton(button)
        self._buttons[status] = button
        return button

    @staticmethod
    def _label(status: FilterKey) -> str:
        if status is None:
            return "All"
        return status.value if isinstance(status, Status) else "Slipped visits"

    def button(self, status: FilterKey) -> QToolButton:
        return self._buttons[status]

    def current_status(self) -> FilterKey:
        for status, button in self._buttons.items():
            if button.isChecked():
                return status
        return None

    def set_current_status(self, status: FilterKey) -> None:
        self._buttons[status].setChecked(True)

    def set_counts(self, counts: Mapping[Status, int], slipped: int = 0) -> None:
        """Show each status's count, the slipped visits' and the total on "All"."""
        for status, button in self._buttons.items():
            if status is None:
                count = sum(counts.values())
            else:
                count = counts.get(status, 0) if isinstance(status, Status) else slipped
            button.setText(f"{self._label(status)} ({count:,})")

    def _on_toggled(self, button: QToolButton, checked: bool) -> None:
        if checked:
            self.statusChanged.emit(self._status_of(button))

    def _status_of(self, button: QToolButton) -> FilterKey:
        for status, candidate in self._buttons.items():
            if candidate is button:
                return status
        return None


def _what(status: FilterKey) -> str:
    if status is None:
        return "all placements"
    if isinstance(status, Status):
        return f"{status.value.lower()} placements"
    return ("placements whose planned visit's date passed and it is not recorded, "
            "or whose visit is not written up")
