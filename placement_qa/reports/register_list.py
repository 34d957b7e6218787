"""The register list as a PDF: where every child is placed, as of a date.

One row per live placement (every placement not ended by the date), sorted by
child, in the printed list's columns of the register's column spec
(:mod:`placement_qa.domain.register_columns`): the provider, its type and host
authority, the start date, the child's next EHCP annual review (flagged when
overdue), the last monitoring visit, the next visit due and the status. The words are
the spec's, so the list, the screen and the exports agree; the columns share the page
width out by their width hints.

The large register has tens of thousands of rows: they go in one ``LongTable`` of
plain strings, a cell too wide for its column wrapped into lines (right-to-left text in
display order, set flush right; a word wider than its column broken), a cell taller
than ROW_LINES going on in the rows under it. Nothing is cut off and the list is made
in seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import LongTable, TableStyle
from sqlite_utils import Database

from ..domain.dates import uk
from ..domain.register_columns import (
    NO_DETAILS,
    OVERDUE_MARK,
    Output,
    PlacementDetails,
    RegisterColumn,
    columns_for,
    printed_text,
)
from ..domain.schedule import ScheduleLine, Status, by_child
from ..store.exports import placement_details
from ..store.schedule import schedule_as_of
from .page import MARGIN, PageMarks, build_pdf
from .paragraphs import para
from .scripts import has_rtl, printable, visual_lines, wrap
from .styles import BOLD, FONT, GRID, SHADE

PAGE_SIZE = landscape(A4)
TABLE_WIDTH = PAGE_SIZE[0] - 2 * MARGIN
FONT_SIZE, LEADING = 8, 10
PADDING = 3   # reportlab's default cell padding, left and right
ROW_LINES = 30   # lines of a cell in one row (a row must fit on a landscape page)
TOP_PADDING, BOTTOM_PADDING = 1.5, 2.5


def list_columns() -> tuple[RegisterColumn, ...]:
    return columns_for(Output.PDF)


def column_widths(columns: Sequence[RegisterColumn]) -> list[float]:
    """The page's width shared out by the columns' width hints."""
    hints = sum(column.width for column in columns)
    return [TABLE_WIDTH * column.width / hints for column in columns]


def live_lines(lines: Sequence[ScheduleLine]) -> list[ScheduleLine]:
    """Placements not ended, sorted by child (then start date and placement)."""
    return by_child(line for line in lines if line.status != Status.ENDED)


def register_list_rows(lines: Sequence[ScheduleLine], details: Mapping[int, PlacementDetails],
                       as_of: date, columns: Sequence[RegisterColumn]) -> list[list[str]]:
    """The printed rows of the live placements, as of ``as_of``."""
    texts = [printed_text(column) for column in columns]
    return [[text(line, details.get(line.placement.placement_id, NO_DETAILS), as_of)
             for text in texts]
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


def _broken(line: str, measure: Callable[[str], float], room: float) -> list[str]:
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


def printed_rows(row: Sequence[str], widths: Sequence[float],
                 font: str = FONT) -> list[tuple[list[str], list[bool]]]:
    """A row as the table prints it: each cell's lines, and whether it is set flush
    right. A cell longer than ROW_LINES lines goes on in rows under it (a row cannot
    break across pages), so however long a name is, the list prints."""
    cells = [_lines(text, width, font) for text, width in zip(row, widths, strict=True)]
    tallest = max(len(lines) for lines, _ in cells)
    flush_right = [rtl for _, rtl in cells]
    return [(["\n".join(lines[start:start + ROW_LINES]) for lines, _ in cells], flush_right)
            for start in range(0, tallest, ROW_LINES)]


def register_table(rows: list[list[str]], columns: Sequence[RegisterColumn]) -> LongTable:
    widths = column_widths(columns)
    headings = [column.header for column in columns]
    printed = printed_rows(headings, widths, BOLD) + [
        part for row in rows for part in printed_rows(row, widths)]
    cells = [texts for texts, _ in printed]
    # each row's height, worked out here once: left to the table, every page break
    # would measure all the rows still to come again
    heights = [LEADING * max(text.count("\n") + 1 for text in texts)
               + TOP_PADDING + BOTTOM_PADDING for texts in cells]
    table = LongTable(cells, colWidths=widths, rowHeights=heights, repeatRows=1,
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


def _key(columns: Sequence[RegisterColumn], as_of: date) -> str:
    """What the list's marks mean, for the columns it prints."""
    ehcp = [column.header for column in columns if column.name == "ehcp_next_review_due"]
    if not ehcp:
        return ""
    return f" {OVERDUE_MARK} in {ehcp[0]}: the review was due before {uk(as_of)}."


def register_list_pdf(db: Database, *, as_of: date, council_name: str, marking: str) -> bytes:
    """Where every child is placed as of ``as_of``, as PDF bytes."""
    columns = list_columns()
    rows = register_list_rows(schedule_as_of(db, as_of), placement_details(db), as_of, columns)
    count = f"{len(rows):,} live placement" + ("" if len(rows) == 1 else "s")
    story = [para(f"Register: where every child is placed, as of {uk(as_of)}", "title"),
             para(f"{count}, sorted by child.{_key(columns, as_of)}", "small")]
    if rows:
        story.append(register_table(rows, columns))
    marks = PageMarks(council_name, marking, "Register list — where every child is placed",
                      f"As of {uk(as_of)}", count)
    return build_pdf(story, marks, title=f"Register list as of {as_of.isoformat()}",
                     author=council_name, pagesize=PAGE_SIZE)
