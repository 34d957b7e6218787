"""Folding, matching, filtering and sorting the register's lines (plain Python)."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from placement_qa.domain.register import RegisterPlacement
from placement_qa.domain.schedule import ScheduleLine, Status
from placement_qa.ui.register_columns import (
    COL_CHILD,
    COL_HOST_AUTHORITY,
    COL_NEXT_DUE,
    COL_STATUS,
    SORT_KEYS,
    search_fields,
)
from placement_qa.ui.register_filter import RegisterRows, fold, search_words


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Zoë", "zoe"),
        ("Łukasz", "lukasz"),
        ("Øster", "oster"),
        ("Đorđe", "dorde"),
        ("Siobhán Ó Briain", "siobhan o briain"),
        ("Işık", "isik"),
        ("Straße", "strasse"),
        ("Ærø", "aero"),
        ("O’Brien", "o'brien"),
        ("ＡＢＣ", "abc"),
        ("Plain ASCII", "plain ascii"),
    ],
)
def test_fold_drops_case_accents_and_special_letters(typed, folded):
    assert fold(typed) == folded


def test_search_words_are_folded_and_split():
    assert search_words("  Zoë   BRENNAN ") == ("zoe", "brennan")
    assert search_words("   ") == ()


def line(
    pid: int,
    child: str,
    status: Status = Status.IN_SCHEDULE,
    *,
    provider: str = "Oakfield School",
    authority: str = "Northshire",
    due: date | None = date(2027, 1, 1),
) -> ScheduleLine:
    placement = RegisterPlacement(
        placement_id=pid, child_id=pid, child_name=child, provider_id=1,
        provider_name=provider, provider_type="independent_special",
        host_authority=authority, start_date=date(2025, 1, 1), end_date=None,
        arrangement="day", state="placed",
    )
    return ScheduleLine(placement=placement, requires_monitoring=True, last_visit=None,
                        next_due=due, status=status)


@pytest.fixture
def rows() -> RegisterRows:
    rows = RegisterRows(search_fields, SORT_KEYS)
    rows.set_lines([
        line(1, "Zoë Brennan", Status.OVERDUE, due=date(2026, 10, 1)),
        line(2, "Łukasz Nowak", provider="Hillcrest House", authority="Southvale"),
        line(3, "Amara Okafor", Status.DUE_SOON, due=date(2026, 12, 3)),
        line(4, "Ben Carter", Status.ENDED, due=None),
        line(5, "Chloe Davies", Status.OVERDUE, due=date(2026, 10, 1)),
    ])
    return rows


def names(rows: RegisterRows) -> list[str]:
    return [line.placement.child_name for line in rows.visible]


def test_every_word_must_match_somewhere(rows):
    rows.set_filter_text("lukasz hill")
    assert names(rows) == ["Łukasz Nowak"]
    rows.set_filter_text("ZOE")
    assert names(rows) == ["Zoë Brennan"]
    rows.set_filter_text("southvale")
    assert names(rows) == ["Łukasz Nowak"]


def test_a_word_never_spans_two_fields(rows):
    rows.set_filter_text("nowakhill")
    assert names(rows) == []


def test_status_filter_and_counts(rows):
    rows.set_statuses({Status.OVERDUE})
    assert names(rows) == ["Zoë Brennan", "Chloe Davies"]
    assert rows.counts[Status.OVERDUE] == 2 and rows.counts[Status.ENDED] == 1
    rows.set_filter_text("chloe")
    assert names(rows) == ["Chloe Davies"]
    # Counts follow the words typed but not the chosen status.
    assert rows.counts[Status.OVERDUE] == 1 and rows.counts[Status.ENDED] == 0
    rows.set_statuses(None)
    assert names(rows) == ["Chloe Davies"]


def test_my_visits_keeps_only_those_placements_and_the_counts_follow(rows):
    rows.set_filter_text("o")  # every child here has an o
    rows.set_placements({1, 3, 4})
    assert names(rows) == ["Zoë Brennan", "Amara Okafor", "Ben Carter"]
    assert (rows.counts[Status.OVERDUE], rows.counts[Status.IN_SCHEDULE]) == (1, 0)
    rows.set_filter_text("okafor")
    assert names(rows) == ["Amara Okafor"]
    rows.set_statuses({Status.OVERDUE})
    assert names(rows) == []
    rows.set_placements(None)
    rows.set_filter_text("")
    assert names(rows) == ["Zoë Brennan", "Chloe Davies"]
    assert rows.counts[Status.OVERDUE] == 2


def test_changes_filter_ignores_spaces_and_case(rows):
    rows.set_filter_text("zoe")
    assert not rows.changes_filter("ZOË ")
    assert rows.changes_filter("zoe b")


def test_missing_keys_sort_last_both_ways_and_ties_keep_register_order(rows):
    rows.set_sort(COL_NEXT_DUE)
    assert names(rows) == [
        "Zoë Brennan", "Chloe Davies", "Amara Okafor", "Łukasz Nowak", "Ben Carter",
    ]
    rows.set_sort(COL_NEXT_DUE, descending=True)
    assert names(rows) == [
        "Łukasz Nowak", "Amara Okafor", "Zoë Brennan", "Chloe Davies", "Ben Carter",
    ]


def test_text_sorts_ignore_accents(rows):
    rows.set_sort(COL_CHILD)
    assert names(rows) == [
        "Amara Okafor", "Ben Carter", "Chloe Davies", "Łukasz Nowak", "Zoë Brennan",
    ]


def test_status_sorts_most_urgent_first_then_by_due_date(rows):
    rows.set_sort(COL_STATUS)
    assert [line.status for line in rows.visible] == [
        Status.OVERDUE, Status.OVERDUE, Status.DUE_SOON, Status.IN_SCHEDULE, Status.ENDED,
    ]
    rows.set_sort(None)
    assert [line.placement.placement_id for line in rows.visible] == [1, 2, 3, 4, 5]


def test_new_lines_keep_filter_and_sort(rows):
    rows.set_filter_text("o")
    rows.set_sort(COL_HOST_AUTHORITY, descending=True)
    rows.set_lines([line(9, "Olu Ade", authority="Aville"), line(8, "Ola Bee", authority="Zed")])
    assert names(rows) == ["Ola Bee", "Olu Ade"]
    assert rows.total == 2


@given(st.text())
def test_fold_is_idempotent_and_leaves_no_accents(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert not any(unicodedata.combining(ch) for ch in folded)


@given(st.lists(st.sampled_from(["Zoë", "Łukasz", "Ó Briain", "Smith", "Ærø", "Nowak"]),
                min_size=1, max_size=6),
       st.text(alphabet="zoelukasbrinthmæøwÓ ", max_size=8))
def test_filtering_matches_a_plain_scan(names_, typed):
    rows = RegisterRows(search_fields, SORT_KEYS)
    lines = [line(i, name) for i, name in enumerate(names_)]
    rows.set_lines(lines)
    rows.set_filter_text(typed)
    words = fold(typed).split()
    expected = [ln for ln in lines if all(w in fold(ln.placement.child_name) or
                                          w in "oakfield school" or w in "northshire"
                                          for w in words)]
    assert rows.visible == expected


@given(st.lists(st.sampled_from(["Zoë", "Łukasz", "Ó Briain", "Smith", "Ærø", "Nowak"]),
                min_size=1, max_size=6),
       st.lists(st.one_of(st.text(alphabet="zoelukasbrinthmæøwÓ ", max_size=8),
                          st.sampled_from(["sort", "unsort"])), min_size=1, max_size=12))
def test_typing_and_deleting_in_any_order_shows_what_a_fresh_scan_shows(names_, steps):
    """The filter narrows its last match as the user types and reuses earlier ones on
    Backspace: whatever was typed before, the rows are those of a fresh filter."""
    rows = RegisterRows(search_fields, SORT_KEYS)
    rows.set_lines([line(i, name) for i, name in enumerate(names_)])
    typed = ""
    for step in steps:
        if step == "sort":
            rows.set_sort(0, descending=True)
        elif step == "unsort":
            rows.set_sort(None)
        else:
            typed = step
            rows.set_filter_text(typed)
        fresh = RegisterRows(search_fields, SORT_KEYS)
        fresh.set_lines(rows.all_lines)
        fresh.set_sort(*rows.sort_order)
        fresh.set_filter_text(typed)
        assert rows.visible == fresh.visible
        assert rows.counts == fresh.counts


def test_typing_on_narrows_and_backspace_widens_again(rows):
    # Every line has an "o" (Northshire, Southvale); only Amara Okafor has "ok";
    # "b" is in Zoë Brennan and Ben Carter.
    for typed, expected in [("o", 5), ("ok", 1), ("oka", 1), ("okaz", 0), ("oka", 1),
                            ("o", 5), ("", 5), ("zoe", 1), ("zoe b", 1), ("zoe bx", 0),
                            ("b", 2)]:
        rows.set_filter_text(typed)
        assert len(rows.visible) == expected, typed
