"""The banner on a provider's or child's page listing placements flagged for the
manager (an escalated action, say), with a button to clear them once the manager
has dealt with them. Clearing asks first, is one transaction, and the change log
keeps what each flag said."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from sqlite_utils import Database

from ...domain.pages import ManagerFlag
from ...store.errors import DATABASE_ERRORS, in_words
from ...store.escalation import EscalationRefused, clear_manager_flags
from .widgets import Banner


class FlagsBanner(Banner):
    """Placements flagged for the manager, one line each; hidden when there are none."""

    cleared = Signal()  # the flags were cleared: the page reads them again

    def __init__(self, name: str, db: Database, line: Callable[[ManagerFlag], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(name, "Placements flagged for the manager", parent)
        self._db = db
        self._line = line
        self.flags: list[ManagerFlag] = []
        self.clear_button = QPushButton("C&lear flags…", self)
        self.clear_button.setObjectName(f"{name}Clear")
        self.clear_button.setAccessibleName("Clear the flags for the manager")
        self.clear_button.setToolTip("Once the manager has dealt with them (the change log "
                                     "keeps what they said)")
        self.clear_button.clicked.connect(self.clear_flags)
        self.layout().addWidget(self.clear_button)
        self.setVisible(False)

    def show_flags(self, flags: Sequence[ManagerFlag]) -> None:
        self.flags = list(flags)
        self.show_text("\n".join(self._line(f) for f in flags), concern=True)
        self.clear_button.setText("C&lear flag…" if len(flags) == 1 else "C&lear flags…")
        self.setVisible(bool(flags))

    def clear_flags(self) -> bool:
        """Ask, then clear every flag shown; True when they were cleared."""
        if not self.flags:
            return False
        lines = "\n".join(f"• {self._line(f)}" for f in self.flags)
        one = len(self.flags) == 1
        answer = QMessageBox.question(
            self, "Clear flag" if one else "Clear flags",
            f"Clear {'this flag' if one else f'these {len(self.flags)} flags'} for the "
            f"manager?\n\n{lines}\n\nDo this once the manager has dealt with "
            f"{'it' if one else 'them'}. The change log keeps what "
            f"{'it' if one else 'they'} said.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            clear_manager_flags(self._db, [f.placement_id for f in self.flags])
        except (EscalationRefused, *DATABASE_ERRORS) as exc:
            QMessageBox.warning(self, "Flags not cleared",
                                f"Nothing was changed: {in_words(exc)}.")
            self.cleared.emit()  # show what the register holds now
            return False
        self.cleared.emit()
        return True
