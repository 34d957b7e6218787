"""What the provider says, and what the visit verified (issue 9).

Before a visit the provider fills in a pre-visit return: facts about the
organisation, its inspection and action plan, places, admissions, staffing,
incidents, exclusions and restraint, and for each of our children (named by
initials only) their attendance and the therapy delivered. The values land in
the register as **provider-reported**, dated; nothing the provider says ever
overwrites a verified fact. On the visit each reported item is checked on site and
marked **verified**, **not verified** or **disputed**, with a note; a disputed item
can raise a follow-up action in one step.

Plain data and rules: no Qt, no SQL, no file formats.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import names

# --- the items a provider is asked for ---------------------------------------------

TEXT, NUMBER, DATE = "text", "number", "date"


@dataclass(frozen=True)
class ReturnItem:
    """One question on the pre-visit return."""

    key: str
    label: str
    kind: str = TEXT          # TEXT, NUMBER (a whole number, 0 or more) or DATE
    per_child: bool = False   # asked once for each of our children there
    hint: str = ""


PROVIDER_ITEMS: tuple[ReturnItem, ...] = (
    ReturnItem("organisation_name", "Name of the school or provider"),
    ReturnItem("urn", "Unique reference number (URN)"),
    ReturnItem("head", "Head teacher or principal"),
    ReturnItem("safeguarding_lead", "Designated safeguarding lead"),
    ReturnItem("registration", "Inspectorate and registration (e.g. Ofsted, CIW, CQC)"),
    ReturnItem("inspection_date", "Date of the latest inspection", DATE, hint="dd/mm/yyyy"),
    ReturnItem("inspection_outcome", "Outcome of the latest inspection"),
    ReturnItem("inspection_requirements",
               "Requirements or recommendations from that inspection"),
    ReturnItem("action_plan", "Your action plan for them, and progress so far"),
    ReturnItem("registered_places", "Registered places", NUMBER),
    ReturnItem("on_roll", "Pupils or learners on roll", NUMBER),
    ReturnItem("vacancies", "Vacancies", NUMBER),
    ReturnItem("admissions_12_months", "Admissions in the last 12 months", NUMBER),
    ReturnItem("staffing_changes",
               "Staffing changes in the last 12 months (leaders and key staff)"),
    ReturnItem("incidents_12_months", "Notifiable incidents in the last 12 months", NUMBER),
    ReturnItem("exclusions_12_months",
               "Suspensions and exclusions in the last 12 months", NUMBER),
    ReturnItem("restraint_12_months",
               "Uses of restraint or physical intervention in the last 12 months", NUMBER),
    ReturnItem("complaints_12_months", "Complaints in the last 12 months", NUMBER),
)

CHILD_ITEMS: tuple[ReturnItem, ...] = (
    ReturnItem("attendance_percent", "Attendance this academic year (%)", NUMBER,
               per_child=True),
    ReturnItem("funded_days_attended", "Days attended of the days funded this term",
               per_child=True, hint="e.g. 58 of 60"),
    ReturnItem("therapy_delivered", "Therapy delivered this term as the EHCP specifies",
               per_child=True, hint="hours, and which therapies"),
    ReturnItem("incidents", "Incidents involving the pupil this term", NUMBER, per_child=True),
    ReturnItem("exclusions", "Suspensions or exclusions this term", NUMBER, per_child=True),
)

ITEMS: dict[str, ReturnItem] = {i.key: i for i in (*PROVIDER_ITEMS, *CHILD_ITEMS)}

# --- how the visit checked an item ------------------------------------------------

UNCHECKED = "unchecked"
VERIFIED = "verified"
NOT_VERIFIED = "not_verified"
DISPUTED = "disputed"
VERIFICATIONS: dict[str, str] = {
    UNCHECKED: "Not checked yet",
    VERIFIED: "Verified",
    NOT_VERIFIED: "Not verified",
    DISPUTED: "Disputed",
}


@dataclass(frozen=True)
class ReportedItem:
    """One value the provider reported, and how the visit checked it."""

    item_id: int
    item_key: str
    reported_value: str
    reported_on: date
    placement_id: int | None = None
    child_initials: str = ""         # for a per-child item: how the form named the child
    verification: str = UNCHECKED
    verified_value: str = ""         # what the visit found, where it differs or adds
    verification_note: str = ""
    action_id: int | None = None     # the follow-up action raised from it, if any

    @property
    def label(self) -> str:
        item = ITEMS.get(self.item_key)
        text = item.label if item else self.item_key
        return f"{text} ({self.child_initials})" if self.child_initials else text

    @property
    def shown_value(self) -> str:
        """The reported value as a user reads it: a date UK style (stored ISO)."""
        item = ITEMS.get(self.item_key)
        if item is not None and item.kind == DATE and self.reported_value:
            try:
                return date.fromisoformat(self.reported_value).strftime("%d/%m/%Y")
            except ValueError:
                return self.reported_value
        return self.reported_value

    @property
    def is_discrepancy(self) -> bool:
        """Reported one thing, found another (disputed, or not verifiable)."""
        return self.verification in (DISPUTED, NOT_VERIFIED)


def item_missing(item: ReportedItem) -> list[str]:
    """What checking this item still lacks before the note can be signed off."""
    if item.verification == UNCHECKED:
        return [f"“{item.label}” is not checked (verified, not verified or disputed)"]
    if item.verification not in VERIFICATIONS:
        return [f"“{item.label}” has an unknown check ({item.verification})"]
    if item.is_discrepancy and not item.verification_note.strip():
        state = VERIFICATIONS[item.verification].lower()
        return [f"“{item.label}” is {state}: say why in the note"]
    return []


def initials(given_name: str, family_name: str) -> str:
    """"Zoë", "Łukasiewicz" → "Z. Ł." (the form names no child in full), written as
    the provider's copy of the note writes them."""
    return names.initials(f"{given_name} {family_name}")


# --- lesson observations and pupil interviews ----------------------------------------

LESSON_OBSERVATION = "lesson_observation"
PUPIL_INTERVIEW = "pupil_interview"
OBSERVATION_KINDS: dict[str, str] = {
    LESSON_OBSERVATION: "Lesson observation",
    PUPIL_INTERVIEW: "Pupil interview",
}


@dataclass(frozen=True)
class Observation:
    """A structured finding: what was observed, who, when, and what was seen."""

    kind: str
    what: str = ""            # the lesson (subject, topic) or the interview's subject
    who: str = ""             # class or group, staff; pupils by initials
    observed_on: date | None = None
    observed_time: str = ""   # e.g. "10:15–10:45"
    seen: str = ""            # what was seen or said

    @property
    def kind_label(self) -> str:
        return OBSERVATION_KINDS.get(self.kind, self.kind)


def observation_missing(number: int, observation: Observation) -> list[str]:
    """What an observation lacks (an empty one is not allowed to stay)."""
    name = f"{observation.kind_label} {number}"
    missing = []
    if observation.kind not in OBSERVATION_KINDS:
        missing.append(f"{name}: '{observation.kind}' is not a kind of observation")
    if not observation.what.strip():
        missing.append(f"{name}: say what was observed")
    if not observation.who.strip():
        missing.append(f"{name}: say who was observed or interviewed")
    if observation.observed_on is None:
        missing.append(f"{name}: give the date")
    if not observation.seen.strip():
        missing.append(f"{name}: record what was seen")
    return missing


# --- reviewing open actions on a follow-up visit ---------------------------------------

DONE = "done"
PROGRESSING = "progressing"
NOT_PROGRESSING = "not_progressing"
REVIEW_OUTCOMES: dict[str, str] = {
    DONE: "Done",
    PROGRESSING: "Progressing",
    NOT_PROGRESSING: "Not progressing",
}


@dataclass(frozen=True)
class ActionReview:
    """One of the provider's open actions, as a follow-up visit found it."""

    action_id: int
    description: str = ""
    due_date: date | None = None
    placement_id: int | None = None
    outcome: str | None = None
    evidence: str = ""
    escalated_visit_id: int | None = None

    @property
    def escalated(self) -> bool:
        return self.escalated_visit_id is not None


def review_missing(review: ActionReview) -> list[str]:
    name = f"“{review.description}”"
    if review.outcome is None:
        return [f"{name}: say whether it is done, progressing or not progressing"]
    if review.outcome not in REVIEW_OUTCOMES:
        return [f"{name}: '{review.outcome}' is not a review outcome"]
    if review.escalated and review.outcome != NOT_PROGRESSING:
        return [f"{name} was escalated as not progressing: its outcome cannot now be "
                f"“{REVIEW_OUTCOMES[review.outcome]}”"]
    if not review.evidence.strip():
        return [f"{name}: give the evidence for “{REVIEW_OUTCOMES[review.outcome]}”"]
    return []
