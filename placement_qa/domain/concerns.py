"""Providers causing concern: a manager's mark on a provider, with its history.

A manager sets a provider's status to *cause for concern* with a reason, the date it
was set and a date to review it, and later lifts it with a reason. Each period of
concern is kept (:class:`ConcernPeriod`): setting opens one, lifting closes it.

While a provider is causing concern (plain functions, explicit ``as_of``):

* its monitored placements are visited at least every ``concern_interval_months``
  (a register setting, default 3), counted from the day it was set or the last visit
  after it (the schedule's one rule: :func:`placement_qa.domain.schedule.next_due`);
* a new placement there goes through the guardrail as at a below-good provider
  (:func:`with_cause` makes the guardrail's :class:`~.inspection.Concern`);
* a review date on or before ``as_of`` is *due for review* (:func:`review_due`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from .dates import uk
from .inspection import Concern
from .names import name_sort_key
from .timeline import CONCERN_LIFTED, CONCERN_SET, TimelineEvent

CAUSE_FOR_CONCERN = "Cause for concern"


class ConcernError(ValueError):
    """A cause for concern that cannot be set or lifted as asked; the message says why."""


@dataclass(frozen=True)
class CauseForConcern:
    """A provider's current cause for concern: since when, why, and when to review it."""

    since: date
    reason: str
    review_on: date | None


@dataclass(frozen=True)
class ConcernPeriod:
    """One period of concern about a provider: set (and perhaps lifted) by a manager."""

    concern_id: int
    provider_id: int
    since: date
    reason: str
    review_on: date | None
    set_by: str
    lifted_on: date | None = None
    lift_reason: str | None = None
    lifted_by: str | None = None

    def is_open_on(self, as_of: date) -> bool:
        """Set on or before ``as_of`` and not lifted by then."""
        return self.since <= as_of and (self.lifted_on is None or self.lifted_on > as_of)

    @property
    def cause(self) -> CauseForConcern:
        return CauseForConcern(self.since, self.reason, self.review_on)


@dataclass(frozen=True)
class ConcernedProvider:
    """A provider causing concern as of a date, as the dashboard and the board list it."""

    provider_id: int
    name: str
    host_authority: str
    cause: CauseForConcern
    placements: int  # live placements there on that date

    def review_due(self, as_of: date) -> bool:
        return review_due(self.cause, as_of)


def check_setting(reason: str, since: date, review_on: date | None, by: str,
                  current: ConcernPeriod | None) -> None:
    """Raise :class:`ConcernError` unless a concern may be set so (``current``: the
    provider's open period, if any)."""
    problems = []
    if current is not None:
        problems.append(f"the provider is already causing concern since {uk(current.since)}; "
                        "lift it first")
    if not reason.strip():
        problems.append("give the reason for concern")
    if review_on is None:
        problems.append("give the date to review it")
    elif review_on <= since:
        problems.append(f"the review date ({uk(review_on)}) must be after the day it is set "
                        f"({uk(since)})")
    if not by.strip():
        problems.append("name the manager setting it")
    _raise(problems)


def check_lifting(period: ConcernPeriod | None, lifted_on: date, reason: str, by: str) -> None:
    """Raise :class:`ConcernError` unless ``period`` may be lifted on ``lifted_on``."""
    if period is None:
        raise ConcernError("The provider is not causing concern: there is nothing to lift.")
    problems = []
    if lifted_on < period.since:
        problems.append(f"the day it is lifted ({uk(lifted_on)}) must not be before the day "
                        f"it was set ({uk(period.since)})")
    if not reason.strip():
        problems.append("give the reason for lifting it")
    if not by.strip():
        problems.append("name the manager lifting it")
    _raise(problems)


def _raise(problems: list[str]) -> None:
    if problems:
        text = "; ".join(problems)
        raise ConcernError(text[0].upper() + text[1:] + ".")


def concern_words(cause: CauseForConcern) -> str:
    """"Provider causing concern since 02/03/2026: reason" (the note, pages and board)."""
    return f"Provider causing concern since {uk(cause.since)}: {cause.reason}"


def review_due(cause: CauseForConcern, as_of: date) -> bool:
    """Is the concern due for review: its review date is ``as_of`` or before?"""
    return cause.review_on is not None and cause.review_on <= as_of


def concern_status(cause: CauseForConcern | None, as_of: date) -> str:
    """The provider's status in words ("" when it is not causing concern)."""
    if cause is None:
        return ""
    due = " (due for review)" if review_due(cause, as_of) else ""
    return f"{CAUSE_FOR_CONCERN} since {uk(cause.since)}{due}"


def concern_rows(concerned: Iterable[ConcernedProvider], as_of: date
                 ) -> list[tuple[ConcernedProvider, str]]:
    """Each provider with its line of words ("Since 01/08/2026: reason · due for review"),
    the review date soonest first (none last), then by name."""
    def key(c: ConcernedProvider) -> tuple:
        return (c.cause.review_on or date.max, name_sort_key(c.name), c.provider_id)

    rows = []
    for c in sorted(concerned, key=key):
        due = " · due for review" if c.review_due(as_of) else ""
        rows.append((c, f"Since {uk(c.cause.since)}: {c.cause.reason}{due}"))
    return rows


def with_cause(concern: Concern | None, cause: CauseForConcern | None) -> Concern | None:
    """The guardrail's concern about a provider: its inspection position (``concern``)
    together with a manager's cause for concern, if any."""
    if cause is None:
        return concern
    words = f"{concern_words(cause).rstrip('.')}."
    if concern is None:
        return Concern(words, causing_concern_since=cause.since, below_good=False)
    return replace(concern, reason=f"{concern.reason} {words}", causing_concern_since=cause.since)


def timeline_events(period: ConcernPeriod) -> list[TimelineEvent]:
    """The provider's timeline entries of one period: set, and lifted when it was."""
    review = f" (review by {uk(period.review_on)})" if period.review_on else ""
    events = [TimelineEvent(period.since, CONCERN_SET,
                            f"{period.reason}{review} — by {period.set_by}",
                            sequence=period.concern_id)]
    if period.lifted_on is not None:
        events.append(TimelineEvent(period.lifted_on, CONCERN_LIFTED,
                                    f"{period.lift_reason or ''} — by {period.lifted_by or ''}",
                                    sequence=period.concern_id))
    return events
