"""Notifiable events between visits: the words the note and the risk order use, by example."""

from __future__ import annotations

from datetime import date

import pytest

from placement_qa.domain.notifiable_events import (
    LivePlacement,
    NewEvent,
    check_new_event,
    count_kinds,
    count_words,
    in_window,
    placements_counted,
    since_last_visit_words,
    since_line,
)
from placement_qa.domain.validation import FieldError


@pytest.mark.parametrize(("kinds", "words"), [
    ([], ""),
    (["restraint"], "1 restraint"),
    (["restraint", "fixed_term_suspension", "restraint"],
     "2 restraints, 1 fixed-term suspension"),
    (["complaint", "permanent_exclusion"], "1 permanent exclusion, 1 complaint"),
    (["missing_home"] * 3, "3 episodes missing from the home"),
    (["serious_injury", "serious_injury"], "2 serious injuries or illnesses"),
])
def test_counts_are_worded_in_the_usual_order(kinds, words):
    assert count_words(count_kinds(kinds)) == words


def test_the_risk_reason_says_since_last_visit():
    assert since_last_visit_words({"restraint": 2}) == "2 restraints since last visit"
    assert since_last_visit_words({}) == ""


def test_the_note_line_names_the_last_visit_or_says_there_was_none():
    assert since_line("Amara Okafor", {"restraint": 2, "fixed_term_suspension": 1},
                      date(2025, 10, 1)) == (
        "Amara Okafor, since the last visit (01/10/2025): 2 restraints, "
        "1 fixed-term suspension")
    assert since_line("The provider as a whole", {"complaint": 1}, None) == (
        "The provider as a whole, so far (no completed visit yet): 1 complaint")


@pytest.mark.parametrize(("day", "counted"), [
    (date(2025, 10, 1), False),   # the day of the last visit: that visit's
    (date(2025, 10, 2), True),
    (date(2026, 11, 20), True),   # the day of the visit itself
    (date(2026, 11, 21), False),  # after it: the next visit's
])
def test_the_window_is_after_the_last_visit_up_to_this_one(day, counted):
    assert in_window(day, date(2025, 10, 1), date(2026, 11, 20)) is counted


def test_a_provider_wide_event_counts_for_each_placement_live_that_day():
    placements = [LivePlacement(1, 7, date(2024, 9, 1), None),
                  LivePlacement(2, 7, date(2026, 9, 1), None),            # not started yet
                  LivePlacement(3, 7, date(2020, 9, 1), date(2026, 7, 1)),  # ended
                  LivePlacement(4, 8, date(2024, 9, 1), None)]              # elsewhere
    assert placements_counted(7, None, date(2026, 8, 1), placements) == [1]
    assert placements_counted(7, 3, date(2026, 8, 1), placements) == [3]


def test_an_event_needs_a_known_kind_and_a_date_not_in_the_future():
    event = NewEvent(1, "restraint", date(2026, 11, 23), "provider", " Head ")
    with pytest.raises(FieldError, match="after today"):
        check_new_event(event, date(2026, 11, 22))
    with pytest.raises(FieldError, match="is not one of"):
        check_new_event(NewEvent(1, "riot", date(2026, 11, 1), "provider"), date(2026, 11, 22))
    assert check_new_event(event, date(2026, 11, 23)).reported_by == "Head"
