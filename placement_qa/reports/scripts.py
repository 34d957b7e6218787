"""User text made ready for the embedded font, so nothing typed is lost in print.

* A character the font cannot draw (see :mod:`..domain.printable`) is shown by its
  code, "[U+5F20]"; invisible characters (controls, direction overrides, joiners) are
  left out.
* Arabic letters take their joined forms (``arabic_reshaper``), and a line holding
  right-to-left letters (Arabic, Hebrew) is put in display order by the Unicode
  bidirectional algorithm (``python-bidi``): it reads right to left, shaped, with
  numbers and Latin words inside it left to right. Lines are broken in reading order
  first (:func:`visual_lines`), so a long paragraph's lines follow each other in order.
* A text the app composed (:class:`..domain.composed_text.Composed`: a list of names,
  "Signed off by X on DATE") reads left to right, the document's direction, each typed
  value in it a unit of its own: held between isolates (LRI or RLI ... PDI) in the
  direction of its own first letter, put in display order by itself, and kept in its
  place among the app's words. The isolates are the app's: any direction control in
  what was typed is left out first, so typed text still cannot be made to display
  other than as typed.

No reportlab here: the caller says how wide a text is (``measure``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

from ..domain.composed_text import Composed
from ..domain.printable import INVISIBLE, code, covered

#: Direction overrides, embeddings and isolates typed by someone are not honoured:
#: text is shown in the order its letters imply, so a control cannot make a note read
#: other than as typed.
_OVERRIDES = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_DIRECTION_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c"))
LRM, RLM = "\u200e", "\u200f"
#: The app's own isolates, round each typed value of a composed text.
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
_ISOLATE = re.compile(f"[{LRI}{RLI}{FSI}{PDI}]")
_CONTROLS = {**_DIRECTION_MARKS, **dict.fromkeys(map(ord, LRI + RLI + FSI + PDI))}


@cache
def _not_drawn() -> re.Pattern[str]:
    """A run of characters the font has no glyph for."""
    return re.compile(f"[^{_ranges(covered())}]+")


def _ranges(chars: frozenset[int]) -> str:
    """A regular-expression character class's body for ``chars``."""
    out, ordered = [], sorted(chars)
    start = prev = ordered[0]
    for char in [*ordered[1:], -1]:
        if char != prev + 1:
            out.append(re.escape(chr(start)) if start == prev
                       else f"{re.escape(chr(start))}-{re.escape(chr(prev))}")
            start = char
        prev = char
    return "".join(out)


def printable(text: str | None) -> str:
    """``text`` in logical (reading) order as the font can draw it: composed (NFC),
    Arabic shaped, each run of characters the font lacks as "[U+5F20 U+4F1F]", tabs as
    spaces, invisible characters left out (direction marks, and the isolates round the
    values of a :class:`Composed` text, are kept in text with right-to-left letters,
    for :func:`visual_lines`, which removes them)."""
    if isinstance(text, Composed):
        text = "".join(_isolated(part) if typed else part for part, typed in text.units)
    else:
        text = str(text or "")
        if text.isascii() and text.isprintable():   # most text: nothing to do
            return text
        text = _typed(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if _ARABIC.search(text):
        text = shape_arabic(text)
    text = _not_drawn().sub(_shown, text)
    return text if has_rtl(text) else unmarked(text)


def _typed(text: str) -> str:
    """What was typed, composed (NFC), without direction controls."""
    return unicodedata.normalize("NFC", text).translate(_OVERRIDES)


def _isolated(value: str) -> str:
    """A typed value as a unit of its own: between isolates in its own direction (fixed
    here, so a value broken over lines keeps it: what FSI would resolve to)."""
    value = _typed(value)
    return f"{RLI if is_rtl_paragraph(value) else LRI}{value}{PDI}"


def unmarked(text: str) -> str:
    """``text`` without direction marks and isolates, which are never drawn."""
    return text.translate(_CONTROLS)


def _shown(match: re.Match[str]) -> str:
    """A run of characters the font lacks: each visible one by its code, direction
    marks, isolates and line breaks kept in their places, the rest left out."""
    out, codes = [], []
    for char in match.group():
        if unicodedata.category(char) not in INVISIBLE:
            codes.append(code(char))
        elif char == "\n" or ord(char) in _CONTROLS:
            out += [_coded(codes), char]
            codes = []
    return "".join([*out, _coded(codes)])


def _coded(codes: list[str]) -> str:
    # direction marks around the codes keep "[U+5F20]" whole in a right-to-left line
    return f"{LRM}[{' '.join(codes)}]{LRM}" if codes else ""


_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


@cache
def _reshape() -> Callable[[str], str]:
    import arabic_reshaper

    # harakat (vowel marks) are kept: deleting them would drop what was typed
    return arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False}).reshape


def shape_arabic(text: str) -> str:
    """Arabic letters in their initial, medial, final or isolated forms (still in
    reading order); a form the font lacks falls back to the plain letter."""
    shaped = _reshape()(text)
    have = covered()
    return "".join(char if ord(char) in have or not 0xFB50 <= ord(char) <= 0xFEFF
                   else unicodedata.normalize("NFKC", char) for char in shaped)


def has_rtl(text: str) -> bool:
    """Whether ``text`` has right-to-left letters (Hebrew, Arabic and their forms)."""
    return _RTL.search(text) is not None


def is_rtl_paragraph(line: str) -> bool:
    """Whether a paragraph (a line of what was typed) reads right to left: its first
    letter with a direction, outside any isolate, is right-to-left (the bidirectional
    algorithm's rule, P2). The typed values of a composed text are isolated, so they
    never turn it right to left."""
    depth = 0
    for char in line:
        kind = unicodedata.bidirectional(char)
        if kind in ("LRI", "RLI", "FSI"):
            depth += 1
        elif kind == "PDI":
            depth = max(depth - 1, 0)
        elif depth == 0 and kind in ("L", "R", "AL"):
            return kind != "L"
    return False


def visual_line(line: str, rtl: bool | None = None) -> str:
    """One printed line (no line break) in display order, left to right, with right-to-
    left runs reversed, mirrored ("(" shown as ")") and their marks after their
    letters; each isolated unit in it put in order by itself, in its own direction,
    and kept in its place. ``rtl`` is the paragraph's direction (by default, the
    line's own)."""
    if not has_rtl(line):
        return unmarked(line)
    if rtl is None:
        rtl = is_rtl_paragraph(line)
    if _ISOLATE.search(line):
        shown = [visual_line(part, own) for part, own in _units(line, rtl)]
        return "".join(reversed(shown) if rtl else shown)
    from bidi.algorithm import get_display

    shown = get_display(_pin_brackets(line, rtl), base_dir="R" if rtl else "L")
    return unmarked(_marks_after_letters(shown))


def _units(line: str, rtl: bool) -> list[tuple[str, bool]]:
    """``line`` as its parts outside isolates (in the paragraph's direction ``rtl``)
    and the isolated units (each in its own), in reading order. An isolate still open
    at the end of the line (a line cut short) runs to the end; an isolate inside a
    unit stays in it, for the unit's own :func:`visual_line`."""
    parts, depth, start, opener = [], 0, 0, LRI
    for match in _ISOLATE.finditer(line):
        char = match.group()
        if char != PDI:
            if depth == 0:
                parts.append((line[start:match.start()], rtl))
                start, opener = match.end(), char
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                parts.append(_unit(line[start:match.start()], opener))
                start = match.end()
    parts.append(_unit(line[start:], opener) if depth else (line[start:], rtl))
    return [(text, direction) for text, direction in parts if text]


def _unit(text: str, opener: str) -> tuple[str, bool]:
    return text, opener == RLI or (opener == FSI and is_rtl_paragraph(text))


def balanced(pieces: list[str]) -> list[str]:
    """Consecutive pieces of a text (its lines, its paragraphs), each closing the
    isolates still open at its end and opening them again at the start of the next,
    so a unit broken over lines is a unit, in its own direction, on each of them."""
    if not any(_ISOLATE.search(piece) for piece in pieces):
        return pieces
    out: list[str] = []
    opened: list[str] = []
    for piece in pieces:
        before = "".join(opened)
        for match in _ISOLATE.finditer(piece):
            if match.group() != PDI:
                opened.append(match.group())
            elif opened:
                opened.pop()
        out.append(before + piece + PDI * len(opened))
    return out


_OPENING = {"(": ")", "[": "]", "{": "}"}
_MARK = {"L": LRM, "R": "\u200f"}


def _pin_brackets(line: str, rtl: bool) -> str:
    """``line`` with each pair of brackets held to the direction the bidirectional
    algorithm's bracket rule (N0) gives it, by a direction mark either side of each
    bracket (python-bidi's own algorithm predates that rule): "Zoë said: שלום (עולם)"
    keeps its brackets round the Hebrew word."""
    embedding = "R" if rtl else "L"
    held: dict[int, str] = {}
    for opening, closing in _bracket_pairs(line):
        inside = {_strong(char) for char in line[opening + 1:closing]} - {None}
        if not inside:
            continue
        if embedding in inside:
            held[opening] = held[closing] = embedding
            continue
        before = next((d for d in map(_strong, reversed(line[:opening])) if d), embedding)
        held[opening] = held[closing] = before
    return "".join(f"{_MARK[held[i]]}{char}{_MARK[held[i]]}" if i in held else char
                   for i, char in enumerate(line))


def _bracket_pairs(line: str) -> list[tuple[int, int]]:
    """Where each opening bracket and the closing one that pairs with it are."""
    pairs, stack = [], []
    for i, char in enumerate(line):
        if char in _OPENING:
            stack.append((_OPENING[char], i))
        elif char in _OPENING.values():
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == char:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    return sorted(pairs)


def _strong(char: str) -> str | None:
    """A character's strong direction for the bracket rule: L, R (numbers count as
    right-to-left there) or None."""
    kind = unicodedata.bidirectional(char)
    if kind == "L":
        return "L"
    return "R" if kind in ("R", "AL", "EN", "AN") else None


def _marks_after_letters(shown: str) -> str:
    """Reversing a right-to-left run puts each combining mark before its letter; the
    font draws a mark over the letter before it, so the mark goes back after it."""
    chars = list(shown)
    i = 0
    while i < len(chars):
        end = i
        while end < len(chars) and unicodedata.category(chars[end]) == "Mn":
            end += 1
        before = chars[i - 1] if i else " "
        if end > i and end < len(chars) and _is_rtl_letter(chars[end]) \
                and unicodedata.bidirectional(before) != "L":
            chars[i:end + 1] = [chars[end], *reversed(chars[i:end])]
        i = end + 1
    return "".join(chars)


def _is_rtl_letter(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


def visual_lines(text: str, measure: Callable[[str], float],
                 width: float) -> tuple[list[str], bool]:
    """``text`` (from :func:`printable`) broken into lines at most ``width`` wide (by
    ``measure``) in reading order, each then put in display order; and whether its
    first paragraph reads right to left (so the lines are set flush right)."""
    paragraphs = balanced(text.split("\n"))

    def drawn(line: str) -> float:   # direction marks and isolates take no room
        return measure(unmarked(line))

    out = []
    for paragraph in paragraphs:
        rtl = is_rtl_paragraph(paragraph)
        out += [visual_line(line, rtl) for line in balanced(wrap(paragraph, drawn, width))]
    return out, is_rtl_paragraph(paragraphs[0])


def wrap(paragraph: str, measure: Callable[[str], float], width: float) -> list[str]:
    """``paragraph`` broken at spaces into lines at most ``width`` wide (a word wider
    than that stands on a line of its own)."""
    lines: list[str] = []
    line = ""
    for word in paragraph.split(" "):
        candidate = f"{line} {word}" if line else word
        if line and measure(candidate) > width:
            lines.append(line)
            candidate = word
        line = candidate
    return [*lines, line]
