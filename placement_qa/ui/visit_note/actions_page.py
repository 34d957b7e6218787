"""The note's last page: the follow-up actions raised from this visit, and a way to
raise one. (Actions raised from a criterion or a child come here too.)"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from sqlite_utils import Database

from ...domain.dates import uk
from ...domain.visit_note import ACTIONS_PAGE, VisitNote
from ...store.actions import list_actions
from ..action_dialog import RaiseActionDialog
from ..form_fields import set_names
from .pages import NotePage


class ActionsPage(NotePage):
    raised = Signal()  # an action was raised: the checklist's count changes

    def __init__(self, db: Database, note: VisitNote, as_of: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(ACTIONS_PAGE, "Follow-up actions", parent)
        self._db, self._note, self.as_of = db, note, as_of
        self.listing = QLabel(self.body)
        set_names(self.listing, "visitActions", "Actions raised from this visit")
        self.listing.setWordWrap(True)
        self.listing.setTextFormat(Qt.TextFormat.RichText)
        self.layout_.addWidget(self.listing)
        button = QPushButton("&Raise action…", self.body)
        set_names(button, "raiseAction", "Raise a follow-up action")
        button.clicked.connect(lambda: self.raise_action(None, None, "From the visit"))
        self.layout_.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        self.layout_.addStretch(1)
        self.dialog: RaiseActionDialog | None = None
        self.refresh()

    def actions(self):
        return list_actions(self._db, visit_id=self._note.visit_id)

    def title_with_count(self) -> str:
        count = len(self.actions())
        return f"Follow-up actions ({count})"

    def refresh(self) -> None:
        rows = [
            f"<li><b>{escape(a.description)}</b> — {escape(a.owner_label)}, due "
            f"{uk(a.due_date)}, {escape(a.priority_label.lower())} priority — "
            f"{escape(a.status_label)}"
            + (f" — <i>{escape(a.child_name)}</i>" if a.child_name else "") + "</li>"
            for a in self.actions()
        ]
        self.listing.setText("<ul>" + "".join(rows) + "</ul>" if rows
                             else "No actions raised from this visit yet.")

    def raise_action(self, criterion_key: str | None, placement_id: int | None,
                     context: str, reported_item_id: int | None = None) -> RaiseActionDialog:
        """Open the dialog to raise an action (window-modal, so the note stays visible);
        one raised from a provider-reported item is linked to it as it is written."""
        dialog = RaiseActionDialog(
            self._db, provider_id=self._note.provider_id, as_of=self.as_of,
            visit_id=self._note.visit_id, criterion_key=criterion_key,
            placement_id=placement_id, context_text=context,
            reported_item_id=reported_item_id, parent=self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._raised)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _raised(self) -> None:
        self.refresh()
        self.raised.emit()

    def apply(self, note: VisitNote) -> VisitNote:
        self._note = note
        return note

    def show_note(self, note: VisitNote) -> None:
        self._note = note
        self.refresh()

    def set_read_only(self, read_only: bool) -> None:
        """Actions can be raised after sign-off too: follow-up goes on."""
