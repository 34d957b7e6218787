"""Names the printed notes cannot show are flagged where they are typed or imported,
naming the characters; the font's own map says what it can show."""

from __future__ import annotations

import unicodedata

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from placement_qa.assets import resource_path
from placement_qa.domain.printable import covered, font_characters, unprintable
from placement_qa.domain.validation import FieldError, printable_name

PRINTABLE_NAMES = ["Zoë Łukasiewicz", "Ayşe Yılmaz", "Șerban Popescu", "Nguyễn Văn Ngọc",
                   "Αθηνά Παπαδοπούλου", "Анастасия Иванова", "Արամ Հակոբյան",
                   "ნინო ბერიძე", "יעל כהן", "محمد علي", "فاطمه‌زهرا رضایی"]


@pytest.mark.parametrize("name", ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
                                  "DejaVuSans-Oblique.ttf"])
def test_the_fonts_character_map_is_read_as_reportlab_reads_it(name):
    path = resource_path("fonts", name)
    drawn = {char for char, glyph in TTFont("F", str(path)).face.charToGlyph.items() if glyph}
    assert font_characters(path) == drawn


@pytest.mark.parametrize("name", PRINTABLE_NAMES)
def test_names_in_the_alphabets_the_font_has_are_accepted(name):
    assert unprintable(name) == []
    assert printable_name("Given name", f"  {name} ") == name


@pytest.mark.parametrize(("name", "flagged"), [
    ("张伟", ["张", "伟"]),
    ("佐藤 花子", ["佐", "藤", "花", "子"]),
    ("김민준", ["김", "민", "준"]),
    ("Priya प्रिया", ["प", "्", "र", "ि", "य", "ा"]),
    ("Ploy ปลอย", ["ป", "ล", "อ", "ย"]),
    ("Unicorn 🦄 Smith", ["🦄"]),
])
def test_a_name_the_font_cannot_show_is_refused_naming_each_character(name, flagged):
    assert unprintable(name) == flagged
    with pytest.raises(FieldError) as raised:
        printable_name("Family name", name)
    assert raised.value.field == "Family name"
    for char in flagged:
        assert f"{char} (U+{ord(char):04X})" in raised.value.message
    assert "cannot be printed" in raised.value.message


def test_invisible_characters_are_not_a_reason_to_refuse():
    # a zero-width non-joiner (Persian), a right-to-left mark, a soft hyphen
    assert unprintable("فاطمه\u200cزهرا\u200f Anne\u00admarie") == []


def test_the_font_draws_the_alphabets_the_readme_names():
    have = covered()
    persian = "پچژگکی"
    assert all(ord(char) in have for char in persian)
    # Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew, Arabic (hamza to ghain, feh to yeh)
    for first, last in [(0x41, 0x5A), (0x391, 0x3A9), (0x410, 0x44F), (0x531, 0x556),
                        (0x10D0, 0x10F0), (0x5D0, 0x5EA), (0x621, 0x63A), (0x641, 0x64A)]:
        letters = [c for c in range(first, last + 1) if unicodedata.category(chr(c))[0] == "L"]
        assert all(char in have for char in letters), hex(first)


CONTROLS = [chr(c) for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))]
DIRECTION_CONTROLS = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


@pytest.mark.parametrize("char", CONTROLS + DIRECTION_CONTROLS,
                         ids=lambda char: f"U+{ord(char):04X}")
def test_a_control_or_direction_character_in_a_name_is_refused_by_its_code(char):
    with pytest.raises(FieldError) as raised:
        printable_name("Given name", f"Ann{char}Marie")
    assert raised.value.field == "Given name"
    assert raised.value.message.startswith(f"contains U+{ord(char):04X} (")
    assert raised.value.message.endswith("which a name cannot hold: type the name again "
                                         "without it")
    assert char not in raised.value.message  # shown by its code only


def test_the_message_names_each_such_character_while_joiners_stay_allowed():
    for name in ("فاطمه\u200cزهرا", "Anne\u200dMarie", "Anne\u200fMarie"):
        assert printable_name("Given name", name) == name  # Persian, Indic names need them
    with pytest.raises(FieldError) as raised:
        printable_name("Family name", "Ali\u202eeo\x0bJ")
    assert raised.value.message == (
        "contains U+202E (right-to-left override) and U+000B (a control character), which "
        "a name cannot hold: type the name again without them")

