"""The dashboard's figures from plain data with fixed dates: each tile, its list, the history."""

from __future__ import annotations

from datetime import date

import pytest

from placement_qa.domain import dashboard as d
from placement_qa.domain.dashboard import (
    AwaitingRecord,
    ChildReview,
    DashboardInputs,
    OpenAction,
    dashboard_figures,
    month_ends,
    overdue_action_rows,
    overdue_review_rows,
    provider_rows,
)
from placement_qa.domain.register import (
    AWAITING_PROVISION,
    DAY,
    INDEPENDENT_SPECIAL,
    VISIT_COMPLETED,
    VISIT_PLANNED,
    RegisterPlacement,
    VisitCoverage,
)
from placement_qa.domain.schedule import build_schedule

HOME = "Westbridge"
AS_OF = date(2026, 11, 22)


def placement(pid: int, provider: int | None, start: date, *, end: date | None = None,
              state: str = "placed", provider_type: str = INDEPENDENT_SPECIAL) -> RegisterPlacement:
    return RegisterPlacement(
        placement_id=pid, child_id=pid, child_name=f"Child {pid}", provider_id=provider,
        provider_name=f"Provider {provider}" if provider else "", provider_type=provider_type,
        host_authority="Northshire", start_date=start, end_date=end, arrangement=DAY, state=state,
    )


def visit(pid: int, vid: int, day: date, status: str = VISIT_COMPLETED) -> VisitCoverage:
    return VisitCoverage(placement_id=pid, visit_id=vid, visit_date=day, status=status)


# Child 1 overdue (never planned), 2 overdue with a visit planned, 3 and 4 at one
# provider in schedule, 5 due soon and never visited, 6 ended, 7 awaiting provision.
PLACEMENTS = [
    placement(1, 10, date(2024, 9, 1)),
    placement(2, 20, date(2024, 9, 1)),
    placement(3, 30, date(2025, 1, 1)),
    placement(4, 30, date(2025, 1, 1)),
    placement(5, 40, date(2025, 12, 10)),
    placement(6, 10, date(2020, 9, 1), end=date(2026, 7, 20)),
    placement(7, None, date(2026, 9, 1), state=AWAITING_PROVISION),
]
COVERAGE = [
    visit(1, 100, date(2025, 10, 1)),
    visit(2, 101, date(2025, 9, 1)),
    visit(2, 102, date(2026, 12, 3), VISIT_PLANNED),
    visit(3, 103, date(2026, 6, 15)),
    visit(4, 103, date(2026, 6, 15)),
]
COMPLETED_BY_PROVIDER = {10: [date(2025, 10, 1)], 20: [date(2025, 9, 1)], 30: [date(2026, 6, 15)]}
ACTIONS = [
    OpenAction(1, 10, "Provider 10", "Northshire", "Send the care plan", date(2026, 11, 1)),
    OpenAction(2, 20, "Provider 20", "Northshire", "Due on the day", AS_OF),
    OpenAction(3, 30, "Provider 30", "Northshire", "Not yet due", date(2027, 1, 1)),
]
REVIEWS = [
    ChildReview(1, "Child 1", date(2025, 10, 1), None),  # due 01/10/2026: overdue
    ChildReview(3, "Child 3", date(2025, 11, 22), None),  # due on the day: not yet overdue
    ChildReview(4, "Child 4", None, None),  # no review recorded: never overdue
    ChildReview(6, "Child 6", date(2024, 1, 1), None),  # every placement ended: not tracked
    ChildReview(7, "Child 7", None, date(2026, 10, 1)),  # awaiting provision: still tracked
]
INPUTS = DashboardInputs(
    placements=PLACEMENTS, coverage=COVERAGE, home_authority=HOME,
    completed_by_provider=COMPLETED_BY_PROVIDER,
    completed_visit_dates=[date(2025, 10, 1), date(2026, 6, 15)],
    open_actions=ACTIONS, reviews=REVIEWS,
    awaiting=[AwaitingRecord(7, "Child 7", date(2026, 9, 1))],
)


@pytest.fixture(scope="module")
def figures():
    return dashboard_figures(INPUTS, AS_OF)


@pytest.mark.parametrize(
    ("key", "value", "subjects", "detail"),
    [
        (d.IN_SCHEDULE, "60.0%", ["Child 5", "Child 3", "Child 4"], "3 of 5 monitored placements"),
        (d.PROVIDERS_VISITED, "25.0%",
         ["Never visited", "Not visited in 12 months (last visit 01/09/2025)",
          "Not visited in 12 months (last visit 01/10/2025)", "Last visit 15/06/2026"],
         "1 of 4 providers"),
        (d.OVERDUE, "2", ["Child 2", "Child 1"], "of which 1 not planned, 0 date passed"),
        (d.DUE_SOON, "1", ["Child 5"], "at 1 provider"),
        (d.NEVER_VISITED, "1", ["Child 5"], "1 first visit due soon"),
        (d.OVERDUE_ACTIONS, "1", ["Send the care plan"], ""),
        (d.OVERDUE_REVIEWS, "2", ["Child 1", "Child 7"], ""),
        (d.AWAITING, "1", ["Child 7"], ""),
    ],
)
def test_each_tile_counts_exactly_its_list(figures, key, value, subjects, detail):
    tile = figures.tile(key)
    assert tile.value == value
    assert tile.count == len(tile.rows) == len(subjects)
    assert [row.subject for row in tile.rows] == subjects
    assert tile.detail == detail


def test_tiles_come_in_the_dashboard_order(figures):
    assert tuple(t.key for t in figures.tiles) == d.TILE_KEYS


def test_overdue_rows_show_the_planned_visit(figures):
    rows = {row.subject: row for row in figures.tile(d.OVERDUE).rows}
    assert rows["Child 2"].planned == date(2026, 12, 3)
    assert rows["Child 1"].planned is None


def test_rows_are_grouped_by_provider_soonest_due_first():
    lines = build_schedule(
        [placement(1, 10, date(2025, 3, 1)), placement(2, 20, date(2025, 1, 1)),
         placement(3, 10, date(2025, 5, 1))],
        [], AS_OF, HOME,
    )
    rows = provider_rows(lines)
    assert [(r.provider, r.subject, r.children_at_provider) for r in rows] == [
        ("Provider 20", "Child 2", 1),
        ("Provider 10", "Child 1", 2),
        ("Provider 10", "Child 3", 2),
    ]


@pytest.mark.parametrize(
    ("due", "counted"),
    [(date(2026, 11, 21), True), (AS_OF, False), (date(2026, 11, 23), False)],
)
def test_an_action_is_past_due_from_the_day_after(due, counted):
    action = OpenAction(1, 1, "P", "H", "Do it", due)
    assert len(overdue_action_rows([action], AS_OF)) == int(counted)


def test_a_review_counts_only_for_a_child_with_a_current_placement():
    lines = build_schedule(PLACEMENTS, COVERAGE, AS_OF, HOME)
    rows = overdue_review_rows(REVIEWS, lines, AS_OF)
    assert [(r.subject, r.due) for r in rows] == [
        ("Child 1", date(2026, 10, 1)), ("Child 7", date(2026, 10, 1))
    ]


@pytest.mark.parametrize(
    ("as_of", "first", "last"),
    [
        (date(2026, 11, 22), date(2025, 12, 31), date(2026, 11, 22)),
        (date(2026, 3, 31), date(2025, 4, 30), date(2026, 3, 31)),
        (date(2028, 2, 29), date(2027, 3, 31), date(2028, 2, 29)),
        (date(2027, 1, 1), date(2026, 2, 28), date(2027, 1, 1)),
    ],
)
def test_twelve_month_ends_up_to_the_day(as_of, first, last):
    ends = month_ends(as_of)
    assert len(ends) == 12
    assert (ends[0], ends[-1]) == (first, last)
    assert all(a < b for a, b in zip(ends, ends[1:], strict=False))


def test_history_counts_visits_by_month_and_in_schedule_at_each_month_end(figures):
    by_month = {m.month_end: m for m in figures.history}
    assert by_month[date(2026, 6, 30)].completed_visits == 1
    assert by_month[date(2025, 12, 31)].completed_visits == 0
    assert sum(m.completed_visits for m in figures.history) == 1  # 01/10/2025 is too early
    # At 31/12/2025 child 6 (ended 20/07/2026) was still placed and never visited:
    # overdue, 1 of the 6 monitored placements then.
    assert by_month[date(2025, 12, 31)].in_schedule_percent == pytest.approx(500 / 6)
    assert figures.history[-1].in_schedule_percent == figures.kpis.in_schedule_percent


def test_no_monitored_placements_shows_a_dash():
    empty = DashboardInputs([], [], HOME, {}, [], [], [], [])
    figures = dashboard_figures(empty, AS_OF)
    assert figures.tile(d.IN_SCHEDULE).value == "–"
    assert all(t.count == 0 for t in figures.tiles)
    assert all(m.in_schedule_percent is None for m in figures.history)
