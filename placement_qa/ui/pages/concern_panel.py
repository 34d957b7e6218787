"""The provider page's cause-for-concern line: what is set (since, reason, review date,
due for review) and the manager's buttons to set or lift it (domain/concerns.py)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget
from sqlite_utils import Database

from ...domain.concerns import concern_words, review_due
from ...domain.dates import uk
from ...store.concerns import open_concern
from ...store.outbox import is_joined
from ..concern_dialogs import LiftConcernDialog, SetConcernDialog
from ..current_officer import my_officer
from .widgets import Banner

MANAGERS_ONLY = ("Only a manager may set or lift a cause for concern on the team register: "
                 "choose yourself as a manager in File ▸ Officers… first")


def may_change_concerns(db: Database) -> bool:
    """On a team register only a manager may (the server refuses an officer's change too);
    on a register of one's own, whoever keeps it."""
    if not is_joined(db):
        return True
    me = my_officer(db)
    return me is not None and me.is_manager


class ConcernPanel(QWidget):
    """The cause-for-concern banner (hidden while none is set) and its two buttons;
    ``changed`` is emitted once one was set or lifted."""

    changed = Signal()

    def __init__(self, db: Database, provider_id: int, as_of: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("providerConcernPanel")
        self._db, self._provider_id, self._as_of = db, provider_id, as_of
        self.banner = Banner("providerCausingConcern", "Cause for concern", self)
        self.set_button = self._button("Set cause for &concern…", "setConcernButton",
                                       "Set cause for concern", self.set_concern)
        self.lift_button = self._button("&Lift cause for concern…", "liftConcernButton",
                                        "Lift cause for concern", self.lift_concern)
        self.dialog: SetConcernDialog | LiftConcernDialog | None = None
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.banner, 1)
        line.addWidget(self.set_button, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(self.lift_button, 0, Qt.AlignmentFlag.AlignTop)

    def _button(self, text: str, name: str, accessible: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def refresh(self) -> None:
        period = open_concern(self._db, self._provider_id)
        self.banner.setVisible(period is not None)
        if period is not None:
            cause = period.cause
            review = f" Review by {uk(cause.review_on)}." if cause.review_on else ""
            if review_due(cause, self._as_of):
                review = f" Due for review: the review date ({uk(cause.review_on)}) has come."
            self.banner.show_text(f"{concern_words(cause)}.{review} Placements here are "
                                  "visited more often, and a new one needs a recorded reason "
                                  "and the approving manager.", concern=True)
        allowed = may_change_concerns(self._db)
        self.set_button.setVisible(period is None)
        self.lift_button.setVisible(period is not None)
        for button in (self.set_button, self.lift_button):
            button.setEnabled(allowed)
            button.setToolTip("" if allowed else MANAGERS_ONLY)

    def set_concern(self) -> SetConcernDialog:
        """Open the dialog to mark the provider as causing concern (window-modal)."""
        dialog = SetConcernDialog(self._db, self._provider_id, self._as_of, self)
        return self._open(dialog)

    def lift_concern(self) -> LiftConcernDialog:
        """Open the dialog to lift the provider's cause for concern (window-modal)."""
        dialog = LiftConcernDialog(self._db, self._provider_id, self._as_of, self)
        return self._open(dialog)

    def _open(self, dialog):
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._saved)
        dialog.destroyed.connect(self._forget)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget(self) -> None:
        self.dialog = None

    def _saved(self) -> None:
        self.refresh()
        self.changed.emit()
