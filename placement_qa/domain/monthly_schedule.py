"""The monthly planning schedule in words: which month, what is due but not planned,
and whether it was reviewed. Pure functions shared by the screen and the printed
schedule, so the two can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .composed_text import compose
from .dates import add_months, council_time
from .planning import ProviderDue, ScheduleReview, due_by_provider, month_days
from .schedule import MONITORED_STATUSES, ScheduleLine


def month_of(day: date) -> str:
    """``2026-12`` for any day in December 2026."""
    return f"{day.year:04d}-{day.month:02d}"


def shift_month(month: str, months: int) -> str:
    return month_of(add_months(month_days(month)[0], months))


def month_title(month: str) -> str:
    """``December 2026``."""
    return month_days(month)[0].strftime("%B %Y")


def due_not_planned(lines: Iterable[ScheduleLine], month: str) -> list[ProviderDue]:
    """Providers with monitored placements due by the month's end (overdue ones too)
    and no visit planned, one row per provider."""
    last = month_days(month)[1]
    return due_by_provider(
        line for line in lines
        if line.status in MONITORED_STATUSES and line.planned_visit is None
        and line.next_due is not None and line.next_due <= last
    )


def is_overdue_in(provider: ProviderDue, month: str) -> bool:
    """Due before the month began: overdue all through it."""
    return provider.earliest_due < month_days(month)[0]


def position_text(provider: ProviderDue, month: str) -> str:
    """Where a provider due but not planned stands in the month: overdue or due in it."""
    return "Overdue" if is_overdue_in(provider, month) else "Due this month"


def review_text(review: ScheduleReview | None, month: str) -> str:
    """``Reviewed by P. Manager on 01/12/2026 at 09:30`` (UK time), or not yet."""
    if review is None:
        return f"The schedule for {month_title(month)} has not been reviewed yet."
    local = council_time(review.reviewed_at)
    return compose("Reviewed by {} on {} at {}", review.reviewed_by, f"{local:%d/%m/%Y}",
                   f"{local:%H:%M}")
