"""User text made ready for the embedded font, so nothing typed is lost in print.

* A character the font cannot draw (see :mod:`..domain.printable`) is shown by its
  code, "[U+5F20]"; invisible characters (controls, direction overrides, joiners) are
  left out.
* Arabic letters take their joined forms (``arabic_reshaper``), and a line holding
  right-to-left letters (Arabic, Hebrew) is put in display order by the Unicode
  bidirectional algorithm (``python-bidi``): it reads right to left, shaped, with
  numbers and Latin words inside it left to right. Lines are broken in reading order
  first (:func:`visual_lines`), so a long paragraph's lines follow each other in order.

No reportlab here: the caller says how wide a text is (``measure``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

from ..domain.printable import INVISIBLE, code, covered

#: Direction overrides and embeddings are not honoured: text is shown in the order
#: its letters imply, so an override cannot make a note read other than as typed.
_OVERRIDES = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_DIRECTION_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c"))
LRM = "\u200e"


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
    spaces, invisible characters left out (direction marks are kept in text with
    right-to-left letters, for :func:`visual_lines`, which removes them)."""
    text = str(text or "")
    if text.isascii() and text.isprintable():   # most text: nothing to do
        return text
    text = unicodedata.normalize("NFC", text).translate(_OVERRIDES)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if _ARABIC.search(text):
        text = shape_arabic(text)
    text = _not_drawn().sub(_shown, text)
    return text if has_rtl(text) else text.translate(_DIRECTION_MARKS)


def _shown(match: re.Match[str]) -> str:
    kept, codes = [], []
    for char in match.group():
        if char == "\n" or ord(char) in _DIRECTION_MARKS:
            kept.append(char)
        elif unicodedata.category(char) not in INVISIBLE:
            codes.append(code(char))
    # direction marks around the code keep "[U+5F20]" whole in a right-to-left line
    shown = f"{LRM}[{' '.join(codes)}]{LRM}" if codes else ""
    return "".join(kept) + shown


_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


@cache
def _reshaper():
    import arabic_reshaper

    # harakat (vowel marks) are kept: deleting them would drop what was typed
    return arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})


def shape_arabic(text: str) -> str:
    """Arabic letters in their initial, medial, final or isolated forms (still in
    reading order); a form the font lacks falls back to the plain letter."""
    shaped = _reshaper().reshape(text)
    have = covered()
    return "".join(char if ord(char) in have or not 0xFB50 <= ord(char) <= 0xFEFF
                   else unicodedata.normalize("NFKC", char) for char in shaped)


def has_rtl(text: str) -> bool:
    """Whether ``text`` has right-to-left letters (Hebrew, Arabic and their forms)."""
    return _RTL.search(text) is not None


def is_rtl_paragraph(line: str) -> bool:
    """Whether a paragraph (a line of what was typed) reads right to left: its first
    letter with a direction is right-to-left (the bidirectional algorithm's rule)."""
    from bidi.algorithm import get_base_level

    return get_base_level(line) == 1


def visual_line(line: str, rtl: bool | None = None) -> str:
    """One printed line (no line break) in display order, left to right, with right-to-
    left runs reversed, mirrored ("(" shown as ")") and their marks after their
    letters. ``rtl`` is the paragraph's direction (by default, the line's own)."""
    if not has_rtl(line):
        return line.translate(_DIRECTION_MARKS)
    from bidi.algorithm import get_display

    if rtl is None:
        rtl = is_rtl_paragraph(line)
    shown = get_display(_pin_brackets(line, rtl), base_dir="R" if rtl else "L")
    return _marks_after_letters(shown).translate(_DIRECTION_MARKS)


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
    paragraphs = text.split("\n")
    out = []
    for paragraph in paragraphs:
        rtl = is_rtl_paragraph(paragraph)
        out += [visual_line(line, rtl) for line in wrap(paragraph, measure, width)]
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
