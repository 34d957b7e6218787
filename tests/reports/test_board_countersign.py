"""The board report's countersign section: notes awaiting countersign, and the share of
the year's notes countersigned within the working days set."""

from __future__ import annotations

from datetime import UTC, date, datetime

from recorded_visits import provider_with_children, record_and_sign
from test_board_pdf import after, flat, lines_of, make

from placement_qa.domain.countersign import COUNTERSIGNED
from placement_qa.store import planning
from placement_qa.store.countersign import add_step
from placement_qa.store.settings import set_setting

AS_OF = date(2026, 3, 31)


def signed(db, provider, placements, day: date) -> int:
    visit_id = planning.plan_visit(db, provider_id=provider, visit_date=day,
                                   visit_type="annual_monitoring", visitors="Amira Patel",
                                   placement_ids=list(placements.values()))
    return record_and_sign(db, visit_id, signed_by="Amira Patel",
                           at=datetime(day.year, day.month, day.day, 15, tzinfo=UTC))


def countersigned(db, visit_id: int, day: date) -> None:
    add_step(db, visit_id, COUNTERSIGNED, "Priya Shah",
             at=datetime(day.year, day.month, day.day, 11, tzinfo=UTC))


def test_the_board_shows_the_share_countersigned_in_time_with_the_count(db):
    provider, placements = provider_with_children(db, "Oakfield", [("Zoë", "Ng")])
    countersigned(db, signed(db, provider, placements, date(2026, 3, 2)), date(2026, 3, 16))
    countersigned(db, signed(db, provider, placements, date(2026, 3, 2)), date(2026, 3, 17))
    countersigned(db, signed(db, provider, placements, date(2025, 6, 2)), date(2025, 6, 3))
    signed(db, provider, placements, date(2026, 3, 3))    # 20 working days: late
    signed(db, provider, placements, date(2026, 3, 27))   # 2 working days: not counted yet
    signed(db, provider, placements, date(2025, 1, 6))    # before the year: not counted
    lines = lines_of(make(db, AS_OF))
    assert "Countersigning of visit notes" in lines
    assert after(lines, "Notes countersigned within 10 working days", 2) == [
        "50.0%", "2 of 4 notes"]
    assert after(lines, "Notes awaiting countersign", 2) == [
        "3", "2 for more than 10 working days"]
    assert flat("of the notes signed off from 01/04/2025 to 31/03/2026") in flat("".join(lines))
    set_setting(db, "countersign_working_days", "11")
    lines = lines_of(make(db, AS_OF))
    assert after(lines, "Notes countersigned within 11 working days", 2) == [
        "75.0%", "3 of 4 notes"]
