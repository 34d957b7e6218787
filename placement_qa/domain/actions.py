"""Follow-up actions: what was agreed after a visit, who owns it, by when.

An action is raised from a finding (a framework criterion) or from a child seen
on a visit, or on its own against a provider. Later its status moves on (open,
in progress, done or cancelled) with a note saying how it ended.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from .composed_text import compose
from .validation import FieldError

ACTION_OPEN = "open"
ACTION_IN_PROGRESS = "in_progress"
ACTION_DONE = "done"
ACTION_CANCELLED = "cancelled"
ACTION_STATES: dict[str, str] = {
    ACTION_OPEN: "Open",
    ACTION_IN_PROGRESS: "In progress",
    ACTION_DONE: "Done",
    ACTION_CANCELLED: "Cancelled",
}
# Statuses that still need someone to do something.
LIVE_ACTION_STATES = (ACTION_OPEN, ACTION_IN_PROGRESS)
CLOSED_ACTION_STATES = (ACTION_DONE, ACTION_CANCELLED)

OWNER_KINDS: dict[str, str] = {
    "provider": "Provider",
    "council": "Council officer",
    "other": "Other",
}
PRIORITIES: dict[str, str] = {"high": "High", "medium": "Medium", "low": "Low"}
DEFAULT_PRIORITY = "medium"
# How urgent, for sorting: high first.
PRIORITY_RANK: dict[str, int] = {key: rank for rank, key in enumerate(PRIORITIES)}


@dataclass(frozen=True)
class FollowUpAction:
    action_id: int
    visit_id: int | None
    description: str
    owner: str
    due_date: date | None
    status: str
    owner_kind: str = "other"
    priority: str = "medium"
    completion_note: str = ""
    completed_on: date | None = None
    provider_id: int | None = None
    provider_name: str = ""
    criterion_key: str | None = None
    placement_id: int | None = None
    child_name: str = ""
    raised_on: date | None = None
    visit_date: date | None = None  # of the visit it was raised on, if any

    def is_live(self) -> bool:
        return self.status in LIVE_ACTION_STATES

    def is_overdue(self, as_of: date) -> bool:
        """Open or in progress and its due date has passed (due today is not yet overdue)."""
        return self.is_live() and self.due_date is not None and self.due_date < as_of

    @property
    def status_label(self) -> str:
        return ACTION_STATES.get(self.status, self.status)

    @property
    def owner_label(self) -> str:
        """"Provider: Jo Bloggs (SENCo)" — the kind and, if given, the person (a typed
        value of a :class:`.composed_text.Composed` text)."""
        kind = OWNER_KINDS.get(self.owner_kind, self.owner_kind)
        return compose("{}: {}", kind, self.owner) if self.owner else kind

    @property
    def priority_label(self) -> str:
        return PRIORITIES.get(self.priority, self.priority)

    @property
    def raised_date(self) -> date | None:
        """The day it was raised: the visit's date when raised on a visit."""
        return self.visit_date or self.raised_on

    def as_new_action(self) -> NewAction:
        """What the action asks, in the shape :func:`check_new_action` checks (for an edit)."""
        return NewAction(
            provider_id=self.provider_id, description=self.description,
            owner_kind=self.owner_kind, owner=self.owner, due_date=self.due_date,
            priority=self.priority, visit_id=self.visit_id, criterion_key=self.criterion_key,
            placement_id=self.placement_id, raised_on=self.raised_on,
        )


@dataclass(frozen=True)
class NewAction:
    """An action as raised, before it has an id."""

    provider_id: int | None
    description: str
    owner_kind: str
    owner: str
    due_date: date | None
    priority: str
    visit_id: int | None = None
    criterion_key: str | None = None
    placement_id: int | None = None
    raised_on: date | None = None


def check_new_action(action: NewAction) -> NewAction:
    """The action with text trimmed; a missing or unknown value is a FieldError."""
    if not action.description.strip():
        raise FieldError("What needs doing", "is required")
    if action.owner_kind not in OWNER_KINDS:
        raise FieldError("Owner", f"'{action.owner_kind}' is not one of "
                                  f"{', '.join(OWNER_KINDS.values())}")
    if action.priority not in PRIORITIES:
        raise FieldError("Priority", f"'{action.priority}' is not one of "
                                     f"{', '.join(PRIORITIES.values())}")
    if action.due_date is None:
        raise FieldError("Due date", "is required")
    if action.raised_on is not None and action.due_date < action.raised_on:
        raise FieldError("Due date", "is before the day the action was raised")
    return replace(action, description=action.description.strip(), owner=action.owner.strip())


def check_status_change(status: str, completion_note: str) -> str:
    """The trimmed note; closing an action (done or cancelled) needs one."""
    if status not in ACTION_STATES:
        raise FieldError("Status", f"'{status}' is not a status")
    note = completion_note.strip()
    if status in CLOSED_ACTION_STATES and not note:
        raise FieldError("Completion note", "say what was done" if status == ACTION_DONE
                         else "say why it was cancelled")
    return note
