"""User text as flowables for a report: every character shown (see :mod:`.scripts`),
right-to-left lines in reading order, and long text in pieces reportlab lays out in
bounded time.

:func:`para` is the one way a report turns text into a paragraph; :func:`long_text`
is the one way a text that may run over pages is set.
"""

from __future__ import annotations

import re
from functools import cache

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph

from .scripts import (
    LRM,
    RLM,
    balanced,
    has_rtl,
    is_rtl_paragraph,
    printable,
    unmarked,
    visual_lines,
)
from .styles import FONT, esc, glyphs, piece_style, styles

CHUNK = 2000          # characters of a paragraph given to reportlab at once ...
CHUNK_LINES = 60      # ... and line breaks
LINE_WEIGHT = CHUNK // CHUNK_LINES   # a line break counts as this many characters


def para(text: str | None, style: str | ParagraphStyle = "body") -> Flowable:
    """``text`` as a paragraph in ``style`` (a name from :func:`.styles.styles`)."""
    chosen = styles()[style] if isinstance(style, str) else style
    return _laid(printable(text), chosen)


def _laid(shown: str, style: ParagraphStyle) -> Flowable:
    """Text from :func:`.scripts.printable` as a paragraph."""
    if has_rtl(shown):
        return ReadingOrder(shown, style)
    return Paragraph(markup(shown, style.fontName), style)


def markup(text: str, font: str) -> str:
    """Paragraph markup for ``text`` (from :func:`.scripts.printable`): escaped, line
    breaks kept, direction marks and isolates (never drawn) left out, and any character
    ``font`` lacks (the bold and oblique have fewer than the regular) set in the regular
    font rather than drawn as nothing."""
    text = unmarked(text)
    missing = _lacking(font)
    if missing is None:
        return esc(text)
    parts, last = [], 0
    for match in missing.finditer(text):
        parts += [esc(text[last:match.start()]), f'<font face="{FONT}">',
                  esc(match.group()), "</font>"]
        last = match.end()
    parts.append(esc(text[last:]))
    return "".join(parts)


@cache
def _lacking(font: str) -> re.Pattern[str] | None:
    """A run of characters the regular font has and ``font`` lacks (None for the
    regular font itself)."""
    if font == FONT:
        return None
    regular = set(glyphs(FONT))
    own = set(glyphs(font))
    lacking = sorted(regular - own - {ord("\n")})
    return re.compile("[" + "".join(re.escape(chr(c)) for c in lacking) + "]+")


class ReadingOrder(Flowable):
    """Text holding right-to-left letters: broken into lines in reading order at the
    width it is given, each line then put in display order, the whole set flush right
    when its first paragraph reads right to left. Splits across pages like a
    paragraph."""

    def __init__(self, text: str, style: ParagraphStyle):
        super().__init__()
        self.text, self.style = text, style
        self._laid: tuple[float, Paragraph] | None = None

    def _paragraph(self, width: float) -> Paragraph:
        if self._laid is None or self._laid[0] != width:
            style = self.style
            room = width - style.leftIndent - style.rightIndent

            def measure(text: str) -> float:
                return pdfmetrics.stringWidth(text, style.fontName, style.fontSize)

            lines, rtl = visual_lines(self.text, measure, room)
            aligned = ParagraphStyle(f"{style.name}_{'rtl' if rtl else 'ltr'}", parent=style,
                                     alignment=TA_RIGHT if rtl else TA_LEFT)
            self._laid = (width, Paragraph(markup("\n".join(lines), style.fontName), aligned))
        return self._laid[1]

    def wrap(self, availWidth: float,  # noqa: N803 (reportlab's names)
             availHeight: float) -> tuple[float, float]:
        self.width, self.height = self._paragraph(availWidth).wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return self._paragraph(availWidth).split(availWidth, availHeight)

    def draw(self) -> None:
        self._paragraph(self.width).drawOn(self.canv, 0, 0)

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.style.spaceAfter


def long_text(text: str | None, style: str = "long") -> list[Flowable]:
    """``text`` as paragraphs that break across pages: one for each part between blank
    lines, each given to reportlab in pieces of bounded length (see :func:`chunks`). A
    piece that goes on with a paragraph begun in the one before keeps that paragraph's
    direction (a right-to-left paragraph stays flush right whatever the piece's first
    letter)."""
    out = []
    for part in balanced(printable(text).split("\n\n")):
        pieces = chunks(part) or [""]
        ends = [piece.endswith("\n") for piece in pieces[:-1]]   # a paragraph's end
        trimmed = [piece[:-1] if end else piece for piece, end in zip(pieces, ends, strict=False)]
        shown = _continued(balanced([*trimmed, pieces[-1]]), ends)
        out += [_laid(piece, piece_style(style)) for piece in shown[:-1]]
        out.append(_laid(shown[-1], styles()[style]))
    return out


def _continued(pieces: list[str], ends: list[bool]) -> list[str]:
    """``pieces`` of a text with right-to-left letters, each that goes on with the
    paragraph the piece before it ends in (``ends``: which pieces end a paragraph)
    starting with a direction mark saying that paragraph's direction (its first
    letter's, so one mark carries it on to the piece after)."""
    if not any(map(has_rtl, pieces)):
        return pieces
    out = pieces[:1]
    for piece, after_end in zip(pieces[1:], ends, strict=True):
        if not after_end:
            ending = out[-1].rsplit("\n", 1)[-1]
            piece = (RLM if is_rtl_paragraph(ending) else LRM) + piece
        out.append(piece)
    return out


def chunks(text: str, size: int = CHUNK, lines: int = CHUNK_LINES) -> list[str]:
    """``text`` cut into pieces that join back to it exactly, each at most ``size``
    characters and ``lines`` line breaks, ending at a line break, else a sentence's end,
    else a space, where the piece has one. reportlab breaks a paragraph across pages in
    time growing with the square of its length; pieces of bounded length keep a long
    text's time linear."""
    pieces, start = [], 0
    while start < len(text):
        cut = _cut(text, start, min(start + size, len(text)), lines)
        pieces.append(text[start:cut])
        start = cut
    return pieces


def _cut(text: str, start: int, end: int, lines: int) -> int:
    """Where the piece starting at ``start`` (and ending by ``end``) ends."""
    newline = start - 1
    for _ in range(lines):
        newline = text.find("\n", newline + 1, end)
        if newline < 0:
            break
    else:
        return newline + 1
    if end == len(text):
        return end
    middle = (start + end) // 2
    for marks, lowest in ((("\n",), start), ((". ", "! ", "? "), middle), ((" ",), start)):
        after = [text.rfind(mark, lowest, end) + len(mark) for mark in marks
                 if text.rfind(mark, lowest, end) >= 0]
        if after:
            return max(after)
    return end
