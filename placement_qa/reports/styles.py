"""Fonts and paragraph styles for the printed reports.

The DejaVu fonts shipped in ``resources/fonts/`` (licence in LICENSE-DejaVu.txt)
are embedded, so every name prints as typed (Zoë Łukasiewicz, Ayşe Yılmaz,
Șerban Popescu); the PDF's standard fonts cannot show most of them.
"""

from __future__ import annotations

from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..assets import resource_path

FONT, BOLD, ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"
_FILES = {FONT: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}
GRID = colors.HexColor("#9AA5B1")
SHADE = colors.HexColor("#E8EDF2")


def esc(text: str | None) -> str:
    """User text made safe for a Paragraph: ``& < >`` escaped, newlines kept as breaks."""
    if not text:
        return ""
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br/>".join(escape(line) for line in lines)


@cache
def register_fonts() -> str:
    """Register the embedded fonts once; the family name."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file in _FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD)
    return FONT


def glyphs(font: str) -> dict[int, int]:
    """The code points the embedded (TrueType) ``font`` has a glyph for, to the glyph."""
    found = pdfmetrics.getFont(font)
    if not isinstance(found, TTFont):
        raise TypeError(f"{font} is not one of the embedded fonts")
    return found.face.charToGlyph


@cache
def styles() -> dict[str, ParagraphStyle]:
    """The report's paragraph styles by name."""
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, spaceAfter=3)
    return {
        "body": body,
        "long": ParagraphStyle("long", parent=body, leftIndent=10, spaceAfter=6),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11, spaceAfter=0),
        "cell_bold": ParagraphStyle("cell_bold", parent=body, fontName=BOLD, fontSize=8.5,
                                    leading=11, spaceAfter=0),
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=16, leading=20,
                                spaceAfter=6),
        "h1": ParagraphStyle("h1", parent=body, fontName=BOLD, fontSize=12.5, leading=16,
                             spaceBefore=10, spaceAfter=4, keepWithNext=True),
        "h2": ParagraphStyle("h2", parent=body, fontName=BOLD, fontSize=10.5, leading=13,
                             spaceBefore=6, spaceAfter=3, keepWithNext=True),
        "label": ParagraphStyle("label", parent=body, fontName=BOLD, spaceBefore=4,
                                spaceAfter=1, keepWithNext=True),
        "small": ParagraphStyle("small", parent=body, fontName=ITALIC, fontSize=8.5,
                                leading=11),
    }


@cache
def piece_style(name: str) -> ParagraphStyle:
    """The style ``name`` for a piece of a paragraph that more of it follows: no space
    after it, and never kept with the next (the pieces of a long text would all be)."""
    return ParagraphStyle(f"{name}_piece", parent=styles()[name], spaceAfter=0,
                          keepWithNext=False)
