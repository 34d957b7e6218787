"""The EHCP annual review rule: due 12 months after the last, or earlier if recorded so."""

from __future__ import annotations

from datetime import date

import pytest

from placement_qa.domain.ehcp import (
    ReviewStatus,
    annual_review_due,
    is_review_overdue,
    review_status,
)

AS_OF = date(2026, 11, 22)
D = date


@pytest.mark.parametrize(
    ("last", "recorded", "due"),
    [
        (D(2025, 11, 22), None, D(2026, 11, 22)),  # 12 calendar months
        (D(2025, 11, 22), D(2026, 11, 22), D(2026, 11, 22)),  # recorded as the rule says
        (D(2025, 11, 22), D(2026, 5, 22), D(2026, 5, 22)),  # under 5: every 3-6 months
        (D(2025, 11, 22), D(2027, 3, 1), D(2026, 11, 22)),  # a later date never extends it
        (D(2025, 11, 22), D(2025, 6, 1), D(2026, 11, 22)),  # left over from the last cycle
        (D(2025, 11, 22), D(2025, 11, 22), D(2026, 11, 22)),  # the review day itself: stale
        (D(2028, 2, 29), None, D(2029, 2, 28)),  # leap day: month end clamps
        (D(2027, 2, 28), None, D(2028, 2, 28)),  # into a leap year: same day
        (D(2025, 1, 31), None, D(2026, 1, 31)),  # month end stays the month end
        (D(2025, 8, 31), D(2026, 2, 28), D(2026, 2, 28)),  # earlier recorded, at a month end
        (None, D(2026, 12, 1), D(2026, 12, 1)),  # no review yet: the recorded date
        (None, None, None),  # nothing recorded: not known
    ],
)
def test_annual_review_due(last, recorded, due):
    assert annual_review_due(last, recorded) == due


@pytest.mark.parametrize(
    ("last", "recorded", "overdue"),
    [
        (D(2025, 11, 22), None, False),  # due today: can be held today
        (D(2025, 11, 21), None, True),  # due yesterday
        (D(2025, 11, 23), None, False),
        (D(2026, 6, 1), D(2026, 11, 1), True),  # the earlier recorded date has passed
        (D(2026, 6, 1), D(2026, 12, 1), False),
        (D(2024, 11, 29), D(2025, 5, 1), True),  # years ago
        (None, D(2026, 11, 21), True),  # never reviewed, recorded date passed
        (None, None, False),  # nothing recorded: cannot say it is overdue
    ],
)
def test_is_review_overdue(last, recorded, overdue):
    assert is_review_overdue(last, recorded, AS_OF) is overdue


@pytest.mark.parametrize(
    ("last", "recorded", "tracked", "status"),
    [
        (D(2025, 11, 1), None, True, ReviewStatus.OVERDUE),
        (D(2025, 11, 22), None, True, ReviewStatus.DUE_SOON),  # due today
        (D(2025, 12, 21), None, True, ReviewStatus.DUE_SOON),  # 29 days away
        (D(2025, 12, 22), None, True, ReviewStatus.IN_TIME),  # 30 days away
        (D(2026, 9, 1), None, True, ReviewStatus.IN_TIME),
        (None, None, True, ReviewStatus.NOT_RECORDED),
        (D(2024, 1, 1), None, False, ReviewStatus.NOT_TRACKED),  # every placement ended
    ],
)
def test_review_status(last, recorded, tracked, status):
    assert review_status(last, recorded, AS_OF, tracked=tracked) == status


def test_leap_year_review_is_overdue_from_1_march():
    last = D(2028, 2, 29)
    assert not is_review_overdue(last, None, D(2029, 2, 28))
    assert is_review_overdue(last, None, D(2029, 3, 1))
