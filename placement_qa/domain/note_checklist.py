"""What a note of visit still lacks before it can be signed off, page by page: the
checklist the recording window shows on the left, and the lines sign-off refuses with.

A follow-up visit asks only what a follow-up needs (the open actions reviewed, each child
seen, a short finding); see :class:`~.visit_note.VisitNote`'s ``asks_*`` properties.
Plain data and rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from .framework import QAFramework, Section
from .judgement import JUDGEMENTS
from .provider_return import item_missing, observation_missing, review_missing
from .visit_note import (
    DETAILS_PAGE,
    FOLLOW_UP_CHILD_FIELDS,
    OBSERVATIONS_PAGE,
    OVERALL_PAGE,
    PROVIDER_RETURN_PAGE,
    REVIEWS_PAGE,
    ChildRecord,
    VisitNote,
)


@dataclass(frozen=True)
class ChecklistItem:
    """One page of the form with what it still lacks for sign-off."""

    page: str          # DETAILS_PAGE, "section:<key>", "child:<placement id>", OVERALL_PAGE
    title: str
    missing: tuple[str, ...]
    rated: int = 0     # framework sections: criteria rated so far
    total: int = 0     # framework sections: criteria in the section

    @property
    def complete(self) -> bool:
        return not self.missing


def section_page(key: str) -> str:
    return f"section:{key}"


def child_page(placement_id: int) -> str:
    return f"child:{placement_id}"


def _details_missing(record: VisitNote) -> list[str]:
    return [] if record.visitors.strip() else ["Say who visited"]


def _section_missing(framework: QAFramework, record: VisitNote, section: Section) -> list[str]:
    missing = []
    for criterion in section.criteria:
        rating = record.finding(criterion.key).rating
        if rating is not None and framework.rating(rating) is None:
            missing.append(f"“{criterion.prompt}” has a rating not on the scale ({rating})")
        elif criterion.mandatory and rating is None:
            missing.append(f"“{criterion.prompt}” is not rated")
    return missing


def _on_scale(framework: QAFramework, rating: str | None) -> bool:
    return rating is not None and framework.rating(rating) is not None


def _yes_no(value: bool | None, question: str) -> list[str]:
    return [f"say whether {question}"] if value is None else []


def child_missing(child: ChildRecord) -> list[str]:
    """What the child's welfare section still needs (empty when complete)."""
    if child.is_empty():
        return ["the welfare section is empty"]
    missing = _yes_no(child.seen, "they were seen")
    if child.seen is False and not child.not_seen_reason.strip():
        missing.append("say why they were not seen")
    missing += _yes_no(child.spoken_with, "they were spoken with")
    if not child.views.strip():
        missing.append("record their views (or why they could not be gathered)")
    elif not child.views_how.strip():
        missing.append("say how their views were gathered")
    if not child.attendance.strip():
        missing.append("record attendance this term")
    missing += _yes_no(child.safeguarding_concern, "there is a safeguarding concern")
    if child.safeguarding_concern and not child.safeguarding_action.strip():
        missing.append("say what was done about the safeguarding concern")
    if not child.progress.strip():
        missing.append("record progress towards EHCP outcomes")
    missing += _yes_no(child.early_review, "an early review of the EHCP is needed")
    return missing


def follow_up_child_missing(child: ChildRecord) -> list[str]:
    """What a follow-up visit still needs about the child: seen, or why not."""
    if child.seen is None:
        return ["say whether they were seen"]
    if child.seen is False and not child.not_seen_reason.strip():
        return ["say why they were not seen"]
    return []


def _overall_missing(record: VisitNote) -> list[str]:
    missing = []
    if record.asks_judgement and not record.overall_rag:
        missing.append("Choose the overall judgement")
    elif record.overall_rag and record.overall_rag not in JUDGEMENTS:
        missing.append(f"'{record.overall_rag}' is not one of the judgements "
                       f"({', '.join(JUDGEMENTS.values())})")
    if not record.summary.strip():
        missing.append("Write the finding" if record.is_follow_up else "Write a summary")
    return missing


def _child_missing(record: VisitNote, child: ChildRecord) -> list[str]:
    """A follow-up asks only whether the child was seen, unless it recorded more before."""
    if record.is_follow_up and set(record.child_fields) <= set(FOLLOW_UP_CHILD_FIELDS):
        return follow_up_child_missing(child)
    return child_missing(child)


def _reviews_missing(record: VisitNote) -> list[str]:
    if not record.action_reviews:
        return []
    return [m for review in record.action_reviews for m in review_missing(review)]


def _return_missing(record: VisitNote) -> list[str]:
    return [m for item in record.reported_items for m in item_missing(item)]


def _observations_missing(record: VisitNote) -> list[str]:
    return [m for number, observation in enumerate(record.observations, 1)
            for m in observation_missing(number, observation)]


def checklist(framework: QAFramework, record: VisitNote) -> list[ChecklistItem]:
    """Every page of the form in order, each with what it still lacks."""
    items = [ChecklistItem(DETAILS_PAGE, "Visit details", tuple(_details_missing(record)))]
    if record.has_reviews_page:
        items.append(ChecklistItem(REVIEWS_PAGE, "Open actions reviewed",
                                   tuple(_reviews_missing(record))))
    if record.has_return_page:
        items.append(ChecklistItem(PROVIDER_RETURN_PAGE, "Provider's return checked",
                                   tuple(_return_missing(record))))
    for section in framework.sections if record.asks_criteria else ():
        rated = sum(_on_scale(framework, record.finding(c.key).rating)
                    for c in section.criteria)
        items.append(ChecklistItem(
            section_page(section.key), section.title,
            tuple(_section_missing(framework, record, section)), rated, len(section.criteria)))
    if record.asks_observations:
        items.append(ChecklistItem(OBSERVATIONS_PAGE, "Observations and interviews",
                                   tuple(_observations_missing(record))))
    for child in record.children:
        items.append(ChecklistItem(child_page(child.placement_id), child.title,
                                   tuple(_child_missing(record, child))))
    items.append(ChecklistItem(OVERALL_PAGE, record.overall_title,
                               tuple(_overall_missing(record))))
    return items


def missing_for_sign_off(framework: QAFramework, record: VisitNote) -> list[str]:
    """Everything that stops sign-off, each line saying where ("Section: what")."""
    lines = []
    for item in checklist(framework, record):
        lines += [f"{item.title}: {m}" for m in item.missing]
    if not record.children:
        lines.append("Visit details: the visit covers no child")
    return lines
