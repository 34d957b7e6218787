"""The register list as a PDF: where every child is placed, as of a date.

One row per live placement (every placement not ended by the date), sorted by
child: the provider, its type and host authority, the start date, the child's next
EHCP annual review (flagged when overdue), the last monitoring visit, the next visit
due and the status. The values are the register export's (:func:`register_values`)
and the status words the register's (:func:`status_text`), so the list, the screen
and the CSV agree.

The large register has tens of thousands of rows: they go in one ``LongTable`` of
plain strings, a cell too wide for its column wrapped into lines (right-to-left text in
display order, set flush right; a word wider than its column broken), a cell taller
than ROW_LINES going on in the rows under it. Nothing is cut off and the list is made
in seconds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import LongTable, TableStyle
from sqlite_utils import Database

from ..domain.dates import uk
from ..domain.ehcp import EhcpDates, is_review_overdue
from ..domain.schedule import ScheduleLine, Status, by_child
from ..domain.wording import status_text
from ..exports.register_csv import as_text, register_values
from ..store.exports import ehcp_dates_by_placement
from ..store.schedule import schedule_as_of
from .page import PageMarks, build_pdf
from .paragraphs import para
from .scripts import has_rtl, printable, visual_lines, wrap
from .styles import BOLD, FONT, GRID, SHADE

HEADER = ("Child", "Provider", "Provider type", "Host authority", "Start",
          "EHCP review due", "Last visit", "Next visit due", "Status")
WIDTHS = tuple(w * mm for w in (36, 44, 34, 28, 19, 36, 19, 19, 26))
FONT_SIZE, LEADING = 8, 10
PADDING = 3   # reportlab's default cell padding, left and right
ROW_LINES = 30   # lines of a cell in one row (a row must fit on a landscape page)
TOP_PADDING, BOTTOM_PADDING = 1.5, 2.5
OVERDUE_MARK = "⚠ overdue"
# register_values' columns used here, in HEADER's order (EHCP and status come apart).
CHILD, PROVIDER, TYPE, AUTHORITY, START, EHCP_DUE, LAST_VISIT, NEXT_DUE = 0, 1, 2, 3, 4, 7, 8, 9


def live_lines(lines: Sequence[ScheduleLine]) -> list[ScheduleLine]:
    """Placements not ended, sorted by child (then start date and placement)."""
    return by_child(line for line in lines if line.status != Status.ENDED)


def ehcp_text(due: date | None, overdue: bool) -> str:
    if due is None:
        return "No review recorded"
    return f"{uk(due)} {OVERDUE_MARK}" if overdue else uk(due)


def register_list_row(line: ScheduleLine, ehcp: EhcpDates | None, as_of: date) -> list[str]:
    """The printed row of a live placement."""
    values = register_values(line, ehcp)
    overdue = ehcp is not None and is_review_overdue(ehcp.last_review, ehcp.next_review_due,
                                                     as_of)
    row = [as_text(values[i]) for i in (CHILD, PROVIDER, TYPE, AUTHORITY, START)]
    row.append(ehcp_text(values[EHCP_DUE], overdue))
    row += [as_text(values[LAST_VISIT]) or "Never", as_text(values[NEXT_DUE]) or "—",
            status_text(line)]
    return row


def register_list_rows(lines: Sequence[ScheduleLine], ehcp: Mapping[int, EhcpDates],
                       as_of: date) -> list[list[str]]:
    return [register_list_row(line, ehcp.get(line.placement.placement_id), as_of)
            for line in live_lines(lines)]


def _lines(text: str, width: float, font: str = FONT) -> tuple[list[str], bool]:
    """The text as the lines it prints in its column, in display order, and whether it
    reads right to left (set flush right). A word wider than the column is broken."""
    room = width - 2 * PADDING
    shown = printable(text)

    def measure(line: str) -> float:
        return stringWidth(line, font, FONT_SIZE)

    if has_rtl(shown):
        lines, rtl = visual_lines(shown, measure, room)
    elif "\n" not in shown and measure(shown) <= room:
        return [shown], False
    else:
        lines = [line for part in shown.split("\n") for line in wrap(part, measure, room)]
        rtl = False
    return [piece for line in lines for piece in _broken(line, measure, room)], rtl


def _broken(line: str, measure, room: float) -> list[str]:
    """``line``, or the pieces of it that fit when a word alone is wider than ``room``."""
    if measure(line) <= room:
        return [line]
    pieces, piece = [], ""
    for char in line:
        if piece and measure(piece + char) > room:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece]


def printed_rows(row: Sequence[str], font: str = FONT) -> list[tuple[list[str], list[bool]]]:
    """A row as the table prints it: each cell's lines, and whether it is set flush
    right. A cell longer than ROW_LINES lines goes on in rows under it (a row cannot
    break across pages), so however long a name is, the list prints."""
    cells = [_lines(text, width, font) for text, width in zip(row, WIDTHS, strict=True)]
    tallest = max(len(lines) for lines, _ in cells)
    flush_right = [rtl for _, rtl in cells]
    return [(["\n".join(lines[start:start + ROW_LINES]) for lines, _ in cells], flush_right)
            for start in range(0, tallest, ROW_LINES)]


def register_table(rows: list[list[str]]) -> LongTable:
    printed = printed_rows(HEADER, BOLD) + [part for row in rows for part in printed_rows(row)]
    cells = [texts for texts, _ in printed]
    # each row's height, worked out here once: left to the table, every page break
    # would measure all the rows still to come again
    heights = [LEADING * max(text.count("\n") + 1 for text in texts)
               + TOP_PADDING + BOTTOM_PADDING for texts in cells]
    table = LongTable(cells, colWidths=WIDTHS, rowHeights=heights, repeatRows=1,
                      hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, FONT_SIZE, LEADING),
        ("FONT", (0, 0), (-1, 0), BOLD, FONT_SIZE, LEADING),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), TOP_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), BOTTOM_PADDING),
        *(("ALIGN", (col, row), (col, row), "RIGHT") for row, (_, right) in enumerate(printed)
          for col, flush in enumerate(right) if flush),
    ]))
    return table


def register_list_pdf(db: Database, *, as_of: date, council_name: str, marking: str) -> bytes:
    """Where every child is placed as of ``as_of``, as PDF bytes."""
    rows = register_list_rows(schedule_as_of(db, as_of), ehcp_dates_by_placement(db), as_of)
    count = f"{len(rows):,} live placement" + ("" if len(rows) == 1 else "s")
    story = [para(f"Register: where every child is placed, as of {uk(as_of)}", "title"),
             para(f"{count}, sorted by child. EHCP review due is the next annual "
                  f"review; {OVERDUE_MARK} means it was due before {uk(as_of)}.", "small")]
    if rows:
        story.append(register_table(rows))
    marks = PageMarks(council_name, marking, "Register list — where every child is placed",
                      f"As of {uk(as_of)}", count)
    return build_pdf(story, marks, title=f"Register list as of {as_of.isoformat()}",
                     author=council_name, pagesize=landscape(A4))
