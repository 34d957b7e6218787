"""Lists and labels the app puts together (the children covered, "Note of visit: NAME",
the page header, "Provider: NAME") read left to right, the document's direction, each
typed name whole, in its own direction, in its place; a paragraph someone typed in
Arabic is still set flush right, all of it.

Read back as drawn: ``pdftotext -bbox`` gives each word where it is drawn, its letters
in drawn order, so a right-to-left name with no digits or brackets is its letters
reversed (Arabic joined forms read as their letters, NFKC).
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import replace
from datetime import UTC, date, datetime
from html import unescape

import pytest
from recorded_visits import provider_with_children, record_and_sign

from placement_qa.domain.actions import NewAction
from placement_qa.domain.composed_text import compose
from placement_qa.reports.scripts import printable, visual_line, visual_lines
from placement_qa.reports.visit_note import visit_note_pdf
from placement_qa.store import planning
from placement_qa.store.actions import raise_action
from placement_qa.store.visit_notes import amend_visit, load_visit_note

OPTIONS = {"council_name": "Westbridge Council", "marking": "OFFICIAL-SENSITIVE"}
PAGE = re.compile(r"<page .*?</page>", re.DOTALL)
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">'
                  r"(.*?)</word>")
SENTENCE = "قالت فاطمة إنها تحب الرسم كثيرا ولديها صديقتان في الصف وتشعر بالراحة."
# one paragraph, longer than reportlab is given at once: each sentence after the first
# starts with the child's name in Latin letters, so a piece of it may too
LONG_ARABIC = " ".join([SENTENCE] + [f"Zoë {SENTENCE}"] * 40)


def visit_to(db, provider: str, names: list[tuple[str, str]], **note) -> int:
    """A signed-off visit to ``provider`` covering a child of each (given, family) name."""
    provider_id, placements = provider_with_children(db, provider, names)
    visit = planning.plan_visit(db, provider_id=provider_id, visit_date=date(2026, 11, 18),
                                visit_type="annual_monitoring", visitors="J. Okafor",
                                placement_ids=list(placements.values()))
    return record_and_sign(db, visit, **note)


def drawn_lines(tmp_path, data: bytes) -> list[tuple[str, list[tuple[float, float, str]]]]:
    """Every page's lines as drawn, top to bottom: the text, the words left to right as
    drawn joined by a space; and the words, each (left, right, text)."""
    path = tmp_path / "note.pdf"
    path.write_bytes(data)
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    lines = []
    for page in PAGE.findall(html):
        rows: dict[float, list[tuple[float, float, str]]] = {}
        for left, top, right, text in WORD.findall(page):
            word = unicodedata.normalize("NFKC", unescape(text))
            rows.setdefault(float(top), []).append((float(left), float(right), word))
        lines += [(" ".join(w[2] for w in sorted(words)), sorted(words))
                  for _, words in sorted(rows.items())]
    return lines


def line_starting(lines, start: str) -> tuple[str, list[tuple[float, float, str]]]:
    found = [line for line in lines if line[0].startswith(start)]
    assert found, f"no line starts {start!r}: {[text for text, _ in lines]}"
    return found[0]


def drawn(rtl_name: str) -> str:
    """How a name of right-to-left letters only is drawn: its letters reversed."""
    return rtl_name[::-1]


def read_right_to_left(line: str) -> str:
    """A drawn line of a right-to-left paragraph as it is read: its words from the
    right, each right-to-left word's letters from the right (a Latin word as it is)."""
    return " ".join(word if re.search("[A-Za-z]", word) else word[::-1]
                    for word in reversed(line.split(" ")))


def test_a_list_of_names_reads_left_to_right_each_name_whole_in_its_place(db, tmp_path):
    names = [("ناصر", "علي"), ("Tom", "Brown"), ("Zoë", "Smith"), ("יעל", "כהן")]
    lines = drawn_lines(tmp_path, visit_note_pdf(db, visit_to(db, "Oakfield", names),
                                                 **OPTIONS))
    # filed by family name: Brown, Smith, then the Hebrew and the Arabic family names;
    # the two right-to-left names are not run together into one (which draws the
    # Arabic name first, so the list reads in another order)
    assert line_starting(lines, "Children covered")[0] == (
        f"Children covered Tom Brown, Zoë Smith, {drawn('יעל כהן')}, {drawn('ناصر علي')}")


def test_a_list_starting_with_a_right_to_left_name_stays_left_to_right(db, tmp_path):
    names = [("ناصر", "Ali"), ("Zoë", "Smith"), ("Tom", "Brown")]
    lines = drawn_lines(tmp_path, visit_note_pdf(db, visit_to(db, "Oakfield", names),
                                                 **OPTIONS))
    # "ناصر Ali" is one name, drawn as it reads on its own (Ali left of ناصر); the list
    # is not turned right to left, where it reads "Ali, Tom Brown, Zoë Smith ناصر"
    covered, words = line_starting(lines, "Children covered")
    assert covered == f"Children covered Ali {drawn('ناصر')}, Tom Brown, Zoë Smith"
    # from the left of its cell, as the other rows' values are (not flush right)
    _, visitors = line_starting(lines, "Who visited J. Okafor")
    assert words[2][0] == pytest.approx(visitors[2][0])


def test_a_hebrew_provider_name_keeps_its_own_order_in_the_header_and_labels(db, tmp_path):
    visit = visit_to(db, "בית ספר ORT", [("Zoë", "Smith")])
    raise_action(db, NewAction(1, "Update the medication log", "provider", "כהן (SENCo)",
                               date(2027, 1, 9), "high", visit_id=visit))
    lines = drawn_lines(tmp_path, visit_note_pdf(db, visit, **OPTIONS))
    texts = [text for text, _ in lines]
    # the name reads right to left on its own: "בית ספר", then "ORT" (drawn at its left)
    name = f"ORT {drawn('בית ספר')}"
    assert texts.count(f"{name} — visit of 18/11/2026 Full note of visit") >= 2  # each page
    assert f"Note of visit: {name}" in texts
    # the action's owner "כהן (SENCo)", right to left on its own: the brackets at its left
    assert line_starting(lines, "Update the medication log")[0] == (
        f"Update the medication log — Provider: (SENCo) {drawn('כהן')} 09/01/2027 Open")


def test_an_arabic_paragraph_stays_flush_right_and_in_reading_order(db, tmp_path):
    visit = visit_to(db, "Oakfield", [("Zoë", "Smith")], evidence=lambda key: LONG_ARABIC)
    lines = drawn_lines(tmp_path, visit_note_pdf(db, visit, **OPTIONS))
    start = next(i for i, (text, _) in enumerate(lines) if text == "Evidence (in full):")
    paragraph = []
    for text, words in lines[start + 1:]:
        if not re.search("[\u0600-\u06ff]", text):
            break
        paragraph.append((words[-1][1], text))
    # every line ends at the same right edge, also where a piece of the paragraph
    # starts with "Zoë": the paragraph reads right to left, as its first letter does
    assert len(paragraph) > 10
    assert {round(right) for right, _ in paragraph} == {round(paragraph[0][0])}
    assert paragraph[0][0] > 500
    # each line read from the right: the paragraph as written, in order
    assert " ".join(read_right_to_left(text) for _, text in paragraph) == LONG_ARABIC


def test_an_amended_childs_name_stays_in_its_place_in_what_changed(db, tmp_path):
    visit = visit_to(db, "Oakfield", [("ناصر", "علي")])
    note = load_visit_note(db, visit)
    child = replace(note.children[0], views="Likes football")
    amend_visit(db, replace(note, children=(child,)), "Views checked", "P. Manager",
                datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    lines = drawn_lines(tmp_path, visit_note_pdf(db, visit, **OPTIONS))
    # "ناصر علي: Their views, in their own words", the app's label round the name:
    # left to right, the name first (not set flush right as if the label were Arabic,
    # with the name at the end)
    at = next(i for i, (text, _) in enumerate(lines) if text == "What changed Before After")
    (changed, words), header = lines[at + 1], lines[at][1]
    assert changed == f"{drawn('ناصر علي')}: Their views, in their Likes art Likes football"
    assert words[0][0] == pytest.approx(header[0][0])


def test_a_direction_control_typed_in_a_name_cannot_move_it_out_of_its_place():
    # a typed "end of isolate" (U+2069) and "right-to-left override" (U+202E) are left
    # out: the name is laid out as if they were never typed
    typed = compose("Provider: {}, {}", "כהן\u2069 (SENCo)\u202e", "Tom")
    assert visual_line(printable(typed)) == f"Provider: (SENCo) {drawn('כהן')}, Tom"


def test_a_name_broken_over_lines_is_its_own_unit_on_each():
    lines, rtl = visual_lines(printable(compose("Reason: {}", "אחת שתיים 3 שלוש ארבע")),
                              len, 17)
    # the reason reads right to left on each line, the number in it in its place; the
    # text as a whole left to right (set flush left)
    assert (lines, rtl) == ([f"Reason: {drawn('אחת שתיים')}", f"{drawn('שלוש ארבע')} 3"],
                            False)


def test_characters_the_font_lacks_keep_their_place_round_a_line_break():
    # each line's own characters, shown by their codes on that line
    assert printable("张\n伟") == "[U+5F20]\n[U+4F1F]"
