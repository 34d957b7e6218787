"""The demo's team: the officers and managers of the visit seeds, and who holds which
open visit.

Everyone in the seeds is an officer of the register (a manager for the managers): those
still in post in the demo year are active, those who left before it are ended. Each
planned or draft visit is assigned to the first person in its visitors, when they are
active. Nothing here draws from the demo's random stream, so adding the team changed
no other row of the demo.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from ..domain.officers import MANAGER, OFFICER, suggested_initials
from ..domain.register import VISIT_DRAFT, VISIT_PLANNED
from .seeds import DemoSeeds
from .visits import DemoVisit

OFFICER_COLUMNS = ["id", "name", "initials", "role", "active"]


def _initials(name: str, taken: set[str]) -> str:
    initials = suggested_initials(name)
    if initials in taken:  # another letter of the first name tells them apart
        initials = (name[:2] + initials[1:])[:4].upper()
    taken.add(initials)
    return initials


def team_rows(seeds: DemoSeeds, as_of: date) -> list[tuple]:
    """One row per person (``OFFICER_COLUMNS``), ids from 1, officers then managers."""
    people = [(o, OFFICER) for o in seeds.officers] + [(m, MANAGER) for m in seeds.managers]
    taken: set[str] = set()
    return [(number, person.name, _initials(person.name, taken), role,
             int(person.active_in(as_of.year)))
            for number, (person, role) in enumerate(people, start=1)]


def active_ids(rows: Sequence[tuple]) -> dict[str, int]:
    """Each active person's officer id, by name."""
    return {row[1]: row[0] for row in rows if row[4]}


def assigned_officer(visitors: str, status: str, active: Mapping[str, int]) -> int | None:
    """The officer an open visit is assigned to: its first visitor, if active."""
    if status not in (VISIT_PLANNED, VISIT_DRAFT):
        return None
    return active.get(visitors.split(", ")[0])


def assignments(visits: Sequence[DemoVisit], active: Mapping[str, int]) -> dict[int, int | None]:
    """Each visit's assigned officer (None for closed visits and unknown visitors)."""
    return {visit.id: assigned_officer(visit.visitors, visit.status, active)
            for visit in visits}
