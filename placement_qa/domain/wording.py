"""How a schedule line is put into words, the same on screen, in CSV and in reports."""

from __future__ import annotations

from datetime import date

from .dates import uk
from .register import (
    AWAITING_PROVISION,
    ELECTIVE_HOME_EDUCATION,
    PLACEMENT_STATES,
    VISIT_STATES,
    arrangement_label,
    provider_type_label,
)
from .schedule import DEFAULT_DRAFT_DAYS, ScheduleLine, Slip, Status, visit_slip

#: What a visit planned for a date past its due date is called (never "late").
PLANNED_AFTER_DUE = "after the due date"


def type_text(line: ScheduleLine) -> str:
    p = line.placement
    return provider_type_label(p.provider_type) if p.provider_type else ""


def provider_text(line: ScheduleLine) -> str:
    """The provider's name, or what stands in for one (home education, awaiting)."""
    placement = line.placement
    if placement.arrangement == ELECTIVE_HOME_EDUCATION:
        return arrangement_label(ELECTIVE_HOME_EDUCATION)
    if not placement.provider_name and placement.state == AWAITING_PROVISION:
        return PLACEMENT_STATES[AWAITING_PROVISION]
    return placement.provider_name


def slip_text(slip: Slip, visit_date: date) -> str:
    """"Planned 27/11/2026 — date passed, not recorded", "Visited 13/11/2026 — not
    written up": a visit that slipped, the same words on every screen."""
    kind = "Planned" if slip is Slip.DATE_PASSED else "Visited"
    return f"{kind} {uk(visit_date)} — {slip.value}"


def far_ahead_question(planned_for: date) -> str:
    """What is asked before recording a visit planned more than a week ahead."""
    return (f"This visit is planned for {uk(planned_for)}, more than a week away. "
            "Record it now?")


def visit_state_text(status: str, visit_date: date, as_of: date,
                     draft_days: int = DEFAULT_DRAFT_DAYS) -> str:
    """A visit's state in a list of visits as of ``as_of``: "Planned", "Completed", ...,
    or how it slipped ("Planned 27/11/2026 — date passed, not recorded")."""
    slip = visit_slip(status, visit_date, as_of, draft_days)
    return slip_text(slip, visit_date) if slip else VISIT_STATES.get(status, status)


def status_text(line: ScheduleLine) -> str:
    """"Due soon", "Due soon · planned 03/12/2026, after the due date",
    "Overdue · draft 19/11/2026", "Overdue · Planned 27/11/2026 — date passed, not
    recorded"."""
    text = str(line.status)
    if line.slip is not None and line.planned_visit is not None:
        text += f" · {slip_text(line.slip, line.planned_visit)}"
    elif line.planned_visit is not None:
        kind = "draft" if line.planned_is_draft else "planned"
        text += f" · {kind} {uk(line.planned_visit)}"
        if line.planned_late:
            text += f", {PLANNED_AFTER_DUE}"
    return text


def _last_visit_words(line: ScheduleLine) -> str:
    if line.last_visit is not None:
        return f"last visit {uk(line.last_visit)}"
    return f"never visited (placement started {uk(line.placement.start_date)})"


def _planned_words(line: ScheduleLine) -> str:
    if line.planned_visit is None:
        return ""
    if line.slip is Slip.DATE_PASSED:
        return (f". Visit planned for {uk(line.planned_visit)}: the date passed and the "
                "visit is not recorded (record, reschedule or cancel it)")
    if line.slip is Slip.NOT_WRITTEN_UP:
        return (f". Visited {uk(line.planned_visit)}: the visit note is still not written "
                "up and signed off")
    if line.planned_is_draft:
        words = f". Visited {uk(line.planned_visit)}: the visit note is still a draft"
    else:
        words = f". Visit planned for {uk(line.planned_visit)}"
    if line.planned_late:
        words += f", after the date it is due ({uk(line.next_due)})"
    return words


def status_explanation(line: ScheduleLine) -> str:
    """Why a line has its status, in words, e.g. for a tooltip."""
    placement = line.placement
    if line.status == Status.ENDED:
        return f"Placement ended {uk(placement.end_date)}; {_last_visit_words(line)}"
    if line.status == Status.AWAITING_PROVISION:
        return "Awaiting specialist provision: no placement has started yet"
    if line.status == Status.NOT_STARTED:
        return f"Placement starts {uk(placement.start_date)}: no visit is due before then"
    if line.status == Status.NOT_REQUIRED:
        return (
            "No monitoring visit is required: not out of borough, residential, "
            "independent or non-maintained, or home education"
        )
    verb = "was due" if line.status == Status.OVERDUE else "is due"
    return f"Next visit {verb} {uk(line.next_due)}; {_last_visit_words(line)}{_planned_words(line)}"


def provider_explanation(line: ScheduleLine) -> str:
    """"Hillcrest House — Non-maintained special school — Residential (52-week)"."""
    parts = [provider_text(line), provider_type_label(line.placement.provider_type),
             arrangement_label(line.placement.arrangement)]
    unique = [part for i, part in enumerate(parts) if part and part not in parts[:i]]
    return " — ".join(unique)
