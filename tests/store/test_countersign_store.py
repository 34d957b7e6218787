"""Countersigning through the store: each step kept, refusals change nothing, and the
dashboard's count of notes awaiting countersign too long."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from recorded_visits import provider_with_children, record_and_sign

from placement_qa.domain import dashboard as d
from placement_qa.domain.countersign import (
    AWAITING,
    COUNTERSIGNED,
    RETURNED,
    CountersignRefused,
)
from placement_qa.store import planning
from placement_qa.store.countersign import add_step, reviewed_note
from placement_qa.store.dashboard import dashboard_as_of
from placement_qa.store.officers import add_officer
from placement_qa.store.settings import set_setting
from placement_qa.store.visit_notes import amend_visit, load_visit_note


def signed_visit(db, provider, placements, signed_on: date) -> int:
    visit_id = planning.plan_visit(db, provider_id=provider, visit_date=signed_on,
                                   visit_type="annual_monitoring", visitors="Amira Patel",
                                   placement_ids=list(placements.values()))
    at = datetime(signed_on.year, signed_on.month, signed_on.day, 15, tzinfo=UTC)
    return record_and_sign(db, visit_id, signed_by="Amira Patel", at=at)


@pytest.fixture
def visit(db):
    provider, placements = provider_with_children(db, "Oakfield", [("Zoë", "Ng")])
    return signed_visit(db, provider, placements, date(2026, 3, 2))


def steps(db) -> list[tuple]:
    return db.execute("SELECT visit_id, kind, done_by, comment FROM note_countersigns "
                      "ORDER BY id").fetchall()


def test_a_returned_note_amended_comes_back_and_is_countersigned(db, visit):
    add_officer(db, name="Priya Shah", initials="PS", role="manager")
    add_step(db, visit, RETURNED, "Priya Shah", "Say how attendance was checked",
             at=datetime(2026, 3, 3, 9, tzinfo=UTC))
    assert reviewed_note(db, visit).state == RETURNED
    with pytest.raises(CountersignRefused, match="not awaiting countersign"):
        add_step(db, visit, COUNTERSIGNED, "Priya Shah")
    note = load_visit_note(db, visit)
    amend_visit(db, replace(note, summary="Attendance checked with the register."),
                "Returned: attendance", "Amira Patel", at=datetime(2026, 3, 4, 9, tzinfo=UTC))
    assert reviewed_note(db, visit).state == AWAITING
    add_step(db, visit, COUNTERSIGNED, "Priya Shah", "", at=datetime(2026, 3, 5, 9, tzinfo=UTC))
    reviewed = reviewed_note(db, visit)
    assert (reviewed.state, reviewed.countersign.by) == (COUNTERSIGNED, "Priya Shah")
    assert steps(db) == [(visit, RETURNED, "Priya Shah", "Say how attendance was checked"),
                         (visit, COUNTERSIGNED, "Priya Shah", "")]
    logged = db.execute("SELECT count(*) FROM change_log WHERE table_name = "
                        "'note_countersigns'").fetchone()[0]
    assert logged == 2   # each step reaches the change log (and so the team register)


def test_only_a_manager_or_the_deputy_may_countersign(db, visit):
    add_officer(db, name="Priya Shah", initials="PS", role="manager")
    add_officer(db, name="Amira Patel", initials="AP")
    with pytest.raises(CountersignRefused, match="Amira Patel may not countersign"):
        add_step(db, visit, COUNTERSIGNED, "Amira Patel")
    with pytest.raises(CountersignRefused, match="a returned note needs comments"):
        add_step(db, visit, RETURNED, "Priya Shah", "  ")
    assert steps(db) == []
    set_setting(db, "countersign_deputy", "Amira Patel")
    add_step(db, visit, COUNTERSIGNED, "Amira Patel")
    assert reviewed_note(db, visit).state == COUNTERSIGNED


def test_the_dashboard_counts_notes_awaiting_countersign_too_long(db):
    provider, placements = provider_with_children(db, "Oakfield", [("Zoë", "Ng")])
    signed_visit(db, provider, placements, date(2026, 2, 27))          # 11 working days
    signed_visit(db, provider, placements, date(2026, 3, 2))           # 10: not yet
    done = signed_visit(db, provider, placements, date(2026, 2, 2))
    add_step(db, done, COUNTERSIGNED, "Priya Shah")   # no officers: one person's register
    as_of = date(2026, 3, 16)
    tile = dashboard_as_of(db, as_of).tile(d.COUNTERSIGN_LATE)
    assert (tile.value, tile.detail) == ("1", "over 10 working days since sign-off")
    assert [(r.provider, r.due) for r in tile.rows] == [("Oakfield", date(2026, 2, 27))]
    set_setting(db, "countersign_working_days", "9")
    assert dashboard_as_of(db, as_of).tile(d.COUNTERSIGN_LATE).value == "2"
