"""Which characters the printed reports can draw: those the embedded font has.

The reports embed DejaVu Sans (in ``resources/fonts``; its bold and oblique fall back
to it for the few characters they lack): Latin,
Greek, Cyrillic, Armenian, Georgian, Hebrew and Arabic letters, and many symbols, but
no Chinese, Japanese or Korean characters, no Indic or Thai script, and few emoji. A
name is checked when typed or imported (:func:`unprintable`), so one the reports
cannot show is flagged then, naming the characters; a report shows any such character
that reaches it by its code ("[U+5F20]"), never as nothing.

A name must not hold characters that hide part of it or make it display as another
(:func:`hidden_controls`): control characters (a tab, a line break, a vertical tab
pasted from a spreadsheet) and the bidirectional embedding, override and isolate
controls (U+202A–U+202E, U+2066–U+2069: "Ali\u202eeoJ" shows as "AliJoe"). The
zero-width joiner and non-joiner (U+200D, U+200C) stay allowed: Persian and Indic
names need them.

The fonts' character maps are read here with no PDF library, so a dialog can check a
name without loading the report code.
"""

from __future__ import annotations

import struct
import unicodedata
from functools import cache
from pathlib import Path

from ..assets import resource_path

FONT_FILE = "DejaVuSans.ttf"
#: The bidirectional embedding, override and isolate controls: never in a name.
DIRECTION_CONTROLS = frozenset(map(chr, (*range(0x202A, 0x202F), *range(0x2066, 0x206A))))
#: Characters drawn as nothing on purpose (line breaks, tabs, direction marks, joiners):
#: never a reason to refuse a name, and left out of a report rather than shown.
INVISIBLE = ("Cc", "Cf", "Zl", "Zp")


@cache
def covered() -> frozenset[int]:
    """The code points the embedded font draws."""
    return font_characters(resource_path("fonts", FONT_FILE))


def is_printable(char: str) -> bool:
    """Whether the reports draw ``char`` (one character) or leave it out as invisible."""
    return ord(char) in covered() or unicodedata.category(char) in INVISIBLE


def unprintable(text: str | None) -> list[str]:
    """The characters of ``text`` (composed, NFC) the reports cannot draw, each once,
    in the order they first appear."""
    seen: dict[str, None] = {}
    for char in unicodedata.normalize("NFC", text or ""):
        if char not in seen and not is_printable(char):
            seen[char] = None
    return list(seen)


def hidden_controls(text: str | None) -> list[str]:
    """The control characters (Unicode category Cc) and direction controls in ``text``,
    each once, in the order they first appear: characters a name must not hold."""
    seen: dict[str, None] = {}
    for char in text or "":
        if char in DIRECTION_CONTROLS or unicodedata.category(char) == "Cc":
            seen.setdefault(char)
    return list(seen)


def describe_controls(chars: list[str]) -> str:
    """"U+000B (a control character) and U+202E (right-to-left override)": by code
    only, as such characters cannot be shown."""
    named = [f"{code(char)} ({_control_name(char)})" for char in chars]
    return " and ".join(filter(None, [", ".join(named[:-1]), named[-1]]))


def _control_name(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.lower() if char in DIRECTION_CONTROLS and name else "a control character"


def with_codes(text: str) -> str:
    """``text`` with every control character and direction control shown by its code
    ("Ann[U+000B]Marie"): safe to print on a terminal or in a message."""
    hidden = hidden_controls(text)
    for char in hidden:
        text = text.replace(char, f"[{code(char)}]")
    return text


def describe(chars: list[str]) -> str:
    """"张 (U+5F20), 伟 (U+4F1F)": characters, and their codes, for a message."""
    return ", ".join(f"{char} ({code(char)})" for char in chars)


def code(char: str) -> str:
    return f"U+{ord(char):04X}"


def font_characters(path: Path) -> frozenset[int]:
    """The code points a TrueType font maps to a glyph (its Unicode ``cmap`` subtable,
    format 12 or 4)."""
    data = path.read_bytes()
    tables = _tables(data)
    cmap = tables[b"cmap"]
    count = struct.unpack_from(">H", data, cmap + 2)[0]
    records = {struct.unpack_from(">HH", data, cmap + 4 + 8 * i):
               struct.unpack_from(">I", data, cmap + 8 + 8 * i)[0] for i in range(count)}
    for key in ((3, 10), (0, 4), (3, 1), (0, 3)):
        if key in records:
            start = cmap + records[key]
            kind = struct.unpack_from(">H", data, start)[0]
            if kind == 12:
                return _format_12(data, start)
            if kind == 4:
                return _format_4(data, start)
    raise ValueError(f"{path.name}: no Unicode character map")


def _tables(data: bytes) -> dict[bytes, int]:
    count = struct.unpack_from(">H", data, 4)[0]
    return {data[12 + 16 * i:16 + 16 * i]: struct.unpack_from(">I", data, 20 + 16 * i)[0]
            for i in range(count)}


def _format_12(data: bytes, start: int) -> frozenset[int]:
    groups = struct.unpack_from(">I", data, start + 12)[0]
    chars: set[int] = set()
    for i in range(groups):
        first, last, glyph = struct.unpack_from(">III", data, start + 16 + 12 * i)
        chars.update(range(first + (glyph == 0), last + 1))
    return frozenset(chars)


def _format_4(data: bytes, start: int) -> frozenset[int]:
    segments = struct.unpack_from(">H", data, start + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, start + 14)
    starts = struct.unpack_from(f">{segments}H", data, start + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, start + 16 + 4 * segments)
    offsets_at = start + 16 + 6 * segments
    offsets = struct.unpack_from(f">{segments}H", data, offsets_at)
    chars: set[int] = set()
    for i in range(segments):
        for char in range(starts[i], ends[i] + 1):
            if char == 0xFFFF:
                continue
            if offsets[i] == 0:
                glyph = (char + deltas[i]) & 0xFFFF
            else:
                at = offsets_at + 2 * i + offsets[i] + 2 * (char - starts[i])
                glyph = struct.unpack_from(">H", data, at)[0]
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                chars.add(char)
    return frozenset(chars)
