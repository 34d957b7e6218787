"""The board report's events section: the period's events by kind, no child named."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader
from recorded_visits import provider_with_children

from placement_qa.domain.notifiable_events import NewEvent
from placement_qa.reports.board import board_report_pdf
from placement_qa.store.notifiable_events import record_event

AS_OF = date(2026, 11, 22)


def _lines(db) -> list[str]:
    data = board_report_pdf(db, as_of=AS_OF, council_name="Westbridge", marking="OFFICIAL")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_events_in_the_period_are_counted_by_kind_naming_no_child(db):
    oak, oak_children = provider_with_children(db, "Oakfield", [("Zoë", "Łukasiewicz")])
    brook, _ = provider_with_children(db, "Brookside", [("Ben", "Carter")])
    zoe = oak_children["Zoë Łukasiewicz"]
    for provider, kind, day, placement in (
            (oak, "restraint", date(2026, 11, 3), zoe),
            (oak, "restraint", date(2025, 11, 23), zoe),      # the period's first day
            (brook, "restraint", date(2026, 6, 1), None),
            (oak, "fixed_term_suspension", date(2026, 2, 1), zoe),
            (oak, "complaint", date(2025, 11, 22), None)):   # a year ago: before the period
        record_event(db, NewEvent(provider, kind, day, "provider", placement_id=placement),
                     as_of=AS_OF)
    lines = _lines(db)
    start = lines.index("Notifiable events between visits, 23/11/2025 to 22/11/2026")
    assert " ".join(lines[start + 1:start + 13]) == (
        "Event Events Providers Physical intervention / restraint 3 2 "
        "Suspension (fixed-term) 1 1 All events 4 2")
    assert not any("Łukasiewicz" in line or "Complaint" in line for line in lines)


def test_a_period_without_events_says_so(db):
    provider_with_children(db, "Oakfield", [("Zoë", "Łukasiewicz")])
    assert "No notifiable event was recorded in the period." in _lines(db)
