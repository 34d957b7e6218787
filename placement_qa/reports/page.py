"""What every printed report shares: the marks around each page (council, protective
marking, what the report is, "Page X of Y", a DRAFT watermark when asked), tables
whose long text flows on across pages, and building the PDF's bytes.

Reports lay out their own content and call :func:`build_pdf` with a :class:`PageMarks`.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Table, TableStyle

from ..domain.composed_text import compose
from .marks_text import draw_line
from .paragraphs import CHUNK, LINE_WEIGHT, long_text, para
from .styles import BOLD, FONT, GRID, SHADE

MARGIN = 18 * mm
CELL_PADDING = 6      # points each side of a table cell's text (reportlab's default)
ROW_LIMIT = 200       # points: a cell taller than this follows its row, in full
LABEL_LIMIT = 80      # characters of a row's label repeated over its text in full
IN_FULL_BELOW = "(in full below)"
GAP = 12              # points between two marks on one line


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

    # reportlab's own, missing from its type stubs
    _pagesize: tuple[float, float]
    _startPage: Callable[[], None]

    def __init__(self, *args: Any, marks: PageMarks, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._marks = marks
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            draw_marks(self, self._marks, number, len(self._pages))
            super().showPage()
        super().save()


def draw_marks(canvas: NumberedCanvas, marks: PageMarks, page: int, pages: int) -> None:
    """The marks around one page. Each line's left mark is cut short ("…") to leave
    room for its right one, so a long name never runs over another mark."""
    width, height = canvas._pagesize
    left, right = MARGIN, width - MARGIN
    canvas.saveState()
    if marks.draft:
        _watermark(canvas, width, height)
    canvas.setFillColor(colors.black)
    top = height - 11 * mm
    _pair(canvas, top, (left, right), marks.council, marks.marking, BOLD, 9)
    _pair(canvas, top - 11, (left, right), marks.subject, marks.copy_title, FONT, 8.5)
    canvas.setStrokeColor(GRID)
    canvas.line(left, top - 15, right, top - 15)
    bottom = 8 * mm
    canvas.line(left, bottom + 22, right, bottom + 22)
    _pair(canvas, bottom, (left, right), marks.footer, f"Page {page} of {pages}", FONT, 8.5)
    draw_line(canvas, (left + right) / 2, bottom + 11, marks.marking, (BOLD, 9),
              right - left, "centre")
    canvas.restoreState()


def _watermark(canvas: Canvas, width: float, height: float) -> None:
    canvas.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.18))
    canvas.setFont(BOLD, 110)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(45)
    canvas.drawCentredString(0, -35, "DRAFT")
    canvas.rotate(-45)
    canvas.translate(-width / 2, -height / 2)


def _pair(canvas: Canvas, y: float, span: tuple[float, float], left_text: str,
          right_text: str, font: str, size: float) -> None:
    """``left_text`` flush left and ``right_text`` flush right on one line: the right
    one takes at most half the line, the left one the rest."""
    left, right = span
    used = draw_line(canvas, right, y, right_text, (font, size), (right - left) / 2, "right")
    draw_line(canvas, left, y, left_text, (font, size), right - left - used - GAP, "left")


# --- building blocks ---------------------------------------------------------------

def cell(text: str, style: str = "cell") -> Flowable:
    return para(text, style)


# a TableStyle command: its name, first and last cell, then its values
TableCommand = tuple[str, tuple[int, int], tuple[int, int], *tuple[object, ...]]


def table(rows: Sequence[Sequence[str]], widths: Sequence[float], header: bool) -> Table:
    cells = [[cell(v, "cell_bold" if header and i == 0 else "cell") for v in row]
             for i, row in enumerate(rows)]
    table = Table(cells, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    # the cells' own font: reportlab sets it for each table even when every cell is a
    # paragraph, and its default (Helvetica) would be declared in the PDF but not embedded
    commands: list[TableCommand] = [
        ("FONT", (0, 0), (-1, -1), FONT), ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    table.setStyle(TableStyle(commands))
    return table


def too_tall(text: str, width: float) -> bool:
    """Whether ``text`` in a table cell ``width`` wide would make its row taller than
    ROW_LIMIT (a row cannot break across pages, so a taller one may not fit on any)."""
    if len(text) + LINE_WEIGHT * text.count("\n") > CHUNK:
        return True
    if len(text) < 40 and "\n" not in text:
        return False
    return cell(text).wrap(width - 2 * CELL_PADDING, 1e9)[1] > ROW_LIMIT


def flowing_table(header: Sequence[str] | None, rows: Sequence[Sequence[str]],
                  widths: Sequence[float], label_col: int = 0) -> list[Flowable]:
    """A table of ``rows``. A cell too tall for its row (any column) says "(in full
    below)" and its text follows the table as paragraphs, which break across pages,
    headed by the row's label (its ``label_col`` text) and the column; then the table
    resumes."""
    out: list[Flowable] = []
    pending: list[Sequence[str]] = []

    def flush() -> None:
        if pending:
            out.append(table([header, *pending] if header else pending, widths, bool(header)))
            pending.clear()

    for row in rows:
        tall = [i for i, (text, width) in enumerate(zip(row, widths, strict=True))
                if too_tall(text, width)]
        if not tall:
            pending.append(row)
            continue
        pending.append([IN_FULL_BELOW if i in tall else text for i, text in enumerate(row)])
        flush()
        for i in tall:
            out.append(para(_in_full_label(row[label_col], header[i] if header else None),
                            "label"))
            out.extend(long_text(row[i]))
    flush()
    return out


def _in_full_label(label: str, column: str | None) -> str:
    if len(label) > LABEL_LIMIT:
        label = label[:LABEL_LIMIT].rstrip() + "…"
    if column:
        return compose("{}: {} (in full):", label, column)
    return compose("{} (in full):", label)


def heading(text: str, level: str = "h1") -> Flowable:
    return para(text, level)


def details(rows: Sequence[tuple[str, str]]) -> list:
    return flowing_table(None, [[k, v] for k, v in rows], [45 * mm, 129 * mm])


def build_pdf(story: list, marks: PageMarks, *, title: str, author: str,
              pagesize: tuple[float, float] = A4) -> bytes:
    """Lay out ``story`` with ``marks`` around every page; the PDF's bytes."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN + 6 * mm, bottomMargin=MARGIN + 2 * mm,
                            title=title, author=author, initialFontName=FONT)
    doc.build(story, canvasmaker=partial(NumberedCanvas, marks=marks))
    return out.getvalue()
