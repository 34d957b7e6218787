"""Demo children and their placements, made one child at a time.

Each child is first given a *kind*: awaiting provision, elective home
education, a placement that requires monitoring, a local day place in
Westbridge, or left (a young person whose placement ended in the last ten
years: they make the early years of the visit history). The provider comes
first, then an age that suits it, then dates. Some children also had an
earlier placement that has ended.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..domain.dates import add_months
from ..domain.register import (
    AWAITING_PROVISION,
    DAY,
    ELECTIVE_HOME_EDUCATION,
    INDEPENDENT_POST16,
    PLACED,
    RESIDENTIAL_52_WEEK,
    RESIDENTIAL_TERMLY,
    RESIDENTIAL_WEEKLY,
)
from .days import (
    random_day,
    term_start,
    working_day_on_or_after,
    working_day_on_or_before,
    years_before,
)
from .providers import DemoProvider
from .seeds import DemoSeeds

AWAITING, HOME, MONITORED, LOCAL, LEFT = "awaiting", "home", "monitored", "local", "left"

# Share of children with an EHCP at each age (SEN2-like: most are 5 to 15).
AGE_WEIGHTS = {4: 2, 5: 4, 6: 5, 7: 6, 8: 7, 9: 8, 10: 9, 11: 9, 12: 9, 13: 9, 14: 9, 15: 9,
               16: 7, 17: 6, 18: 4, 19: 3, 20: 1.5, 21: 1, 22: 0.8, 23: 0.5, 24: 0.3}
NEED_WEIGHTS = {"ASD": 33, "SEMH": 21, "SLCN": 11, "MLD": 8, "SLD": 7, "SpLD": 4, "PMLD": 3,
                "PD": 3, "HI": 2, "VI": 1, "MSI": 0.5, "OTH": 3}
RESIDENTIAL_WEIGHTS = {RESIDENTIAL_WEEKLY: 40, RESIDENTIAL_TERMLY: 35, RESIDENTIAL_52_WEEK: 25}
# Annual cost ranges (pounds) by arrangement; maintained settings cost less.
COSTS = {DAY: (42_000, 95_000), RESIDENTIAL_WEEKLY: (110_000, 180_000),
         RESIDENTIAL_TERMLY: (120_000, 200_000), RESIDENTIAL_52_WEEK: (180_000, 250_000)}
STATE_COST = (20_000, 45_000)
STATE_TYPES = frozenset({"maintained_special", "academy_special", "mainstream_resourced",
                         "fe_college"})
ENDED_SHARE = {AWAITING: 0.4, HOME: 0.5, MONITORED: 0.14, LOCAL: 0.1}
LONGEST_PLACEMENT_YEARS = 11
LEAVERS_YEARS = 10  # how long ago those who have left could have left
TERM_START_SHARE = 0.55  # placements starting in the first week of September

CHILD_COLUMNS = ["id", "given_name", "family_name", "date_of_birth", "case_ref", "primary_need",
                 "ehcp_last_review", "ehcp_next_review_due"]
PLACEMENT_COLUMNS = ["id", "child_id", "provider_id", "start_date", "end_date", "arrangement",
                     "annual_cost", "state", "visit_interval_months", "interim_support", "notes"]


@dataclass(frozen=True, slots=True)
class MonitoredPlacement:
    """What the visit history needs of a placement that requires monitoring visits."""

    id: int
    provider_id: int | None  # None: elective home education, visited at home
    start: date
    end: date | None
    interval: int

    @property
    def visit_unit(self) -> int:
        """Visits cover a provider's placements together; a home-educated child alone."""
        return self.provider_id if self.provider_id is not None else -self.id


@dataclass(frozen=True)
class ProviderPool:
    providers: tuple[DemoProvider, ...]
    cum_weights: tuple[float, ...]

    @classmethod
    def of(cls, providers: Sequence[DemoProvider]) -> ProviderPool:
        return cls(tuple(providers), tuple(itertools.accumulate(p.weight for p in providers)))

    def pick(self, rng: random.Random) -> DemoProvider:
        return rng.choices(self.providers, cum_weights=self.cum_weights)[0]


def _weighted(weights: dict) -> tuple[tuple, tuple[float, ...]]:
    return tuple(weights), tuple(itertools.accumulate(weights.values()))


def child_kinds(rng: random.Random, counts: dict[str, int]) -> list[str]:
    kinds = [kind for kind, count in counts.items() for _ in range(count)]
    rng.shuffle(kinds)
    return kinds


class PeopleMaker:
    """Makes each child's row and placement rows; keeps the monitored placements."""

    def __init__(self, rng: random.Random, seeds: DemoSeeds, providers: Sequence[DemoProvider],
                 no_new_placements_after: dict[int, date], as_of: date, children: int) -> None:
        self.rng, self.seeds, self.as_of = rng, seeds, as_of
        self.no_new_after = no_new_placements_after
        self.monitored: list[MonitoredPlacement] = []
        self.placement_id = 0
        self.pools = {MONITORED: ProviderPool.of([p for p in providers if p.monitored]),
                      LOCAL: ProviderPool.of([p for p in providers if not p.monitored])}
        # Every provider gets one child first, then the rest go by weight.
        self.first_choice = {kind: list(pool.providers) for kind, pool in self.pools.items()}
        for queue in self.first_choice.values():
            rng.shuffle(queue)
            queue.reverse()  # popped from the end
        self.earlier_pools = self._pools_by_age(providers)
        self.names = _weighted({g: g.weight for g in seeds.name_groups})
        self.needs = _weighted(NEED_WEIGHTS)
        self.ages: dict[tuple[int, int], tuple[tuple, tuple[float, ...]]] = {}
        self.case_refs = iter(rng.sample(range(100000, 1000000), children))
        words = seeds.placement_words
        self.interim_support, self.ended_reasons = words["interim_support"], words["ended_reasons"]
        self.leaving_reasons = words["leaving_reasons"]

    @staticmethod
    def _pools_by_age(providers: Sequence[DemoProvider]) -> dict[tuple[str, int], ProviderPool]:
        """Where a child could have been before: by kind of provider and age then."""
        pools = {}
        for age in AGE_WEIGHTS:
            for kind, monitored in ((MONITORED, True), (LOCAL, False)):
                fits = [p for p in providers if p.monitored == monitored and not p.never_visited
                        and p.min_age <= age <= p.max_age]
                if fits:
                    pools[(kind, age)] = ProviderPool.of(fits)
        return pools

    # --- the child ----------------------------------------------------------

    def child(self, child_id: int, kind: str) -> tuple[tuple, list[tuple]]:
        """One child's row and placement rows (an ended one first, if any)."""
        rng = self.rng
        if kind == LEFT:
            return self._leaver(child_id)
        provider = self._provider(kind)
        low, high = (provider.min_age, provider.max_age) if provider else (
            (5, 17) if kind == AWAITING else (6, 16))
        age = self._age(low, high)
        born = years_before(self.as_of, age) - timedelta(days=rng.randint(1, 364))
        current = self._current_placement(child_id, kind, provider, born)
        placements = [current]
        if rng.random() < ENDED_SHARE[kind]:
            earlier = self._ended_placement(child_id, born, date.fromisoformat(current[3]), kind)
            if earlier:
                placements.insert(0, earlier)
        return self._child_row(child_id, born, provider), placements

    def _provider(self, kind: str) -> DemoProvider | None:
        if kind not in self.pools:
            return None
        queue = self.first_choice[kind]
        return queue.pop() if queue else self.pools[kind].pick(self.rng)

    def _age(self, low: int, high: int) -> int:
        if (low, high) not in self.ages:
            self.ages[(low, high)] = _weighted(
                {a: w for a, w in AGE_WEIGHTS.items() if low <= a <= high})
        ages, cum = self.ages[(low, high)]
        return self.rng.choices(ages, cum_weights=cum)[0]

    def _child_row(self, child_id: int, born: date, provider: DemoProvider | None,
                   left: date | None = None) -> tuple:
        """The child's record; one who has left has a last review and none due."""
        rng = self.rng
        given, family = self._name()
        groups, cum = self.needs
        need = "SEMH" if provider and provider.provider_type == "childrens_home" \
            and rng.random() < 0.7 else rng.choices(groups, cum_weights=cum)[0]
        overdue = rng.random() < 0.1
        reviewed = self.as_of - timedelta(
            days=rng.randint(366, 430) if overdue else rng.randint(3, 365))
        if left is not None:
            reviewed = left - timedelta(days=rng.randint(30, 330))
        reviewed = max(reviewed, years_before(born, -3))
        due = None if left else add_months(reviewed, 12).isoformat()
        return (child_id, given, family, born.isoformat(), f"WB{next(self.case_refs):06d}", need,
                reviewed.isoformat(), due)

    def _name(self) -> tuple[str, str]:
        rng = self.rng
        groups, cum = self.names
        group = rng.choices(groups, cum_weights=cum)[0]
        given, family = rng.choice(group.given), rng.choice(group.family)
        if " " not in family and rng.random() * 100 < self.seeds.double_barrelled_percent:
            second = rng.choice(self.seeds.name_groups[0].family)
            if second != family:
                family = f"{family}-{second}"
        return given, family

    # --- placements ---------------------------------------------------------

    def _next_placement_id(self) -> int:
        self.placement_id += 1
        return self.placement_id

    def _current_placement(self, child_id: int, kind: str, provider: DemoProvider | None,
                           born: date) -> tuple:
        rng, pid = self.rng, self._next_placement_id()
        if kind == AWAITING:
            since = self.as_of - timedelta(days=rng.randint(7, 200))
            return (pid, child_id, None, since.isoformat(), None, DAY, None, AWAITING_PROVISION,
                    12, rng.choice(self.interim_support), None)
        if kind == HOME:
            start = working_day_on_or_after(random_day(
                rng, max(years_before(born, -5), years_before(self.as_of, 4)),
                self.as_of - timedelta(days=60)))
            self.monitored.append(MonitoredPlacement(pid, None, start, None, 12))
            return (pid, child_id, None, start.isoformat(), None, ELECTIVE_HOME_EDUCATION, None,
                    PLACED, 12, None, None)
        assert provider is not None
        start = self._start(provider, born)
        return self._placed(pid, child_id, provider, start, None, None)

    def _start(self, provider: DemoProvider, born: date) -> date:
        rng, as_of = self.rng, self.as_of
        earliest = max(years_before(born, -provider.min_age),
                       years_before(as_of, LONGEST_PLACEMENT_YEARS))
        latest = as_of - timedelta(days=7)
        if provider.id in self.no_new_after:
            latest = min(latest, self.no_new_after[provider.id] - timedelta(days=14))
        if provider.never_visited:
            earliest = max(earliest, as_of - timedelta(days=300))
        earliest = min(earliest, latest)
        day = random_day(rng, earliest, latest)
        if not provider.never_visited and rng.random() < TERM_START_SHARE:
            day = term_start(rng, day, earliest)
        return working_day_on_or_after(day)

    def _placed(self, pid: int, child_id: int, provider: DemoProvider, start: date,
                end: date | None, notes: str | None) -> tuple:
        arrangement = self._arrangement(provider)
        interval = self._interval(provider, arrangement)
        if provider.monitored:
            self.monitored.append(MonitoredPlacement(pid, provider.id, start, end, interval))
        return (pid, child_id, provider.id, start.isoformat(), end.isoformat() if end else None,
                arrangement, self._cost(provider, arrangement), PLACED, interval, None, notes)

    def _arrangement(self, provider: DemoProvider) -> str:
        rng = self.rng
        if provider.arrangements == "day" or (
                provider.arrangements == "day_and_residential" and rng.random() < 0.6):
            return DAY
        if provider.provider_type == "childrens_home":
            return RESIDENTIAL_52_WEEK
        return rng.choices(list(RESIDENTIAL_WEIGHTS), list(RESIDENTIAL_WEIGHTS.values()))[0]

    def _interval(self, provider: DemoProvider, arrangement: str) -> int:
        """Months between visits: 12, or 6 at a provider below good; 52-week
        residential placements (and now and then another child) more often."""
        if not provider.monitored or provider.never_visited:
            return 12
        if provider.quality == "weak":
            return 6
        weights = (55, 35, 10) if arrangement == RESIDENTIAL_52_WEEK else (95, 4, 1)
        return self.rng.choices((12, 6, 3), weights)[0]

    def _cost(self, provider: DemoProvider, arrangement: str) -> float:
        low, high = STATE_COST if provider.provider_type in STATE_TYPES and arrangement == DAY \
            else COSTS[arrangement]
        if provider.provider_type == INDEPENDENT_POST16 and arrangement == DAY:
            low, high = 30_000, 70_000
        return float(round(self.rng.uniform(low, high) / 50) * 50)

    def _ended_placement(self, child_id: int, born: date, next_start: date,
                         kind: str) -> tuple | None:
        """An earlier placement that ended before the current one (or the wait) began."""
        rng = self.rng
        end = next_start - timedelta(days=rng.randint(1, 60))
        start = working_day_on_or_after(end - timedelta(days=rng.randint(180, 3 * 365)))
        age_then = (start - born).days // 365
        pool_kind = LOCAL if kind == HOME or rng.random() < 0.5 else MONITORED
        pool = self.earlier_pools.get((pool_kind, age_then))
        if pool is None or end >= self.as_of:
            return None
        provider = pool.pick(rng)
        if provider.id in self.no_new_after and start > self.no_new_after[provider.id]:
            return None
        reason = rng.choice(self.ended_reasons)
        return self._placed(self._next_placement_id(), child_id, provider, start, end, reason)

    def _leaver(self, child_id: int) -> tuple[tuple, list[tuple]]:
        """A young person who has left: one placement, ended up to ten years ago."""
        rng, as_of = self.rng, self.as_of
        age = self._age(10, 24)
        born = years_before(as_of, age) - timedelta(days=rng.randint(1, 364))
        years_gone = rng.uniform(0.1, min(LEAVERS_YEARS, age - 6))
        end = working_day_on_or_before(as_of - timedelta(days=int(years_gone * 365)))
        age_then = (end - born).days // 365
        first = MONITORED if rng.random() < 0.7 else LOCAL
        pool = self.earlier_pools.get((first, age_then)) or self.earlier_pools[(LOCAL, 10)]
        provider = pool.pick(rng)
        start = end - timedelta(days=rng.randint(365, 5 * 365))
        start = max(start, years_before(born, -provider.min_age))
        if provider.id in self.no_new_after:
            start = min(start, self.no_new_after[provider.id] - timedelta(days=30))
        start = working_day_on_or_after(min(start, end - timedelta(days=60)))
        reason = (rng.choice(self.leaving_reasons) if age_then >= 16
                  else "Moved out of Westbridge; case transferred")
        placement = self._placed(self._next_placement_id(), child_id, provider, start, end, reason)
        return self._child_row(child_id, born, provider, left=end), [placement]
