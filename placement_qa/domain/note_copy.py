"""Which copy of a visit note is printed, and what that copy may contain.

* :data:`FULL` — everything recorded.
* :func:`child_copy` — for one child's case file: the provider-level findings and
  only that child's section. No other child is named anywhere: not in "children
  covered", not in the actions (actions raised for another child are left out),
  and another child's name in free text becomes "another child".
* :data:`PROVIDER_COPY` — for the provider's file: provider-level findings and
  actions, children referred to by initials only ("Z. Ł."), child sections
  reduced to whether each child was seen.

Pure functions: a :class:`VisitNote`, its actions and amendments in; the plain text
of the chosen copy out (:func:`note_content`). The PDF only lays it out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .actions import FollowUpAction
from .composed_text import compose, each_value, listed
from .dates import shown_time, uk
from .framework import QAFramework
from .judgement import judgement_label
from .name_redaction import initials_stand_in, name_replacer
from .names import initials
from .notifiable_events import PROVIDER_AS_A_WHOLE, EventsSinceLastVisit, none_line, since_line
from .provider_return import REVIEW_OUTCOMES, VERIFICATIONS, ReportedItem
from .visit_note import (
    ACTION_OPENING,
    CHILD_FIELDS,
    Change,
    ChildRecord,
    VisitNote,
)

FULL_KIND, CHILD_KIND, PROVIDER_KIND = "full", "child", "provider"
NOT_RECORDED = "Not recorded"
ANOTHER_CHILD = "another child"


@dataclass(frozen=True)
class NoteCopy:
    kind: str
    placement_id: int | None = None

    @property
    def title(self) -> str:
        return {FULL_KIND: "Full note of visit",
                CHILD_KIND: "Copy for the child's case file",
                PROVIDER_KIND: "Copy for the provider's file"}[self.kind]


FULL = NoteCopy(FULL_KIND)
PROVIDER_COPY = NoteCopy(PROVIDER_KIND)


def child_copy(placement_id: int) -> NoteCopy:
    """The copy for the case file of the child in this placement."""
    return NoteCopy(CHILD_KIND, placement_id)


class NotCovered(ValueError):
    """A child copy asked for a placement the visit does not cover."""


@dataclass(frozen=True)
class FindingLine:
    prompt: str
    rating: str
    evidence: str


@dataclass(frozen=True)
class FindingSection:
    title: str
    lines: tuple[FindingLine, ...]


@dataclass(frozen=True)
class ChildSection:
    heading: str
    rows: tuple[tuple[str, str], ...]   # (label, value)


@dataclass(frozen=True)
class ActionLine:
    description: str
    owner: str
    due: str
    status: str
    child: str


@dataclass(frozen=True)
class ReportedLine:
    """One value the provider reported, beside what the visit found."""

    item: str
    reported: str        # "3"
    reported_on: str     # "10/11/2026"
    check: str           # Verified / Not verified / Disputed / Not checked yet
    found: str
    note: str


@dataclass(frozen=True)
class ObservationLine:
    kind: str
    what: str
    who: str
    when: str            # "18/11/2026 10:15–10:45"
    seen: str


@dataclass(frozen=True)
class ReviewLine:
    """One of the provider's open actions, as a follow-up visit found it."""

    action: str
    due: str
    outcome: str
    evidence: str
    escalated: str


@dataclass(frozen=True)
class AmendmentLine:
    amended_by: str
    amended_at: str          # on the council's clock, "26/11/2026 15:30"
    reason: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class NoteContent:
    copy_title: str
    children_covered: tuple[str, ...]
    visitors: str
    staff_met: str
    sections: tuple[FindingSection, ...]
    child_sections: tuple[ChildSection, ...]
    overall: str
    summary: str
    actions: tuple[ActionLine, ...]
    amendments: tuple[AmendmentLine, ...]
    reported: tuple[ReportedLine, ...] = ()
    observations: tuple[ObservationLine, ...] = ()
    reviews: tuple[ReviewLine, ...] = ()
    has_reviews: bool = False    # a follow-up visit: its reviews are printed (even none)
    has_observations: bool = True  # asked (so printed, even none); not on a follow-up
    overall_title: str = "Overall judgement"   # "Finding" on a follow-up visit
    has_judgement: bool = True   # a follow-up visit writes a finding, judges nothing


# --- names -----------------------------------------------------------------------

def replace_names(names: dict[str, str]) -> Callable[[str], str]:
    """Replace each name with its stand-in however it is typed (accents, case, order,
    initials), leaving ordinary words in lower case: the rule of
    :mod:`.name_redaction`. Used by reports that must name no child (the board)."""
    return name_replacer(names.items())


def redactor(note: VisitNote, copy: NoteCopy) -> Callable[[str], str]:
    """What free text becomes in this copy: unchanged in the full note; other
    children's names as "another child" in a child copy (the child's own name stays,
    even where it shares a word); initials in the provider copy."""
    if copy.kind == FULL_KIND:
        return lambda text: text
    if copy.kind == PROVIDER_KIND:
        return each_value(name_replacer((c.child_name, initials_stand_in)
                                        for c in note.children))
    own = [c.child_name for c in note.children if c.placement_id == copy.placement_id]
    return each_value(name_replacer(((c.child_name, ANOTHER_CHILD) for c in note.children
                                     if c.placement_id != copy.placement_id), keep=own))


# --- values ----------------------------------------------------------------------

def yes_no(value: bool | None) -> str:
    return NOT_RECORDED if value is None else ("Yes" if value else "No")


def shown(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return yes_no(value)
    return str(value) if str(value).strip() else NOT_RECORDED


def rating_label(framework: QAFramework, key: str | None) -> str:
    if not key:
        return "Not rated"
    rating = framework.rating(key)
    return rating.label if rating else key


# --- the copy ----------------------------------------------------------------------

def children_in_copy(note: VisitNote, copy: NoteCopy) -> tuple[ChildRecord, ...]:
    if copy.kind != CHILD_KIND:
        return note.children
    chosen = tuple(c for c in note.children if c.placement_id == copy.placement_id)
    if not chosen:
        raise NotCovered(f"Visit {note.visit_id} does not cover placement {copy.placement_id}")
    return chosen


def child_heading(child: ChildRecord, copy: NoteCopy) -> str:
    return initials(child.title) if copy.kind == PROVIDER_KIND else child.title


def child_section(child: ChildRecord, copy: NoteCopy, text: Callable[[str], str],
                  fields: dict[str, str] = CHILD_FIELDS) -> ChildSection:
    """The child's welfare answers to ``fields`` (the questions the visit asked)."""
    if copy.kind == PROVIDER_KIND:
        return ChildSection(child_heading(child, copy), (("Seen", yes_no(child.seen)),))
    rows = tuple((label, text(shown(getattr(child, name))))
                 for name, label in fields.items())
    return ChildSection(child.title, rows)


def actions_in_copy(actions: Iterable[FollowUpAction], note: VisitNote,
                    copy: NoteCopy) -> tuple[ActionLine, ...]:
    names = {c.placement_id: child_heading(c, copy) for c in note.children}
    text = redactor(note, copy)
    lines = []
    for action in actions:
        if copy.kind == CHILD_KIND and action.placement_id not in (None, copy.placement_id):
            continue
        child = ""
        if action.placement_id is not None:
            child = names.get(action.placement_id) or (
                initials(action.child_name) if copy.kind == PROVIDER_KIND
                else action.child_name)
        lines.append(ActionLine(text(action.description), text(action.owner_label),
                                uk(action.due_date) or "No date", action.status_label, child))
    return tuple(lines)


def _change_in_copy(change: Change, copy: NoteCopy, note: VisitNote) -> bool:
    kind, _, rest = change.field.partition(".")
    if copy.kind == CHILD_KIND and kind in ("reported", "review"):
        return _for_copy(_part_placement(note, kind, rest.split(".")[0]), copy)
    if kind != "child":
        return True
    if copy.kind == PROVIDER_KIND:
        return False
    return copy.kind == FULL_KIND or change.field.split(".")[1] == str(copy.placement_id)


def amendments_in_copy(amendments: Iterable, note: VisitNote,
                       copy: NoteCopy) -> tuple[AmendmentLine, ...]:
    """Each amendment with the changes this copy may show (who, when, reason kept)."""
    text = redactor(note, copy)
    lines = []
    for amendment in amendments:
        changes = tuple(Change(c.field, text(change_label(c)), text(c.before), text(c.after))
                        for c in amendment.changes if _change_in_copy(c, copy, note))
        lines.append(AmendmentLine(amendment.amended_by, shown_time(amendment.amended_at),
                                   text(amendment.reason), changes))
    return tuple(lines)


def change_label(change: Change) -> str:
    """What a change is of, as recorded ("Zoë Smith: Views", "Action “Call home” —
    evidence"), with the child's name or the action in it a typed value and the rest
    the app's words (:func:`.composed_text.compose`); other labels as recorded."""
    kind, _, rest = change.field.partition(".")
    label, field = change.label, CHILD_FIELDS.get(rest.partition(".")[2], "")
    if kind == "child" and field and label.endswith(f": {field}"):
        return compose("{}: {}", label[:-len(field) - 2], field)
    if kind == "review" and label.startswith(ACTION_OPENING) and "” — " in label:
        action, _, part = label[len(ACTION_OPENING):].rpartition("” — ")
        return compose(ACTION_OPENING + "{}” — {}", action, part)
    return label


def _for_copy(placement_id: int | None, copy: NoteCopy) -> bool:
    """A part about one child is in a child copy only if it is that child's."""
    return copy.kind != CHILD_KIND or placement_id in (None, copy.placement_id)


def _part_placement(note: VisitNote, kind: str, key: str) -> int | None:
    """The child a reported item or reviewed action is about (None: the provider)."""
    parts = note.reported_items if kind == "reported" else note.action_reviews
    attribute = "item_id" if kind == "reported" else "action_id"
    found = next((p for p in parts if str(getattr(p, attribute)) == key), None)
    return found.placement_id if found else None


def _item_label(item: ReportedItem, note: VisitNote, copy: NoteCopy) -> str:
    """The question, and for a child's item whose it is: initials in the provider copy
    (as the form named them), the child's name in the full note and their own copy."""
    label = item.label
    if item.placement_id is None or copy.kind == PROVIDER_KIND:
        return label
    child = next((c for c in note.children if c.placement_id == item.placement_id), None)
    if child is None or not item.child_initials:
        return label
    return compose("{} ({})", label[:-len(item.child_initials) - 3], child.child_name)


def reported_in_copy(note: VisitNote, copy: NoteCopy,
                     text: Callable[[str], str]) -> tuple[ReportedLine, ...]:
    """What the provider reported beside what the visit found; a child copy has the
    provider's items and that child's only."""
    return tuple(
        ReportedLine(text(_item_label(i, note, copy)), text(i.shown_value) or "(blank)",
                     uk(i.reported_on), VERIFICATIONS.get(i.verification, i.verification),
                     text(i.verified_value), text(i.verification_note))
        for i in note.reported_items if _for_copy(i.placement_id, copy))


def observations_in_copy(note: VisitNote, text: Callable[[str], str]
                         ) -> tuple[ObservationLine, ...]:
    return tuple(
        ObservationLine(o.kind_label, text(o.what), text(o.who),
                        listed((p for p in (uk(o.observed_on), o.observed_time.strip()) if p),
                               " "),
                        text(o.seen))
        for o in note.observations)


def reviews_in_copy(note: VisitNote, copy: NoteCopy,
                    text: Callable[[str], str]) -> tuple[ReviewLine, ...]:
    return tuple(
        ReviewLine(text(r.description), uk(r.due_date) or "No date",
                   REVIEW_OUTCOMES.get(r.outcome or "", r.outcome or "Not reviewed"),
                   text(r.evidence),
                   "Yes: a sooner visit" if r.escalated else "No")
        for r in note.action_reviews if _for_copy(r.placement_id, copy))


def finding_sections(framework: QAFramework, note: VisitNote,
                     text: Callable[[str], str]) -> tuple[FindingSection, ...]:
    return tuple(
        FindingSection(section.title, tuple(
            FindingLine(c.prompt, rating_label(framework, note.finding(c.key).rating),
                        text(note.finding(c.key).evidence))
            for c in section.criteria))
        for section in (framework.sections if note.asks_criteria else ()))


def note_content(note: VisitNote, framework: QAFramework, actions: Sequence[FollowUpAction],
                 amendments: Iterable = (), copy: NoteCopy = FULL) -> NoteContent:
    """Everything the chosen copy prints, as plain text."""
    text = redactor(note, copy)
    children = children_in_copy(note, copy)
    return NoteContent(
        copy_title=copy.title,
        children_covered=tuple(child_heading(c, copy) for c in children),
        visitors=text(note.visitors), staff_met=text(note.provider_staff_met),
        sections=finding_sections(framework, note, text),
        child_sections=tuple(child_section(c, copy, text, note.child_fields)
                             for c in children),
        overall=judgement_label(note.overall_rag, none=NOT_RECORDED),
        summary=text(note.summary),
        actions=actions_in_copy(actions, note, copy),
        amendments=amendments_in_copy(amendments, note, copy),
        reported=reported_in_copy(note, copy, text),
        observations=observations_in_copy(note, text),
        reviews=reviews_in_copy(note, copy, text),
        has_reviews=note.has_reviews_page,
        has_observations=note.asks_observations,
        overall_title=note.overall_title,
        has_judgement=note.asks_judgement,
    )


def events_in_copy(since: EventsSinceLastVisit, copy: NoteCopy = FULL) -> list[str]:
    """The lines the note lists, to be checked on site: the provider as a whole, then
    each child with events (by initials in the provider's copy; only the child's own in
    a child's copy). One line saying there were none when there were none."""
    if not since.events:
        return [none_line(since.last_visit)]
    lines = []
    if since.provider_counts():
        lines.append(since_line(PROVIDER_AS_A_WHOLE, since.provider_counts(), since.last_visit))
    for placement_id, (name, counts) in since.child_counts().items():
        if copy.kind == CHILD_KIND and placement_id != copy.placement_id:
            continue
        shown = initials(name) if copy.kind == PROVIDER_KIND else name
        lines.append(since_line(shown or f"Placement {placement_id}", counts, since.last_visit))
    return lines or [none_line(since.last_visit)]
