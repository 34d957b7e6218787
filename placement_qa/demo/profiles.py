"""How big each demo register is: the sizes named in the issue, as numbers.

A *monitored provider* is one where the council has children whose placements
require monitoring visits (out of borough, independent or non-maintained,
residential); *local providers* are Westbridge's own maintained and academy
special schools, resourced mainstream schools and college, whose day places do
not require monitoring visits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

HOME_AUTHORITY = "Westbridge"
DEFAULT_AS_OF = date(2026, 11, 22)


@dataclass(frozen=True)
class DemoProfile:
    size: str
    children: int
    monitored_providers: int
    local_providers: int
    monitored_placements: int  # live placements requiring monitoring (incl. home education)
    history_years: int  # years of monitoring visits before as_of
    criteria_per_visit: int | None  # None: every criterion of the QA framework

    @property
    def awaiting_provision(self) -> int:
        return max(2, round(self.children * 0.04))

    @property
    def home_educated(self) -> int:
        return max(1, round(self.children * 0.015))

    @property
    def with_ended_placement(self) -> int:
        return max(3, round(self.children * 0.12))

    @property
    def left(self) -> int:
        """Young people who have left the register's provision (ended placements only)."""
        return max(3, round(self.children * 0.1))

    @property
    def local_placements(self) -> int:
        placed = self.children - self.awaiting_provision - self.home_educated - self.left
        return placed - (self.monitored_placements - self.home_educated)


PROFILES: dict[str, DemoProfile] = {
    "small": DemoProfile("small", 60, 21, 4, 42, 2, None),
    "large": DemoProfile("large", 20_000, 800, 160, 3_000, 10, None),
    "national": DemoProfile("national", 640_000, 4_000, 400, 96_000, 10, 2),
}

SIZES = tuple(PROFILES)


def profile_for(size: str) -> DemoProfile:
    try:
        return PROFILES[size]
    except KeyError:
        known = ", ".join(SIZES)
        raise ValueError(f"unknown demo size {size!r}: choose one of {known}") from None
