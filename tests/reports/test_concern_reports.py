"""Providers causing concern in the reports: the board report's section and the visit
note, read back from the PDFs."""

from __future__ import annotations

import io
import re
from datetime import date

from pypdf import PdfReader
from recorded_visits import provider_with_children

from placement_qa.reports.board import board_report_pdf
from placement_qa.reports.visit_note import visit_note_pdf
from placement_qa.store import planning, register
from placement_qa.store.concerns import lift_concern, set_concern
from placement_qa.store.inspections import add_inspection
from placement_qa.store.visit_notes import start_recording

AS_OF = date(2026, 3, 15)


def _provider(db, name: str) -> int:
    provider = register.add_provider(db, name=name, provider_type="independent_special",
                                     host_authority="Kent")
    add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    return provider


def _text(db) -> str:
    data = board_report_pdf(db, as_of=AS_OF, council_name="Westbridge Council",
                            marking="OFFICIAL-SENSITIVE")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_board_lists_the_providers_causing_concern_without_naming_a_child(db):
    hillcrest, oakfield = _provider(db, "Hillcrest House"), _provider(db, "Oakfield School")
    for given in ("Zoë", "Amara"):
        child = register.add_child(db, given_name=given, family_name="Łukasiewicz")
        register.add_placement(db, child_id=child, provider_id=hillcrest,
                               start_date=date(2025, 9, 1), arrangement="day")
    set_concern(db, hillcrest, reason="Zoë Łukasiewicz restrained twice & <not recorded>",
                since=date(2026, 2, 1), review_on=date(2026, 3, 1), by="Jo Manager")
    set_concern(db, oakfield, reason="Complaints", since=date(2026, 1, 5),
                review_on=date(2026, 4, 1), by="Jo Manager")
    lift_concern(db, oakfield, reason="Resolved", lifted_on=date(2026, 3, 1), by="Jo Manager")
    text = _text(db)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    start = lines.index("Providers causing concern")
    assert lines[start + 1:start + 3] == ["1", "1 due for review"]   # the key figure
    section = _flat(text[text.rindex("Providers causing concern"):])
    assert _flat("Provider Since Reason Review by Placements") in section
    assert _flat("Hillcrest House 01/02/2026 a child restrained twice & <not recorded> "
                 "01/03/2026 (due for review) 2") in section
    assert "Oakfield School" not in text[text.rindex("Providers causing concern"):]
    assert "Zoë" not in text


def test_with_none_the_board_says_so(db):
    assert _flat("No provider is marked as causing concern.") in _flat(_text(db))


def test_the_visit_note_says_the_provider_is_causing_concern(db):
    provider, placements = provider_with_children(db, "Oakfield House School",
                                                  [("Zoë", "Łukasiewicz")])
    set_concern(db, provider, reason="Restraints & <exclusions> not reported",
                since=date(2025, 11, 1), review_on=date(2026, 2, 1), by="Jo Manager")
    visit_id = planning.plan_visit(db, provider_id=provider, visit_date=date(2025, 12, 3),
                                   visit_type="annual_monitoring", visitors="J. Okafor",
                                   placement_ids=list(placements.values()))
    start_recording(db, visit_id)
    words = "Provider causing concern since 01/11/2025: Restraints & <exclusions> not reported"
    assert _flat(words) in _flat(_note_text(db, visit_id))
    lift_concern(db, provider, reason="Resolved", lifted_on=date(2025, 12, 1), by="Jo Manager")
    assert "causing concern" not in _note_text(db, visit_id)   # lifted before the visit


def _note_text(db, visit_id: int) -> str:
    data = visit_note_pdf(db, visit_id, council_name="Westbridge Council",
                          marking="OFFICIAL-SENSITIVE")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
