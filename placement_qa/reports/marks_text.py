"""One line of text drawn straight on the page, as the marks around it are: every
character shown (:mod:`.scripts`), right-to-left text in reading order, a character
the bold lacks drawn in the regular font, and the line cut short with "…" to fit
the room it is given, so it never runs over the mark beside it.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from .scripts import printable, visual_line
from .styles import FONT, glyphs

ELLIPSIS = "…"
MOST = 400   # characters: more than any line of the page holds


def fitted(text: str, font: str, size: float, room: float) -> str:
    """``text`` as one printed line (in display order) at most ``room`` points wide:
    whole, or cut short in reading order and ended with "…". The marks are English
    labels, so the line reads left to right, a right-to-left name within it in order."""
    line = " ".join(printable(text).split("\n"))

    def width(logical: str) -> float:
        return pdfmetrics.stringWidth(visual_line(logical, rtl=False), font, size)

    if len(line) <= MOST and width(line) <= room:
        return visual_line(line, rtl=False)
    low, high = 0, min(len(line), MOST)    # the longest cut that fits lies in [low, high]
    while low < high:
        middle = (low + high + 1) // 2
        if width(line[:middle].rstrip() + ELLIPSIS) <= room:
            low = middle
        else:
            high = middle - 1
    return visual_line(line[:low].rstrip() + ELLIPSIS, rtl=False) if low else ""


def draw_line(canvas: Canvas, x: float, y: float, text: str, font: tuple[str, float],
              room: float, align: str) -> float:
    """Draw ``text`` fitted to ``room`` at ``x`` (its left end, right end or centre by
    ``align``: "left", "right" or "centre"); the width drawn."""
    name, size = font
    runs = _runs(fitted(text, name, size, room), name)
    total = sum(pdfmetrics.stringWidth(run, face, size) for run, face in runs)
    start = {"left": x, "right": x - total, "centre": x - total / 2}[align]
    for run, face in runs:
        canvas.setFont(face, size)
        canvas.drawString(start, y, run)
        start += pdfmetrics.stringWidth(run, face, size)
    return total


def _runs(line: str, font: str) -> list[tuple[str, str]]:
    """``line`` in runs of one font each: ``font``, or the regular font for a character
    ``font`` lacks."""
    own = glyphs(font)
    runs: list[tuple[str, str]] = []
    for char in line:
        face = font if ord(char) in own else FONT
        if runs and runs[-1][1] == face:
            runs[-1] = (runs[-1][0] + char, face)
        else:
            runs.append((char, face))
    return runs
