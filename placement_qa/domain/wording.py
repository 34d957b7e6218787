"""How a schedule line is put into words, the same on screen, in CSV and in reports."""

from __future__ import annotations

from .dates import uk
from .register import (
    AWAITING_PROVISION,
    ELECTIVE_HOME_EDUCATION,
    arrangement_label,
    provider_type_label,
)
from .schedule import ScheduleLine


def provider_text(line: ScheduleLine) -> str:
    """The provider's name, or what stands in for one (home education, awaiting)."""
    p = line.placement
    if p.provider_id is not None:
        return p.provider_name
    if p.arrangement == ELECTIVE_HOME_EDUCATION:
        return arrangement_label(ELECTIVE_HOME_EDUCATION)
    if p.state == AWAITING_PROVISION:
        return "Awaiting provision"
    return "No provider"


def type_text(line: ScheduleLine) -> str:
    p = line.placement
    return provider_type_label(p.provider_type) if p.provider_type else ""


def status_text(line: ScheduleLine) -> str:
    """E.g. "Due soon · planned 03/12/2026" or "Overdue · planned 05/01/2027 (late)"."""
    text = line.status.value
    if line.planned_visit is not None:
        text += f" · planned {uk(line.planned_visit)}"
        if line.planned_late:
            text += " (late)"
    return text
