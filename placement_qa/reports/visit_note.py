"""The note of a visit as a PDF, for a child's case file or the provider's file.

``visit_note_pdf(db, visit_id, copy=..., council_name=..., marking=...)`` returns the
PDF's bytes. What each copy contains is decided in :mod:`..domain.note_copy`; this
module only lays it out. Every page has the council, the protective marking, the
provider, the visit date, "Page X of Y" and the framework; a draft is watermarked.
Long text is never put inside a table row (a row cannot break across pages): it
follows the row as paragraphs, which flow on to the next page.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from sqlite_utils import Database

from ..domain.composed_text import compose, listed
from ..domain.countersign import STATE_LABELS, ReviewedNote
from ..domain.dates import shown_time, uk
from ..domain.inspection import latest_by_inspectorate, outcome_summary
from ..domain.note_copy import FULL, NoteContent, NoteCopy, events_in_copy, note_content
from ..domain.register import PROVIDER_ARRANGEMENTS, PROVIDER_TYPES, VISIT_TYPES
from ..domain.visit_note import VisitNote
from ..store.actions import list_actions
from ..store.countersign import reviewed_note
from ..store.inspections import provider_inspections
from ..store.notifiable_events import events_since_last_visit
from ..store.pages import provider_details
from ..store.settings import council_name as stored_council_name
from ..store.settings import protective_marking
from ..store.visit_notes import load_visit_note, visit_amendments, visit_framework
from .page import PageMarks, build_pdf, details, flowing_table, heading
from .paragraphs import long_text, para


def note_settings(db: Database) -> tuple[str, str]:
    """The council name and protective marking the register prints on notes."""
    return stored_council_name(db), protective_marking(db)


# --- the parts of the note ---------------------------------------------------------

def _provider_part(db: Database, note: VisitNote) -> list:
    story = [heading("Provider")]
    if note.provider_id is None:
        return [*story, para("No provider: a home visit.")]
    p = provider_details(db, note.provider_id)
    address = listed(x for x in (p.address, p.postcode) if x)
    story += details([
        ("Name", p.name), ("URN", p.urn or "None recorded"),
        ("Type", PROVIDER_TYPES.get(p.provider_type, p.provider_type)),
        ("Host authority", p.host_authority), ("Address", address or "None recorded"),
        ("Arrangements", PROVIDER_ARRANGEMENTS.get(p.arrangements, p.arrangements)),
    ])
    if note.concern_line:
        story.append(para(note.concern_line))
    latest = latest_by_inspectorate(provider_inspections(db, note.provider_id))
    rows = [[i.inspectorate, uk(i.inspected_on), i.framework, outcome_summary(i)]
            for i in latest]
    story.append(heading("Latest inspection", "h2"))
    if not rows:
        return [*story, para("Not inspected yet.")]
    return story + flowing_table(["Inspectorate", "Date", "Framework", "Outcome"], rows,
                                 [38 * mm, 22 * mm, 50 * mm, 64 * mm])


def _visit_part(note: VisitNote, content: NoteContent) -> list:
    return [heading("The visit"), *details([
        ("Visit type", VISIT_TYPES.get(note.visit_type, note.visit_type)),
        ("Date", uk(note.visit_date)), ("Who visited", content.visitors or "Not recorded"),
        ("Provider staff met", content.staff_met or "Not recorded"),
        ("Children covered", listed(content.children_covered) or "None"),
    ])]


def _events_part(db: Database, note: VisitNote, copy: NoteCopy) -> list:
    """The notifiable events since the provider's last visit, to be checked on site; the
    full note lists each one (its free text would name children in the other copies)."""
    if note.provider_id is None:
        return []
    since = events_since_last_visit(db, note.visit_id)
    story = [heading("Events since the last visit (to check on site)"),
             *(para(line) for line in events_in_copy(since, copy))]
    if copy.kind != FULL.kind or not since.events:
        return story
    rows = [[uk(e.occurred_on), e.kind_label, e.about, e.reporter_label, e.what_done or "—"]
            for e in since.events]
    return story + flowing_table(["Date", "Event", "About", "Reported by", "What was done"],
                                 rows, [20 * mm, 38 * mm, 32 * mm, 34 * mm, 50 * mm])


def _findings_part(content: NoteContent) -> list:
    if not content.sections:  # a follow-up visit rates no criteria
        return []
    story = [heading("Findings")]
    for section in content.sections:
        story.append(heading(section.title, "h2"))
        rows = [[line.prompt, line.rating, line.evidence or "No evidence recorded"]
                for line in section.lines]
        story += flowing_table(["Criterion", "Rating", "Evidence"], rows,
                               [58 * mm, 26 * mm, 90 * mm])
    return story


def _reported_part(content: NoteContent) -> list:
    """Reported beside found, one row an item (the note follows when it is long)."""
    if not content.reported:
        return []
    rows = [[line.item, compose("{}\non {}", line.reported, line.reported_on), line.check,
             line.found or "—", line.note or "—"] for line in content.reported]
    return [heading("What the provider reported, and what we found"),
            *flowing_table(["Item", "Reported", "Check", "Found on the visit", "Note"], rows,
                           [44 * mm, 28 * mm, 22 * mm, 30 * mm, 50 * mm])]


def _observations_part(content: NoteContent) -> list:
    if not content.has_observations:
        return []
    story = [heading("Lesson observations and pupil interviews")]
    if not content.observations:
        return [*story, para("None recorded.")]
    rows = [[o.kind, o.what, o.who, o.when or "No date", o.seen or "—"]
            for o in content.observations]
    return story + flowing_table(["Kind", "What", "Who", "When", "What was seen"], rows,
                                 [24 * mm, 34 * mm, 30 * mm, 24 * mm, 62 * mm], label_col=1)


def _reviews_part(content: NoteContent) -> list:
    if not content.has_reviews:
        return []
    story = [heading("Open actions reviewed")]
    if not content.reviews:
        return [*story, para("No open actions to review.")]
    rows = [[r.action, r.due, r.outcome, r.evidence or "—", r.escalated]
            for r in content.reviews]
    return story + flowing_table(["Action", "Due", "Outcome", "Evidence", "Escalated"], rows,
                                 [50 * mm, 22 * mm, 26 * mm, 53 * mm, 23 * mm])


def _children_part(content: NoteContent) -> list:
    story = [heading("Children")]
    for section in content.child_sections:
        story.append(heading(section.heading, "h2"))
        story += details(section.rows)
    return story


def _overall_part(content: NoteContent) -> list:
    if not content.has_judgement:  # a follow-up visit: its short finding
        return [heading(content.overall_title),
                *details([("Finding", content.summary or "Not recorded")])]
    return [heading(content.overall_title),
            *details([("Judgement", content.overall),
                       ("Summary", content.summary or "Not recorded")])]


def _actions_part(content: NoteContent) -> list:
    story = [heading("Follow-up actions")]
    if not content.actions:
        return [*story, para("No follow-up actions.")]
    rows = [[a.description, a.child or "—", a.owner, a.due, a.status] for a in content.actions]
    return story + flowing_table(["What needs doing", "Child", "Owner", "Due", "Status"], rows,
                                 [70 * mm, 22 * mm, 38 * mm, 22 * mm, 22 * mm])


def _countersign_part(reviewed: ReviewedNote | None, copy: NoteCopy) -> list:
    """Who countersigned the note and when, on every copy; their comment on the full
    note only (it may name any child)."""
    if reviewed is None:
        return []
    signed = reviewed.countersign
    if signed is None:
        return [para(compose("Not countersigned yet: {}.",
                             STATE_LABELS[reviewed.state].lower()))]
    story = long_text(compose("Countersigned by {} on {} (UK time).", signed.by,
                              shown_time(signed.at)), "body")
    if signed.comment and copy == FULL:
        story += long_text(compose("Comment: {}", signed.comment), "body")
    return story


def _sign_off_part(note: VisitNote, content: NoteContent, reviewed: ReviewedNote | None,
                   copy: NoteCopy) -> list:
    story = [heading("Sign-off")]
    if note.signed_off_by:
        story += long_text(compose("Signed off by {} on {} (UK time).", note.signed_off_by,
                                   shown_time(note.signed_off_at)), "body")
        story += _countersign_part(reviewed, copy)
    else:
        story.append(para("Not signed off: this note is a draft."))
    for number, amendment in enumerate(content.amendments, start=1):
        story.append(heading(compose("Amendment {}: by {} on {} (UK time)", number,
                                     amendment.amended_by, amendment.amended_at), "h2"))
        story += long_text(compose("Reason: {}", amendment.reason), "body")
        rows = [[c.label, c.before or "(blank)", c.after or "(blank)"]
                for c in amendment.changes]
        if rows:
            story += flowing_table(["What changed", "Before", "After"], rows,
                                   [54 * mm, 60 * mm, 60 * mm])
    return story


# --- the note ------------------------------------------------------------------------

def _story(db: Database, note: VisitNote, content: NoteContent, copy: NoteCopy) -> list:
    title = compose("Note of visit: {}", note.provider_name)
    parts: list[Callable[[], list]] = [
        lambda: _provider_part(db, note), lambda: _visit_part(note, content),
        lambda: _events_part(db, note, copy),
        lambda: _reviews_part(content), lambda: _reported_part(content),
        lambda: _findings_part(content), lambda: _observations_part(content),
        lambda: _children_part(content),
        lambda: _overall_part(content), lambda: _actions_part(content),
        lambda: _sign_off_part(note, content, reviewed_note(db, note.visit_id), copy)]
    story = [*long_text(title, "title"), para(content.copy_title, "small"), Spacer(1, 4)]
    for part in parts:
        story += part()
    return story


def visit_note_pdf(db: Database, visit_id: int, *, copy: NoteCopy = FULL,
                   council_name: str, marking: str) -> bytes:
    """The note of the visit as PDF bytes. An unknown or never-recorded visit is a
    PlanningError; a child copy for a child the visit does not cover is NotCovered."""
    note = load_visit_note(db, visit_id)
    framework = visit_framework(db, note)
    content = note_content(note, framework, list_actions(db, visit_id=visit_id),
                           visit_amendments(db, visit_id), copy)
    marks = PageMarks(council_name, marking,
                      compose("{} — visit of {}", note.provider_name, uk(note.visit_date)),
                      content.copy_title,
                      compose("{}, version {}", framework.name, framework.version),
                      draft=not note.locked)
    return build_pdf(_story(db, note, content, copy), marks, title=f"Note of visit {visit_id}",
                     author=council_name)
