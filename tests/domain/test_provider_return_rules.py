"""What checking a provider's return, an observation or an action review still lacks;
how a reported value and a child are shown."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from placement_qa.domain.provider_return import (
    DISPUTED,
    DONE,
    LESSON_OBSERVATION,
    NOT_PROGRESSING,
    NOT_VERIFIED,
    UNCHECKED,
    VERIFIED,
    ActionReview,
    Observation,
    ReportedItem,
    initials,
    item_missing,
    observation_missing,
    review_missing,
)


def item(**changes) -> ReportedItem:
    base = dict(item_id=1, item_key="vacancies", reported_value="3",
                reported_on=date(2026, 11, 10))
    return ReportedItem(**{**base, **changes})


@pytest.mark.parametrize(("verification", "note", "missing"), [
    (UNCHECKED, "", ["“Vacancies” is not checked (verified, not verified or disputed)"]),
    (VERIFIED, "", []),
    (DISPUTED, "", ["“Vacancies” is disputed: say why in the note"]),
    (DISPUTED, "Five empty beds seen", []),
    (NOT_VERIFIED, " ", ["“Vacancies” is not verified: say why in the note"]),
])
def test_every_reported_item_must_be_checked_and_a_discrepancy_explained(
        verification, note, missing):
    assert item_missing(item(verification=verification, verification_note=note)) == missing


def test_a_reported_date_is_stored_iso_and_shown_uk_other_values_as_reported():
    assert item(item_key="inspection_date", reported_value="2025-03-12").shown_value \
        == "12/03/2025"
    assert item(item_key="inspection_date", reported_value="last spring").shown_value \
        == "last spring"
    assert item(reported_value="2025-03-12").shown_value == "2025-03-12"  # not a date item


def test_a_child_item_is_labelled_with_the_initials_on_the_form():
    child = item(item_key="attendance_percent", placement_id=7, child_initials="Z. Ł.")
    assert child.label == "Attendance this academic year (%) (Z. Ł.)"
    assert initials("Zoë", "Łukasiewicz") == "Z. Ł."
    assert initials("Mary-Jane", "O'Neil Smith") == "M.-J. O. S."


def test_an_observation_needs_what_who_when_and_what_was_seen():
    empty = Observation(LESSON_OBSERVATION)
    assert observation_missing(2, empty) == [
        "Lesson observation 2: say what was observed",
        "Lesson observation 2: say who was observed or interviewed",
        "Lesson observation 2: give the date",
        "Lesson observation 2: record what was seen",
    ]
    done = Observation(LESSON_OBSERVATION, "Maths, fractions", "Year 9 group, Mr Hale",
                       date(2026, 11, 20), "10:15–10:45", "Z. Ł. worked with a TA")
    assert observation_missing(1, done) == []


def test_an_action_review_needs_an_outcome_and_evidence():
    review = ActionReview(3, "Train staff in de-escalation")
    assert review_missing(review) == [
        "“Train staff in de-escalation”: say whether it is done, progressing or not "
        "progressing"]
    assert review_missing(ActionReview(3, "Train staff", outcome=NOT_PROGRESSING)) == [
        "“Train staff”: give the evidence for “Not progressing”"]
    assert review_missing(ActionReview(3, "Train staff", outcome=NOT_PROGRESSING,
                                       evidence="No dates booked")) == []


def test_an_escalated_review_must_stay_not_progressing():
    escalated = ActionReview(3, "Train staff", outcome=NOT_PROGRESSING,
                             evidence="No dates booked", escalated_visit_id=12)
    assert review_missing(escalated) == []
    assert review_missing(replace(escalated, outcome=DONE)) == [
        "“Train staff” was escalated as not progressing: its outcome cannot now be “Done”"]
