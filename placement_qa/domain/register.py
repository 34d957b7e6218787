"""The register's vocabulary: provider types, arrangements, placement and visit states.

Plain data with the service's own words; the store keeps the codes, screens and
exports show the labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Provider types (code -> label). The first three are the independent and
# non-maintained sector the council must monitor wherever they are.
INDEPENDENT_SPECIAL = "independent_special"
NON_MAINTAINED_SPECIAL = "non_maintained_special"
INDEPENDENT_POST16 = "independent_post16"

PROVIDER_TYPES: dict[str, str] = {
    INDEPENDENT_SPECIAL: "Independent special school",
    NON_MAINTAINED_SPECIAL: "Non-maintained special school",
    INDEPENDENT_POST16: "Independent specialist post-16 institution",
    "maintained_special": "Maintained special school",
    "academy_special": "Special academy / free school",
    "mainstream_resourced": "Mainstream school with resourced provision",
    "fe_college": "General FE college",
    "childrens_home": "Children's home (with education)",
    "other": "Other",
}

# Types that always require monitoring visits, whatever their location.
MONITORED_PROVIDER_TYPES = frozenset(
    {INDEPENDENT_SPECIAL, NON_MAINTAINED_SPECIAL, INDEPENDENT_POST16}
)

# Placement arrangements (code -> label).
DAY = "day"
RESIDENTIAL_WEEKLY = "residential_weekly"
RESIDENTIAL_TERMLY = "residential_termly"
RESIDENTIAL_52_WEEK = "residential_52_week"
ELECTIVE_HOME_EDUCATION = "elective_home_education"

ARRANGEMENTS: dict[str, str] = {
    DAY: "Day",
    RESIDENTIAL_WEEKLY: "Residential (weekly)",
    RESIDENTIAL_TERMLY: "Residential (termly, 38-week)",
    RESIDENTIAL_52_WEEK: "Residential (52-week)",
    ELECTIVE_HOME_EDUCATION: "Elective home education",
}
RESIDENTIAL_ARRANGEMENTS = frozenset({RESIDENTIAL_WEEKLY, RESIDENTIAL_TERMLY, RESIDENTIAL_52_WEEK})

# Stored placement states. Whether a placement has *ended* is not stored: it
# follows from its end date and the date you look from.
PLACED = "placed"
AWAITING_PROVISION = "awaiting_provision"
PLACEMENT_STATES: dict[str, str] = {PLACED: "Placed", AWAITING_PROVISION: "Awaiting provision"}

# Monitoring visit states and types.
VISIT_PLANNED = "planned"
VISIT_DRAFT = "draft"
VISIT_COMPLETED = "completed"
VISIT_CANCELLED = "cancelled"
VISIT_STATES: dict[str, str] = {
    VISIT_PLANNED: "Planned",
    VISIT_DRAFT: "Draft",
    VISIT_COMPLETED: "Completed",
    VISIT_CANCELLED: "Cancelled",
}
VISIT_TYPES: dict[str, str] = {
    "annual_monitoring": "Annual monitoring",
    "additional_concern": "Additional (concern-led)",
    "joint_regional": "Joint / regional visit",
    "follow_up": "Follow-up (reviewing open actions)",
}
FOLLOW_UP_VISIT = "follow_up"

# SEN2 primary need categories.
PRIMARY_NEEDS: dict[str, str] = {
    "SpLD": "Specific learning difficulty",
    "MLD": "Moderate learning difficulty",
    "SLD": "Severe learning difficulty",
    "PMLD": "Profound and multiple learning difficulty",
    "SEMH": "Social, emotional and mental health",
    "SLCN": "Speech, language and communication needs",
    "HI": "Hearing impairment",
    "VI": "Visual impairment",
    "MSI": "Multi-sensory impairment",
    "PD": "Physical disability",
    "ASD": "Autistic spectrum disorder",
    "OTH": "Other difficulty or disability",
}

DEFAULT_VISIT_INTERVAL_MONTHS = 12


@dataclass(frozen=True, slots=True)
class RegisterPlacement:
    """One placement as the register view and the schedule rules need it."""

    placement_id: int
    child_id: int
    child_name: str
    provider_id: int | None
    provider_name: str
    provider_type: str
    host_authority: str
    start_date: date
    end_date: date | None
    arrangement: str
    state: str
    visit_interval_months: int = DEFAULT_VISIT_INTERVAL_MONTHS
    # Set when the provider's inspection fell below good: an additional visit is
    # due by this date unless a completed visit has happened since the flag.
    additional_visit_due: date | None = None
    additional_visit_flagged_on: date | None = None
    # Set while a manager marks the provider as causing concern (domain/concerns.py):
    # visits at least every ``concern_interval_months`` from that day.
    concern_since: date | None = None
    concern_interval_months: int | None = None


@dataclass(frozen=True, slots=True)
class VisitCoverage:
    """A monitoring visit that covers one placement (cancelled visits never appear)."""

    placement_id: int
    visit_id: int
    visit_date: date
    status: str


def provider_type_label(code: str) -> str:
    return PROVIDER_TYPES.get(code, code)


def arrangement_label(code: str) -> str:
    return ARRANGEMENTS.get(code, code)


# What a provider offers (providers.arrangements), as the provider dialog names it.
PROVIDER_ARRANGEMENTS: dict[str, str] = {
    "day": "Day only",
    "residential": "Residential only",
    "day_and_residential": "Day and residential",
}


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def case_ref_key(case_ref: str) -> str:
    """A case reference as the register compares it: surrounding spaces and the case of
    the letters A to Z do not count, so " cs-1001" in a file is the child CS-1001. The
    same as the register's ``lower(trim(case_ref))`` index (case references are saved
    without surrounding spaces), so a look-up in SQL and one in an import agree."""
    return case_ref.strip().translate(_ASCII_LOWER)


@dataclass(frozen=True)
class Child:
    """A child or young person on the register, as the editing dialogs need them."""

    child_id: int
    given_name: str
    family_name: str
    date_of_birth: date | None = None
    case_ref: str | None = None
    primary_need: str | None = None
    ehcp_last_review: date | None = None
    ehcp_next_review_due: date | None = None

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


@dataclass(frozen=True)
class Provider:
    """A school, college or home the council places children with."""

    provider_id: int
    name: str
    provider_type: str
    host_authority: str
    urn: str | None = None
    address: str | None = None
    postcode: str | None = None
    arrangements: str = "day"


@dataclass(frozen=True)
class Placement:
    """One placement as stored, with the guardrail exception if it needed one."""

    placement_id: int
    child_id: int
    provider_id: int | None
    start_date: date
    arrangement: str
    state: str = PLACED
    end_date: date | None = None
    annual_cost: float | None = None
    visit_interval_months: int = DEFAULT_VISIT_INTERVAL_MONTHS
    interim_support: str | None = None
    guardrail_concern: str | None = None
    guardrail_reason: str | None = None
    guardrail_approver: str | None = None

    def is_active_on(self, day: date) -> bool:
        """Not ended before ``day`` (a placement ending on ``day`` is still active)."""
        return self.end_date is None or self.end_date >= day
