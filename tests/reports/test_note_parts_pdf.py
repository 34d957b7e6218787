"""The issue 9 parts of the visit note PDF, read back: what the provider reported beside
what the visit found, the lesson observations and pupil interviews, and a follow-up
visit's reviews of open actions — escaped, in any script, and private in each copy."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader
from recorded_visits import provider_with_children

from placement_qa.domain.actions import NewAction
from placement_qa.domain.note_copy import PROVIDER_COPY, child_copy
from placement_qa.domain.provider_return import (
    DISPUTED,
    LESSON_OBSERVATION,
    NOT_PROGRESSING,
    NOT_VERIFIED,
    PUPIL_INTERVIEW,
    VERIFIED,
    Observation,
)
from placement_qa.reports.visit_note import visit_note_pdf
from placement_qa.store import planning
from placement_qa.store.actions import raise_action
from placement_qa.store.provider_returns import ReportedValue, record_form_sent, record_return
from placement_qa.store.visit_notes import load_visit_note, save_draft, start_recording

NAMES = (("Zoë", "Łukasiewicz"), ("Ayşe", "Yılmaz"), ("Șerban", "Popescu"))
FORM_INITIALS = {"Zoë Łukasiewicz": "Z. Ł.", "Ayşe Yılmaz": "A. Y.", "Șerban Popescu": "Ș. P."}
TRICKY = "Log shows <b>bold</b> & 5 < 7 > 2"
VISIT_DAY = date(2026, 11, 18)


def build(db, *, visit_type: str = "annual_monitoring") -> tuple[int, int, dict[str, int]]:
    """Ørsted Hall with the three children; a visit with the provider's return (each
    child's attendance, and vacancies) checked, and two observations recorded."""
    provider, placements = provider_with_children(db, "Ørsted Hall & <Annexe>", NAMES)
    earlier = planning.plan_visit(db, provider_id=provider, visit_date=date(2026, 5, 6),
                                  visit_type="annual_monitoring", visitors="J. Okafor",
                                  placement_ids=list(placements.values()))
    raise_action(db, NewAction(provider, "Repair the fire door & <log> it", "provider",
                               "Site manager", date(2026, 7, 1), "high", visit_id=earlier))
    raise_action(db, NewAction(provider, "Share Zoë Łukasiewicz's timetable", "council",
                               "Case officer", date(2026, 6, 1), "medium", visit_id=earlier,
                               placement_id=placements["Zoë Łukasiewicz"]))
    visit_id = planning.plan_visit(db, provider_id=provider, visit_date=VISIT_DAY,
                                   visit_type=visit_type, visitors="J. Okafor",
                                   placement_ids=list(placements.values()))
    record_form_sent(db, visit_id=visit_id, provider_id=provider, form_id="F-1",
                     sent_on=date(2026, 11, 1))
    record_return(db, form_id="F-1", returned_on=date(2026, 11, 10), completed_by="Head",
                  values=[ReportedValue("vacancies", "3"),
                          *(ReportedValue("attendance_percent", f"9{n}", p)
                            for n, p in enumerate(placements.values()))])
    note = start_recording(db, visit_id)
    checked = []
    for item in note.reported_items:
        if item.item_key == "vacancies":
            item = replace(item, verification=DISPUTED, verified_value="5",
                           verification_note=TRICKY)
        elif item.child_initials == "Z. Ł.":
            item = replace(item, verification=NOT_VERIFIED, verified_value="no register",
                           verification_note="Zoë Łukasiewicz's register was not available")
        else:
            item = replace(item, verification=VERIFIED)
        checked.append(item)
    observations = (
        Observation(LESSON_OBSERVATION, "Year 9 maths: fractions", "9B, Mr Ó'Brien",
                    VISIT_DAY, "10:15–10:45", "Pupils engaged & <focused>"),
        Observation(PUPIL_INTERVIEW, "Feeling safe", "A. Y., Ș. P.", VISIT_DAY, "11:00",
                    "Both said they feel safe; Ayşe Yılmaz likes the art room"),
    )
    reviews = tuple(replace(r, outcome=NOT_PROGRESSING, evidence=f"Checked: {TRICKY}")
                    for r in note.action_reviews)
    save_draft(db, replace(note, reported_items=tuple(checked), observations=observations,
                           action_reviews=reviews))
    return visit_id, provider, placements


def pdf(db, visit_id, copy=None) -> bytes:
    options = {"council_name": "Westbridge Council", "marking": "OFFICIAL-SENSITIVE"}
    if copy is not None:
        options["copy"] = copy
    return visit_note_pdf(db, visit_id, **options)


def text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(value: str) -> str:
    return re.sub(r"\s+", "", value)


def layout_lines(tmp_path, data: bytes) -> list[str]:
    path = tmp_path / "note.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout.splitlines()


def test_the_full_note_prints_reported_beside_found_and_the_observations(db, tmp_path):
    visit_id, _, _ = build(db)
    data = pdf(db, visit_id)
    body = flat(text(data))
    for part in ("What the provider reported, and what we found", TRICKY,
                 "Lesson observations and pupil interviews", "Year 9 maths: fractions",
                 "9B, Mr Ó'Brien", "18/11/2026 10:15–10:45", "Pupils engaged & <focused>",
                 "Pupil interview", "Ayşe Yılmaz likes the art room",
                 "Zoë Łukasiewicz's register was not available", "Ørsted Hall & <Annexe>"):
        assert flat(part) in body, part
    assert "Open actions reviewed" not in body   # not a follow-up visit
    lines = layout_lines(tmp_path, data)
    [row] = [line for line in lines if line.strip().startswith("Vacancies")]
    assert row.split()[:4] == ["Vacancies", "3", "Disputed", "5"], row
    # The lesson came before the interview, as recorded.
    assert body.index(flat("Year 9 maths")) < body.index(flat("Feeling safe"))


@pytest.mark.parametrize("chosen", ["Zoë Łukasiewicz", "Ayşe Yılmaz", "Șerban Popescu"])
def test_a_child_copy_has_only_that_childs_reported_rows(db, chosen):
    visit_id, _, placements = build(db)
    body = text(pdf(db, visit_id, child_copy(placements[chosen])))
    assert flat("Vacancies") in flat(body)   # the provider's own items stay
    rows = [line for line in load_visit_note(db, visit_id).reported_items
            if line.placement_id is not None]
    assert len(rows) == 3
    for name, initials in FORM_INITIALS.items():
        if name == chosen:
            continue
        given, family = name.split()
        assert initials not in body and given not in body and family not in body, name
    assert chosen in body


def test_the_provider_copy_names_children_by_initials(db):
    visit_id, _, _ = build(db)
    body = text(pdf(db, visit_id, PROVIDER_COPY))
    for given, family in NAMES:
        assert given not in body and family not in body
    for initials in FORM_INITIALS.values():
        assert initials in body   # each child's reported attendance, by initials
    assert flat("Z. Ł.'s register was not available") in flat(body)


def test_a_follow_up_visit_prints_its_reviews_of_open_actions(db):
    visit_id, _, placements = build(db, visit_type="follow_up")
    body = flat(text(pdf(db, visit_id)))
    for part in ("Open actions reviewed", "Repair the fire door & <log> it", "01/07/2026",
                 "Not progressing", f"Checked: {TRICKY}",
                 "Share Zoë Łukasiewicz's timetable"):
        assert flat(part) in body, part
    # Ayşe's copy leaves out the review of an action for Zoë.
    ayse = text(pdf(db, visit_id, child_copy(placements["Ayşe Yılmaz"])))
    assert flat("Repair the fire door") in flat(ayse)
    assert "Zoë" not in ayse and "Łukasiewicz" not in ayse
    assert flat("another child's timetable") not in flat(ayse)   # left out, not redacted
