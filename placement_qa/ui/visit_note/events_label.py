"""The notifiable events since the provider's last completed visit, at the top of the
visit's window: what the visitor checks on site."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from sqlite_utils import Database

from ...domain.note_copy import events_in_copy
from ...domain.visit_note import VisitNote
from ...store.notifiable_events import events_since_last_visit
from ..form_fields import set_names

TITLE = "Events since the last visit (check on site):"


def events_label(db: Database, note: VisitNote, parent: QWidget) -> QLabel:
    """A plain-text label listing the events (hidden for a visit with no provider)."""
    label = QLabel(parent)
    set_names(label, "eventsSinceLastVisit", "Events since the last visit")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    since = events_since_last_visit(db, note.visit_id)
    label.setText("\n".join([TITLE, *(f"• {line}" for line in events_in_copy(since))]))
    label.setVisible(note.provider_id is not None)
    return label
