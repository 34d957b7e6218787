"""The note of a visit as a PDF, for a child's case file or the provider's file.

``visit_note_pdf(db, visit_id, copy=..., council_name=..., marking=...)`` returns the
PDF's bytes. What each copy contains is decided in :mod:`..domain.note_copy`; this
module only lays it out. Every page has the council, the protective marking, the
provider, the visit date, "Page X of Y" and the framework; a draft is watermarked.
Long text is never put inside a table row (a row cannot break across pages): it
follows the row as paragraphs, which flow on to the next page.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlite_utils import Database

from ..domain.dates import uk
from ..domain.inspection import latest_by_inspectorate, outcome_summary
from ..domain.note_copy import FULL, NoteContent, NoteCopy, note_content, uk_time
from ..domain.register import PROVIDER_ARRANGEMENTS, PROVIDER_TYPES, VISIT_TYPES
from ..domain.visit_note import VisitNote
from ..store.actions import list_actions
from ..store.inspections import provider_inspections
from ..store.pages import provider_details
from ..store.register import council_name as stored_council_name
from ..store.register import protective_marking
from ..store.visit_notes import load_visit_note, visit_amendments, visit_framework
from .styles import BOLD, FONT, GRID, SHADE, esc, styles

MARGIN = 18 * mm
LONG_TEXT = 700   # characters (a line break counts as 60): longer text follows its row


def note_settings(db: Database) -> tuple[str, str]:
    """The council name and protective marking the register prints on notes."""
    return stored_council_name(db), protective_marking(db)


@dataclass(frozen=True)
class PageMarks:
    """What is printed around every page."""

    council: str
    marking: str
    provider: str
    visit_date: str
    framework: str
    copy_title: str
    draft: bool


class NumberedCanvas(Canvas):
    """Holds pages back until the end, so each can say "Page X of Y"."""

    def __init__(self, *args, marks: PageMarks, **kwargs):
        super().__init__(*args, **kwargs)
        self._marks = marks
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            draw_marks(self, self._marks, number, len(self._pages))
            super().showPage()
        super().save()


def draw_marks(canvas: Canvas, marks: PageMarks, page: int, pages: int) -> None:
    width, height = A4
    canvas.saveState()
    if marks.draft:
        canvas.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.18))
        canvas.setFont(BOLD, 110)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(45)
        canvas.drawCentredString(0, -35, "DRAFT")
        canvas.rotate(-45)
        canvas.translate(-width / 2, -height / 2)
    canvas.setFillColor(colors.black)
    canvas.setFont(BOLD, 9)
    top = height - 11 * mm
    canvas.drawString(MARGIN, top, marks.council)
    canvas.drawRightString(width - MARGIN, top, marks.marking)
    canvas.setFont(FONT, 8.5)
    canvas.drawString(MARGIN, top - 11, f"{marks.provider} — visit of {marks.visit_date}")
    canvas.drawRightString(width - MARGIN, top - 11, marks.copy_title)
    canvas.setStrokeColor(GRID)
    canvas.line(MARGIN, top - 15, width - MARGIN, top - 15)
    bottom = 8 * mm
    canvas.line(MARGIN, bottom + 22, width - MARGIN, bottom + 22)
    canvas.drawString(MARGIN, bottom, marks.framework)
    canvas.drawRightString(width - MARGIN, bottom, f"Page {page} of {pages}")
    canvas.setFont(BOLD, 9)
    canvas.drawCentredString(width / 2, bottom + 11, marks.marking)
    canvas.restoreState()


# --- building blocks ---------------------------------------------------------------

def _is_long(text: str) -> bool:
    return len(text) + 60 * text.count("\n") > LONG_TEXT


def _cell(text: str, style: str = "cell") -> Paragraph:
    return Paragraph(esc(text), styles()[style])


def _table(rows: Sequence[Sequence[str]], widths: Sequence[float], header: bool) -> Table:
    cells = [[_cell(v, "cell_bold" if header and i == 0 else "cell") for v in row]
             for i, row in enumerate(rows)]
    table = Table(cells, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands = [("GRID", (0, 0), (-1, -1), 0.5, GRID), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    table.setStyle(TableStyle(commands))
    return table


def flowing_table(header: Sequence[str] | None, rows: Sequence[Sequence[str]],
                  widths: Sequence[float], long_col: int, label_col: int = 0) -> list:
    """A table of ``rows``; a row whose ``long_col`` text is long says so and the text
    follows the table as paragraphs (which break across pages), then the table resumes."""
    out, pending = [], []

    def flush():
        if pending:
            out.append(_table([header, *pending] if header else pending, widths, bool(header)))
            pending.clear()

    for row in rows:
        text = row[long_col]
        if not _is_long(text):
            pending.append(row)
            continue
        pending.append([*row[:long_col], "(in full below)", *row[long_col + 1:]])
        flush()
        out.append(Paragraph(esc(f"{row[label_col]} (in full):"), styles()["label"]))
        out.extend(Paragraph(esc(part), styles()["long"]) for part in text.split("\n\n"))
    flush()
    return out


def _heading(text: str, level: str = "h1") -> Paragraph:
    return Paragraph(esc(text), styles()[level])


def _details(rows: Sequence[tuple[str, str]]) -> list:
    return flowing_table(None, [[k, v] for k, v in rows], [45 * mm, 129 * mm], 1)


# --- the parts of the note ---------------------------------------------------------

def _provider_part(db: Database, note: VisitNote) -> list:
    story = [_heading("Provider")]
    if note.provider_id is None:
        return [*story, Paragraph("No provider: a home visit.", styles()["body"])]
    p = provider_details(db, note.provider_id)
    address = ", ".join(x for x in (p.address, p.postcode) if x)
    story += _details([
        ("Name", p.name), ("URN", p.urn or "None recorded"),
        ("Type", PROVIDER_TYPES.get(p.provider_type, p.provider_type)),
        ("Host authority", p.host_authority), ("Address", address or "None recorded"),
        ("Arrangements", PROVIDER_ARRANGEMENTS.get(p.arrangements, p.arrangements)),
    ])
    latest = latest_by_inspectorate(provider_inspections(db, note.provider_id))
    rows = [[i.inspectorate, uk(i.inspected_on), i.framework, outcome_summary(i)]
            for i in latest]
    story.append(_heading("Latest inspection", "h2"))
    if not rows:
        return [*story, Paragraph("Not inspected yet.", styles()["body"])]
    return story + flowing_table(["Inspectorate", "Date", "Framework", "Outcome"], rows,
                                 [38 * mm, 22 * mm, 50 * mm, 64 * mm], 3)


def _visit_part(note: VisitNote, content: NoteContent) -> list:
    return [_heading("The visit"), *_details([
        ("Visit type", VISIT_TYPES.get(note.visit_type, note.visit_type)),
        ("Date", uk(note.visit_date)), ("Who visited", content.visitors or "Not recorded"),
        ("Provider staff met", content.staff_met or "Not recorded"),
        ("Children covered", ", ".join(content.children_covered) or "None"),
    ])]


def _findings_part(content: NoteContent) -> list:
    story = [_heading("Findings")]
    for section in content.sections:
        story.append(_heading(section.title, "h2"))
        rows = [[line.prompt, line.rating, line.evidence or "No evidence recorded"]
                for line in section.lines]
        story += flowing_table(["Criterion", "Rating", "Evidence"], rows,
                               [58 * mm, 26 * mm, 90 * mm], 2)
    return story


def _children_part(content: NoteContent) -> list:
    story = [_heading("Children")]
    for section in content.child_sections:
        story.append(_heading(section.heading, "h2"))
        story += _details(section.rows)
    return story


def _overall_part(content: NoteContent) -> list:
    return [_heading("Overall judgement"),
            *_details([("Judgement (RAG)", content.overall),
                       ("Summary", content.summary or "Not recorded")])]


def _actions_part(content: NoteContent) -> list:
    story = [_heading("Follow-up actions")]
    if not content.actions:
        return [*story, Paragraph("No follow-up actions.", styles()["body"])]
    rows = [[a.description, a.child or "—", a.owner, a.due, a.status] for a in content.actions]
    return story + flowing_table(["What needs doing", "Child", "Owner", "Due", "Status"], rows,
                                 [70 * mm, 22 * mm, 38 * mm, 22 * mm, 22 * mm], 0)


def _sign_off_part(note: VisitNote, content: NoteContent) -> list:
    story = [_heading("Sign-off")]
    if note.signed_off_by:
        story.append(Paragraph(esc(f"Signed off by {note.signed_off_by} on "
                                   f"{uk_time(note.signed_off_at)} (UK time)."),
                               styles()["body"]))
    else:
        story.append(Paragraph("Not signed off: this note is a draft.", styles()["body"]))
    for number, amendment in enumerate(content.amendments, start=1):
        story.append(_heading(f"Amendment {number}: by {amendment.amended_by} on "
                              f"{amendment.amended_at} (UK time)", "h2"))
        story.append(Paragraph(esc(f"Reason: {amendment.reason}"), styles()["body"]))
        rows = [[c.label, c.before or "(blank)", c.after or "(blank)"]
                for c in amendment.changes]
        if rows:
            story += flowing_table(["What changed", "Before", "After"], rows,
                                   [54 * mm, 60 * mm, 60 * mm], 2)
    return story


# --- the note ------------------------------------------------------------------------

def _story(db: Database, note: VisitNote, content: NoteContent) -> list:
    title = f"Note of visit: {note.provider_name}"
    parts: list[Callable[[], list]] = [
        lambda: _provider_part(db, note), lambda: _visit_part(note, content),
        lambda: _findings_part(content), lambda: _children_part(content),
        lambda: _overall_part(content), lambda: _actions_part(content),
        lambda: _sign_off_part(note, content)]
    story = [Paragraph(esc(title), styles()["title"]),
             Paragraph(esc(content.copy_title), styles()["small"]), Spacer(1, 4)]
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
    marks = PageMarks(council_name, marking, note.provider_name, uk(note.visit_date),
                      f"{framework.name}, version {framework.version}", content.copy_title,
                      draft=not note.locked)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN + 6 * mm, bottomMargin=MARGIN + 2 * mm,
                            title=f"Note of visit {visit_id}", author=council_name)
    doc.build(_story(db, note, content), canvasmaker=partial(NumberedCanvas, marks=marks))
    return out.getvalue()
