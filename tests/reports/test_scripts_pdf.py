"""Text the fonts cannot draw is never lost in print: Hebrew and Arabic read right to
left in reading order (read back by pdftotext, which reads a page as a reader does),
Arabic letters joined, and a character the font lacks shown by its code."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections import Counter
from datetime import date

from recorded_visits import provider_with_children, record_and_sign

from placement_qa.reports.paragraphs import markup
from placement_qa.reports.scripts import printable, visual_line, visual_lines
from placement_qa.reports.styles import BOLD, FONT, ITALIC, register_fonts
from placement_qa.reports.visit_note import visit_note_pdf
from placement_qa.store import planning

OPTIONS = {"council_name": "Westbridge Council", "marking": "OFFICIAL-SENSITIVE"}
HEBREW_WORDS = "אחת שתיים שלוש ארבע חמש שש שבע שמונה תשע עשר".split()
# many distinct Hebrew words, so a line out of order is caught: "אב1" is not used, as
# numbers inside right-to-left text keep their own order
HEBREW = " ".join(f"{a}{b}ים" for a in HEBREW_WORDS for b in "אבגדהוזחטיכלמנסעפצקרשת")
ARABIC = "قالت فاطمة إنها تحب الرسم كثيرا ولديها ثلاثة أصدقاء في الصف وتشعر بالأمان"
BIDI_CONTROLS = dict.fromkeys(range(0x202A, 0x202F))


def note_with_views(db, views: dict[str, str]) -> int:
    """A signed-off visit to a child for each name in ``views``, who said that."""
    names = [tuple(name.split(" ", 1)) for name in views]
    provider, placements = provider_with_children(db, "Oakfield House School", names)
    visit = planning.plan_visit(db, provider_id=provider, visit_date=date(2026, 11, 5),
                                visit_type="annual_monitoring", visitors="J. Okafor",
                                placement_ids=list(placements.values()))
    return record_and_sign(db, visit, views=lambda child: views[child.child_name])


def read_back(tmp_path, data: bytes, *extra: str) -> str:
    path = tmp_path / "note.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", *extra, str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def reading(text: str) -> str:
    """pdftotext's text as letters in reading order: its direction marks left out, the
    joined forms of Arabic letters as the letters (NFKC), spaces and line breaks gone."""
    letters = unicodedata.normalize("NFKC", text.translate(BIDI_CONTROLS))
    return re.sub(r"\s+", "", letters)


def test_hebrew_over_many_lines_and_arabic_read_in_reading_order(db, tmp_path):
    visit = note_with_views(db, {"יעל כהן": HEBREW, "Zoë Łukasiewicz": ARABIC})
    shown = reading(read_back(tmp_path, visit_note_pdf(db, visit, **OPTIONS)))
    assert reading(HEBREW) in shown           # several lines, each in order, in order
    assert reading(ARABIC) in shown
    assert reading("יעל כהן") in shown        # the child's name, as a heading


def test_arabic_prints_in_its_joined_forms(db, tmp_path):
    visit = note_with_views(db, {"Zoë Łukasiewicz": ARABIC})
    raw = read_back(tmp_path, visit_note_pdf(db, visit, **OPTIONS), "-raw")
    forms = "".join(char for char in raw if 0xFE70 <= ord(char) <= 0xFEFF)
    # every letter drawn in a contextual form (initial, medial, final or alone), lam and
    # alef joined as one
    assert Counter(unicodedata.normalize("NFKC", forms)) == Counter(ARABIC.replace(" ", ""))


def test_characters_the_font_lacks_print_as_their_codes(db, tmp_path):
    visit = note_with_views(db, {"Zoë Łukasiewicz": "Likes 张伟 and 🦄 a lot"})
    shown = read_back(tmp_path, visit_note_pdf(db, visit, **OPTIONS))
    assert "Likes [U+5F20 U+4F1F] and [U+1F984] a lot" in shown


def test_brackets_and_numbers_in_right_to_left_text_face_the_right_way():
    # read right to left: "שלום", then "(עולם)", then 123
    assert visual_line("שלום (עולם) 123") == "123 (םלוע) םולש"
    assert visual_line("Zoë said: שלום (עולם)") == "Zoë said: (םלוע) םולש"


def test_a_right_to_left_paragraph_is_broken_into_lines_in_reading_order():
    lines, rtl = visual_lines("אחת שתיים שלוש ארבע", len, 9)
    assert rtl
    assert lines == [visual_line("אחת שתיים"), visual_line("שלוש ארבע")]
    assert lines[0] == "םייתש תחא"


def test_vowel_marks_stay_on_their_letters():
    # shin with qamats and shin dot, lamed, vav with holam, final mem
    assert visual_line(printable("שָׁלוֹם")) == "םוֹלשָׁ"


def test_text_the_bold_or_oblique_lacks_is_set_in_the_regular_font():
    register_fonts()
    assert markup("Zoë", BOLD) == "Zoë"
    assert markup("Note: سلام", ITALIC) == f'Note: <font face="{FONT}">سلام</font>'
    assert markup("a < b", FONT) == "a &lt; b"
