"""What every printed report shares: the marks around each page (council, protective
marking, what the report is, "Page X of Y", a DRAFT watermark when asked), tables
whose long text flows on across pages, and building the PDF's bytes.

Reports lay out their own content and call :func:`build_pdf` with a :class:`PageMarks`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from .styles import BOLD, FONT, GRID, SHADE, esc, styles

MARGIN = 18 * mm
LONG_TEXT = 700   # characters (a line break counts as 60): longer text follows its row


@dataclass(frozen=True)
class PageMarks:
    """What is printed around every page: the council and marking at the top, what the
    report is about under them (left) and which copy or date (right), the source of
    the content at the foot (e.g. the framework and its version)."""

    council: str
    marking: str
    subject: str
    copy_title: str
    footer: str
    draft: bool = False


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
    width, height = canvas._pagesize
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
    canvas.drawString(MARGIN, top - 11, marks.subject)
    canvas.drawRightString(width - MARGIN, top - 11, marks.copy_title)
    canvas.setStrokeColor(GRID)
    canvas.line(MARGIN, top - 15, width - MARGIN, top - 15)
    bottom = 8 * mm
    canvas.line(MARGIN, bottom + 22, width - MARGIN, bottom + 22)
    canvas.drawString(MARGIN, bottom, marks.footer)
    canvas.drawRightString(width - MARGIN, bottom, f"Page {page} of {pages}")
    canvas.setFont(BOLD, 9)
    canvas.drawCentredString(width / 2, bottom + 11, marks.marking)
    canvas.restoreState()


# --- building blocks ---------------------------------------------------------------

def is_long(text: str) -> bool:
    return len(text) + 60 * text.count("\n") > LONG_TEXT


def cell(text: str, style: str = "cell") -> Paragraph:
    return Paragraph(esc(text), styles()[style])


def table(rows: Sequence[Sequence[str]], widths: Sequence[float], header: bool) -> Table:
    cells = [[cell(v, "cell_bold" if header and i == 0 else "cell") for v in row]
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
            out.append(table([header, *pending] if header else pending, widths, bool(header)))
            pending.clear()

    for row in rows:
        text = row[long_col]
        if not is_long(text):
            pending.append(row)
            continue
        pending.append([*row[:long_col], "(in full below)", *row[long_col + 1:]])
        flush()
        out.append(Paragraph(esc(f"{row[label_col]} (in full):"), styles()["label"]))
        out.extend(Paragraph(esc(part), styles()["long"]) for part in text.split("\n\n"))
    flush()
    return out


def heading(text: str, level: str = "h1") -> Paragraph:
    return Paragraph(esc(text), styles()[level])


def details(rows: Sequence[tuple[str, str]]) -> list:
    return flowing_table(None, [[k, v] for k, v in rows], [45 * mm, 129 * mm], 1)


def build_pdf(story: list, marks: PageMarks, *, title: str, author: str,
              pagesize: tuple[float, float] = A4) -> bytes:
    """Lay out ``story`` with ``marks`` around every page; the PDF's bytes."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN + 6 * mm, bottomMargin=MARGIN + 2 * mm,
                            title=title, author=author)
    doc.build(story, canvasmaker=partial(NumberedCanvas, marks=marks))
    return out.getvalue()
