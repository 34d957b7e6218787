"""When is a monitoring visit due, and is it overdue? The council's KPIs.

Pure functions over plain data, with an explicit ``as_of`` date: no Qt, no SQL.
Every screen, export and report takes its numbers from here, so they agree.

The rules (issue #2):

* A placement **requires monitoring** when its provider's local authority is not
  the home authority, its arrangement is residential (weekly, termly or 52-week),
  its provider is an independent special school, a non-maintained special school
  or an independent specialist post-16 institution, or it is elective home
  education. Other placements do not (they may still be visited).
* **Last visit**: the latest *completed* visit dated on or before ``as_of`` that
  covered the placement. Planned, draft and cancelled visits never count.
* **Next due**: last visit + the placement's interval in calendar months (1-12,
  default 12; month ends clamp). Never visited: start date + interval. When the
  provider's inspection fell below good and the placement was flagged for an
  additional visit, next due is the earlier of that and the flag's due date,
  until a completed visit on or after the day it was flagged.
* **Status** as of D, first match wins: *Ended* (end date before D); *Awaiting
  provision*; *Not started* (start date after D: not yet a live placement, so it
  is neither due nor counted in the KPIs); *Not required*; *Overdue* (next due
  before D); *Due soon* (next due in the 30 days D .. D+29); *In schedule*.
* The earliest planned (or draft: visited, note being written) visit after the
  last completed one is shown beside the status, flagged *after the due date* when
  it is.
* A visit has **slipped** (:func:`visit_slip`) when it is still planned and its date
  is before D (the date passed and nothing was recorded), or when its note is a draft
  and more than N working days (the ``draft_signoff_working_days`` setting, 10 by
  default; weekends and bank holidays do not count) have passed since the visit
  (visited, not written up). A slipped visit is never a visit in hand: it needs
  recording, rescheduling or cancelling.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import partial

from .dates import add_months
from .names import name_sort_key
from .register import (
    AWAITING_PROVISION,
    ELECTIVE_HOME_EDUCATION,
    MONITORED_PROVIDER_TYPES,
    RESIDENTIAL_ARRANGEMENTS,
    VISIT_COMPLETED,
    VISIT_DRAFT,
    VISIT_PLANNED,
    RegisterPlacement,
    VisitCoverage,
)
from .working_days import more_working_days_than

DUE_SOON_DAYS = 30
DEFAULT_DRAFT_DAYS = 10  # the draft_signoff_working_days setting's default
RECORD_AHEAD_DAYS = 7  # recording a visit planned later than this many days ahead asks first
MIN_INTERVAL_MONTHS = 1
MAX_INTERVAL_MONTHS = 12


class Status(StrEnum):
    ENDED = "Ended"
    AWAITING_PROVISION = "Awaiting provision"
    NOT_STARTED = "Not started"
    NOT_REQUIRED = "Not required"
    OVERDUE = "Overdue"
    DUE_SOON = "Due soon"
    IN_SCHEDULE = "In schedule"


class Slip(StrEnum):
    """How an open visit slipped: its words follow the visit's date."""

    DATE_PASSED = "date passed, not recorded"
    NOT_WRITTEN_UP = "not written up"


# Statuses of a live placement that the council must monitor.
MONITORED_STATUSES = frozenset({Status.OVERDUE, Status.DUE_SOON, Status.IN_SCHEDULE})


@dataclass(frozen=True, slots=True)
class ScheduleLine:
    """A placement with its monitoring position as of a date."""

    placement: RegisterPlacement
    requires_monitoring: bool
    last_visit: date | None
    next_due: date | None
    status: Status
    planned_visit: date | None = None
    planned_late: bool = False
    planned_is_draft: bool = False  # the visit took place and is being written up
    slip: Slip | None = None  # the planned (or draft) visit slipped: see visit_slip

    @property
    def needs_action(self) -> bool:
        """Overdue, or its visit slipped: never "in hand"."""
        return self.status == Status.OVERDUE or self.slip is not None


@dataclass(frozen=True)
class Kpis:
    as_of: date
    monitored_placements: int
    monitored_not_overdue: int
    monitored_providers: int
    providers_visited_12_months: int

    @property
    def in_schedule_percent(self) -> float | None:
        return _percent(self.monitored_not_overdue, self.monitored_placements)

    @property
    def providers_visited_percent(self) -> float | None:
        return _percent(self.providers_visited_12_months, self.monitored_providers)


def _percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


def requires_monitoring(placement: RegisterPlacement, home_authority: str) -> bool:
    if placement.arrangement == ELECTIVE_HOME_EDUCATION:
        return True
    if placement.arrangement in RESIDENTIAL_ARRANGEMENTS:
        return True
    if placement.provider_type in MONITORED_PROVIDER_TYPES:
        return True
    return placement.provider_id is not None and not _same_authority(
        placement.host_authority, home_authority
    )


def _same_authority(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def last_visit(visits: Iterable[VisitCoverage], as_of: date) -> date | None:
    """The latest completed visit on or before ``as_of``, or None."""
    dates = [v.visit_date for v in visits if v.status == VISIT_COMPLETED and v.visit_date <= as_of]
    return max(dates, default=None)


def next_due(placement: RegisterPlacement, last: date | None) -> date:
    interval = clamp_interval(placement.visit_interval_months)
    regular = add_months(last if last else placement.start_date, interval)
    extra = placement.additional_visit_due
    if extra is not None and additional_visit_outstanding(placement, last):
        return min(regular, extra)
    return regular


def additional_visit_outstanding(placement: RegisterPlacement, last: date | None) -> bool:
    """A downgrade flag is set and no completed visit has happened since it was raised."""
    if placement.additional_visit_due is None:
        return False
    flagged = placement.additional_visit_flagged_on
    return last is None or flagged is None or last < flagged


def clamp_interval(months: int | None) -> int:
    if not months:
        return MAX_INTERVAL_MONTHS
    return max(MIN_INTERVAL_MONTHS, min(MAX_INTERVAL_MONTHS, int(months)))


def due_status(due: date, as_of: date) -> Status:
    if due < as_of:
        return Status.OVERDUE
    if due < as_of + timedelta(days=DUE_SOON_DAYS):
        return Status.DUE_SOON
    return Status.IN_SCHEDULE


def visit_slip(status: str, visit_date: date, as_of: date,
               draft_days: int = DEFAULT_DRAFT_DAYS) -> Slip | None:
    """Has this visit slipped as of ``as_of``? Planned for a date before ``as_of``:
    :attr:`Slip.DATE_PASSED`; a draft note more than ``draft_days`` working days after
    the visit: :attr:`Slip.NOT_WRITTEN_UP`; otherwise None (planned for today is not late)."""
    if status == VISIT_PLANNED and visit_date < as_of:
        return Slip.DATE_PASSED
    if status == VISIT_DRAFT and more_working_days_than(visit_date, as_of, draft_days):
        return Slip.NOT_WRITTEN_UP
    return None


def planned_far_ahead(status: str, visit_date: date, as_of: date) -> bool:
    """A planned visit more than a week after ``as_of``: recording it now asks first."""
    return status == VISIT_PLANNED and visit_date > as_of + timedelta(days=RECORD_AHEAD_DAYS)


def next_planned(visits: Iterable[VisitCoverage], after: date | None) -> VisitCoverage | None:
    """The earliest planned or draft visit later than ``after`` (the last completed one)."""
    pending = [
        v
        for v in visits
        if v.status in (VISIT_PLANNED, VISIT_DRAFT) and (after is None or v.visit_date > after)
    ]
    return min(pending, key=lambda v: v.visit_date, default=None)


def schedule_line(
    placement: RegisterPlacement,
    visits: Sequence[VisitCoverage],
    as_of: date,
    home_authority: str,
    draft_days: int = DEFAULT_DRAFT_DAYS,
) -> ScheduleLine:
    """The monitoring position of one placement as of ``as_of`` (``draft_days``: the
    working days after which a draft note not signed off has slipped)."""
    required = requires_monitoring(placement, home_authority)
    last = last_visit(visits, as_of)
    line = partial(ScheduleLine, placement=placement, requires_monitoring=required,
                   last_visit=last)
    if placement.end_date is not None and placement.end_date < as_of:
        return line(next_due=None, status=Status.ENDED)
    if placement.state == AWAITING_PROVISION:
        return line(next_due=None, status=Status.AWAITING_PROVISION)
    if placement.start_date > as_of:
        return line(next_due=None, status=Status.NOT_STARTED)
    if not required:
        return line(next_due=None, status=Status.NOT_REQUIRED)
    due = next_due(placement, last)
    planned = next_planned(visits, last)
    if planned is None:
        return line(next_due=due, status=due_status(due, as_of))
    return line(
        next_due=due,
        status=due_status(due, as_of),
        planned_visit=planned.visit_date,
        planned_late=planned.visit_date > due,
        planned_is_draft=planned.status == VISIT_DRAFT,
        slip=visit_slip(planned.status, planned.visit_date, as_of, draft_days),
    )


def build_schedule(
    placements: Iterable[RegisterPlacement],
    coverage: Iterable[VisitCoverage],
    as_of: date,
    home_authority: str,
    draft_days: int = DEFAULT_DRAFT_DAYS,
) -> list[ScheduleLine]:
    """Schedule lines for every placement, in the order given."""
    by_placement: dict[int, list[VisitCoverage]] = defaultdict(list)
    for visit in coverage:
        by_placement[visit.placement_id].append(visit)
    return [
        schedule_line(p, by_placement.get(p.placement_id, ()), as_of, home_authority,
                      draft_days)
        for p in placements
    ]


def by_child(lines: Iterable[ScheduleLine]) -> list[ScheduleLine]:
    """The lines as printed lists and exports file them: by the child's name (see
    :func:`~.names.name_sort_key`), then start date and placement."""
    return sorted(lines, key=lambda line: (name_sort_key(line.placement.child_name),
                                           line.placement.start_date,
                                           line.placement.placement_id))


def visited_within_year(visit_dates: Iterable[date], as_of: date) -> bool:
    """True when a completed visit on or before ``as_of`` is less than 12 months old.

    Uses the same month arithmetic as :func:`next_due`, so a provider counts as
    visited in the last 12 months exactly when a 12-monthly visit is not overdue.
    """
    cutoff = year_before(as_of)
    return any(cutoff <= d <= as_of for d in visit_dates)


def year_before(as_of: date) -> date:
    """The earliest date ``d`` with ``add_months(d, 12) >= as_of`` (adding months never
    goes backwards, so every later date has it too): usually the same day a year
    earlier, but 01/03/2023 for 29/02/2024, since 28/02/2023 + 12 months is 28/02/2024."""
    earliest = add_months(as_of, -12)
    return earliest if add_months(earliest, 12) >= as_of else earliest + timedelta(days=1)


def compute_kpis(
    lines: Iterable[ScheduleLine],
    completed_visits_by_provider: Mapping[int, Sequence[date]],
    as_of: date,
) -> Kpis:
    """KPI 1: % of live monitored placements not overdue.

    KPI 2: % of providers with at least one such placement that had a completed
    visit in the 12 months up to ``as_of``.
    """
    monitored = [line for line in lines if line.status in MONITORED_STATUSES]
    not_overdue = sum(1 for line in monitored if line.status != Status.OVERDUE)
    providers = {
        line.placement.provider_id for line in monitored if line.placement.provider_id is not None
    }
    visited = sum(
        1
        for pid in providers
        if visited_within_year(completed_visits_by_provider.get(pid, ()), as_of)
    )
    return Kpis(
        as_of=as_of,
        monitored_placements=len(monitored),
        monitored_not_overdue=not_overdue,
        monitored_providers=len(providers),
        providers_visited_12_months=visited,
    )


def status_counts(lines: Iterable[ScheduleLine]) -> dict[Status, int]:
    counts = {status: 0 for status in Status}
    for line in lines:
        counts[line.status] += 1
    return counts
