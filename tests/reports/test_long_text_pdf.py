"""A note prints however long its text: a long value in any column of any table flows
on across pages, read back whole with pdftotext; a very long paragraph reaches
reportlab in bounded pieces that join back to the exact text."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from recorded_visits import provider_with_children, record_and_sign

from placement_qa.domain.provider_return import LESSON_OBSERVATION, PUPIL_INTERVIEW, Observation
from placement_qa.reports.paragraphs import CHUNK, chunks
from placement_qa.reports.visit_note import visit_note_pdf
from placement_qa.store import planning
from placement_qa.store.visit_notes import amend_visit, load_visit_note, save_draft, start_recording

OPTIONS = {"council_name": "Westbridge Council", "marking": "OFFICIAL-SENSITIVE"}
VISIT_DAY = date(2026, 11, 18)


def words(prefix: str, count: int) -> str:
    """``count`` numbered words: text whose every part is told apart when read back."""
    return " ".join(f"{prefix}{n}" for n in range(count))


def planned_visit(db) -> int:
    provider, placements = provider_with_children(db, "Oakfield House School",
                                                  [("Zoë", "Łukasiewicz")])
    return planning.plan_visit(db, provider_id=provider, visit_date=VISIT_DAY,
                               visit_type="annual_monitoring", visitors="J. Okafor",
                               placement_ids=list(placements.values()))


def body_text(tmp_path, data: bytes) -> str:
    """The pages' text between the header and the footer, read by pdftotext: a text
    that breaks across pages reads back in one piece."""
    path = tmp_path / "note.pdf"
    path.write_bytes(data)
    # A4 in points: the header ends 46 pt from the top, the footer starts 45 pt up
    result = subprocess.run(["pdftotext", "-r", "72", "-x", "0", "-y", "50", "-W", "595",
                             "-H", "742", str(path), "-"],
                            capture_output=True, text=True, check=True)
    return result.stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_an_amendment_whose_before_value_is_long_prints_it_whole(db, tmp_path):
    before = words("before", 330)            # about 2,500 characters
    visit_id = record_and_sign(db, planned_visit(db), summary=before)
    note = load_visit_note(db, visit_id)
    amend_visit(db, replace(note, summary="A good visit."), "Summary rewritten",
                "Helen Marsh", at=datetime(2026, 11, 21, 9, 0, tzinfo=UTC))
    shown = flat(body_text(tmp_path, visit_note_pdf(db, visit_id, **OPTIONS)))
    assert flat(f"Summary: Before (in full): {before}") in shown
    assert flat("A good visit.") in shown


@pytest.mark.parametrize("field", ["what", "who", "observed_time", "seen"])
def test_an_observation_with_long_text_in_any_column_prints_it_whole(db, tmp_path, field):
    long = words(f"{field}-", 140)             # 1,000 characters and more
    visit_id = planned_visit(db)
    note = start_recording(db, visit_id)
    observation = Observation(LESSON_OBSERVATION, "Year 9 maths", "9B", VISIT_DAY,
                              "10:15", "Pupils engaged")
    save_draft(db, replace(note, observations=(
        replace(observation, **{field: long}),
        Observation(PUPIL_INTERVIEW, "Feeling safe", "A. Y.", VISIT_DAY, "11:00", "Safe"))))
    shown = flat(body_text(tmp_path, visit_note_pdf(db, visit_id, **OPTIONS)))
    assert flat(long) in shown
    assert flat("Feeling safe") in shown   # the table goes on after the long row


def test_a_finding_of_a_whole_paragraph_many_pages_long_prints_whole(db, tmp_path):
    evidence = words("w", 9000)              # one paragraph, no line break, ~20 pages
    visit_id = planned_visit(db)
    record_and_sign(db, visit_id, evidence=lambda key: evidence)
    shown = flat(body_text(tmp_path, visit_note_pdf(db, visit_id, **OPTIONS)))
    assert flat(evidence) in shown


@pytest.mark.parametrize("text", [
    words("w", 100_000),                      # words
    "x" * 50_000,                              # one word, no space at all
    "line\n" * 20_000,                         # many short lines
    ("Sentence one. " * 400 + "\n") * 5,
    "short",
    "",
])
def test_a_long_paragraph_reaches_reportlab_in_bounded_pieces_that_join_exactly(text):
    pieces = chunks(text)
    assert "".join(pieces) == text
    assert all(0 < len(piece) <= CHUNK for piece in pieces)
    assert all(piece.count("\n") <= 60 for piece in pieces)


def test_pieces_end_at_a_space_or_a_line_break_where_there_is_one():
    pieces = chunks(words("w", 100_000))
    assert len(pieces) > 100
    assert all(piece.endswith(" ") for piece in pieces[:-1])
