"""Visits that slipped, by example: a planned visit whose date passed unrecorded, a draft
note not written up after N working days (bank holidays do not count), and how every
list words and counts them; the question before recording a visit far ahead; the
dashboard's providers list and its Never visited tile."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from placement_qa.domain import dashboard as d
from placement_qa.domain.caseload import DRAFT_LATE, OVERDUE, OfficerVisit, bucket
from placement_qa.domain.dashboard import (
    never_visited_tile,
    overdue_detail,
    visited_provider_rows,
)
from placement_qa.domain.planning import due_by_provider
from placement_qa.domain.register import (
    DAY,
    INDEPENDENT_SPECIAL,
    VISIT_CANCELLED,
    VISIT_COMPLETED,
    VISIT_DRAFT,
    VISIT_PLANNED,
    RegisterPlacement,
    VisitCoverage,
)
from placement_qa.domain.schedule import (
    Slip,
    Status,
    build_schedule,
    planned_far_ahead,
    visit_slip,
)
from placement_qa.domain.wording import (
    far_ahead_question,
    status_explanation,
    status_text,
    visit_state_text,
)

HOME = "Westbridge"
AS_OF = date(2026, 11, 27)  # a Friday
# Visited Monday 21/12/2026. The working days after it: 22, 23, 24/12, then (25/12 and
# 28/12 are bank holidays) 29, 30, 31/12, (01/01/2027 a bank holiday) 04, 05, 06/01 (9),
# 07/01 (10), 08/01 (11).
VISITED = date(2026, 12, 21)


def placement(pid: int, provider: int, start: date) -> RegisterPlacement:
    return RegisterPlacement(
        placement_id=pid, child_id=pid, child_name=f"Child {pid}", provider_id=provider,
        provider_name=f"Provider {provider}", provider_type=INDEPENDENT_SPECIAL,
        host_authority="Northshire", start_date=start, end_date=None, arrangement=DAY,
        state="placed")


def visit(pid: int, vid: int, day: date, status: str) -> VisitCoverage:
    return VisitCoverage(placement_id=pid, visit_id=vid, visit_date=day, status=status)


# --- the rule -----------------------------------------------------------------------

@pytest.mark.parametrize(("planned_for", "slip"), [
    (AS_OF - timedelta(days=1), Slip.DATE_PASSED),  # yesterday: passed, not recorded
    (date(2026, 10, 1), Slip.DATE_PASSED),
    (AS_OF, None),  # today: the visit may still happen
    (AS_OF + timedelta(days=1), None),
])
def test_a_planned_visit_slips_the_day_after_its_date(planned_for, slip):
    assert visit_slip(VISIT_PLANNED, planned_for, AS_OF) is slip


@pytest.mark.parametrize(("as_of", "slip"), [
    (date(2027, 1, 6), None),  # 9 working days after the visit
    (date(2027, 1, 7), None),  # 10: the last day it is on time
    (date(2027, 1, 8), Slip.NOT_WRITTEN_UP),  # 11
    (date(2027, 1, 9), Slip.NOT_WRITTEN_UP),  # a Saturday after
])
def test_a_draft_slips_after_n_working_days_not_counting_bank_holidays(as_of, slip):
    assert visit_slip(VISIT_DRAFT, VISITED, as_of, draft_days=10) is slip


def test_the_working_days_are_the_setting():
    assert visit_slip(VISIT_DRAFT, VISITED, date(2026, 12, 24), draft_days=2) is (
        Slip.NOT_WRITTEN_UP)
    assert visit_slip(VISIT_DRAFT, VISITED, date(2026, 12, 24), draft_days=3) is None


@pytest.mark.parametrize("status", [VISIT_COMPLETED, VISIT_CANCELLED])
def test_recorded_and_cancelled_visits_never_slip(status):
    assert visit_slip(status, date(2026, 1, 1), AS_OF) is None


def test_the_caseload_counts_by_the_same_rule():
    late = OfficerVisit(1, None, VISIT_PLANNED, AS_OF - timedelta(days=1))
    draft = OfficerVisit(2, None, VISIT_DRAFT, VISITED)
    assert bucket(late, AS_OF, 10) == OVERDUE
    assert bucket(draft, date(2027, 1, 8), 10) == DRAFT_LATE
    assert bucket(draft, date(2027, 1, 7), 10) is None


# --- in words, on every list (the schedule line) -------------------------------------

def test_an_overdue_placement_with_a_visit_whose_date_passed_says_so():
    [line] = build_schedule([placement(1, 10, date(2024, 9, 1))],
                            [visit(1, 1, date(2025, 10, 1), VISIT_COMPLETED),
                             visit(1, 2, date(2026, 11, 26), VISIT_PLANNED)], AS_OF, HOME)
    assert line.status == Status.OVERDUE and line.slip is Slip.DATE_PASSED
    assert status_text(line) == "Overdue · Planned 26/11/2026 — date passed, not recorded"
    assert "the date passed and the visit is not recorded" in status_explanation(line)


def test_a_placement_in_schedule_whose_visit_slipped_needs_action():
    """Due in 2027, but the visit planned early was not recorded: not in hand."""
    [line] = build_schedule([placement(1, 10, date(2024, 9, 1))],
                            [visit(1, 1, date(2026, 6, 1), VISIT_COMPLETED),
                             visit(1, 2, date(2026, 11, 20), VISIT_PLANNED)], AS_OF, HOME)
    assert line.status == Status.IN_SCHEDULE and line.needs_action
    assert status_text(line) == "In schedule · Planned 20/11/2026 — date passed, not recorded"


def test_a_draft_past_the_setting_is_not_written_up():
    coverage = [visit(1, 1, date(2025, 12, 1), VISIT_COMPLETED),
                visit(1, 2, date(2026, 11, 13), VISIT_DRAFT)]
    [line] = build_schedule([placement(1, 10, date(2024, 9, 1))], coverage, AS_OF, HOME,
                            draft_days=5)
    assert status_text(line) == "Due soon · Visited 13/11/2026 — not written up"
    [on_time] = build_schedule([placement(1, 10, date(2024, 9, 1))], coverage, AS_OF, HOME,
                               draft_days=10)
    assert on_time.slip is None and status_text(on_time) == "Due soon · draft 13/11/2026"


def test_a_visits_list_says_which_slipped():
    assert visit_state_text(VISIT_PLANNED, date(2026, 11, 26), AS_OF) == (
        "Planned 26/11/2026 — date passed, not recorded")
    assert visit_state_text(VISIT_PLANNED, AS_OF, AS_OF) == "Planned"
    assert visit_state_text(VISIT_COMPLETED, date(2026, 11, 26), AS_OF) == "Completed"


def test_the_trip_planner_knows_the_planned_visit_slipped():
    lines = build_schedule([placement(1, 10, date(2024, 9, 1))],
                           [visit(1, 2, date(2026, 11, 26), VISIT_PLANNED)], AS_OF, HOME)
    [provider] = due_by_provider(lines)
    assert (provider.planned_visit, provider.planned_slip) == (
        date(2026, 11, 26), Slip.DATE_PASSED)


def test_the_overdue_tile_counts_not_planned_and_date_passed():
    placements = [placement(pid, 10 + pid, date(2024, 9, 1)) for pid in (1, 2, 3)]
    coverage = [visit(2, 20, date(2026, 11, 2), VISIT_PLANNED),
                visit(3, 30, date(2026, 12, 2), VISIT_PLANNED)]
    overdue = build_schedule(placements, coverage, AS_OF, HOME)
    assert overdue_detail(overdue) == "of which 1 not planned, 1 date passed"
    drafted = build_schedule(placements, [*coverage, visit(1, 10, date(2026, 11, 2),
                                                         VISIT_DRAFT)], AS_OF, HOME)
    assert overdue_detail(drafted) == "of which 0 not planned, 1 date passed, 1 not written up"


def test_the_due_soon_tile_says_which_visits_slipped():
    placements = [placement(1, 10, date(2024, 9, 1)), placement(2, 20, date(2024, 9, 1))]
    coverage = [visit(1, 1, date(2025, 12, 10), VISIT_COMPLETED),
                visit(1, 2, date(2026, 11, 20), VISIT_PLANNED),
                visit(2, 3, date(2025, 12, 12), VISIT_COMPLETED),
                visit(2, 4, date(2026, 11, 2), VISIT_DRAFT)]
    inputs = d.DashboardInputs(
        placements=placements, coverage=coverage, home_authority=HOME,
        completed_by_provider={}, completed_visit_dates=[], open_actions=[], reviews=[],
        awaiting=[])
    tile = d.dashboard_figures(inputs, AS_OF).tile(d.DUE_SOON)
    assert tile.detail == "at 2 providers, 1 date passed, 1 not written up"


# --- recording far ahead asks first ---------------------------------------------------

@pytest.mark.parametrize(("planned_for", "asks"), [
    (AS_OF + timedelta(days=7), False),  # a week away: no question
    (AS_OF + timedelta(days=8), True),
    (AS_OF - timedelta(days=3), False),  # slipped: record it at once
])
def test_recording_a_visit_planned_more_than_a_week_ahead_asks(planned_for, asks):
    assert planned_far_ahead(VISIT_PLANNED, planned_for, AS_OF) is asks


def test_a_draft_far_ahead_never_asks_and_the_question_names_the_date():
    assert not planned_far_ahead(VISIT_DRAFT, date(2027, 1, 15), AS_OF)
    assert far_ahead_question(date(2027, 1, 15)) == (
        "This visit is planned for 15/01/2027, more than a week away. Record it now?")


# --- the dashboard's providers and never visited ---------------------------------------

def test_providers_not_visited_in_12_months_come_first():
    placements = [placement(1, 10, date(2024, 9, 1)), placement(2, 20, date(2024, 9, 1)),
                  placement(3, 30, date(2024, 9, 1)), placement(4, 40, date(2026, 10, 1))]
    completed = {10: [date(2026, 5, 1)], 20: [date(2025, 1, 5)], 30: [date(2025, 6, 1)]}
    lines = build_schedule(placements, [], AS_OF, HOME)
    rows = visited_provider_rows(lines, completed, AS_OF)
    assert [(row.provider, row.subject) for row in rows] == [
        ("Provider 40", "Never visited"),
        ("Provider 20", "Not visited in 12 months (last visit 05/01/2025)"),
        ("Provider 30", "Not visited in 12 months (last visit 01/06/2025)"),
        ("Provider 10", "Last visit 01/05/2026"),
    ]


def test_never_visited_is_a_concern_only_when_a_first_visit_is_overdue_or_due_soon():
    new = build_schedule([placement(1, 10, date(2026, 10, 1))], [], AS_OF, HOME)
    tile = never_visited_tile(new)
    assert (tile.count, tile.concern, tile.detail) == (1, False, "no first visit due yet")
    due_soon = build_schedule([placement(1, 10, date(2025, 12, 10))], [], AS_OF, HOME)
    assert never_visited_tile(due_soon).concern is True
    assert never_visited_tile(due_soon).detail == "1 first visit due soon"
    late = build_schedule([placement(pid, 10, date(2025, 1, 1)) for pid in (1, 2)] +
                          [placement(3, 10, date(2025, 12, 10))], [], AS_OF, HOME)
    assert never_visited_tile(late).detail == "2 first visits overdue, 1 due soon"
    assert d.NEVER_VISITED == never_visited_tile(late).key
