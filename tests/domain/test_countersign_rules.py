"""The countersign rules by example: where a note stands, its age in working days, the
share countersigned in time, and who may countersign."""

from __future__ import annotations

from datetime import date

import pytest

from placement_qa.domain.countersign import (
    AWAITING,
    COUNTERSIGNED,
    RETURNED,
    CountersignStep,
    ReviewedNote,
    age,
    awaiting_longer_than,
    countersigned_in_time,
    may_countersign,
)
from placement_qa.domain.officers import MANAGER, OFFICER, Officer


def note(visit_id: int, signed_off_on: date, steps=(), amended=()) -> ReviewedNote:
    return ReviewedNote(visit_id, "Oakfield", signed_off_on, "Amira Patel", signed_off_on,
                        tuple(steps), tuple(amended))


def step(kind: str, at: str) -> CountersignStep:
    return CountersignStep(kind, "Priya Shah", at, "")


# Fri 19/12/2025; Christmas Day, Boxing Day and New Year's Day are bank holidays.
@pytest.mark.parametrize(("signed_off", "as_of", "days"), [
    (date(2026, 3, 2), date(2026, 3, 2), 0),     # the day it was signed off
    (date(2026, 3, 2), date(2026, 3, 3), 1),     # Monday to Tuesday
    (date(2026, 3, 6), date(2026, 3, 9), 1),     # Friday to Monday: the weekend is not
    (date(2026, 3, 2), date(2026, 3, 16), 10),   # two weeks
    (date(2025, 12, 19), date(2026, 1, 2), 7),   # over Christmas and New Year
    (date(2026, 4, 2), date(2026, 4, 7), 1),     # Good Friday and Easter Monday
])
def test_a_notes_age_is_its_working_days_since_sign_off(signed_off, as_of, days):
    assert age(note(1, signed_off), as_of) == days


@pytest.mark.parametrize(("steps", "amended", "state"), [
    ((), (), AWAITING),
    ((step(RETURNED, "2026-03-03T10:00:00Z"),), (), RETURNED),
    ((step(RETURNED, "2026-03-03T10:00:00Z"),), ("2026-03-04T09:00:00Z",), AWAITING),
    ((step(RETURNED, "2026-03-03T10:00:00Z"), step(COUNTERSIGNED, "2026-03-05T10:00:00Z")),
     ("2026-03-04T09:00:00Z",), COUNTERSIGNED),
    # an amendment made in the same second as the return comes after it
    ((step(RETURNED, "2026-03-03T10:00:00Z"),), ("2026-03-03T10:00:00Z",), AWAITING),
    # ... and a countersign made in the same second as an amendment after that
    ((step(RETURNED, "2026-03-03T10:00:00Z"), step(COUNTERSIGNED, "2026-03-04T09:00:00Z")),
     ("2026-03-04T09:00:00Z",), COUNTERSIGNED),
    # amending a countersigned note sends it back for countersigning
    ((step(COUNTERSIGNED, "2026-03-03T10:00:00Z"),), ("2026-03-09T09:00:00Z",), AWAITING),
])
def test_where_a_note_stands(steps, amended, state):
    assert note(1, date(2026, 3, 2), steps, amended).state == state


def test_the_dashboard_counts_notes_awaiting_longer_than_the_setting():
    as_of = date(2026, 3, 16)   # Monday
    notes = [note(1, date(2026, 3, 2)),    # 10 working days: not more than 10
             note(2, date(2026, 2, 27)),   # 11
             note(3, date(2026, 2, 20), [step(COUNTERSIGNED, "2026-03-10T10:00:00Z")]),
             note(4, date(2026, 2, 20), [step(RETURNED, "2026-03-10T10:00:00Z")]),
             note(5, date(2026, 2, 2))]    # 30
    assert [n.visit_id for n in awaiting_longer_than(notes, as_of, 10)] == [5, 2]
    assert [n.visit_id for n in awaiting_longer_than(notes, as_of, 29)] == [5]


def test_the_share_countersigned_within_the_working_days():
    as_of = date(2026, 3, 31)
    notes = [
        # signed off Mon 02/03, countersigned Mon 16/03: 10 working days, in time
        note(1, date(2026, 3, 2), [step(COUNTERSIGNED, "2026-03-16T16:00:00Z")]),
        # countersigned Tue 17/03: 11 working days, late
        note(2, date(2026, 3, 2), [step(COUNTERSIGNED, "2026-03-17T09:00:00Z")]),
        # still awaiting after 21 working days: late
        note(3, date(2026, 3, 2)),
        # signed off Fri 27/03, awaiting 2 working days: not counted yet
        note(4, date(2026, 3, 27)),
        # returned then countersigned after amendment, 4 working days: in time
        note(5, date(2026, 3, 9), [step(RETURNED, "2026-03-10T09:00:00Z"),
                                   step(COUNTERSIGNED, "2026-03-13T09:00:00Z")],
             ["2026-03-11T09:00:00Z"]),
        # signed off before the period: not counted
        note(6, date(2026, 2, 27), [step(COUNTERSIGNED, "2026-03-02T09:00:00Z")]),
    ]
    counted = countersigned_in_time(notes, date(2026, 3, 1), date(2026, 3, 31), 10, as_of)
    assert (counted.in_time, counted.counted) == (2, 4)
    assert counted.percent == 50.0
    none = countersigned_in_time(notes, date(2026, 1, 1), date(2026, 1, 31), 10, as_of)
    assert (none.counted, none.percent) == (0, None)


def test_who_may_countersign():
    officers = [Officer(1, "u1", "Priya Shah", "PS", MANAGER),
                Officer(2, "u2", "Amira Patel", "AP", OFFICER),
                Officer(3, "u3", "Old Boss", "OB", MANAGER, active=False)]
    assert may_countersign("priya shah", officers, "")
    assert not may_countersign("Amira Patel", officers, "")
    assert not may_countersign("Old Boss", officers, "")
    assert may_countersign("Amira Patel", officers, "Amira Patel")   # the named deputy
    assert may_countersign("Anyone", [], "")     # one person's register, no officers
    assert not may_countersign("Anyone", [], "Amira Patel")
