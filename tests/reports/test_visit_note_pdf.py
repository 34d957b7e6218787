"""The visit note PDF, read back with pypdf: every part present, each copy private."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader
from recorded_visits import provider_with_children

from placement_qa.domain.actions import NewAction
from placement_qa.domain.note_copy import PROVIDER_COPY, child_copy
from placement_qa.domain.visit_note import ChildRecord, FindingEntry
from placement_qa.reports.visit_note import note_settings, visit_note_pdf
from placement_qa.store import planning
from placement_qa.store.actions import raise_action
from placement_qa.store.settings import set_setting
from placement_qa.store.visit_notes import (
    amend_visit,
    load_visit_note,
    save_draft,
    sign_off,
    start_recording,
    visit_framework,
)

NAMES = (("Zoë", "Łukasiewicz"), ("Ayşe", "Yılmaz"), ("Șerban", "Popescu"))
LONG = " ".join(f"Observation {n}: staff followed the plan & the child <settled> well."
                for n in range(100))[:6000]
TRICKY = "Seen <b>bold</b> & noted that a < b > c, \"quoted\" and 'single'."


def _child(child: ChildRecord) -> ChildRecord:
    return replace(child, seen=True, spoken_with=True,
                   views=f"{child.child_name} said: I like art & <music>",
                   views_how="Talked with me", attendance="96%", safeguarding_concern=False,
                   progress=f"Progress of {child.child_name}", early_review=False)


def build_visit(db, *, signed: bool = True) -> tuple[int, dict[str, int]]:
    """A visit covering the three children, fully recorded; signed off unless not."""
    provider, placements = provider_with_children(db, "Oakfield House School", NAMES,
                                                  urn="123456")
    visit_id = planning.plan_visit(db, provider_id=provider, visit_date=date(2025, 12, 3),
                                   visit_type="annual_monitoring", visitors="J. Okafor",
                                   placement_ids=list(placements.values()))
    note = start_recording(db, visit_id)
    framework = visit_framework(db, note)
    criteria = [c for _, c in framework.criteria()]
    findings = {c.key: FindingEntry(framework.scale[1].key, f"Evidence for {c.key}.")
                for c in criteria}
    findings[criteria[0].key] = FindingEntry(framework.scale[0].key, TRICKY)
    findings[criteria[1].key] = FindingEntry(framework.scale[1].key, LONG)
    save_draft(db, replace(note, findings=findings, children=tuple(map(_child, note.children)),
                           overall_rag="good", summary="A good visit.\nSecond line.",
                           provider_staff_met="Head teacher"))
    raise_action(db, NewAction(provider, "Update the medication log & check <weekly>",
                               "provider", "SENCo", date(2026, 1, 9), "high",
                               visit_id=visit_id))
    for name, placement in placements.items():
        raise_action(db, NewAction(provider, f"Share {name}'s timetable", "council",
                                   "Case officer", date(2026, 1, 16), "medium",
                                   visit_id=visit_id, placement_id=placement))
    if signed:
        sign_off(db, visit_id, "Helen Marsh", at=datetime(2025, 12, 4, 15, 30, tzinfo=UTC))
    return visit_id, placements


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


MARK_LINES = 7  # council, marking, provider and date, copy, framework, marking, page


def body(pages: list[str]) -> str:
    """The pages' text without the header and footer (drawn last on each page), so a
    paragraph that breaks across pages reads back whole."""
    kept = []
    for page in pages:
        lines = [line for line in page.splitlines() if line.strip() and line != "DRAFT"]
        assert any(line.startswith("Page ") for line in lines[-MARK_LINES:])
        kept += lines[:-MARK_LINES]
    return "\n".join(kept)


def flat(text: str) -> str:
    """Whitespace removed: pypdf breaks lines where the layout wrapped them."""
    return re.sub(r"\s+", "", text)


def make(db, visit_id, copy=None, **kwargs) -> list[str]:
    options = {"council_name": "Westbridge Council", "marking": "OFFICIAL-SENSITIVE", **kwargs}
    if copy is not None:
        options["copy"] = copy
    return pdf_pages(visit_note_pdf(db, visit_id, **options))


def test_the_full_note_has_every_finding_child_and_action(db):
    visit_id, placements = build_visit(db)
    text = flat(body(make(db, visit_id)))
    note = load_visit_note(db, visit_id)
    for criterion, finding in note.findings.items():
        assert flat(finding.evidence) in text, criterion
    for name in placements:
        assert flat(f"Share {name}'s timetable") in text
        assert flat(f"Progress of {name}") in text
        assert flat(f"{name} said: I like art & <music>") in text
    assert flat("Update the medication log & check <weekly>") in text
    for label in ("Their views, in their own words", "Early review of the EHCP needed",
                  "Oakfield House School", "123456", "Ofsted (education)", "Judgement Good",
                  "Signed off by Helen Marsh on 04/12/2025 15:30", "Head teacher"):
        assert flat(label) in text, label


def test_tricky_and_long_text_reads_back_exactly(db):
    visit_id, _ = build_visit(db)
    pages = make(db, visit_id)
    text = flat(body(pages))
    assert flat(TRICKY) in text
    assert len(LONG) == 6000 and flat(LONG) in text
    assert len(pages) > 2   # the long evidence flowed on to further pages


def test_every_page_has_the_header_and_footer(db):
    visit_id, _ = build_visit(db)
    pages = make(db, visit_id, council_name="Ayşe's Council", marking="OFFICIAL-SENSITIVE")
    for number, page in enumerate(pages, start=1):
        for mark in ("Ayşe's Council", "OFFICIAL-SENSITIVE", "Oakfield House School",
                     "03/12/2025", f"Page {number} of {len(pages)}", "version 1"):
            assert flat(mark) in flat(page), (number, mark)


def test_a_draft_is_watermarked_and_a_signed_note_is_not(db, tmp_path, new_register):
    visit_id, _ = build_visit(db, signed=False)
    pages = make(db, visit_id)
    assert all("DRAFT" in page for page in pages)
    signed_db = new_register(tmp_path / "signed.db", os_user="a.officer")
    signed_id, _ = build_visit(signed_db)
    assert not any("DRAFT" in page for page in make(signed_db, signed_id))
    signed_db.close()


@pytest.mark.parametrize("chosen", ["Zoë Łukasiewicz", "Ayşe Yılmaz", "Șerban Popescu"])
def test_a_child_copy_names_no_other_child(db, chosen):
    visit_id, placements = build_visit(db)
    text = "\n".join(make(db, visit_id, child_copy(placements[chosen])))
    assert flat(f"Progress of {chosen}") in flat(text)
    assert flat(f"Share {chosen}'s timetable") in flat(text)
    assert flat("Update the medication log") in flat(text)
    for given, family in NAMES:
        if f"{given} {family}" != chosen:
            assert given not in text and family not in text


def test_the_provider_copy_uses_initials_only(db):
    visit_id, _ = build_visit(db)
    text = "\n".join(make(db, visit_id, PROVIDER_COPY))
    for given, family in NAMES:
        assert given not in text and family not in text
    for initials in ("Z. Ł.", "A. Y.", "Ș. P."):
        assert initials in text
    assert "Progress of" not in text   # welfare details stay in the children's files
    assert flat("Share Z. Ł.'s timetable") in flat(text)


def test_amendments_print_with_reason_and_values(db):
    visit_id, _ = build_visit(db)
    note = load_visit_note(db, visit_id)
    amend_visit(db, replace(note, summary="A good visit, amended."), "Typo in summary",
                "Helen Marsh", at=datetime(2025, 12, 5, 9, 0, tzinfo=UTC))
    text = flat("\n".join(make(db, visit_id)))
    for part in ("Typo in summary", "A good visit, amended.", "Second line.",
                 "Amendment 1: by Helen Marsh on 05/12/2025 09:00"):
        assert flat(part) in text, part


def test_note_settings_default_from_the_home_authority(db):
    assert note_settings(db) == ("Westbridge Council", "OFFICIAL-SENSITIVE")
    set_setting(db, "home_authority", "Kent County Council")
    set_setting(db, "protective_marking", "OFFICIAL")
    assert note_settings(db) == ("Kent County Council", "OFFICIAL")
    set_setting(db, "council_name", "Westbridge Borough Council")
    assert note_settings(db)[0] == "Westbridge Borough Council"
