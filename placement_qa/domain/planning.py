"""Planning monitoring visits: working days, proposed dates, providers due and trips.

Pure functions with explicit dates: no Qt, no SQL.

* **Working day**: not a weekend, not a bank holiday in England and Wales and not in
  a school holiday given (see :mod:`.working_days`).
* **Proposed visit date** (:func:`propose_visit_date`): the latest working day
  on or before the due date that is not before ``as_of`` (visit as late as the
  schedule allows, leaving the most room to group a trip); when there is none
  (the due date has passed, or every day up to it is a holiday) the first
  working day on or after ``as_of``.
* **One visit to a provider covers all our children there**, so lists of what
  is due are grouped by provider (:func:`due_by_provider`), and the trip
  planner groups those providers by host authority and region (:func:`trip_groups`).
"""

from __future__ import annotations

import calendar
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from ..assets import resource_path
from .names import name_sort_key
from .schedule import MONITORED_STATUSES, ScheduleLine, Slip
from .working_days import SchoolHolidays, is_working_day, next_working_day

UNKNOWN_REGION = "Region not known"
MONTH_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class PlanningError(ValueError):
    """A planning request that cannot be carried out; the message says why."""


def propose_dates(
    earliest: date,
    count: int,
    *,
    school_holidays: SchoolHolidays = (),
    avoid_school_holidays: bool = True,
) -> list[date]:
    """The first ``count`` working days on or after ``earliest``, ascending.

    School holiday periods are skipped only when ``avoid_school_holidays``.
    """
    periods = school_holidays if avoid_school_holidays else ()
    proposed: list[date] = []
    day = earliest
    while len(proposed) < count:
        day = next_working_day(day, periods)
        proposed.append(day)
        day += timedelta(days=1)
    return proposed


def propose_visit_date(
    due: date,
    as_of: date,
    *,
    school_holidays: SchoolHolidays = (),
    avoid_school_holidays: bool = True,
) -> date:
    """A date to offer for a visit due on ``due``, looking from ``as_of``.

    The latest working day in ``as_of .. due``; when there is none, the first
    working day on or after ``as_of`` (the visit will be late, so as soon as possible).
    """
    periods = school_holidays if avoid_school_holidays else ()
    day = due
    while day >= as_of:
        if is_working_day(day, periods):
            return day
        day -= timedelta(days=1)
    return next_working_day(as_of, periods)


def check_school_holidays(periods: Iterable[Sequence[date]]) -> list[tuple[date, date]]:
    """School holiday periods as sorted ``(start, end)`` pairs; a start after its end,
    or a pair that is not two dates, is a :class:`PlanningError`."""
    checked = []
    for period in periods:
        if len(period) != 2 or not all(isinstance(d, date) for d in period):
            raise PlanningError(f"School holiday {period!r} is not a (start, end) pair of dates")
        start, end = period
        if start > end:
            raise PlanningError(
                f"School holiday starting {start:%d/%m/%Y} ends before it starts ({end:%d/%m/%Y})"
            )
        checked.append((start, end))
    return sorted(checked)


def check_month(month: str) -> str:
    """``month`` if it is written ``YYYY-MM`` (e.g. 2026-12), else :class:`PlanningError`."""
    if not isinstance(month, str) or not MONTH_PATTERN.match(month):
        raise PlanningError(f"'{month}' is not a month; type it as YYYY-MM, e.g. 2026-12")
    return month


def month_days(month: str) -> tuple[date, date]:
    """The first and last day of ``month`` (YYYY-MM); :class:`PlanningError` if not a month."""
    year, number = (int(part) for part in check_month(month).split("-"))
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])


# --- providers due --------------------------------------------------------------

@dataclass(frozen=True)
class ProviderDue:
    """A provider with children due a visit: one visit covers them all."""

    provider_id: int
    provider_name: str
    host_authority: str
    children_due: int
    earliest_due: date
    planned_visit: date | None = None
    planned_slip: Slip | None = None  # how the planned visit slipped, if it did


def due_by_provider(lines: Iterable[ScheduleLine]) -> list[ProviderDue]:
    """The given lines grouped by provider, earliest due first (then by name).

    Pass the lines you want counted (e.g. the overdue ones). Lines without a
    next due date or a provider are left out. ``children_due`` counts distinct
    children; ``planned_visit`` is the earliest planned visit among the lines.
    """
    by_provider: dict[int, list[ScheduleLine]] = defaultdict(list)
    for line in lines:
        if line.next_due is not None and line.placement.provider_id is not None:
            by_provider[line.placement.provider_id].append(line)
    due = [_provider_due(pid, group) for pid, group in by_provider.items()]
    return sorted(due, key=lambda p: (p.earliest_due, name_sort_key(p.provider_name),
                                      p.provider_id))


def _provider_due(provider_id: int, lines: list[ScheduleLine]) -> ProviderDue:
    first = lines[0].placement
    planned = [line for line in lines if line.planned_visit is not None]
    first_planned = min(planned, key=lambda line: line.planned_visit or date.max, default=None)
    return ProviderDue(
        provider_id=provider_id,
        provider_name=first.provider_name,
        host_authority=first.host_authority,
        children_due=len({line.placement.child_id for line in lines}),
        earliest_due=min(due for line in lines if (due := line.next_due) is not None),
        planned_visit=first_planned.planned_visit if first_planned else None,
        planned_slip=first_planned.slip if first_planned else None,
    )


# --- trip planner --------------------------------------------------------------

@lru_cache(maxsize=1)
def authority_regions() -> dict[str, str]:
    """English local authority (case-folded name) -> region, from the demo authorities list."""
    data = json.loads(resource_path("demo", "authorities.json").read_text(encoding="utf-8"))
    entries = [data.get("home", {}), *data.get("authorities", [])]
    return {e["name"].strip().casefold(): e["region"] for e in entries if "name" in e}


def region_of(authority: str) -> str:
    return authority_regions().get(authority.strip().casefold(), UNKNOWN_REGION)


@dataclass(frozen=True)
class TripGroup:
    """Providers in one host authority that one trip could cover."""

    region: str
    host_authority: str
    providers: tuple[ProviderDue, ...]

    @property
    def earliest_due(self) -> date:
        return min(p.earliest_due for p in self.providers)

    @property
    def children_due(self) -> int:
        return sum(p.children_due for p in self.providers)


def trip_groups(
    lines: Iterable[ScheduleLine], window_start: date, window_end: date
) -> list[TripGroup]:
    """Providers with live monitored placements due by ``window_end`` (so overdue
    ones, due before ``window_start``, too), grouped by host authority.

    Groups are sorted by earliest due date, then region and authority; the
    providers inside each group by earliest due.
    """
    if window_end < window_start:
        raise PlanningError("The trip window ends before it starts")
    due = [
        line
        for line in lines
        if line.status in MONITORED_STATUSES
        and line.next_due is not None
        and line.next_due <= window_end
    ]
    by_authority: dict[str, list[ProviderDue]] = defaultdict(list)
    for provider in due_by_provider(due):
        by_authority[provider.host_authority.strip().casefold()].append(provider)
    groups = [
        TripGroup(region_of(ps[0].host_authority), ps[0].host_authority, tuple(ps))
        for ps in by_authority.values()
    ]
    return sorted(groups, key=lambda g: (g.earliest_due, g.region,
                                          name_sort_key(g.host_authority)))


# --- a planned visit as the team's calendars and schedules show it -------------

@dataclass(frozen=True)
class VisitForExport:
    """A monitoring visit with its provider's details and no child data."""

    visit_id: int
    uuid: str
    provider_name: str
    urn: str | None
    host_authority: str
    postcode: str | None
    visit_date: date
    visit_type: str
    visitors: str
    status: str
    placements_covered: int
    # How many times the visit's record has been changed (from the change log):
    # grows when a visit is rescheduled, so calendars take the newer copy.
    revision: int = 0
    provider_id: int | None = None
    officer: str = ""  # the name of the officer the visit is assigned to, if any
    officer_id: int | None = None


# --- the monthly review the council promised ----------------------------------

@dataclass(frozen=True)
class ScheduleReview:
    """Someone reviewed the schedule for ``month`` (YYYY-MM) at ``reviewed_at`` (UTC)."""

    review_id: int
    uuid: str
    month: str
    reviewed_by: str
    reviewed_at: datetime
    notes: str | None = None
