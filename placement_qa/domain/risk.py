"""THE rule ordering the overdue list by risk (issue 18): each monitored placement's
risk level, from facts about it and its provider, with the reason in words.

Every factor and its weight is written here, once (:data:`WEIGHTS`); a placement's
score is the sum of the weights of the factors that apply, plus one point for each
full :data:`DAYS_PER_POINT` days overdue (at most :data:`MAX_DAYS_POINTS`). The level
follows from the score (:data:`LEVELS`). Lists order by level (High first), then by
days overdue (the longest first). Plain Python; the store reads the facts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from .dashboard_rows import DashboardRow, placement_row, provider_key
from .names import name_sort_key
from .notifiable_events import count_words
from .register import RESIDENTIAL_ARRANGEMENTS
from .schedule import ScheduleLine

EVENT_DAYS = 90  # events in the last 90 days (the as-of day included) count

BELOW_GOOD = "below_good"
CAUSING_CONCERN = "causing_concern"
SAFEGUARDING = "safeguarding"
HIGH_ACTIONS = "high_actions"
EVENTS = "events"
RESIDENTIAL = "residential"

# factor -> (points, why it weighs that much). The README's table copies this.
WEIGHTS: dict[str, tuple[int, str]] = {
    SAFEGUARDING: (4, "a child was at risk when last seen"),
    CAUSING_CONCERN: (3, "a manager judged the provider a concern"),
    BELOW_GOOD: (3, "the inspectorate judged the provider below good"),
    EVENTS: (2, "restraints, exclusions and the like reported since"),
    HIGH_ACTIONS: (2, "high-priority follow-up actions at the provider are late"),
    RESIDENTIAL: (1, "a child living away from home is seen by fewer people"),
}
DAYS_PER_POINT = 30
MAX_DAYS_POINTS = 3

HIGH, MEDIUM, LOW = "High", "Medium", "Low"
# (lowest score for the level, level), highest first
LEVELS: tuple[tuple[int, str], ...] = ((6, HIGH), (3, MEDIUM), (0, LOW))
LEVEL_RANK = {HIGH: 0, MEDIUM: 1, LOW: 2}


@dataclass(frozen=True)
class RiskFacts:
    """What the store knows about a placement that weighs on its risk (besides its line)."""

    below_good: bool = False
    causing_concern: bool = False
    safeguarding_at_last_visit: bool = False
    overdue_high_actions: int = 0
    event_counts: Mapping[str, int] = field(default_factory=dict)


NO_FACTS = RiskFacts()  # a placement nothing weighs on but its dates


@dataclass(frozen=True)
class Risk:
    level: str
    score: int
    reason: str
    days_overdue: int

    @property
    def text(self) -> str:
        """"High · Below good · 41 days overdue": the level, then the reason."""
        return " · ".join(part for part in (self.level, self.reason) if part)

    @property
    def sort_key(self) -> tuple[int, int]:
        """Level (High first), then days overdue (the longest first)."""
        return (LEVEL_RANK[self.level], -self.days_overdue)


def _plural(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _factors(facts: RiskFacts, residential: bool) -> list[tuple[str, str]]:
    """(factor, words) of each factor that applies, in the order the reason lists them."""
    found = []
    if facts.below_good:
        found.append((BELOW_GOOD, "Below good"))
    if facts.causing_concern:
        found.append((CAUSING_CONCERN, "Causing concern"))
    if facts.safeguarding_at_last_visit:
        found.append((SAFEGUARDING, "Safeguarding concern at last visit"))
    if facts.overdue_high_actions:
        found.append((HIGH_ACTIONS, _plural(facts.overdue_high_actions,
                                            "high-priority action", "high-priority actions")
                      + " overdue"))
    if words := count_words(facts.event_counts):
        found.append((EVENTS, f"{words} in the last {EVENT_DAYS} days"))
    if residential:
        found.append((RESIDENTIAL, "Residential"))
    return found


def days_overdue(line: ScheduleLine, as_of: date) -> int:
    """Days past the next due date (negative: due in that many days; 0 if none)."""
    return (as_of - line.next_due).days if line.next_due else 0


def level_for(score: int) -> str:
    for lowest, level in LEVELS:
        if score >= lowest:
            return level
    return LEVELS[-1][1]


def assess(line: ScheduleLine, facts: RiskFacts, as_of: date) -> Risk:
    """The placement's risk level, score and reason in words as of ``as_of``."""
    residential = line.placement.arrangement in RESIDENTIAL_ARRANGEMENTS
    factors = _factors(facts, residential)
    late = days_overdue(line, as_of)
    score = sum(WEIGHTS[key][0] for key, _ in factors)
    score += min(max(late, 0) // DAYS_PER_POINT, MAX_DAYS_POINTS)
    words = [text for _, text in factors]
    if late > 0:
        words.append(_plural(late, "day overdue", "days overdue"))
    return Risk(level_for(score), score, " · ".join(words), late)


def by_risk(lines: Iterable[ScheduleLine], facts: Mapping[int, RiskFacts],
            as_of: date) -> list[tuple[ScheduleLine, Risk]]:
    """Each line with its risk, riskiest first (level, then days overdue, then child)."""
    assessed = [(line, assess(line, facts.get(line.placement.placement_id, NO_FACTS), as_of))
                for line in lines]
    return sorted(assessed, key=lambda pair: (*pair[1].sort_key,
                                              name_sort_key(pair[0].placement.child_name),
                                              pair[0].placement.placement_id))


def risk_rows(ranked: Sequence[tuple[ScheduleLine, Risk]]) -> tuple[DashboardRow, ...]:
    """The dashboard's overdue list from :func:`by_risk`: one row per placement, riskiest
    first, each with its risk in words and how many of these placements its provider has."""
    at_provider = Counter(provider_key(line) for line, _ in ranked)
    return tuple(replace(placement_row(line, at_provider[provider_key(line)]), risk=risk.text)
                 for line, risk in ranked)


def high_risk_words(ranked: Iterable[tuple[ScheduleLine, Risk]]) -> str:
    """", 2 high risk" for the overdue tile's detail; "" when none is High."""
    high = sum(1 for _, risk in ranked if risk.level == HIGH)
    return f", {high:,} high risk" if high else ""
