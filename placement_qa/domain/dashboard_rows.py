"""The dashboard's rows about placements and providers: one row per placement grouped
by provider (the provider due soonest first, since one visit covers all our children
there), and the monitored providers with when each was last visited, those NOT visited
in the last 12 months first. Plain Python, no Qt.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .dates import uk
from .names import name_sort_key
from .schedule import MONITORED_STATUSES, ScheduleLine, Slip, visited_within_year
from .wording import provider_text


@dataclass(frozen=True)
class DashboardRow:
    """One record behind a tile: who or what, where, when due, and any planned visit."""

    provider: str
    host_authority: str
    subject: str  # the child's name, or the action's description
    due: date | None
    planned: date | None = None
    children_at_provider: int = 1
    placement_id: int | None = None
    slip: Slip | None = None  # the planned visit slipped (see schedule.visit_slip)
    risk: str = ""  # the overdue list's risk level and reason (see risk.py), else ""


def monitored(lines: Iterable[ScheduleLine]) -> list[ScheduleLine]:
    return [line for line in lines if line.status in MONITORED_STATUSES]


def _provider_key(line: ScheduleLine) -> tuple[int | None, str]:
    p = line.placement
    return (p.provider_id, p.provider_name if p.provider_id is not None else p.child_name)


def provider_key(line: ScheduleLine) -> tuple[int | None, str]:
    """Which provider a line counts at (a placement with no provider: on its own)."""
    return _provider_key(line)


def provider_rows(lines: Iterable[ScheduleLine]) -> tuple[DashboardRow, ...]:
    """One row per placement, grouped by provider, the provider due soonest first."""
    groups: dict[tuple[int | None, str], list[ScheduleLine]] = defaultdict(list)
    for line in lines:
        groups[_provider_key(line)].append(line)
    never = date.max
    ordered = sorted(
        groups.values(),
        key=lambda g: (min(x.next_due or never for x in g),
                       name_sort_key(g[0].placement.provider_name)),
    )
    return tuple(
        placement_row(line, len(group))
        for group in ordered
        for line in sorted(group, key=lambda x: (x.next_due or never,
                                                  name_sort_key(x.placement.child_name)))
    )


def placement_row(line: ScheduleLine, at_provider: int) -> DashboardRow:
    p = line.placement
    return DashboardRow(
        provider=provider_text(line),
        host_authority=p.host_authority, subject=p.child_name, due=line.next_due,
        planned=line.planned_visit, children_at_provider=at_provider,
        placement_id=p.placement_id, slip=line.slip,
    )


def visited_provider_rows(
    lines: Iterable[ScheduleLine], completed_by_provider: Mapping[int, Sequence[date]],
    as_of: date,
) -> tuple[DashboardRow, ...]:
    """One row per monitored provider: those NOT visited in the last 12 months first
    (the ones to act on: never visited, then the longest since a visit), then those
    visited (KPI 2's numerator) by name."""
    groups: dict[int, list[ScheduleLine]] = defaultdict(list)
    for line in monitored(lines):
        if line.placement.provider_id is not None:
            groups[line.placement.provider_id].append(line)
    rows = []
    for provider_id, group in groups.items():
        visits = [d for d in completed_by_provider.get(provider_id, ()) if d <= as_of]
        visited = visited_within_year(visits, as_of)
        last = max(visits, default=None)
        p = group[0].placement
        row = DashboardRow(
            provider=p.provider_name, host_authority=p.host_authority,
            subject=_visited_words(last, visited),
            due=min((d for x in group if (d := x.next_due) is not None), default=None),
            children_at_provider=len(group),
        )
        longest_first = date.min if visited or last is None else last
        rows.append((visited, longest_first, name_sort_key(p.provider_name),
                     name_sort_key(p.host_authority), row))
    return tuple(entry[-1] for entry in sorted(rows, key=lambda e: e[:4]))


def _visited_words(last: date | None, visited: bool) -> str:
    if last is None:
        return "Never visited"
    words = f"Last visit {uk(last)}"
    return words if visited else f"Not visited in 12 months (last visit {uk(last)})"
