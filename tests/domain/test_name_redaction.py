"""Name redaction in the note copies and the board report: names typed without accents
or in another case are caught, ordinary words survive (issue 14)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from placement_qa.domain.framework import default_framework
from placement_qa.domain.name_redaction import fold, initials_stand_in, name_replacer
from placement_qa.domain.note_copy import (
    ANOTHER_CHILD,
    PROVIDER_COPY,
    child_copy,
    note_content,
    redactor,
)
from placement_qa.domain.visit_note import ChildRecord, VisitNote

TILLY = "Tilly Young"
OTHERS = ("Zoë Łukasiewicz", "Ayşe Yılmaz", "Șerban Popescu", "Ngọc Nguyễn", TILLY,
          "Hoàng Chen-James", "Siobhán Ó Súilleabháin")


def another_child(*names: str):
    return name_replacer((name, ANOTHER_CHILD) for name in names)


@pytest.mark.parametrize(("text", "folded"), [
    ("Zoë", "zoe"), ("ZOË", "zoe"), ("Łukasz", "lukasz"), ("Ayşe Yılmaz", "ayse yilmaz"),
    ("Șerban Şerban", "serban serban"), ("Ngọc Nguyễn", "ngoc nguyen"), ("Øyvind", "oyvind"),
    ("Zoe\u0308", "zoe"), ("Straße", "strasse"), ("Ægir", "aegir"), ("张伟", "张伟"),
])
def test_names_fold_to_the_same_letters(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(("names", "text", "expected"), [
    # typed without accents, or in another case
    (OTHERS, "Zoe, ZOE, zoe and ZOË", "another child, another child, another child and "
     "another child"),
    (OTHERS, "Ayse was ill; AYSE YILMAZ too", "another child was ill; another child too"),
    (OTHERS, "Serban and Şerban and SERBAN", "another child and another child and "
     "another child"),
    (OTHERS, "Ngoc Nguyen settled; nguyen ngoc too", "another child settled; another child "
     "too"),
    (OTHERS, "Lukasiewicz, Zoe signed", "another child signed"),
    (OTHERS, "Siobhan O Suilleabhain came", "another child came"),
    (OTHERS, "Chen James and chen-james and ChenJames", "another child and another child "
     "and another child"),
    # ordinary words survive, the name does not
    ((TILLY,), "Record the young person's views", "Record the young person's views"),
    ((TILLY,), "We will miss young people", "We will miss young people"),
    ((TILLY,), "Tilly Young said hello", "another child said hello"),
    ((TILLY,), "tilly young said hello", "another child said hello"),
    ((TILLY,), "Tilly said hello", "another child said hello"),
    ((TILLY,), "Ms Young said hello; ms young too", "another child said hello; ms young too"),
    ((TILLY,), "Young, Tilly (Y10)", "another child (Y10)"),
    ((TILLY,), "YOUNG was seen", "another child was seen"),
    ((TILLY,), "Seen: T. Y., T.Y. and T. Young", "Seen: another child, another child and "
     "another child"),
    ((TILLY,), "Mail tilly.young@school.example", "Mail another child@school.example"),
    (("Will Brown",), "Will Brown will bring brown shoes", "another child will bring brown "
     "shoes"),
    (("Rose Hill",), "The rose by the hill; Rose Hill by the rose", "The rose by the hill; "
     "another child by the rose"),
    # whole words only, in any alphabet
    (OTHERS, "Zoëlla and Zoes and Youngs", "Zoëlla and Zoes and Youngs"),
    (("张伟",), "张伟来了", "another child来了"),
    (("Ayşe Yılmaz",), "", ""),
])
def test_another_childs_name_is_caught_however_typed(names, text, expected):
    assert another_child(*names)(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Tilly Young and Ms Young", "T. Y. and Ms Y."),
    ("tilly and YOUNG, but the young person", "T. and Y., but the young person"),
    ("Ngoc Nguyen", "N. N."),
])
def test_the_provider_copy_writes_initials_however_the_name_was_typed(text, expected):
    replace = name_replacer([(TILLY, initials_stand_in), ("Ngọc Nguyễn", initials_stand_in)])
    assert replace(text) == expected


def test_the_own_childs_name_stays_and_a_siblings_goes():
    own = name_replacer([("Sam Young", ANOTHER_CHILD)], keep=[TILLY])
    assert own("Tilly Young and Sam Young; Young, Sam; Ms Young") == \
        "Tilly Young and another child; another child; Ms Young"


SUMMARY = "Zoe Lukasiewicz, AYSE and Ngoc Nguyen met. Record the young person's views."


def _note() -> VisitNote:
    children = tuple(ChildRecord(n, name, views=SUMMARY) for n, name in enumerate(
        ("Zoë Łukasiewicz", "Ayşe Yılmaz", "Ngọc Nguyễn", TILLY), start=1))
    return VisitNote(visit_id=7, provider_id=3, provider_name="Oakfield",
                     visit_date=date(2025, 12, 3), visit_type="annual_monitoring",
                     status="completed", framework_version_id=1, visitors="J. Okafor",
                     provider_staff_met="Head", children=children, summary=SUMMARY)


@pytest.mark.parametrize(("copy", "summary"), [
    (child_copy(4), "another child, another child and another child met. Record the young "
     "person's views."),
    (child_copy(1), "Zoe Lukasiewicz, another child and another child met. Record the young "
     "person's views."),
    (PROVIDER_COPY, "Z. Ł., A. and N. N. met. Record the young person's views."),
])
def test_note_copies_catch_names_typed_without_accents(copy, summary):
    content = note_content(_note(), default_framework(), (), (), copy)
    assert content.summary == summary
    assert all(value == summary for section in content.child_sections
               for label, value in section.rows if label == "Their views, in their own words")


# --- properties --------------------------------------------------------------------

NAMES = ("Zoë Łukasiewicz", "Ayşe Yılmaz", "Șerban Popescu", "Ngọc Nguyễn", "Łucja Wróbel",
         "Siobhán Ó Súilleabháin", "Dawit Tesfaye", "Mårten Ørsted", "Jean-Luc Ndiaye")
FILLER = ("the", "school", "visit", "Ofsted", "café", "naïve", "Zoëlla", "Popescus",
          "seen", "and", "With", "plan", "ÉCOLE")
SEPARATORS = (" ", ", ", ". ", "\n", " (", ") ", "'s ", ": ", " - ")


def _strip_accents(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(
        str.maketrans("łŁıøØ", "lLioO"))


VARIANTS = (str, str.upper, str.lower, str.title, _strip_accents,
            lambda t: _strip_accents(t).upper(), lambda t: _strip_accents(t).lower())


@st.composite
def mentions(draw):
    """A name, and text mentioning it (or a word of it) in some accent/case variant."""
    name = draw(st.sampled_from(NAMES))
    words = name.split()
    pieces = []
    for _ in range(draw(st.integers(1, 6))):
        variant = draw(st.sampled_from(VARIANTS))
        piece = draw(st.sampled_from([*FILLER, name, *words, *name.split("-")]))
        pieces += [variant(piece), draw(st.sampled_from(SEPARATORS))]
    return name, "".join(pieces)


def _name_tokens(name: str) -> set[str]:
    return {t for t in re.findall(r"[^\W\d_]+", fold(name)) if len(t) > 1}


@settings(max_examples=300, deadline=None)
@given(mentions())
@example(("Ayşe Yılmaz", "AYSE YILMAZ, ayse and Ayşe"))
def test_no_accent_or_case_variant_of_another_childs_name_survives(found):
    name, text = found
    redacted = another_child(name)(text)
    left = set(re.findall(r"[^\W\d_]+", fold(redacted)))
    assert not left & _name_tokens(name), (text, redacted)


ORDINARY = ("young", "will", "rose", "brown", "may", "hope", "miss", "park")


@st.composite
def nameless(draw):
    """Text with no child's name in it: filler words in any case, and ordinary words
    that are also surnames, in lower case."""
    pieces = []
    for _ in range(draw(st.integers(0, 12))):
        variant = draw(st.sampled_from(VARIANTS))
        word = draw(st.one_of(st.sampled_from(FILLER).map(variant), st.sampled_from(ORDINARY)))
        pieces += [word, draw(st.sampled_from(SEPARATORS))]
    return "".join(pieces)


@settings(max_examples=300, deadline=None)
@given(nameless())
@example("Record the young person's views")
def test_a_sentence_without_a_name_is_unchanged(text):
    names = (*NAMES, TILLY, "Will Brown", "May Rose", "Hope Park")
    assert another_child(*names)(text) == text
    assert redactor(_note(), PROVIDER_COPY)(text) == text


# --- any name at all ---------------------------------------------------------------

# Any text a name field may hold: letters of every kind, digits, punctuation, combining
# accents alone, spaces, and text that folds to nothing.
ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
NAME_TEXT = st.one_of(
    ANY_TEXT,
    st.lists(st.sampled_from(("-2+3", "&", "-", "2", "\u0301", "Anne", "Jo", "Ms", "T.",
                              "Zoë", "Ø", "张", " ", "'", "Ł", "ß", "ǅ", "ﬀ", "Mr")),
             max_size=5).map(" ".join),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(NAME_TEXT, NAME_TEXT), min_size=1, max_size=4),
       st.lists(st.one_of(ANY_TEXT, NAME_TEXT), max_size=8).map(" ".join))
@example([("-2+3", "Tester")], "-2+3 Tester and Tester, -2+3 went. T. and Ms Tester")
@example([("Anne", "Smith - Jones")], "Anne Smith - Jones; Smith-Jones; A. S. J.; Ms Jones")
@example([("Ann", "Lee 2")], "Ann Lee 2 and A. L. 2. and Lee")
@example([("Jo", "Smith &")], "Jo Smith & co")
@example([("Jo \u0301", "Lee")], "Jo \u0301 Lee and J. \u0301. L.")
@example([("\u0301", "\u0301")], "\u0301. \u0301.")
def test_any_name_builds_a_redaction_that_never_fails(names, text):
    """Whatever a child is called, every copy can be printed: building the redaction
    and rewriting any text never raises, and gives text back."""
    full = [f"{given} {family}" for given, family in names]
    for replace in (another_child(*full),
                    name_replacer([(name, initials_stand_in) for name in full]),
                    name_replacer([(name, ANOTHER_CHILD) for name in full[1:]],
                                  keep=full[:1])):
        assert isinstance(replace(text), str)


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("-2+3 Tester", "Tester and -2+3 Tester came", "another child and -2+3 another child came"),
    ("Anne Smith - Jones", "Anne Smith - Jones, Smith-Jones and Jones left",
     "another child, another child and another child left"),
    ("Ann Lee 2", "Ann Lee 2 and Lee", "another child 2 and another child"),
    ("Jo Smith &", "Smith & Jo", "another child & another child"),
])
def test_words_without_letters_are_not_part_of_the_name(name, text, expected):
    """A child whose name holds a word of digits or punctuation: the name's words are
    still caught, and the digits and punctuation are left as typed."""
    assert another_child(name)(text) == expected


GERMAN = ("Max Müller", "Jürgen Schröder", "Lena Bär", "Anna Weiß")


@pytest.mark.parametrize(("text", "expected"), [
    ("Mueller, MUELLER and Max Mueller", "another child, another child and another child"),
    ("Juergen Schroeder; Schroeder, Juergen; JUERGEN", "another child; another child; "
     "another child"),
    ("Baer and Lena Baer; Weiss and WEISS", "another child and another child; another child "
     "and another child"),
    ("Mueller, Müller and Muller", "another child, another child and another child"),
    # ordinary words, and other words with "ae", "oe" or "ue", survive
    ("Mueller met us at the bar; she was blue; a Schroedinger cat", "another child met us "
     "at the bar; she was blue; a Schroedinger cat"),
])
def test_german_names_are_caught_with_their_umlauts_written_out(text, expected):
    assert another_child(*GERMAN)(text) == expected


def test_the_provider_copy_writes_an_umlauts_initial_as_registered():
    replace = name_replacer([("Ülker Bär", initials_stand_in)])
    assert replace("Uelker Baer and Ms Baer") == "Ü. B. and Ms B."
