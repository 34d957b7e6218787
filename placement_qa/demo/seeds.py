"""The word lists a demo register is made from, read from ``resources/demo/*.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..assets import resource_path


@dataclass(frozen=True)
class Town:
    name: str
    postcode_district: str  # e.g. "ME15"


@dataclass(frozen=True)
class Authority:
    name: str
    region: str
    towns: tuple[Town, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class NameGroup:
    heritage: str
    weight: float
    given: tuple[str, ...]
    family: tuple[str, ...]


@dataclass(frozen=True)
class Officer:
    name: str
    role: str
    active_from: int
    active_to: int | None

    def active_in(self, year: int) -> bool:
        return self.active_from <= year and (self.active_to is None or year <= self.active_to)


@dataclass(frozen=True)
class DemoSeeds:
    home: Authority
    authorities: tuple[Authority, ...]
    name_groups: tuple[NameGroup, ...]
    double_barrelled_percent: float
    provider_words: dict[str, Any]
    officers: tuple[Officer, ...]
    managers: tuple[Officer, ...]
    placement_words: dict[str, Any]
    visit_words: dict[str, Any]
    framework: dict[str, Any]
    welfare_words: dict[str, Any]


def _read(name: str) -> dict[str, Any]:
    with resource_path("demo", name).open(encoding="utf-8") as handle:
        return json.load(handle)


def _authority(data: dict[str, Any]) -> Authority:
    return Authority(
        name=data["name"], region=data["region"],
        towns=tuple(Town(name, district) for name, district in data["towns"].items()),
        weight=float(data.get("weight", 1)),
    )


def _officer(data: dict[str, Any]) -> Officer:
    return Officer(data["name"], data.get("role", ""), data["from"], data["to"])


@cache
def load_seeds() -> DemoSeeds:
    """Every demo word list, read once per process."""
    places, names, visits = _read("authorities.json"), _read("names.json"), _read("visits.json")
    return DemoSeeds(
        home=_authority(places["home"]),
        authorities=tuple(_authority(a) for a in places["authorities"]),
        name_groups=tuple(
            NameGroup(g["heritage"], float(g["weight"]), tuple(g["given"]), tuple(g["family"]))
            for g in names["groups"]
        ),
        double_barrelled_percent=float(names["double_barrelled_percent"]),
        provider_words=_read("providers.json"),
        officers=tuple(_officer(o) for o in visits["officers"]),
        managers=tuple(_officer(m) for m in visits["managers"]),
        placement_words=_read("placements.json"),
        visit_words=visits,
        framework=_read("qa_framework.json"),
        welfare_words=_read("welfare.json"),
    )
