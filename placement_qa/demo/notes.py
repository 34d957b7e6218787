"""Demo notes of visit: findings against the QA framework, judgement, summary, sign-off
and the follow-up actions agreed with providers.

Ratings follow the provider's quality (a provider below good, or a visit after
a concern, rates lower). Actions for findings rated Developing or Concern are
mostly done once their due date is well past; some are still open, some overdue.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..domain.judgement import GOOD, INADEQUATE, JUDGEMENTS, REQUIRES_IMPROVEMENT
from ..domain.register import VISIT_CANCELLED, VISIT_COMPLETED, VISIT_DRAFT
from .providers import DemoProvider
from .seeds import DemoSeeds
from .visits import CONCERN, DemoVisit

RATINGS = ("Strong", "Secure", "Developing", "Concern")
RATING_WEIGHTS = {"strong": (45, 45, 9, 1), "good": (20, 57, 19, 4), "weak": (5, 35, 40, 20)}
ACTION_SHARE = {"Developing": 0.6, "Concern": 1.0}

VISIT_COLUMNS = ["id", "provider_id", "visit_date", "visit_type", "status", "visitors",
                 "framework_version_id", "overall_rag", "summary", "cancel_reason",
                 "signed_off_by", "signed_off_at"]
FINDING_COLUMNS = ["id", "visit_id", "criterion_key", "rating", "evidence"]
ACTION_COLUMNS = ["id", "visit_id", "provider_id", "description", "owner_kind", "owner",
                  "priority", "raised_on", "due_date", "status", "completed_on",
                  "completion_note", "criterion_key"]
COMPLETION_NOTES = {"done": "Confirmed at follow-up contact.",
                    "cancelled": "Superseded by the provider's new action plan."}


@dataclass(frozen=True)
class FrameworkVersion:
    id: int
    in_use_from: date
    criteria: tuple[str, ...]
    mandatory: frozenset[str] = frozenset()  # criteria every signed-off note must rate


@dataclass
class VisitNotes:
    visit_rows: list[tuple] = field(default_factory=list)
    finding_rows: list[tuple] = field(default_factory=list)
    action_rows: list[tuple] = field(default_factory=list)


def overall_rag(ratings: Sequence[str]) -> str:
    """The judgement the demo gives a visit from its ratings (stored as the key)."""
    if "Concern" in ratings:
        return INADEQUATE
    return REQUIRES_IMPROVEMENT if ratings.count("Developing") >= 2 else GOOD


class NoteWriter:
    def __init__(self, rng: random.Random, seeds: DemoSeeds, providers: Mapping[int, DemoProvider],
                 versions: Sequence[FrameworkVersion], as_of: date,
                 criteria_per_visit: int | None) -> None:
        self.rng, self.providers, self.as_of = rng, providers, as_of
        self.versions = sorted(versions, key=lambda v: v.in_use_from)
        self.criteria_per_visit = criteria_per_visit
        self.words = seeds.visit_words
        self.managers = seeds.managers
        self.notes = VisitNotes()

    def write(self, visits: Sequence[DemoVisit]) -> VisitNotes:
        for visit in visits:
            self.notes.visit_rows.append(self._visit_row(visit))
        return self.notes

    def _version(self, day: date) -> FrameworkVersion:
        current = self.versions[0]
        for version in self.versions:
            if version.in_use_from <= day:
                current = version
        return current

    def _visit_row(self, visit: DemoVisit) -> tuple:
        version = self._version(visit.day)
        rag = summary = signed_by = signed_at = None
        if visit.status == VISIT_COMPLETED:
            ratings = self._findings(visit, self.rated_criteria(version))
            rag = overall_rag(ratings)
            summary = self._summary(visit, rag)
            signed_by, signed_at = self._sign_off(visit.day)
        elif visit.status == VISIT_DRAFT:
            self._findings(visit, self.rated_criteria(version)[:self.rng.randint(1, 3)])
        framework = None if visit.status == VISIT_CANCELLED else version.id
        return (visit.id, visit.provider_id, visit.day.isoformat(), visit.visit_type,
                visit.status, visit.visitors, framework, rag, summary, visit.cancel_reason,
                signed_by, signed_at)

    # --- findings ---------------------------------------------------------------

    def _quality(self, visit: DemoVisit) -> str:
        if visit.visit_type == CONCERN:
            return "weak"
        provider = self.providers.get(visit.unit)
        return provider.quality if provider else "good"

    def rated_criteria(self, version: FrameworkVersion) -> tuple[str, ...]:
        """The criteria a completed visit rates: all, or (big registers) the first few,
        always keeping the mandatory ones so that every note passes sign-off."""
        if self.criteria_per_visit is None:
            return version.criteria
        kept = [key for key in version.criteria if key in version.mandatory]
        others = [key for key in version.criteria if key not in version.mandatory]
        wanted = set(kept + others[:max(0, self.criteria_per_visit - len(kept))])
        return tuple(key for key in version.criteria if key in wanted)

    def _findings(self, visit: DemoVisit, criteria: Sequence[str]) -> list[str]:
        weights = RATING_WEIGHTS[self._quality(visit)]
        ratings = []
        for key in criteria:
            rating = self.rng.choices(RATINGS, weights)[0]
            ratings.append(rating)
            self.notes.finding_rows.append((len(self.notes.finding_rows) + 1, visit.id, key,
                                            rating.lower(),
                                            self._evidence(visit, key, rating)))
            if visit.status == VISIT_COMPLETED and self.rng.random() < ACTION_SHARE.get(rating, 0):
                self._action(visit, key, rating)
        return ratings

    def _evidence(self, visit: DemoVisit, key: str, rating: str) -> str:
        if visit.provider_id is None:
            return self.rng.choice(self.words["home_evidence"][key][rating])
        return " ".join(self.rng.sample(self.words["evidence"][key][rating], 2))

    def _summary(self, visit: DemoVisit, rag: str) -> str:
        count = len(visit.placement_ids)
        if visit.provider_id is None:
            opening = "Home visit."
        else:
            opening = f"{count} Westbridge {'placement' if count == 1 else 'placements'} seen."
        if visit.visit_type == CONCERN:
            opening = "Additional visit after a concern. " + opening
        return f"{opening} {self.rng.choice(self.words['summaries'][JUDGEMENTS[rag]])}"

    def _sign_off(self, day: date) -> tuple[str, str]:
        rng = self.rng
        signed = min(day + timedelta(days=rng.randint(1, 15)), self.as_of - timedelta(days=1))
        signed = max(signed, day)
        manager = next((m.name for m in self.managers if m.active_in(signed.year)),
                       self.managers[-1].name)
        return manager, f"{signed.isoformat()}T{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:00"

    # --- follow-up actions -----------------------------------------------------

    def _action(self, visit: DemoVisit, key: str, rating: str) -> None:
        rng = self.rng
        home = visit.provider_id is None
        pool = self.words["home_actions"] if home else self.words["actions"][key]
        template = rng.choice(pool)
        if template["owner"] == "provider":
            owner = rng.choice(self.words["provider_owners"])
        else:
            owner = visit.visitors.split(", ")[0]
        weeks = rng.randint(3, 5) if rating == "Concern" else rng.randint(6, 13)
        due = visit.day + timedelta(weeks=weeks)
        status, completed = self._action_progress(visit.day, due)
        self.notes.action_rows.append((
            len(self.notes.action_rows) + 1, visit.id, visit.provider_id, template["text"],
            "provider" if template["owner"] == "provider" else "council", owner,
            "high" if rating == "Concern" else "medium", visit.day.isoformat(),
            due.isoformat(), status, completed.isoformat() if completed else None,
            COMPLETION_NOTES.get(status, ""), key,
        ))

    def _action_progress(self, raised: date, due: date) -> tuple[str, date | None]:
        """Done (and when), open, or cancelled, as of the demo date."""
        rng, as_of = self.rng, self.as_of
        days_past_due = (as_of - due).days
        done_share = 0.85 if days_past_due > 30 else 0.5 if days_past_due >= 0 else 0.15
        roll = rng.random()
        if roll < done_share:
            latest = min(as_of, due + timedelta(days=45))
            span = max(0, (latest - raised).days - 1)
            return "done", raised + timedelta(days=1 + rng.randint(0, span))
        if days_past_due > 30 and roll < done_share + 0.05:
            return "cancelled", None
        return "open", None
