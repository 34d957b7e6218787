"""The visit note's "Provider's return checked" page: each value the provider reported
before the visit, and how the visit checked it (verified / not verified / disputed,
what was found, a note). A disputed or unverifiable item raises a follow-up action in
one step: the action dialog opens already describing the discrepancy, and the action
raised is linked back to the item.

What the provider reported is shown, never edited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from ...domain.dates import uk
from ...domain.provider_return import (
    DISPUTED,
    NOT_VERIFIED,
    UNCHECKED,
    VERIFICATIONS,
    VERIFIED,
    ReportedItem,
)
from ...domain.visit_note import PROVIDER_RETURN_PAGE, VisitNote
from ...store.actions import get_action
from ...store.errors import DATABASE_ERRORS
from ..form_fields import set_names
from .choice_picker import ChoicePicker
from .fields import heading, hint, line_box, set_text, text_box
from .pages import NotePage
from .verify_all_dialog import AllVerifiedDialog

CHECKS = [(VERIFIED, "Verified"), (NOT_VERIFIED, "Not verified"), (DISPUTED, "Disputed")]
# opens the action dialog: (criterion key, placement id, context, reported item id)
# -> the dialog, which writes the action and its link to the item together
Raiser = Callable[[str | None, int | None, str, int], QDialog]


def action_description(item: ReportedItem) -> str:
    """"Disputed: Vacancies — reported 3, found 5. The list shows five empty beds." """
    state = VERIFICATIONS.get(item.verification, item.verification)
    text = f"{state}: {item.label} — reported {item.shown_value or '(blank)'}"
    if item.verified_value.strip():
        text += f", found {item.verified_value.strip()}"
    text += "."
    if item.verification_note.strip():
        text += f" {item.verification_note.strip()}"
    return text


@dataclass
class _ItemRow:
    """The widgets of one reported item."""

    item: ReportedItem
    check: ChoicePicker
    found: QLineEdit
    note: QPlainTextEdit
    raise_button: QPushButton
    action_label: QLabel


class ReturnPage(NotePage):
    """One group per reported item: provider-level first, then each child's (initials)."""

    checked_together = Signal()  # "All verified except…" applied: save it now

    def __init__(self, db: Database, note: VisitNote, parent: QWidget | None = None) -> None:
        super().__init__(PROVIDER_RETURN_PAGE, "Provider's return checked", parent)
        self._db = db
        self._raiser: Raiser | None = None
        self._read_only = False
        self.dialog: QDialog | None = None  # the action dialog open now, if any
        self.layout_.addWidget(hint(
            "Check each value the provider reported. Keys 1 Verified, 2 Not verified, "
            "3 Disputed; Delete clears. A disputed or unverified item needs a note, and "
            "can raise a follow-up action.", self.body))
        self.verify_all_button = QPushButton("All &verified except…", self.body)
        set_names(self.verify_all_button, "verifyAllButton",
                  "Mark every item verified except those you choose")
        self.verify_all_button.clicked.connect(self.verify_all_except)
        self.verify_all_button.setVisible(bool(note.reported_items))
        self.layout_.addWidget(self.verify_all_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.rows: dict[int, _ItemRow] = {}
        names = {c.placement_id: c.child_name for c in note.children}
        group: object = ()
        for item in note.reported_items:
            if item.placement_id != group:
                group = item.placement_id
                title = (f"For {names.get(group, '')} ({item.child_initials} on the form)"
                         if group is not None else "About the provider")
                self.layout_.addWidget(heading(title, self.body, size=1.1))
            self.layout_.addWidget(self._item_frame(item))
        if not note.reported_items:
            self.layout_.addWidget(hint("No return from the provider for this visit.",
                                        self.body))
        self.layout_.addStretch(1)
        self.show_note(note)

    def raise_with(self, raiser: Raiser) -> None:
        """How this page opens the action dialog (the window's actions page)."""
        self._raiser = raiser

    # --- building --------------------------------------------------------------

    def _item_frame(self, item: ReportedItem) -> QFrame:
        frame = QFrame(self.body)
        frame.setObjectName(f"reportedItem_{item.item_id}")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(frame)
        title = QLabel(f"<b>{_escape(item.label)}</b>", frame)
        title.setWordWrap(True)
        box.addWidget(title)
        reported = QLabel(frame)
        set_names(reported, f"reported_{item.item_id}", f"Reported: {item.label}")
        reported.setTextFormat(Qt.TextFormat.PlainText)
        reported.setWordWrap(True)
        reported.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        reported.setText(f"Reported {uk(item.reported_on)}: "
                         f"{item.shown_value or '(left blank)'}")
        box.addWidget(reported)
        check = ChoicePicker(CHECKS, f"verification_{item.item_id}",
                             f"Check: {item.label}", parent=frame)
        found = line_box(f"verifiedValue_{item.item_id}", f"Found on the visit: {item.label}",
                         frame)
        note = text_box(f"verificationNote_{item.item_id}", f"Note: {item.label}", lines=2,
                        parent=frame)
        note.setMaximumHeight(note.minimumHeight() + note.fontMetrics().lineSpacing())
        button = QPushButton("Raise action…", frame)
        set_names(button, f"raiseItemAction_{item.item_id}",
                  f"Raise an action on: {item.label}")
        button.clicked.connect(lambda: self.raise_item_action(item.item_id))
        action = QLabel(frame)
        set_names(action, f"itemAction_{item.item_id}", f"Action raised: {item.label}")
        action.setTextFormat(Qt.TextFormat.PlainText)
        action.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(check, 1)
        row.addWidget(button)
        box.addLayout(row)
        form = QFormLayout()
        form.addRow("Found on the visit", found)
        form.addRow("Note", note)
        box.addLayout(form)
        box.addWidget(action)
        self.rows[item.item_id] = _ItemRow(item, check, found, note, button, action)
        self.watch(check, found, note)
        check.changed.connect(self._show_buttons)
        return frame

    # --- showing -----------------------------------------------------------------

    def show_note(self, note: VisitNote) -> None:
        for item in note.reported_items:
            row = self.rows.get(item.item_id)
            if row is None:
                continue
            row.item = item
            row.check.set_value(None if item.verification == UNCHECKED else item.verification)
            set_text(row.found, item.verified_value)
            set_text(row.note, item.verification_note)
        self._show_buttons()

    def _show_buttons(self) -> None:
        for row in self.rows.values():
            linked = row.item.action_id is not None
            row.raise_button.setVisible(not linked)
            row.raise_button.setEnabled(not self._read_only and row.check.value()
                                        in (DISPUTED, NOT_VERIFIED))
            row.action_label.setVisible(linked)
            if linked:
                row.action_label.setText(f"Action raised: {self._description(row.item)}")

    def _description(self, item: ReportedItem) -> str:
        try:
            return get_action(self._db, item.action_id).description
        except (LookupError, *DATABASE_ERRORS):
            return f"action {item.action_id} (no longer in the register)"

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self._read_only = read_only
        self.verify_all_button.setEnabled(not read_only)
        self._show_buttons()

    # --- all verified except… ------------------------------------------------------

    def verify_all_except(self) -> QDialog | None:
        """Ask which items were verified (all ticked to begin with); those ticked are
        marked verified together, and the first left unticked is shown to check."""
        if self._read_only or not self.rows:
            return None
        dialog = AllVerifiedDialog([self._typed(row) for row in self.rows.values()], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.mark_verified(dialog.ticked()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def mark_verified(self, item_ids: list[int]) -> None:
        """Mark ``item_ids`` verified (the rest as they were), then save it all at once."""
        for item_id in item_ids:
            self.rows[item_id].check.set_value(VERIFIED)
        self._show_buttons()
        self.edited.emit()
        self.checked_together.emit()
        left = [row for row in self.rows.values() if row.check.value() != VERIFIED]
        if left:
            self.ensureWidgetVisible(left[0].check)
            left[0].check.setFocus()

    # --- raising an action from an item ------------------------------------------------

    def raise_item_action(self, item_id: int) -> QDialog | None:
        """Open the action dialog describing the item's discrepancy; the action saved
        is linked to the item in the same transaction."""
        row = self.rows[item_id]
        if self._raiser is None or self._read_only:
            return None
        item = self._typed(row)
        dialog = self._raiser(None, item.placement_id,
                              f"From the provider's return: {item.label}", item_id)
        dialog.what.setPlainText(action_description(item))
        dialog.what.moveCursor(QTextCursor.MoveOperation.End)  # typing adds to it
        dialog.accepted.connect(lambda: self._linked(item_id, dialog.action_id))
        self.dialog = dialog
        return dialog

    def _linked(self, item_id: int, action_id: int | None) -> None:
        """Show the action the dialog raised (and linked to the item) on its row."""
        if action_id is None:
            return
        row = self.rows[item_id]
        row.item = replace(row.item, action_id=action_id)
        self._show_buttons()
        self.edited.emit()

    # --- writing back --------------------------------------------------------------

    def _typed(self, row: _ItemRow) -> ReportedItem:
        return replace(row.item, verification=row.check.value() or UNCHECKED,
                       verified_value=row.found.text(),
                       verification_note=row.note.toPlainText())

    def apply(self, note: VisitNote) -> VisitNote:
        items = tuple(self._typed(self.rows[i.item_id]) if i.item_id in self.rows else i
                      for i in note.reported_items)
        return replace(note, reported_items=items)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
