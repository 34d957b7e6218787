"""The one order names are filed in: accents and special letters set aside, then the
text itself, so the order is total and the same in every list."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from placement_qa.domain.names import compare_names, family_first_key, fold_name, name_sort_key


@pytest.mark.parametrize(("name", "filed_as"), [
    ("Łukasz", "lukasz"), ("Øyvind", "oyvind"), ("Đorđe", "dorde"), ("Straße", "strasse"),
    ("Æsa", "aesa"), ("Œuvre", "oeuvre"), ("Işıl", "isil"), ("Þóra", "thora"),
    ("Zoë", "zoe"), ("Ángel", "angel"), ("Şerban", "serban"), ("O\u2019Neill", "o'neill"),
])
def test_letters_that_do_not_decompose_are_filed_with_their_base_letter(name, filed_as):
    assert fold_name(name) == filed_as
    assert name_sort_key(name).startswith(filed_as + "\x00")


def test_names_that_fold_alike_are_ordered_by_their_own_text():
    assert sorted(["Zoë", "ZOE", "Zoe", "zoe"], key=name_sort_key) == ["ZOE", "Zoe", "Zoë", "zoe"]


def test_a_family_name_orders_before_the_given_name_breaks_a_tie():
    children = [("Ben", "Carter"), ("Ada", "carter"), ("Amara", "Okafor"), ("Zoë", "Łukasiewicz")]
    ordered = sorted(children, key=lambda c: family_first_key(*c))
    assert ordered == [("Ada", "carter"), ("Ben", "Carter"), ("Zoë", "Łukasiewicz"),
                       ("Amara", "Okafor")]


@given(st.text(), st.text())
def test_the_sql_comparison_agrees_with_the_key(a, b):
    expected = (name_sort_key(a) > name_sort_key(b)) - (name_sort_key(a) < name_sort_key(b))
    assert compare_names(a, b) == expected
    assert (compare_names(a, b) == 0) == (a == b)  # total: only the same text ties
