"""Demo monitoring visits: years of history, patterned so today's schedule looks real.

Visits are made per *visit unit*: a provider (one visit covers every Westbridge
child placed there that day) or a home-educated child (a home visit). Each unit
is given where it should stand as of the demo date: most in schedule, some due
soon, a realistic minority overdue, a few with only a draft note of a recent
visit; providers with only new placements have never been visited. The last
completed visit is placed to match, and earlier ones follow back at the unit's
visit interval, now and then late, cancelled and rearranged, or joined by an
additional visit after a concern.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..domain.dates import add_months
from ..domain.register import VISIT_CANCELLED, VISIT_COMPLETED, VISIT_DRAFT, VISIT_PLANNED
from .days import random_day, working_day_on_or_after, working_day_on_or_before, years_before
from .people import MonitoredPlacement
from .providers import DemoProvider
from .seeds import DemoSeeds

ANNUAL = "annual_monitoring"
CONCERN = "additional_concern"
IN_SCHEDULE, DUE_SOON, OVERDUE, DRAFT_ONLY = "in schedule", "due soon", "overdue", "draft"
STANDING_SHARES = {OVERDUE: 0.13, DUE_SOON: 0.06, DRAFT_ONLY: 0.01}  # of live placements
LATE_VISIT_SHARE = 0.12
CANCELLED_SHARE = 0.04
CONCERN_VISIT_SHARE = {"weak": 0.6, "good": 0.05, "strong": 0.02}
PLANNED_SHARE = {OVERDUE: 0.5, DUE_SOON: 0.75, IN_SCHEDULE: 0.5, "new": 0.4}
PLANNING_HORIZON_DAYS = 60
PLANNED_LATE_SHARE = 0.3


@dataclass
class DemoVisit:
    unit: int  # provider id, or minus the placement id of a home-educated child
    day: date
    visit_type: str
    status: str
    visitors: str
    placement_ids: list[int]
    cancel_reason: str | None = None
    id: int = 0

    @property
    def provider_id(self) -> int | None:
        return self.unit if self.unit > 0 else None


@dataclass
class VisitUnit:
    key: int
    placements: list[MonitoredPlacement] = field(default_factory=list)

    def interval(self, as_of: date) -> int:
        """How often the unit is visited: as often as its most frequent live placement."""
        live = [p.interval for p in self.placements if p.end is None or p.end >= as_of]
        return min(live or [p.interval for p in self.placements])

    def paced_by_interval(self, as_of: date) -> int:
        """How many live placements are due exactly as often as the unit is visited."""
        interval = self.interval(as_of)
        return sum(1 for p in self.placements
                   if p.interval == interval and (p.end is None or p.end >= as_of))

    def live_on(self, day: date) -> list[int]:
        return [p.id for p in self.placements
                if p.start <= day and (p.end is None or p.end >= day)]


def visit_units(placements: Iterable[MonitoredPlacement]) -> list[VisitUnit]:
    units: dict[int, VisitUnit] = {}
    for placement in placements:
        units.setdefault(placement.visit_unit, VisitUnit(placement.visit_unit)).placements.append(
            placement)
    return sorted(units.values(), key=lambda u: (u.key < 0, abs(u.key)))


def standings(rng: random.Random, units: Sequence[VisitUnit], as_of: date) -> list[str]:
    """Where each unit should stand today, so that about the target share of live
    placements is overdue, due soon or waiting for a draft note (at least one unit each).

    Only placements visited as often as their unit is visited take its standing: a
    12-monthly placement at a provider visited every 6 months stays in schedule.
    """
    order = list(range(len(units)))
    rng.shuffle(order)
    paced = [unit.paced_by_interval(as_of) for unit in units]
    total = sum(len(unit.live_on(as_of)) for unit in units)
    result = [IN_SCHEDULE] * len(units)
    for standing, share in STANDING_SHARES.items():
        target, placed = max(1, round(share * total)), 0
        for index in order:
            if result[index] == IN_SCHEDULE and 0 < paced[index] <= target - placed:
                result[index] = standing
                placed += paced[index]
        if placed == 0:
            free = [i for i in order if result[i] == IN_SCHEDULE and paced[i]]
            if free:
                result[min(free, key=lambda i: paced[i])] = standing
    return result


class VisitPlanner:
    """Writes each unit's visit history, today's drafts and the next weeks' plans."""

    def __init__(self, rng: random.Random, seeds: DemoSeeds, providers: Mapping[int, DemoProvider],
                 as_of: date, history_years: int) -> None:
        self.rng, self.providers, self.as_of = rng, providers, as_of
        self.history_start = years_before(as_of, history_years)
        self.cancel_reasons = seeds.visit_words["cancel_reasons"]
        self.officers = seeds.officers
        self.home_officer = seeds.visit_words["home_education_officer"]
        self.visits: list[DemoVisit] = []

    def plan(self, units: Sequence[VisitUnit]) -> list[DemoVisit]:
        """Every unit's visits, numbered in date order."""
        visited = [u for u in units if not self._never_visited(u)]
        for unit, standing in zip(visited, standings(self.rng, visited, self.as_of), strict=True):
            self._history(unit, standing)
        for unit in units:
            if self._never_visited(unit) and self.rng.random() < PLANNED_SHARE["new"]:
                self._add(unit, working_day_on_or_after(self._soon(3, 55)), ANNUAL, VISIT_PLANNED)
        self.visits.sort(key=lambda v: (v.day, v.unit < 0, abs(v.unit), v.status))
        for number, visit in enumerate(self.visits, start=1):
            visit.id = number
        return self.visits

    def _never_visited(self, unit: VisitUnit) -> bool:
        provider = self.providers.get(unit.key)
        return provider is not None and provider.never_visited

    def _soon(self, first: int, last: int) -> date:
        return self.as_of + timedelta(days=self.rng.randint(first, last))

    # --- one unit -------------------------------------------------------------

    def _history(self, unit: VisitUnit, standing: str) -> None:
        last, draft = self._last_visit(unit, standing)
        days = self._earlier_visits(unit, last)
        for day in days:
            self._completed(unit, day, ANNUAL)
        self._concern_visit(unit, days)
        if draft is not None:
            self._add(unit, draft, ANNUAL, VISIT_DRAFT)
        else:
            self._planned(unit, add_months(last, unit.interval(self.as_of)), standing)

    def _last_visit(self, unit: VisitUnit, standing: str) -> tuple[date, date | None]:
        """The last completed visit (and a later draft one) for the unit's standing."""
        rng, as_of = self.rng, self.as_of
        interval = unit.interval(as_of)
        due_today = add_months(as_of, -interval)  # a visit on this day is due today
        if standing == OVERDUE:
            last = due_today - timedelta(days=rng.randint(1, 150))
        elif standing == DUE_SOON:
            last = due_today + timedelta(days=rng.randint(2, 29))
        elif standing == DRAFT_ONLY:
            draft = working_day_on_or_before(as_of - timedelta(days=rng.randint(2, 20)))
            return self._previous(draft, interval), draft
        else:
            last = random_day(rng, due_today + timedelta(days=33), as_of - timedelta(days=2))
        return working_day_on_or_before(last), None

    def _previous(self, visit: date, interval: int) -> date:
        """The visit before ``visit``: on time, or now and then late."""
        rng = self.rng
        early = -rng.randint(1, 60) if rng.random() < LATE_VISIT_SHARE else rng.randint(0, 25)
        return working_day_on_or_before(add_months(visit, -interval) + timedelta(days=early))

    def _earlier_visits(self, unit: VisitUnit, last: date) -> list[date]:
        """``last`` and the visits before it back to the start of the history, oldest first."""
        days, interval = [last], unit.interval(self.as_of)
        while days[-1] > self.history_start:
            days.append(self._previous(days[-1], interval))
        return [d for d in reversed(days) if d >= self.history_start]

    def _completed(self, unit: VisitUnit, day: date, visit_type: str) -> None:
        if not unit.live_on(day):
            return
        if self.rng.random() < CANCELLED_SHARE:
            cancelled = working_day_on_or_before(day - timedelta(days=self.rng.randint(7, 35)))
            visit = self._add(unit, cancelled, visit_type, VISIT_CANCELLED)
            if visit is not None:
                visit.cancel_reason = self.rng.choice(self.cancel_reasons)
        self._add(unit, day, visit_type, VISIT_COMPLETED)

    def _concern_visit(self, unit: VisitUnit, days: list[date]) -> None:
        """An additional visit after a concern, between two annual visits."""
        provider = self.providers.get(unit.key)
        quality = provider.quality if provider else "good"
        if len(days) < 2 or self.rng.random() >= CONCERN_VISIT_SHARE[quality]:
            return
        index = self.rng.randrange(len(days) - 1)
        first, second = days[index], days[index + 1]
        middle = first + timedelta(days=(second - first).days // 2 + self.rng.randint(-20, 20))
        self._completed(unit, working_day_on_or_before(middle), CONCERN)

    def _planned(self, unit: VisitUnit, due: date, standing: str) -> None:
        """The next visit, booked for the coming weeks: before it is due, mostly."""
        rng, soon = self.rng, self.as_of + timedelta(days=3)
        if rng.random() >= PLANNED_SHARE[standing]:
            return
        if standing == OVERDUE:
            day = self._soon(3, 40)
        elif due > self.as_of + timedelta(days=PLANNING_HORIZON_DAYS):
            return
        elif standing == DUE_SOON and rng.random() < PLANNED_LATE_SHARE:
            day = due + timedelta(days=rng.randint(1, 21))
        else:
            day = random_day(rng, soon, max(soon, due - timedelta(days=1)))
        self._add(unit, working_day_on_or_after(day), ANNUAL, VISIT_PLANNED)

    def _add(self, unit: VisitUnit, day: date, visit_type: str, status: str) -> DemoVisit | None:
        covered = unit.live_on(min(day, self.as_of))
        if not covered:
            return None
        visit = DemoVisit(unit.key, day, visit_type, status, self._visitors(unit, day), covered)
        self.visits.append(visit)
        return visit

    def _visitors(self, unit: VisitUnit, day: date) -> str:
        rng = self.rng
        if unit.key < 0:
            return self.home_officer
        officers = [o for o in self.officers if o.name != self.home_officer]
        active = [o.name for o in officers if o.active_in(day.year)] or [o.name for o in officers]
        return ", ".join(rng.sample(active, 2 if rng.random() < 0.35 else 1))

