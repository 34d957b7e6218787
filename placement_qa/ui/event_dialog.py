"""Record a notifiable event between visits (Register ▸ Record an event…): what happened,
to which child (or the provider as a whole), when, who reported it and what was done;
and, in the same step, the follow-up action it calls for (the action dialog's fields).

The event and its action are written in one transaction
(:func:`~placement_qa.store.notifiable_events.record_event`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget
from sqlite_utils import Database

from ..domain.actions import DEFAULT_PRIORITY, NewAction
from ..domain.dates import uk
from ..domain.notifiable_events import (
    DATE_FIELD,
    EVENT_KINDS,
    KIND_FIELD,
    PROVIDER_AS_A_WHOLE,
    REPORTER_FIELD,
    REPORTERS,
    WHAT_DONE_FIELD,
    NewEvent,
)
from ..domain.validation import FieldError, required_date
from ..store.notifiable_events import placements_at, record_event
from ..store.records import list_providers
from .action_dialog import DEFAULT_WEEKS, _ActionForm, _choices, _text_box
from .form_fields import (
    Checks,
    DateField,
    chosen_data,
    fill_combo,
    search_combo,
    select_data,
    set_names,
)

PROVIDER, CHILD, REPORTER_NAME = "Provider", "Child", "Reporter's name"


class RecordEventDialog(_ActionForm):
    """The event's fields, then a tick box that opens the follow-up action's fields."""

    def __init__(self, db: Database, *, as_of: date, provider_id: int | None = None,
                 placement_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Record an event", "recordEventDialog", parent)
        self._db, self.as_of = db, as_of
        self.event_id: int | None = None  # set once saved
        self._add_event_fields()
        self.with_action = QCheckBox("Raise a follow-&up action", self)
        set_names(self.with_action, "eventRaiseAction", "Raise a follow-up action")
        self.form.addRow(self.with_action)
        self._add_action_fields()
        self.due.set_date(as_of + timedelta(weeks=DEFAULT_WEEKS))
        self.with_action.toggled.connect(self._show_action_fields)
        self._show_action_fields(False)
        self._fill_providers(provider_id, placement_id)
        self.setMinimumWidth(560)

    def _add_event_fields(self) -> None:
        self.provider = search_combo("eventProvider", PROVIDER, "Type part of a name", self)
        self.provider.currentIndexChanged.connect(lambda _i: self._fill_children(None))
        self.provider.editTextChanged.connect(self._provider_typed)
        self.add_field("Pro&vider:", self.provider, field=PROVIDER)
        self.child = _choices(self, "eventChild", CHILD, {})
        self.add_field("C&hild:", self.child, field=CHILD)
        self.kind = _choices(self, "eventKind", KIND_FIELD, EVENT_KINDS)
        self.add_field("&Event:", self.kind, field=KIND_FIELD)
        self.day = DateField("eventDate", DATE_FIELD, self)
        self.day.set_date(self.as_of)
        self.add_field("Da&te:", self.day, field=DATE_FIELD, marked=self.day.line_edit)
        self.reporter = _choices(self, "eventReporter", REPORTER_FIELD, REPORTERS)
        self.add_field("&Reported by:", self.reporter, field=REPORTER_FIELD)
        self.reporter_name = QLineEdit(self)
        set_names(self.reporter_name, "eventReporterName", REPORTER_NAME)
        self.reporter_name.setPlaceholderText("Who, e.g. J. Patel (social worker)")
        self.add_field("Reporter na&me:", self.reporter_name, field=REPORTER_NAME)
        self.what_done = _text_box(self, "eventWhatDone", WHAT_DONE_FIELD,
                                   "What the provider or social care did about it")
        self.add_field("What was d&one:", self.what_done, field=WHAT_DONE_FIELD)

    def _fill_providers(self, provider_id: int | None, placement_id: int | None) -> None:
        fill_combo(self.provider, ((p.name, p.name, p.provider_id)
                                   for p in list_providers(self._db)))
        if provider_id is not None:
            select_data(self.provider, provider_id)
        self._fill_children(placement_id)

    def _fill_children(self, placement_id: int | None) -> None:
        self.child.clear()
        self.child.addItem(PROVIDER_AS_A_WHOLE, None)
        provider_id = chosen_data(self.provider)
        self.child.setProperty("providerId", provider_id)
        for pid, name, ended in placements_at(self._db, provider_id) if provider_id else ():
            self.child.addItem(f"{name} (ended {uk(ended)})" if ended else name, pid)
        select_data(self.child, placement_id)
        if self.child.currentIndex() < 0:
            self.child.setCurrentIndex(0)

    def _provider_typed(self, _text: str) -> None:
        """A provider typed in full (not picked from the list) lists its children too."""
        if chosen_data(self.provider) != self.child.property("providerId"):
            self._fill_children(None)

    def _show_action_fields(self, shown: bool) -> None:
        for field in ("What needs doing", "Owner", "Owner name", "Due date", "Priority"):
            self.set_row_visible(self.rows[field], shown)

    def _typed_event(self, checks: Checks) -> NewEvent | None:
        provider_id = chosen_data(self.provider)
        if provider_id is None:
            checks.errors.append(FieldError(PROVIDER, "choose a provider from the list"))
        day = checks.run(lambda: required_date(DATE_FIELD, self.day.text()))
        if provider_id is None or day is None:
            return None
        return NewEvent(provider_id, self.kind.currentData(), day, self.reporter.currentData(),
                        self.reporter_name.text(), self.what_done.toPlainText(),
                        self.child.currentData())

    def save(self) -> None:
        self.clear_errors()
        checks = Checks()
        event = self._typed_event(checks)
        self.show_errors(checks.errors)
        if checks.errors or event is None:
            return
        action = None
        if self.with_action.isChecked():
            base = NewAction(provider_id=event.provider_id, description="", owner_kind="provider",
                             owner="", due_date=None, priority=DEFAULT_PRIORITY,
                             placement_id=event.placement_id, raised_on=self.as_of)
            action = self._typed(base)
            if action is None:
                return
            action = replace(action, raised_on=self.as_of)
        if self.write(lambda: self._record(event, action)):
            self.accept()

    def _record(self, event: NewEvent, action: NewAction | None) -> None:
        self.event_id = record_event(self._db, event, as_of=self.as_of, action=action)
