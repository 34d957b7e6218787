"""The dashboard's figures as of a date: tiles, the lists behind them, and a year's history.

Plain Python over the schedule lines and KPIs of :mod:`.schedule` and a few
stored facts, so a number on the dashboard is the number in exports and reports.
Every tile's count is the length of its list: the list is the records behind it.
Rows about placements are ordered by provider (the provider needing a visit
soonest first), since one visit to a provider covers all our children there (see
:mod:`.dashboard_rows`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from .caseload import Caseload
from .concerns import ConcernedProvider, concern_rows
from .countersign import ReviewedNote, awaiting_longer_than
from .dashboard_rows import (
    DashboardRow,
    monitored,
    provider_rows,
    visited_provider_rows,
)
from .dates import add_months, uk
from .ehcp import annual_review_due, is_review_overdue
from .names import name_sort_key
from .notifiable_events import NotifiableEvent
from .planning import ScheduleReview
from .register import VISIT_COMPLETED, RegisterPlacement, VisitCoverage
from .risk import RiskFacts, by_risk, high_risk_words, risk_rows
from .schedule import (
    DEFAULT_DRAFT_DAYS,
    Kpis,
    ScheduleLine,
    Slip,
    Status,
    build_schedule,
    compute_kpis,
    requires_monitoring,
)
from .wording import provider_text

HISTORY_MONTHS = 12

# Tile keys, in the order the dashboard shows them.
IN_SCHEDULE = "in_schedule"
PROVIDERS_VISITED = "providers_visited"
OVERDUE = "overdue"
DUE_SOON = "due_soon"
NEVER_VISITED = "never_visited"
OVERDUE_ACTIONS = "overdue_actions"
OVERDUE_REVIEWS = "overdue_reviews"
AWAITING = "awaiting"
COUNTERSIGN_LATE = "countersign_late"
CAUSING_CONCERN = "causing_concern"
RECENT_EVENTS = "recent_events"
EVENT_DAYS = 30  # the events tile counts those of the last 30 days, the day itself included
TILE_KEYS = (IN_SCHEDULE, PROVIDERS_VISITED, OVERDUE, DUE_SOON, NEVER_VISITED,
             OVERDUE_ACTIONS, OVERDUE_REVIEWS, AWAITING, COUNTERSIGN_LATE, CAUSING_CONCERN,
             RECENT_EVENTS)

TILE_LABELS = {
    IN_SCHEDULE: "Placements in schedule",
    PROVIDERS_VISITED: "Providers visited in the last 12 months",
    OVERDUE: "Overdue visits",
    DUE_SOON: "Due in the next 30 days",
    NEVER_VISITED: "Never visited",
    OVERDUE_ACTIONS: "Follow-up actions past due",
    OVERDUE_REVIEWS: "Overdue EHCP annual reviews",
    AWAITING: "Children awaiting provision",
    COUNTERSIGN_LATE: "Countersigns overdue",
    CAUSING_CONCERN: "Providers causing concern",
    RECENT_EVENTS: f"Events reported in the last {EVENT_DAYS} days",
}


@dataclass(frozen=True)
class OpenAction:
    """An open follow-up action with its due date (a store fact)."""

    action_id: int
    provider_id: int | None
    provider_name: str
    host_authority: str
    description: str
    due_date: date


@dataclass(frozen=True)
class ChildReview:
    """A child's EHCP review dates (a store fact)."""

    child_id: int
    child_name: str
    last_review: date | None
    next_review_due: date | None


@dataclass(frozen=True)
class AwaitingRecord:
    child_id: int
    child_name: str
    need_identified: date


@dataclass(frozen=True)
class DashboardInputs:
    """Everything the figures are worked out from, loaded once."""

    placements: Sequence[RegisterPlacement]
    coverage: Sequence[VisitCoverage]
    home_authority: str
    completed_by_provider: Mapping[int, Sequence[date]]
    completed_visit_dates: Sequence[date]
    open_actions: Sequence[OpenAction]
    reviews: Sequence[ChildReview]
    awaiting: Sequence[AwaitingRecord]
    # Where the overdue-review tile looks for each child's current placement: the
    # placements of (at least) every child whose review is overdue. None: ``placements``,
    # which then must hold every placement, not only those that may need monitoring.
    review_placements: Sequence[RegisterPlacement] | None = None
    # working days after which a draft note not signed off has slipped (a setting)
    draft_days: int = DEFAULT_DRAFT_DAYS
    # the signed-off notes and their countersigns, and the working days after sign-off
    # beyond which one still awaiting countersign counts on its tile
    reviewed_notes: Sequence[ReviewedNote] = ()
    countersign_days: int = 10
    # providers a manager marked as causing concern on the as-of date
    concerned: Sequence[ConcernedProvider] = ()
    # Notifiable events between visits of (at least) the last EVENT_DAYS days.
    recent_events: Sequence[NotifiableEvent] = ()
    # placement id -> the facts weighing on its risk (the overdue list's order)
    risk_facts: Mapping[int, RiskFacts] = field(default_factory=dict)


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    value: str  # what the tile shows large: "67%", "12"
    count: int  # the length of its list
    detail: str = ""
    rows: tuple[DashboardRow, ...] = ()
    # Does its number call for action (shown in red)? None: whenever it is above 0.
    concern: bool | None = None

    @property
    def accessible_text(self) -> str:
        text = f"{self.label}: {self.value}"
        return f"{text}, {self.detail}" if self.detail else text


@dataclass(frozen=True)
class MonthFigures:
    month_end: date
    completed_visits: int
    in_schedule_percent: float | None


@dataclass(frozen=True)
class DashboardFigures:
    as_of: date
    kpis: Kpis
    tiles: tuple[Tile, ...]
    history: tuple[MonthFigures, ...]
    # the review of the as-of month's planning schedule, if it has been reviewed
    schedule_review: ScheduleReview | None = None
    # each officer's caseload (none in a register without officers), and the working
    # days after which a draft note not signed off counts in it
    caseloads: tuple[Caseload, ...] = ()
    draft_days: int = 0

    def tile(self, key: str) -> Tile:
        return next(t for t in self.tiles if t.key == key)


# --- which lines are behind each schedule tile --------------------------------


def in_schedule_lines(lines: Iterable[ScheduleLine]) -> list[ScheduleLine]:
    """KPI 1's numerator: live monitored placements that are not overdue."""
    return [line for line in monitored(lines) if line.status != Status.OVERDUE]


def overdue_lines(lines: Iterable[ScheduleLine]) -> list[ScheduleLine]:
    return [line for line in lines if line.status == Status.OVERDUE]


def due_soon_lines(lines: Iterable[ScheduleLine]) -> list[ScheduleLine]:
    return [line for line in lines if line.status == Status.DUE_SOON]


def never_visited_lines(lines: Iterable[ScheduleLine]) -> list[ScheduleLine]:
    return [line for line in monitored(lines) if line.last_visit is None]


def not_planned(lines: Iterable[ScheduleLine]) -> list[ScheduleLine]:
    return [line for line in lines if line.planned_visit is None]


def slipped(lines: Iterable[ScheduleLine], slip: Slip) -> list[ScheduleLine]:
    """The lines whose visit slipped this way (date passed, or not written up)."""
    return [line for line in lines if line.slip is slip]


def overdue_detail(overdue: Sequence[ScheduleLine]) -> str:
    """"of which 2 not planned, 4 date passed" (and how many are not written up, if
    any): an overdue placement with a visit whose date passed is not in hand."""
    words = (f"of which {len(not_planned(overdue)):,} not planned, "
             f"{len(slipped(overdue, Slip.DATE_PASSED)):,} date passed")
    return words + _slipped_words(overdue, (Slip.NOT_WRITTEN_UP,))


def _slipped_words(lines: Sequence[ScheduleLine],
                   slips: Sequence[Slip] = (Slip.DATE_PASSED, Slip.NOT_WRITTEN_UP)) -> str:
    """", 1 date passed, 1 not written up": the visits that slipped each way, if any."""
    counts = ((len(slipped(lines, slip)), slip) for slip in slips)
    return "".join(f", {count:,} {_SLIP_WORDS[slip]}" for count, slip in counts if count)


_SLIP_WORDS = {Slip.DATE_PASSED: "date passed", Slip.NOT_WRITTEN_UP: "not written up"}


# --- the records that are not schedule lines --------------------------------------


def overdue_action_rows(actions: Iterable[OpenAction], as_of: date) -> tuple[DashboardRow, ...]:
    """Open follow-up actions due before ``as_of``, the longest overdue first."""
    due = sorted((a for a in actions if a.due_date < as_of),
                 key=lambda a: (a.due_date, name_sort_key(a.provider_name), a.action_id))
    return tuple(
        DashboardRow(provider=a.provider_name, host_authority=a.host_authority,
                     subject=a.description, due=a.due_date)
        for a in due
    )


def overdue_review_rows(
    reviews: Sequence[ChildReview], lines: Sequence[ScheduleLine], as_of: date
) -> tuple[DashboardRow, ...]:
    """Children with a current placement (not every one ended) whose EHCP review is overdue."""
    overdue = set(overdue_review_children(reviews, as_of))
    current: dict[int, ScheduleLine] = {}
    for line in lines:
        if line.status != Status.ENDED:
            current.setdefault(line.placement.child_id, line)
    rows = [
        DashboardRow(
            provider=provider_text(current[r.child_id]),
            host_authority=current[r.child_id].placement.host_authority,
            subject=r.child_name, due=annual_review_due(r.last_review, r.next_review_due),
            placement_id=current[r.child_id].placement.placement_id,
        )
        for r in reviews
        if r.child_id in current and r.child_id in overdue
    ]
    return tuple(sorted(rows, key=lambda row: (row.due, name_sort_key(row.subject))))


def _review_lines(inputs: DashboardInputs, lines: Sequence[ScheduleLine],
                  as_of: date) -> Sequence[ScheduleLine]:
    if inputs.review_placements is None:
        return lines
    return build_schedule(inputs.review_placements, inputs.coverage, as_of,
                          inputs.home_authority, inputs.draft_days)


def overdue_review_children(reviews: Iterable[ChildReview], as_of: date) -> list[int]:
    """The ids of the children whose EHCP annual review is overdue as of ``as_of``."""
    return [r.child_id for r in reviews
            if is_review_overdue(r.last_review, r.next_review_due, as_of)]


def recent_event_rows(events: Iterable[NotifiableEvent],
                      as_of: date) -> tuple[DashboardRow, ...]:
    """Events of the last :data:`EVENT_DAYS` days up to ``as_of``, newest first."""
    first = as_of - timedelta(days=EVENT_DAYS - 1)
    recent = sorted((e for e in events if first <= e.occurred_on <= as_of),
                    key=lambda e: (e.occurred_on, e.event_id), reverse=True)
    return tuple(DashboardRow(provider=e.provider_name, host_authority="",
                              subject=f"{e.kind_label} — {e.about}", due=e.occurred_on,
                              placement_id=e.placement_id) for e in recent)


def awaiting_rows(awaiting: Iterable[AwaitingRecord]) -> tuple[DashboardRow, ...]:
    return tuple(
        DashboardRow(provider="Awaiting provision", host_authority="", subject=a.child_name,
                     due=a.need_identified)
        for a in awaiting
    )


def countersign_late_rows(notes: Iterable[ReviewedNote], as_of: date,
                          days: int) -> tuple[DashboardRow, ...]:
    """The notes awaiting countersign for more than ``days`` working days, oldest first."""
    return tuple(
        DashboardRow(provider=n.provider_name, host_authority="",
                     subject=f"Visit of {uk(n.visit_date)} by {n.signed_off_by}",
                     due=n.signed_off_on)
        for n in awaiting_longer_than(notes, as_of, days))


# --- tiles ---------------------------------------------------------------------


def _percent_text(percent: float | None) -> str:
    """One decimal, as the status bar and reports show a KPI: "87.5%"."""
    return "–" if percent is None else f"{percent:.1f}%"


def _providers(rows: Sequence[DashboardRow]) -> int:
    return len({(r.provider, r.host_authority) for r in rows})


def _at_providers(rows: Sequence[DashboardRow]) -> str:
    count = _providers(rows)
    return f"at {count:,} provider" + ("" if count == 1 else "s")


def _count_tile(key: str, label: str, rows: Sequence[DashboardRow], detail: str = "") -> Tile:
    return Tile(key=key, label=label, value=f"{len(rows):,}", count=len(rows), detail=detail,
                rows=tuple(rows))


def schedule_tiles(lines: Sequence[ScheduleLine], kpis: Kpis,
                   completed_by_provider: Mapping[int, Sequence[date]],
                   risk: Mapping[int, RiskFacts] | None = None) -> list[Tile]:
    """The schedule's tiles; the overdue list riskiest first (see risk.py)."""
    in_schedule = provider_rows(in_schedule_lines(lines))
    visited = visited_provider_rows(lines, completed_by_provider, kpis.as_of)
    overdue = overdue_lines(lines)
    ranked = by_risk(overdue, risk or {}, kpis.as_of)
    overdue_rows = risk_rows(ranked)
    soon = provider_rows(due_soon_lines(lines))
    placements = f"{kpis.monitored_not_overdue:,} of {kpis.monitored_placements:,}"
    return [
        Tile(IN_SCHEDULE, TILE_LABELS[IN_SCHEDULE], _percent_text(kpis.in_schedule_percent),
             len(in_schedule), f"{placements} monitored placements", in_schedule),
        Tile(PROVIDERS_VISITED, TILE_LABELS[PROVIDERS_VISITED],
             _percent_text(kpis.providers_visited_percent), len(visited),
             f"{kpis.providers_visited_12_months:,} of {kpis.monitored_providers:,} providers",
             visited),
        _count_tile(OVERDUE, TILE_LABELS[OVERDUE], overdue_rows,
                    overdue_detail(overdue) + high_risk_words(ranked)),
        _count_tile(DUE_SOON, TILE_LABELS[DUE_SOON], soon,
                    _at_providers(soon) + _slipped_words(due_soon_lines(lines))),
        never_visited_tile(never_visited_lines(lines)),
    ]


def _event_tile(rows: Sequence[DashboardRow]) -> Tile:
    return _count_tile(RECENT_EVENTS, TILE_LABELS[RECENT_EVENTS], rows,
                       _at_providers(rows) if rows else "")


def never_visited_tile(never: Sequence[ScheduleLine]) -> Tile:
    """Placements never visited; a concern (red) only when a first visit is overdue or
    due soon ("2 first visits overdue, 1 due soon"), otherwise "no first visit due yet"."""
    overdue = sum(1 for line in never if line.status == Status.OVERDUE)
    soon = sum(1 for line in never if line.status == Status.DUE_SOON)
    parts = [f"{overdue:,} first visit{'' if overdue == 1 else 's'} overdue"] if overdue else []
    if soon:
        parts.append(f"{soon:,} due soon" if parts else
                     f"{soon:,} first visit{'' if soon == 1 else 's'} due soon")
    detail = ", ".join(parts) or ("no first visit due yet" if never else "")
    tile = _count_tile(NEVER_VISITED, TILE_LABELS[NEVER_VISITED], provider_rows(never), detail)
    return replace(tile, concern=bool(parts))


def dashboard_tiles(inputs: DashboardInputs, lines: Sequence[ScheduleLine], kpis: Kpis,
                    as_of: date) -> tuple[Tile, ...]:
    tiles = schedule_tiles(lines, kpis, inputs.completed_by_provider, inputs.risk_facts)
    tiles += [
        _count_tile(OVERDUE_ACTIONS, TILE_LABELS[OVERDUE_ACTIONS],
                    overdue_action_rows(inputs.open_actions, as_of)),
        _count_tile(OVERDUE_REVIEWS, TILE_LABELS[OVERDUE_REVIEWS],
                    overdue_review_rows(inputs.reviews, _review_lines(inputs, lines, as_of),
                                        as_of)),
        _count_tile(AWAITING, TILE_LABELS[AWAITING], awaiting_rows(inputs.awaiting)),
        _count_tile(COUNTERSIGN_LATE, TILE_LABELS[COUNTERSIGN_LATE],
                    countersign_late_rows(inputs.reviewed_notes, as_of,
                                          inputs.countersign_days),
                    f"over {inputs.countersign_days:,} working days since sign-off"),
        _concern_tile(inputs.concerned, as_of),
        _event_tile(recent_event_rows(inputs.recent_events, as_of)),
    ]
    return tuple(tiles)


def _concern_tile(concerned: Sequence[ConcernedProvider], as_of: date) -> Tile:
    """Providers causing concern, the review due soonest first; the detail counts those
    whose review date has come."""
    rows = tuple(DashboardRow(provider=c.name, host_authority=c.host_authority, subject=text,
                              due=c.cause.review_on, children_at_provider=c.placements)
                 for c, text in concern_rows(concerned, as_of))
    due = sum(1 for c in concerned if c.review_due(as_of))
    return _count_tile(CAUSING_CONCERN, TILE_LABELS[CAUSING_CONCERN], rows,
                       f"{due:,} due for review" if due else "")


# --- a year of history ----------------------------------------------------------


def month_ends(as_of: date, months: int = HISTORY_MONTHS) -> list[date]:
    """The last day of each of the ``months`` months up to ``as_of``'s (that one: as_of)."""
    first = as_of.replace(day=1)
    ends = [add_months(first, -i + 1) - timedelta(days=1) for i in range(months - 1, 0, -1)]
    return [*ends, as_of]


def history(inputs: DashboardInputs, as_of: date) -> tuple[MonthFigures, ...]:
    """Completed visits in each month and the in-schedule % at each month end.

    Only placements that require monitoring can count towards the in-schedule %
    (whether one does never depends on the date), so the 13 month-end schedules
    are built for those alone: most of a large register is local and not monitored.
    """
    home = inputs.home_authority
    monitored = [p for p in inputs.placements if requires_monitoring(p, home)]
    figures = []
    for end in month_ends(as_of):
        start = end.replace(day=1)
        visits = sum(1 for d in inputs.completed_visit_dates if start <= d <= end)
        lines = build_schedule(monitored, inputs.coverage, end, home)
        kpis = compute_kpis(lines, inputs.completed_by_provider, end)
        figures.append(MonthFigures(end, visits, kpis.in_schedule_percent))
    return tuple(figures)


def dashboard_figures(inputs: DashboardInputs, as_of: date) -> DashboardFigures:
    """Every tile, its list, and the history, as of ``as_of``."""
    lines = build_schedule(inputs.placements, inputs.coverage, as_of, inputs.home_authority,
                           inputs.draft_days)
    kpis = compute_kpis(lines, inputs.completed_by_provider, as_of)
    return DashboardFigures(
        as_of=as_of, kpis=kpis, tiles=dashboard_tiles(inputs, lines, kpis, as_of),
        history=history(inputs, as_of),
    )


def completed_dates(coverage: Iterable[VisitCoverage]) -> list[date]:
    """One date per completed visit in the coverage (helper for inputs built by hand)."""
    seen = {(v.visit_id, v.visit_date) for v in coverage if v.status == VISIT_COMPLETED}
    return [d for _, d in seen]
