"""Each officer's caseload: what counts as planned, due, overdue and a draft left unsigned."""

from __future__ import annotations

from datetime import date

import pytest

from placement_qa.domain.caseload import (
    DRAFT_LATE,
    DUE,
    NOT_ASSIGNED,
    OVERDUE,
    PLANNED,
    OfficerVisit,
    bucket,
    caseloads,
    open_visit_ids,
)
from placement_qa.domain.officers import MANAGER, Officer
from placement_qa.domain.working_days import more_working_days_than

AS_OF = date(2026, 11, 23)  # a Monday
PATEL = Officer(1, "u-1", "Amira Patel", "AP")
MOSS = Officer(2, "u-2", "Jo Moss", "JM", role=MANAGER)
ŁUKASZ = Officer(3, "u-3", "Łukasz Nowak", "ŁN")
GONE = Officer(4, "u-4", "Tom Hughes", "TH", active=False)


def visit(day: date, status: str = "planned", officer: Officer | None = PATEL,
          visit_id: int = 1) -> OfficerVisit:
    return OfficerVisit(visit_id, officer.officer_id if officer else None, status, day)


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 11, 20), OVERDUE),    # Friday before: the date passed, never recorded
    (date(2026, 11, 23), DUE),        # today
    (date(2026, 11, 29), DUE),        # the sixth day after today
    (date(2026, 11, 30), PLANNED),    # a week today: later
    (date(2027, 3, 1), PLANNED),
])
def test_a_planned_visit_is_overdue_due_within_a_week_or_planned_later(day, expected):
    assert bucket(visit(day), AS_OF, 10) == expected


@pytest.mark.parametrize("status", ["completed", "cancelled"])
def test_completed_and_cancelled_visits_count_nowhere(status):
    assert bucket(visit(date(2026, 1, 5), status), AS_OF, 10) is None


def test_a_draft_is_late_only_after_more_than_the_setting_s_working_days():
    # Visit Monday 02/11/2026; working days after it: 03/11 ... 16/11 is the tenth.
    draft = visit(date(2026, 11, 2), "draft")
    assert bucket(draft, date(2026, 11, 16), 10) is None       # exactly 10: not yet
    assert bucket(draft, date(2026, 11, 17), 10) == DRAFT_LATE  # the eleventh
    assert bucket(draft, date(2026, 11, 17), 11) is None        # a longer setting


def test_weekends_and_bank_holidays_are_not_working_days_for_drafts():
    # Visit Wednesday 23/12/2026: 24/12, 29/12 (28/12 is the Boxing Day substitute,
    # 25/12 Christmas, the weekend between) are the only working days to 29/12.
    assert not more_working_days_than(date(2026, 12, 23), date(2026, 12, 29), 2)
    assert more_working_days_than(date(2026, 12, 23), date(2026, 12, 30), 2)
    assert not more_working_days_than(date(2026, 11, 27), date(2026, 11, 29), 0)  # weekend


def test_every_active_officer_has_a_line_in_name_order_even_with_nothing_to_do():
    lines = caseloads([PATEL, ŁUKASZ, MOSS, GONE], [], AS_OF, 10)
    assert [line.name for line in lines] == ["Amira Patel", "Jo Moss", "Łukasz Nowak"]
    assert all(line.total == 0 for line in lines)


def test_counts_per_officer_with_the_ended_and_nobody_s_visits_shown():
    visits = [
        visit(date(2026, 11, 20), officer=PATEL, visit_id=1),            # overdue
        visit(date(2026, 11, 24), officer=PATEL, visit_id=2),            # due
        visit(date(2027, 1, 11), officer=PATEL, visit_id=3),             # planned
        visit(date(2026, 10, 1), "draft", officer=PATEL, visit_id=4),    # late draft
        visit(date(2026, 11, 19), "draft", officer=PATEL, visit_id=5),   # recent draft
        visit(date(2026, 11, 27), officer=GONE, visit_id=6),             # ended, still due
        visit(date(2026, 11, 2), officer=None, visit_id=7),              # nobody's, overdue
        visit(date(2026, 11, 2), "completed", officer=MOSS, visit_id=8),
    ]
    lines = caseloads([PATEL, MOSS, GONE], visits, AS_OF, 10)
    table = [(line.name, line.planned, line.due, line.overdue, line.drafts_late)
             for line in lines]
    assert table == [
        ("Amira Patel", 1, 1, 1, 1),
        ("Jo Moss", 0, 0, 0, 0),
        ("Tom Hughes", 0, 1, 0, 0),
        (NOT_ASSIGNED, 0, 0, 1, 0),
    ]
    assert lines[2].officer == GONE and lines[3].officer is None


def test_an_ended_officer_with_nothing_open_is_left_out():
    lines = caseloads([PATEL, GONE], [visit(date(2025, 1, 6), "completed", GONE)], AS_OF, 10)
    assert [line.name for line in lines] == ["Amira Patel"]


def test_an_officer_s_open_visits_are_the_planned_and_draft_ones_assigned_to_them():
    visits = [visit(date(2026, 11, 2), "draft", visit_id=1),
              visit(date(2027, 1, 4), visit_id=2),
              visit(date(2026, 6, 1), "completed", visit_id=3),
              visit(date(2027, 1, 4), officer=MOSS, visit_id=4)]
    assert open_visit_ids(visits, PATEL.officer_id) == [1, 2]
