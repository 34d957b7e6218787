"""A text the app puts together from its words and typed values is, on screen and in a
file, exactly its plain text; the reports know which parts were typed, and a name left
out of a copy is left out of those parts only."""

from __future__ import annotations

import copy
import csv
import io
import pickle

import pytest

from placement_qa.domain.actions import FollowUpAction
from placement_qa.domain.composed_text import Composed, compose, each_value, listed


def test_a_composed_text_is_its_plain_text_on_screen_and_in_a_file():
    owner = FollowUpAction(action_id=1, visit_id=None, description="Send the log",
                           owner="שרה כהן", owner_kind="provider", due_date=None,
                           status="open").owner_label
    assert owner == "Provider: שרה כהן"
    assert owner.units == (("Provider", True), (": ", False), ("שרה כהן", True))
    out = io.StringIO()
    csv.writer(out).writerow([owner, listed(["Tom Brown", "ناصر علي"])])
    assert out.getvalue() == "Provider: שרה כהן,\"Tom Brown, ناصر علي\"\r\n"


def test_a_copied_composed_text_keeps_its_typed_values():
    signed = compose("Signed off by {} on {}", "יעל כהן", "20/11/2026")
    for kept in (copy.deepcopy(signed), pickle.loads(pickle.dumps(signed))):
        assert isinstance(kept, Composed)
        assert (kept, kept.units) == (signed, signed.units)


def test_a_name_left_out_is_left_out_of_the_typed_values_which_stay_values():
    hide = each_value(lambda text: text.replace("Tilly Young", "a child"))
    label = hide(compose("Action “{}” — evidence", "Call Tilly Young's mother"))
    assert (label, label.units) == ("Action “Call a child's mother” — evidence", (
        ("Action “", False), ("Call a child's mother", True), ("” — evidence", False)))
    assert hide("Met Tilly Young") == "Met a child"       # a whole text someone typed


def test_a_composed_value_keeps_its_own_values_inside_another():
    label = compose("{} ({})", "Attendance", "Zoë Smith")
    assert compose("{}: in full", label).units == (
        ("Attendance", True), (" (", False), ("Zoë Smith", True), (")", False),
        (": in full", False))


def test_a_template_with_room_for_other_than_its_values_is_refused():
    with pytest.raises(ValueError, match="room for 2 values, not 1"):
        compose("{} and {}", "Tom")
