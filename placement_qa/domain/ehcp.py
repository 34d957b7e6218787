"""EHCP annual reviews: when the next one is due, and whether it is overdue.

**The rule**: an EHCP is reviewed at least every 12 months, so the next review
is due 12 calendar months after the last one (:func:`add_months`: a review on
29/02/2028 is next due 28/02/2029). Children under 5 are reviewed every 3-6
months, and a review can be brought forward; the register records that as the
child's *recorded next due* date, and when it is **earlier** than 12 months
after the last review, the earlier date is the one that counts. A recorded date
later than 12 months after the last review never extends the statutory limit.

A recorded next due on or before the last review is left over from an earlier
cycle (the review took place and nobody moved the date on), so it is ignored.

With no review recorded the next due is the recorded date if there is one, and
otherwise unknown: the register cannot say the review is overdue, and says
"No review recorded" instead so the gap in the record is seen.

A child whose every placement has ended (they have left the council's
specialist placements) is not tracked: their review is "Not tracked", never
overdue. A child awaiting provision is still tracked.

A review due on the ``as_of`` date itself is not yet overdue (it can be held
that day); it is overdue from the day after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .dates import add_months

REVIEW_INTERVAL_MONTHS = 12
REVIEW_DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class EhcpDates:
    """A child's EHCP dates as the register records them."""

    last_review: date | None
    next_review_due: date | None


class ReviewStatus(StrEnum):
    OVERDUE = "Overdue"
    DUE_SOON = "Due soon"
    IN_TIME = "In time"
    NOT_RECORDED = "No review recorded"
    NOT_TRACKED = "Not tracked (no current placement)"


def annual_review_due(last_review: date | None, recorded_next_due: date | None) -> date | None:
    """The date the next annual review is due (see the module docs), or None if unknown."""
    if last_review is None:
        return recorded_next_due
    statutory = add_months(last_review, REVIEW_INTERVAL_MONTHS)
    if recorded_next_due is not None and last_review < recorded_next_due < statutory:
        return recorded_next_due
    return statutory


def is_review_overdue(
    last_review: date | None, recorded_next_due: date | None, as_of: date
) -> bool:
    """Is the annual review overdue as of ``as_of`` (due before that day)?"""
    due = annual_review_due(last_review, recorded_next_due)
    return due is not None and due < as_of


def review_status(
    last_review: date | None,
    recorded_next_due: date | None,
    as_of: date,
    *,
    tracked: bool = True,
) -> ReviewStatus:
    """Overdue, due soon (within 30 days, the due day included), in time, or not recorded.

    ``tracked`` False (every placement of the child has ended) gives NOT_TRACKED.
    """
    if not tracked:
        return ReviewStatus.NOT_TRACKED
    due = annual_review_due(last_review, recorded_next_due)
    if due is None:
        return ReviewStatus.NOT_RECORDED
    if due < as_of:
        return ReviewStatus.OVERDUE
    if due < as_of + timedelta(days=REVIEW_DUE_SOON_DAYS):
        return ReviewStatus.DUE_SOON
    return ReviewStatus.IN_TIME
