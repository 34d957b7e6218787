"""Demo providers: names, types, places, URNs and how well each one is doing.

Monitored providers are spread over real English local authorities (a few are
independent schools in Westbridge itself); local providers are Westbridge's own
special schools, resourced mainstream schools and college.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..domain.register import INDEPENDENT_POST16, INDEPENDENT_SPECIAL, NON_MAINTAINED_SPECIAL
from .profiles import DemoProfile
from .seeds import Authority, DemoSeeds, Town

# Ages a setting takes, by phase.
PHASES: dict[str, tuple[int, int]] = {
    "primary": (4, 11), "secondary": (11, 18), "all_through": (5, 19),
    "post16": (16, 24), "home": (8, 17),
}

# provider type: (share of monitored providers, phases, day/residential/both weights)
MONITORED_TYPES: dict[str, tuple[float, dict[str, int], tuple[int, int, int]]] = {
    INDEPENDENT_SPECIAL: (48, {"all_through": 45, "secondary": 40, "primary": 15}, (55, 10, 35)),
    NON_MAINTAINED_SPECIAL: (7, {"all_through": 80, "secondary": 20}, (30, 15, 55)),
    INDEPENDENT_POST16: (15, {"post16": 1}, (50, 10, 40)),
    "maintained_special": (7, {"all_through": 50, "primary": 25, "secondary": 25}, (90, 0, 10)),
    "academy_special": (8, {"all_through": 50, "primary": 25, "secondary": 25}, (92, 0, 8)),
    "mainstream_resourced": (5, {"primary": 55, "secondary": 45}, (1, 0, 0)),
    "fe_college": (3, {"post16": 1}, (1, 0, 0)),
    "childrens_home": (4, {"home": 1}, (0, 1, 0)),
}
LOCAL_TYPES: dict[str, tuple[float, dict[str, int]]] = {
    "maintained_special": (20, {"all_through": 50, "primary": 25, "secondary": 25}),
    "academy_special": (20, {"all_through": 50, "primary": 25, "secondary": 25}),
    "mainstream_resourced": (52, {"primary": 55, "secondary": 45}),
    "fe_college": (8, {"post16": 1}),
}
# How many of a local authority's children a type of setting takes, relative.
LOCAL_SIZE = {"maintained_special": 8.0, "academy_special": 8.0, "mainstream_resourced": 1.0,
              "fe_college": 6.0}
MONITORED_SIZE = {INDEPENDENT_SPECIAL: 1.5, "childrens_home": 0.3, "mainstream_resourced": 0.5}
ARRANGEMENTS = ("day", "residential", "day_and_residential")
IN_BOROUGH_INDEPENDENT_SHARE = 0.05
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass(frozen=True, slots=True)
class DemoProvider:
    id: int
    name: str
    provider_type: str
    host_authority: str
    urn: str | None
    postcode: str
    address: str
    arrangements: str
    min_age: int
    max_age: int
    monitored: bool  # the council's places there require monitoring visits
    weight: float  # how many of the council's children it takes, relative
    quality: str  # "strong", "good" or "weak" (below good at its latest inspection)
    never_visited: bool = False  # only recent placements, no monitoring visit yet

    def row(self) -> tuple:
        return (self.id, self.urn, self.name, self.provider_type, self.host_authority,
                self.address, self.postcode, self.arrangements)


PROVIDER_COLUMNS = ["id", "urn", "name", "provider_type", "host_authority", "address",
                    "postcode", "arrangements"]


class ProviderMaker:
    """Makes providers one at a time, keeping names and URNs unique."""

    def __init__(self, rng: random.Random, seeds: DemoSeeds, urn_count: int) -> None:
        self.rng, self.seeds = rng, seeds
        self.words = seeds.provider_words
        self.urns = iter(rng.sample(range(100000, 160000), urn_count))
        self.names: set[str] = set()
        self.authority_weights = [a.weight for a in seeds.authorities]

    def out_of_borough(self) -> Authority:
        return self.rng.choices(self.seeds.authorities, self.authority_weights)[0]

    def name(self, provider_type: str, phase: str, town: Town) -> str:
        key = f"{provider_type}_{'primary' if phase == 'primary' else 'secondary'}"
        patterns = self.words["patterns"].get(key) or self.words["patterns"][provider_type]
        for _ in range(8):
            name = self._fill(self.rng.choice(patterns), town)
            if name not in self.names:
                break
        else:
            name = f"{name}, {town.name}"
        self.names.add(name)
        return name

    def _fill(self, pattern: str, town: Town) -> str:
        words, rng = self.words, self.rng
        return pattern.format(
            stem=rng.choice(words["stems"]), saint=rng.choice(words["saints"]),
            plural=rng.choice(words["plurals"]), town=town.name,
        )

    def postcode(self, town: Town) -> str:
        inward = "".join(self.rng.choice(POSTCODE_LETTERS) for _ in range(2))
        return f"{town.postcode_district} {self.rng.randint(1, 9)}{inward}"

    def address(self, town: Town) -> str:
        rng = self.rng
        street = rng.choice(self.words["streets"])
        number = f"{rng.randint(1, 240)} " if rng.random() < 0.5 else ""
        return f"{number}{street}, {town.name}"

    def urn(self, provider_type: str) -> str | None:
        if provider_type == "childrens_home":
            return None  # registered with an SC number, not a URN
        if provider_type == INDEPENDENT_POST16 and self.rng.random() < 0.1:
            return None
        return str(next(self.urns))

    def provider(self, pid: int, provider_type: str, phase: str, place: Authority,
                 **details: Any) -> DemoProvider:
        min_age, max_age = PHASES[phase]
        town = self.rng.choice(place.towns)
        return DemoProvider(
            id=pid, name=self.name(provider_type, phase, town), provider_type=provider_type,
            host_authority=place.name, urn=self.urn(provider_type), postcode=self.postcode(town),
            address=self.address(town), min_age=min_age, max_age=max_age, **details,
        )


def _pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _qualities(rng: random.Random, count: int) -> list[str]:
    weak = max(2, round(count * 0.13)) if count >= 10 else 1
    strong = round(count * 0.25)
    qualities = ["weak"] * weak + ["strong"] * strong + ["good"] * (count - weak - strong)
    rng.shuffle(qualities)
    return qualities


def _monitored_provider(maker: ProviderMaker, pid: int, quality: str, new: bool) -> DemoProvider:
    rng = maker.rng
    provider_type = _pick(rng, {t: spec[0] for t, spec in MONITORED_TYPES.items()})
    _, phases, arrangement_weights = MONITORED_TYPES[provider_type]
    in_borough = (provider_type == INDEPENDENT_SPECIAL
                  and rng.random() < IN_BOROUGH_INDEPENDENT_SHARE)
    place = maker.seeds.home if in_borough else maker.out_of_borough()
    weight = min(25.0, rng.paretovariate(1.4)) * MONITORED_SIZE.get(provider_type, 1.0)
    return maker.provider(
        pid, provider_type, _pick(rng, phases), place,
        arrangements=rng.choices(ARRANGEMENTS, arrangement_weights)[0],
        monitored=True, weight=weight, quality=quality, never_visited=new,
    )


def _local_provider(maker: ProviderMaker, pid: int, provider_type: str | None = None,
                    phase: str | None = None) -> DemoProvider:
    rng = maker.rng
    provider_type = provider_type or _pick(rng, {t: spec[0] for t, spec in LOCAL_TYPES.items()})
    phase = phase or _pick(rng, LOCAL_TYPES[provider_type][1])
    quality = rng.choices(("strong", "good", "weak"), (25, 68, 7))[0]
    weight = LOCAL_SIZE[provider_type] * rng.uniform(0.5, 1.5)
    return maker.provider(
        pid, provider_type, phase, maker.seeds.home,
        arrangements="day", monitored=False, weight=weight, quality=quality,
    )


# Westbridge always has an all-through special school and a resourced primary,
# so every child of school age has a local place to be in.
FIRST_LOCAL = (("maintained_special", "all_through"), ("mainstream_resourced", "primary"))


def make_providers(rng: random.Random, profile: DemoProfile,
                   seeds: DemoSeeds) -> list[DemoProvider]:
    """Monitored providers (ids 1..n) then Westbridge's local ones."""
    count = profile.monitored_providers
    maker = ProviderMaker(rng, seeds, urn_count=count + profile.local_providers)
    qualities = _qualities(rng, count)
    new_count = max(1, round(count * 0.04))
    new_slots = set(rng.sample([i for i, q in enumerate(qualities) if q != "weak"], new_count))
    providers = [
        _monitored_provider(maker, i + 1, qualities[i], i in new_slots) for i in range(count)
    ]
    for i in range(profile.local_providers):
        fixed = FIRST_LOCAL[i] if i < len(FIRST_LOCAL) else (None, None)
        providers.append(_local_provider(maker, count + i + 1, *fixed))
    return providers
