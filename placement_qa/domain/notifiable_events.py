"""Notifiable events between visits: a restraint, a suspension or exclusion, a child
missing, a safeguarding referral, reported by the provider or by social care.

An event is about one child's placement or about the provider as a whole. The next
visit's note lists the events since the provider's last completed visit ("since the
last visit: 2 restraints, 1 fixed-term suspension") so that they are checked on site.

*Since the last visit* means dated **after** the day of the provider's last completed
visit (an event on the day of a visit belongs to that visit) and on or before the day
of the visit whose note it is. An event about the provider as a whole counts for each
placement live there on the event's day (:func:`placements_counted`).

Plain data and rules; the store reads and writes events (:mod:`..store.notifiable_events`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from .dates import uk
from .validation import FieldError

# kind -> (label, one, many): the label in lists, the words when counted.
_KINDS: dict[str, tuple[str, str, str]] = {
    "restraint": ("Physical intervention / restraint", "restraint", "restraints"),
    "fixed_term_suspension": ("Suspension (fixed-term)", "fixed-term suspension",
                              "fixed-term suspensions"),
    "permanent_exclusion": ("Permanent exclusion", "permanent exclusion",
                            "permanent exclusions"),
    "part_time_timetable": ("Part-time timetable", "part-time timetable",
                            "part-time timetables"),
    "missing_education": ("Missing from education", "episode missing from education",
                          "episodes missing from education"),
    "missing_home": ("Missing from the home", "episode missing from the home",
                     "episodes missing from the home"),
    "safeguarding": ("Safeguarding allegation or referral", "safeguarding allegation or "
                     "referral", "safeguarding allegations or referrals"),
    "police": ("Police involvement", "police involvement", "police involvements"),
    "serious_injury": ("Serious injury or illness", "serious injury or illness",
                       "serious injuries or illnesses"),
    "complaint": ("Complaint", "complaint", "complaints"),
}
EVENT_KINDS: dict[str, str] = {kind: words[0] for kind, words in _KINDS.items()}
REPORTERS: dict[str, str] = {"provider": "Provider", "social_care": "Social care",
                             "other": "Other"}
KIND_FIELD, DATE_FIELD, REPORTER_FIELD = "Kind", "Date", "Reported by"
WHAT_DONE_FIELD = "What was done"


@dataclass(frozen=True)
class NewEvent:
    """An event as recorded, before it has an id. ``placement_id`` None: the provider
    as a whole."""

    provider_id: int
    kind: str
    occurred_on: date | None
    reported_by_kind: str
    reported_by: str = ""
    what_done: str = ""
    placement_id: int | None = None


@dataclass(frozen=True)
class NotifiableEvent:
    event_id: int
    provider_id: int
    provider_name: str
    placement_id: int | None
    child_name: str
    kind: str
    occurred_on: date
    reported_by_kind: str
    reported_by: str
    what_done: str
    action_id: int | None = None

    @property
    def kind_label(self) -> str:
        return EVENT_KINDS.get(self.kind, self.kind)

    @property
    def about(self) -> str:
        """The child's name, or "The provider as a whole"."""
        return self.child_name or PROVIDER_AS_A_WHOLE

    @property
    def reporter_label(self) -> str:
        """"Social care: J. Patel" — who reported it."""
        kind = REPORTERS.get(self.reported_by_kind, self.reported_by_kind)
        return f"{kind}: {self.reported_by}" if self.reported_by else kind


PROVIDER_AS_A_WHOLE = "The provider as a whole"


def check_new_event(event: NewEvent, as_of: date) -> NewEvent:
    """The event with its text trimmed; a missing, unknown or future value is a FieldError."""
    if event.kind not in _KINDS:
        raise FieldError(KIND_FIELD, f"'{event.kind}' is not one of: "
                         + ", ".join(EVENT_KINDS.values()))
    if event.occurred_on is None:
        raise FieldError(DATE_FIELD, "is required")
    if event.occurred_on > as_of:
        raise FieldError(DATE_FIELD, f"{uk(event.occurred_on)} is after today ({uk(as_of)})")
    if event.reported_by_kind not in REPORTERS:
        raise FieldError(REPORTER_FIELD, f"'{event.reported_by_kind}' is not one of: "
                         + ", ".join(REPORTERS.values()))
    return replace(event, reported_by=event.reported_by.strip(),
                   what_done=event.what_done.strip())


# --- counting and wording -------------------------------------------------------------

def count_kinds(kinds: Iterable[str]) -> dict[str, int]:
    """How many of each kind, in the order of :data:`EVENT_KINDS`."""
    counted = Counter(kinds)
    return {kind: counted[kind] for kind in _KINDS if counted[kind]}


def count_words(counts: Mapping[str, int]) -> str:
    """"2 restraints, 1 fixed-term suspension" (kinds in their usual order); "" for none."""
    parts = []
    for kind, (_label, one, many) in _KINDS.items():
        number = counts.get(kind, 0)
        if number:
            parts.append(f"{number} {one if number == 1 else many}")
    return ", ".join(parts)


def since_last_visit_words(counts: Mapping[str, int]) -> str:
    """"2 restraints since last visit" (a reason in a list); "" when there were none."""
    words = count_words(counts)
    return f"{words} since last visit" if words else ""


def _since(last_visit: date | None) -> str:
    return (f"since the last visit ({uk(last_visit)})" if last_visit
            else "so far (no completed visit yet)")


def since_line(about: str, counts: Mapping[str, int], last_visit: date | None) -> str:
    """"Amara Okafor, since the last visit (01/10/2025): 2 restraints, 1 fixed-term
    suspension"; "so far (no completed visit yet)" when the provider has none."""
    return f"{about}, {_since(last_visit)}: {count_words(counts) or 'none recorded'}"


def none_line(last_visit: date | None) -> str:
    """No events recorded since the last visit (01/10/2025), or so far."""
    return f"No events recorded {_since(last_visit)}."


def in_window(day: date, last_visit: date | None, visit_date: date) -> bool:
    """Whether an event on ``day`` is one the visit on ``visit_date`` should check."""
    return (last_visit is None or day > last_visit) and day <= visit_date


@dataclass(frozen=True)
class LivePlacement:
    """A placement's id and its days at the provider (for counting provider-wide events)."""

    placement_id: int
    provider_id: int
    start_date: date
    end_date: date | None


def placements_counted(provider_id: int, placement_id: int | None, day: date,
                       placements: Iterable[LivePlacement]) -> list[int]:
    """The placements an event counts for: its own, or (about the provider as a whole)
    every placement at the provider live on the event's ``day``."""
    if placement_id is not None:
        return [placement_id]
    return [p.placement_id for p in placements if p.provider_id == provider_id
            and p.start_date <= day and (p.end_date is None or p.end_date >= day)]


# --- on the next visit's note -----------------------------------------------------------

@dataclass(frozen=True)
class EventsSinceLastVisit:
    """The events a visit should check: since the provider's last completed visit before
    it (``last_visit``; None: there was none) up to the visit's day, oldest first."""

    last_visit: date | None
    events: tuple[NotifiableEvent, ...]

    def provider_counts(self) -> dict[str, int]:
        return count_kinds(e.kind for e in self.events if e.placement_id is None)

    def child_counts(self) -> dict[int, tuple[str, dict[str, int]]]:
        """Placement id -> (child's name, counts), for the placements with events."""
        found: dict[int, tuple[str, list[str]]] = {}
        for e in self.events:
            if e.placement_id is not None:
                found.setdefault(e.placement_id, (e.child_name, []))[1].append(e.kind)
        return {pid: (name, count_kinds(kinds)) for pid, (name, kinds) in found.items()}


def kind_totals(events: Iterable[NotifiableEvent]) -> list[tuple[str, int, int]]:
    """(kind's label, events, providers) for each kind with events, in the usual order:
    the board's figures, naming no child."""
    events = list(events)
    return [(label, len(found), len({e.provider_id for e in found}))
            for kind, (label, _one, _many) in _KINDS.items()
            if (found := [e for e in events if e.kind == kind])]
