"""When an action not progressing is escalated: the additional visit's date.

The additional (concern-led) visit must be after today (it is still to happen) and
sooner than the provider's next visit already planned (else it is not sooner, and
that visit can look at the action). The date offered is four weeks after the
follow-up visit, moved to a working day, and pulled earlier when that would not be
sooner than the next planned visit.
"""

from __future__ import annotations

from datetime import date, timedelta

from .dates import uk
from .planning import PlanningError
from .working_days import SchoolHolidays, is_working_day, next_working_day

ESCALATION_WEEKS = 4


class EscalationRefused(PlanningError):
    """An escalation the rules refuse; the message says why. Nothing was written.
    ``about_date``: the date was refused (else something else was)."""

    def __init__(self, message: str, *, about_date: bool = False) -> None:
        super().__init__(message)
        self.about_date = about_date


def check_escalation_date(visit_date: date, as_of: date, next_planned: date | None) -> None:
    """Refuse a date not after ``as_of`` or not before the next planned visit."""
    if visit_date <= as_of:
        raise EscalationRefused(
            f"The additional visit must be after today ({uk(as_of)}), not {uk(visit_date)}",
            about_date=True)
    if next_planned is not None and visit_date >= next_planned:
        raise EscalationRefused(
            f"A visit to this provider is already planned for {uk(next_planned)}: the "
            f"additional visit must be sooner than that, not {uk(visit_date)}", about_date=True)


def propose_escalation_date(follow_up_on: date, as_of: date, next_planned: date | None,
                            school_holidays: SchoolHolidays = ()) -> date:
    """The date to offer: a working day four weeks after the follow-up visit (and
    after ``as_of``); if that is not sooner than ``next_planned``, the latest working
    day before it (or, failing that, the day after ``as_of``)."""
    earliest = as_of + timedelta(days=1)
    day = next_working_day(max(follow_up_on + timedelta(weeks=ESCALATION_WEEKS), earliest),
                           school_holidays)
    if next_planned is None or day < next_planned:
        return day
    day = next_planned - timedelta(days=1)
    while day >= earliest:
        if is_working_day(day):
            return day
        day -= timedelta(days=1)
    return earliest
