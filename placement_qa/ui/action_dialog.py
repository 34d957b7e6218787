"""Raise a follow-up action, and later edit it or move its status on.

An action is raised from a finding or a child on a visit, or on its own against
a provider: what needs doing, whose it is, by when and how urgent. Closing it
(done or cancelled) needs a note saying how it ended.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget
from sqlite_utils import Database

from ..domain.actions import (
    ACTION_STATES,
    DEFAULT_PRIORITY,
    OWNER_KINDS,
    PRIORITIES,
    FollowUpAction,
    NewAction,
)
from ..domain.dates import uk
from ..domain.validation import required_date, required_text
from ..store.actions import get_action, raise_action, update_action
from ..store.provider_returns import ReturnRefused, raise_action_for_item
from .form_dialog import FormDialog
from .form_fields import Checks, DateField, select_data, set_names

WHAT = "What needs doing"
OWNER = "Owner"  # the kind of owner: the field the domain names when it refuses one
OWNER_NAME = "Owner name"
DUE = "Due date"
PRIORITY = "Priority"
STATUS = "Status"
NOTE = "Completion note"
DEFAULT_WEEKS = 4


def _text_box(parent: QWidget, name: str, accessible: str, placeholder: str) -> QPlainTextEdit:
    """A few lines of text; Tab moves on (a tab character is no use here)."""
    box = QPlainTextEdit(parent)
    set_names(box, name, accessible)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setMaximumHeight(90)
    return box


def _choices(parent: QWidget, name: str, accessible: str, items: dict[str, str]) -> QComboBox:
    combo = QComboBox(parent)
    set_names(combo, name, accessible)
    for key, label in items.items():
        combo.addItem(label, key)
    return combo


def _context_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    set_names(label, name, "What the action is about")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class _ActionForm(FormDialog):
    """The fields an action is raised and edited with: what, owner, due date, priority."""

    def _add_action_fields(self) -> None:
        self.what = _text_box(self, "actionWhat", WHAT, "What the provider or officer must do")
        self.add_field("&What needs doing:", self.what, field=WHAT)
        self.owner_kind = _choices(self, "actionOwnerKind", "Owner kind", OWNER_KINDS)
        self.add_field("Owner &kind:", self.owner_kind, field=OWNER)
        self.owner_name = QLineEdit(self)
        set_names(self.owner_name, "actionOwnerName", OWNER_NAME)
        self.owner_name.setPlaceholderText("Who, e.g. J. Bloggs (SENCo)")
        self.add_field("Owner &name:", self.owner_name, field=OWNER_NAME)
        self.due = DateField("actionDueDate", DUE, self)
        self.add_field("&Due date:", self.due, field=DUE, marked=self.due.line_edit)
        self.priority = _choices(self, "actionPriority", PRIORITY, PRIORITIES)
        select_data(self.priority, DEFAULT_PRIORITY)
        self.add_field("&Priority:", self.priority, field=PRIORITY)

    def _typed(self, base: NewAction) -> NewAction | None:
        """``base`` with what was typed, or None (the refusals shown at their fields)."""
        checks = Checks()
        what = checks.run(lambda: required_text(WHAT, self.what.toPlainText()))
        due = checks.run(lambda: required_date(DUE, self.due.text()))
        self.show_errors(checks.errors)
        if checks.errors:
            return None
        return replace(base, description=what, owner_kind=self.owner_kind.currentData(),
                       owner=self.owner_name.text(), due_date=due,
                       priority=self.priority.currentData())


class RaiseActionDialog(_ActionForm):
    """Raises a follow-up action against ``provider_id`` (from a visit's finding or child,
    when given). ``context_text`` says what it is about: "From: Safeguarding — Incidents".
    Raised from a provider-reported item (``reported_item_id``), the action and its
    link to the item are written in one transaction.
    """

    def __init__(
        self, db: Database, *, provider_id: int | None, as_of: date,
        visit_id: int | None = None, criterion_key: str | None = None,
        placement_id: int | None = None, context_text: str = "",
        reported_item_id: int | None = None, parent: QWidget | None = None,
    ) -> None:
        super().__init__("Raise follow-up action", "raiseActionDialog", parent)
        self._db = db
        self.as_of = as_of
        self.action_id: int | None = None  # set once saved
        self._reported_item_id = reported_item_id  # linked to the action as it is raised
        self._base = NewAction(
            provider_id=provider_id, description="", owner_kind="provider", owner="",
            due_date=None, priority=DEFAULT_PRIORITY, visit_id=visit_id,
            criterion_key=criterion_key, placement_id=placement_id, raised_on=as_of)
        self.context = _context_label(self, "raiseActionContext")
        self.context.setTextFormat(Qt.TextFormat.PlainText)
        self.context.setText(context_text)
        self.context.setVisible(bool(context_text))
        self.form.addRow(self.context)
        self._add_action_fields()
        self.due.set_date(as_of + timedelta(weeks=DEFAULT_WEEKS))
        self.save_button.setText("&Raise action")
        self.save_button.setAccessibleName("Raise action")
        self.setMinimumWidth(520)
        self.what.setFocus()

    def save(self) -> None:
        self.clear_errors()
        action = self._typed(self._base)
        if action is None:
            return
        try:
            written = self.write(lambda: self._raise(action))
        except ReturnRefused as exc:
            self.show_form_error(f"The action was not raised: {exc}.")
            return
        if written:
            self.accept()

    def _raise(self, action: NewAction) -> None:
        if self._reported_item_id is None:
            self.action_id = raise_action(self._db, action)
        else:
            self.action_id = raise_action_for_item(self._db, self._reported_item_id, action)


class UpdateActionDialog(_ActionForm):
    """Edits an action and moves its status on (closing it needs a completion note)."""

    def __init__(self, db: Database, action_id: int, as_of: date,
                 parent: QWidget | None = None) -> None:
        super().__init__("Update follow-up action", "updateActionDialog", parent)
        self._db = db
        self.action_id = action_id
        self.as_of = as_of
        self.changed = False  # set on save when anything was written
        self.summary = _context_label(self, "updateActionSummary")
        self.form.addRow(self.summary)
        self._add_action_fields()
        self.status = _choices(self, "actionStatus", STATUS, ACTION_STATES)
        self.add_field("&Status:", self.status, field=STATUS)
        self.note = _text_box(self, "actionCompletionNote", NOTE,
                              "What was done, or why it was cancelled")
        self.add_field("Completion &note:", self.note, field=NOTE)
        self.save_button.setAccessibleName("Save action")
        self.setMinimumWidth(520)
        try:
            self.action: FollowUpAction | None = get_action(db, action_id)
        except LookupError:
            self.action = None
            self.show_form_error("This action is no longer in the register.")
            self.save_button.setEnabled(False)
            return
        self._fill(self.action)
        self.status.setFocus()

    def _fill(self, action: FollowUpAction) -> None:
        self.summary.setText(_summary(action))
        self.what.setPlainText(action.description)
        select_data(self.owner_kind, action.owner_kind)
        self.owner_name.setText(action.owner)
        self.due.set_date(action.due_date)
        select_data(self.priority, action.priority)
        select_data(self.status, action.status)
        self.note.setPlainText(action.completion_note)

    def save(self) -> None:
        self.clear_errors()
        if self.action is None:
            return
        edited = self._typed(self.action.as_new_action())
        if edited is None:
            return
        status, note = self.status.currentData(), self.note.toPlainText()
        if self.write(lambda: self._update(edited, status, note)):
            self.accept()

    def _update(self, edited: NewAction, status: str, note: str) -> None:
        self.changed = update_action(self._db, self.action_id, edited, status, note, self.as_of)


def _summary(action: FollowUpAction) -> str:
    """"<b>Brookside School</b>, raised on the visit of 01/10/2026, for Amara Okafor."""
    parts = [f"<b>{_escape(action.provider_name or 'No provider')}</b>"]
    if action.visit_date is not None:
        parts.append(f"raised on the visit of {uk(action.visit_date)}")
    elif action.raised_on is not None:
        parts.append(f"raised {uk(action.raised_on)}")
    if action.child_name:
        parts.append(f"for {_escape(action.child_name)}")
    return ", ".join(parts) + "."


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

