"""A note of visit as it is recorded: findings against the QA framework, what was
found for each child covered, the overall judgement; and the rules for signing it
off and amending it once locked.

Plain data and rules; the store reads and writes it, the recording window shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from .concerns import CauseForConcern, concern_words
from .framework import QAFramework
from .judgement import judgement_label
from .provider_return import (
    OBSERVATION_KINDS,
    REVIEW_OUTCOMES,
    VERIFICATIONS,
    ActionReview,
    Observation,
    ReportedItem,
)
from .register import FOLLOW_UP_VISIT, VISIT_COMPLETED

DETAILS_PAGE = "details"
OVERALL_PAGE = "overall"
ACTIONS_PAGE = "actions"
REVIEWS_PAGE = "reviews"                  # a follow-up visit's review of open actions
PROVIDER_RETURN_PAGE = "provider_return"  # reported vs verified
OBSERVATIONS_PAGE = "observations"        # lesson observations and pupil interviews


class VisitLocked(ValueError):
    """A signed-off visit changed without an amendment reason."""


class SignOffRefused(ValueError):
    """Sign-off asked for while something required is missing; ``missing`` lists it."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__("The visit cannot be signed off yet:\n" + "\n".join(
            f"• {m}" for m in missing))


@dataclass(frozen=True)
class FindingEntry:
    rating: str | None = None
    evidence: str = ""

    def is_empty(self) -> bool:
        return self.rating is None and not self.evidence.strip()


@dataclass(frozen=True)
class ChildRecord:
    """What the visit found for one child covered (the welfare section)."""

    placement_id: int
    child_name: str = ""
    seen: bool | None = None
    not_seen_reason: str = ""
    spoken_with: bool | None = None
    views: str = ""
    views_how: str = ""
    attendance: str = ""
    safeguarding_concern: bool | None = None
    safeguarding_action: str = ""
    progress: str = ""
    early_review: bool | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f) in (None, "") for f in CHILD_FIELDS)

    @property
    def title(self) -> str:
        """How the note names the child: their name, or the placement if it has none."""
        return self.child_name or f"Placement {self.placement_id}"


# The recorded fields of a ChildRecord, with the label the form and the note use.
CHILD_FIELDS: dict[str, str] = {
    "seen": "Seen",
    "not_seen_reason": "Why not seen",
    "spoken_with": "Spoken with",
    "views": "Their views, in their own words",
    "views_how": "How their views were gathered",
    "attendance": "Attendance this term",
    "safeguarding_concern": "Safeguarding concern",
    "safeguarding_action": "What was done about the concern",
    "progress": "Progress towards EHCP outcomes",
    "early_review": "Early review of the EHCP needed",
}

# What a follow-up visit asks of each child: were they seen (and if not, why not).
FOLLOW_UP_CHILD_FIELDS = ("seen", "not_seen_reason")

# The recorded fields of the visit itself, with their labels.
VISIT_FIELDS: dict[str, str] = {
    "visit_date": "Visit date",
    "visitors": "Who visited",
    "provider_staff_met": "Provider staff met",
    "overall_rag": "Overall judgement",
    "summary": "Summary",
}


@dataclass(frozen=True)
class VisitNote:
    visit_id: int
    provider_id: int | None
    provider_name: str
    visit_date: date
    visit_type: str
    status: str
    framework_version_id: int | None
    visitors: str = ""
    provider_staff_met: str = ""
    findings: Mapping[str, FindingEntry] = field(default_factory=dict)
    children: tuple[ChildRecord, ...] = ()
    overall_rag: str | None = None
    summary: str = ""
    signed_off_by: str | None = None
    signed_off_at: str | None = None
    position: str = ""
    # What the provider reported before the visit (its latest return), as checked.
    reported_items: tuple[ReportedItem, ...] = ()
    observations: tuple[Observation, ...] = ()
    # A follow-up visit: the provider's actions open when recording began, reviewed.
    action_reviews: tuple[ActionReview, ...] = ()
    # The provider's cause for concern on the visit's date, if a manager set one.
    concern: CauseForConcern | None = None

    @property
    def concern_line(self) -> str:
        """"Provider causing concern since 01/08/2026: reason", or "" when none."""
        return concern_words(self.concern) if self.concern is not None else ""

    @property
    def locked(self) -> bool:
        return self.status == VISIT_COMPLETED

    @property
    def is_follow_up(self) -> bool:
        return self.visit_type == FOLLOW_UP_VISIT

    @property
    def has_reviews_page(self) -> bool:
        return self.is_follow_up or bool(self.action_reviews)

    @property
    def has_return_page(self) -> bool:
        return bool(self.reported_items)

    # A follow-up visit asks only what a follow-up needs: the open actions reviewed, each
    # child seen, a short finding. What a follow-up recorded before this rule (ratings,
    # observations, a judgement, other welfare answers) is still shown and checked.

    @property
    def asks_criteria(self) -> bool:
        """The framework's criteria are rated (not on a follow-up)."""
        return not self.is_follow_up or any(not f.is_empty() for f in self.findings.values())

    @property
    def asks_observations(self) -> bool:
        return not self.is_follow_up or bool(self.observations)

    @property
    def asks_judgement(self) -> bool:
        """An overall judgement is chosen (a follow-up writes a short finding only)."""
        return not self.is_follow_up or bool(self.overall_rag)

    @property
    def overall_title(self) -> str:
        return "Finding" if self.is_follow_up else "Overall judgement"

    @property
    def child_fields(self) -> dict[str, str]:
        """The welfare questions asked of each child (label by field)."""
        if not self.is_follow_up:
            return CHILD_FIELDS
        return {name: label for name, label in CHILD_FIELDS.items()
                if name in FOLLOW_UP_CHILD_FIELDS
                or any(getattr(c, name) not in (None, "") for c in self.children)}

    def finding(self, criterion_key: str) -> FindingEntry:
        return self.findings.get(criterion_key, FindingEntry())

    def child(self, placement_id: int) -> ChildRecord:
        return next(c for c in self.children if c.placement_id == placement_id)


# --- amendments --------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """One recorded value changed by an amendment."""

    field: str      # "visit.summary", "finding.<criterion>.rating", "child.<placement>.views"
    label: str      # what the user sees: "Safeguarding: Incidents — rating"
    before: str
    after: str


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


ACTION_OPENING = "Action “"   # how a change to an action's review is labelled


class _Note(Protocol):
    """Records a change when ``old`` differs from ``new``, each shown by ``show``."""

    def __call__(self, path: str, label: str, old: object, new: object,
                 show: Callable[[Any], str] = ...) -> None: ...


def record_changes(framework: QAFramework, before: VisitNote,
                   after: VisitNote) -> list[Change]:
    """Each recorded value that differs between ``before`` and ``after``, labelled."""
    changes: list[Change] = []

    def note(path: str, label: str, old: object, new: object,
             show: Callable[[Any], str] = _shown) -> None:
        if old != new:
            changes.append(Change(path, label, show(old), show(new)))

    for name, label in VISIT_FIELDS.items():
        show = judgement_label if name == "overall_rag" else _shown
        note(f"visit.{name}", label, getattr(before, name), getattr(after, name), show)
    for section, criterion in framework.criteria():
        old, new = before.finding(criterion.key), after.finding(criterion.key)
        where = f"{section.title}: {criterion.prompt}"

        def label_of(key: str | None) -> str:
            rating = framework.rating(key) if key else None
            return rating.label if rating else (key or "")

        note(f"finding.{criterion.key}.rating", f"{where} — rating", old.rating, new.rating,
             label_of)
        note(f"finding.{criterion.key}.evidence", f"{where} — evidence", old.evidence,
             new.evidence)
    olds = {c.placement_id: c for c in before.children}
    for child in after.children:
        old_child = olds.get(child.placement_id, ChildRecord(child.placement_id))
        for name, label in CHILD_FIELDS.items():
            note(f"child.{child.placement_id}.{name}", f"{child.title}: {label}",
                 getattr(old_child, name), getattr(child, name))
    _part_changes(before, after, note)
    return changes


def _part_changes(before: VisitNote, after: VisitNote, note: _Note) -> None:
    """Changes to the provider's return checks, the observations and action reviews."""
    old_items = {i.item_id: i for i in before.reported_items}
    for item in after.reported_items:
        old = old_items.get(item.item_id, item)
        where = f"Provider's return: {item.label}"
        note(f"reported.{item.item_id}.verification", f"{where} — check", old.verification,
             item.verification, lambda v: VERIFICATIONS.get(v, v or ""))
        note(f"reported.{item.item_id}.verified_value", f"{where} — found",
             old.verified_value, item.verified_value)
        note(f"reported.{item.item_id}.verification_note", f"{where} — note",
             old.verification_note, item.verification_note)
    count = max(len(before.observations), len(after.observations))
    for index in range(count):
        old_seen = before.observations[index] if index < len(before.observations) else None
        new_seen = after.observations[index] if index < len(after.observations) else None
        either = new_seen or old_seen
        if either is None or old_seen == new_seen:
            continue
        kind = either.kind
        label = f"{OBSERVATION_KINDS.get(kind, kind)} {index + 1}"
        note(f"observation.{index}", label, _observation_text(old_seen),
             _observation_text(new_seen))
    old_reviews = {r.action_id: r for r in before.action_reviews}
    for review in after.action_reviews:
        old_review = old_reviews.get(review.action_id, ActionReview(review.action_id))
        where = f"{ACTION_OPENING}{review.description}”"
        note(f"review.{review.action_id}.outcome", f"{where} — review", old_review.outcome,
             review.outcome, lambda v: REVIEW_OUTCOMES.get(v, v or ""))
        note(f"review.{review.action_id}.evidence", f"{where} — evidence",
             old_review.evidence, review.evidence)


def _observation_text(observation: Observation | None) -> str:
    if observation is None:
        return ""
    when = observation.observed_on.strftime("%d/%m/%Y") if observation.observed_on else ""
    parts = [observation.what, observation.who, " ".join(
        p for p in (when, observation.observed_time) if p), observation.seen]
    return " · ".join(p.strip() for p in parts if p and p.strip())

