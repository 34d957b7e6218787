"""What the child's page, the provider's page and the two lists show: plain records.

The store fills these from the register; the screens only show them. The few
rules here (an action is overdue, how long a child has waited) are the ones
those screens need and nothing else decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .actions import ACTION_OPEN, ACTION_STATES, FollowUpAction  # noqa: F401 (re-exported)
from .dates import uk
from .inspection import Inspection, InspectionFrameworks, concerns_in, is_below_good

# providers.arrangements (code -> label)
PROVIDER_ARRANGEMENTS: dict[str, str] = {
    "day": "Day",
    "residential": "Residential",
    "day_and_residential": "Day and residential",
}



class NotInRegister(LookupError):
    """A child or provider asked for by id is not (or no longer) in the register."""


@dataclass(frozen=True)
class ChildDetails:
    child_id: int
    given_name: str
    family_name: str
    date_of_birth: date | None
    case_ref: str | None
    primary_need: str | None
    ehcp_last_review: date | None
    ehcp_next_review_due: date | None

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


@dataclass(frozen=True)
class ProviderDetails:
    provider_id: int
    urn: str | None
    name: str
    provider_type: str
    host_authority: str
    address: str | None
    postcode: str | None
    arrangements: str


@dataclass(frozen=True)
class VisitRecord:
    """A monitoring visit as a page lists it (for a child: one that covered them)."""

    visit_id: int
    visit_date: date
    provider_id: int | None
    provider_name: str
    visit_type: str
    status: str
    visitors: str
    children_covered: int = 0


@dataclass(frozen=True)
class AwaitingChild:
    """A child with no current placement who is awaiting specialist provision."""

    placement_id: int
    child_id: int
    child_name: str
    case_ref: str | None
    need_identified: date
    interim_support: str

    def weeks_waited(self, as_of: date) -> int:
        return weeks_between(self.need_identified, as_of)


@dataclass(frozen=True)
class GuardrailExceptionRecord:
    """A placement made at a provider below good (or never inspected), and why."""

    placement_id: int
    child_id: int
    child_name: str
    provider_id: int | None
    provider_name: str
    start_date: date
    concern: str
    reason: str
    approver: str


@dataclass(frozen=True)
class ManagerFlag:
    """A placement flagged for the manager (an escalated action, say), and why."""

    placement_id: int
    child_id: int
    child_name: str
    provider_name: str
    reason: str
    flagged_on: date | None

    @property
    def text(self) -> str:
        """"Flagged for the manager: Training not booked (25/11/2026)"."""
        when = f" ({uk(self.flagged_on)})" if self.flagged_on else ""
        return f"Flagged for the manager: {self.reason}{when}"


@dataclass(frozen=True)
class InspectionLine:
    """One inspection in a provider's history, judged by the one below-good rule."""

    inspection: Inspection
    below_good: bool
    concerns: tuple[str, ...] = ()


def inspection_lines(
    inspections: Iterable[Inspection], frameworks: InspectionFrameworks
) -> list[InspectionLine]:
    """Each inspection judged by :func:`is_below_good`, with the parts that are a concern."""
    return [
        InspectionLine(
            i, is_below_good(i, frameworks),
            tuple(concerns_in(i.outcome, frameworks.get(i.framework))),
        )
        for i in inspections
    ]


def weeks_between(start: date, as_of: date) -> int:
    """Whole weeks from ``start`` to ``as_of`` (0 if ``as_of`` is not after ``start``)."""
    return max(0, (as_of - start).days // 7)


def age_on(born: date, as_of: date) -> int:
    """Age in whole years on ``as_of`` (a 29 February birthday counts on 1 March)."""
    return as_of.year - born.year - ((as_of.month, as_of.day) < (born.month, born.day))


def provider_arrangements_label(code: str) -> str:
    return PROVIDER_ARRANGEMENTS.get(code, code)


def action_state_label(code: str) -> str:
    return ACTION_STATES.get(code, code)
