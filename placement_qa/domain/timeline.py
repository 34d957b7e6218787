"""A provider's history as one timeline: inspections, monitoring visits and their
judgements, actions opened and closed, provider returns imported, and what a visit
found different from what the provider reported.

Plain data and the wording and ordering rules; the store reads the register
(:func:`placement_qa.store.timeline.provider_timeline`), the provider's page shows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .dates import uk
from .judgement import judgement_label
from .provider_return import VERIFICATIONS, ReportedItem
from .register import VISIT_COMPLETED, VISIT_STATES, VISIT_TYPES

INSPECTION = "inspection"
RETURN_IMPORTED = "return"
VISIT = "visit"
DISCREPANCY = "discrepancy"
ACTION_OPENED = "action_opened"
ACTION_CLOSED = "action_closed"
CONCERN_SET = "concern_set"
CONCERN_LIFTED = "concern_lifted"
NOTIFIABLE_EVENT = "notifiable_event"
# What each kind is called, and (by position) the order things happen in one day:
# an inspection, the return arriving, the visit, what it found, the actions raised
# from it, then actions closed.
EVENT_KINDS: dict[str, str] = {
    INSPECTION: "Inspection",
    RETURN_IMPORTED: "Provider return",
    VISIT: "Visit",
    DISCREPANCY: "Reported vs verified",
    ACTION_OPENED: "Action opened",
    ACTION_CLOSED: "Action closed",
    CONCERN_SET: "Cause for concern set",
    CONCERN_LIFTED: "Cause for concern lifted",
    NOTIFIABLE_EVENT: "Event reported",
}
_DAY_ORDER = {kind: rank for rank, kind in enumerate(EVENT_KINDS)}


@dataclass(frozen=True)
class TimelineEvent:
    """One thing that happened with the provider, on ``date``."""

    date: date
    kind: str
    text: str
    visit_id: int | None = None  # the visit it belongs to, to open from the timeline
    sequence: int = 0  # order among events of one kind on one day (the register's id)

    @property
    def kind_label(self) -> str:
        return EVENT_KINDS.get(self.kind, self.kind)

    @property
    def line(self) -> str:
        """"22/11/2026 — Visit: Annual monitoring, completed — overall judgement Green"."""
        return f"{uk(self.date)} — {self.kind_label}: {self.text}"


def newest_first(events: Iterable[TimelineEvent]) -> list[TimelineEvent]:
    """Newest day first; within a day, what happened last first (the actions raised on
    a visit above the visit, the visit above the return it checked)."""
    return sorted(events, key=lambda e: (e.date, _DAY_ORDER.get(e.kind, -1), e.sequence),
                  reverse=True)


# --- wording -------------------------------------------------------------------------

def inspection_event(day: date, inspectorate: str, outcome: str, sequence: int = 0
                     ) -> TimelineEvent:
    return TimelineEvent(day, INSPECTION, f"{inspectorate} — {outcome}", sequence=sequence)


def visit_event(day: date, visit_type: str, status: str, overall_rag: str | None,
                visit_id: int) -> TimelineEvent:
    """"Annual monitoring, completed — overall judgement Good"."""
    kind = VISIT_TYPES.get(visit_type, visit_type)
    text = f"{kind}, {VISIT_STATES.get(status, status).lower()}"
    if status == VISIT_COMPLETED and overall_rag:
        text += f" — overall judgement {judgement_label(overall_rag)}"
    return TimelineEvent(day, VISIT, text, visit_id=visit_id, sequence=visit_id)


def action_opened_event(day: date, description: str, due: date | None, action_id: int,
                        visit_id: int | None = None) -> TimelineEvent:
    due_text = f" (due {uk(due)})" if due else ""
    return TimelineEvent(day, ACTION_OPENED, f"{description}{due_text}", visit_id=visit_id,
                         sequence=action_id)


def action_closed_event(day: date, description: str, status: str, note: str,
                        action_id: int) -> TimelineEvent:
    """"Fix the gate — done: Gate replaced"."""
    state = "done" if status == "done" else "cancelled"
    text = f"{description} — {state}" + (f": {note}" if note.strip() else "")
    return TimelineEvent(day, ACTION_CLOSED, text, sequence=action_id)


def return_event(day: date, completed_by: str, returned_on: date | None, return_id: int,
                 visit_id: int | None = None) -> TimelineEvent:
    """"Imported: returned 18/11/2026, completed by Mrs Head"."""
    parts = ["imported"]
    if returned_on:
        parts.append(f"returned {uk(returned_on)}")
    if completed_by.strip():
        parts.append(f"completed by {completed_by.strip()}")
    text = ", ".join(parts)
    return TimelineEvent(day, RETURN_IMPORTED, text[0].upper() + text[1:],
                         visit_id=visit_id, sequence=return_id)


def discrepancy_text(item: ReportedItem) -> str:
    """"Vacancies: reported 3, found 5 — disputed" (then the visit's note, if any)."""
    text = f"{item.label}: reported {item.shown_value or '(blank)'}"
    if item.verified_value.strip():
        text += f", found {item.verified_value.strip()}"
    text += f" — {VERIFICATIONS.get(item.verification, item.verification).lower()}"
    if item.verification_note.strip():
        text += f" ({item.verification_note.strip()})"
    return text


def discrepancy_event(day: date, item: ReportedItem, visit_id: int | None) -> TimelineEvent:
    return TimelineEvent(day, DISCREPANCY, discrepancy_text(item), visit_id=visit_id,
                         sequence=item.item_id)


def notifiable_event(day: date, kind_label: str, child_initials: str, reporter: str,
                     event_id: int) -> TimelineEvent:
    """"Physical intervention / restraint — Z. Ł. — reported by Social care: J. Patel"
    (the provider as a whole when no child is given)."""
    about = child_initials or "the provider as a whole"
    return TimelineEvent(day, NOTIFIABLE_EVENT, f"{kind_label} — {about} — reported by "
                         f"{reporter}", sequence=event_id)
