"""Whatever a user types into a visit note, the note's PDF builds and shows it.

Every free-text field that reaches the visit note PDF (evidence, a child's views, the
summary, an action's description, visitors, staff met) gets arbitrary Unicode text
(markup characters, control characters, newlines, very long strings): the PDF always
builds and reads back. Text made of characters the embedded font (DejaVu Sans) has
reads back exactly (whitespace aside, as the layout wraps lines).
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from placement_qa.domain.actions import NewAction
from placement_qa.domain.visit_note import FindingEntry
from placement_qa.reports.styles import FONT, register_fonts
from placement_qa.reports.visit_note import visit_note_pdf
from placement_qa.store import planning, register
from placement_qa.store.actions import raise_action
from placement_qa.store.connection import open_register
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.store.inspections import add_inspection
from placement_qa.store.visit_notes import (
    load_visit_note,
    save_draft,
    start_recording,
    visit_framework,
)

FIELDS = ("evidence", "views", "summary", "action", "visitors", "staff_met")
MARKUP = ["<b>", "</para>", "<br/>", "&amp;", "&", "<", ">", "<font name='x'>", "]]>",
          "\\", "%s", "{0}", "\x00", "\r\n", "\t", "\u202e", "\u200b", "\ufeff"]
MARK_LINES = 7  # council, marking, provider and date, copy, framework, marking, page


@cache
def covered() -> frozenset[str]:
    """Letters, digits, punctuation and symbols of Latin scripts that DejaVu Sans draws."""
    register_fonts()
    glyphs = pdfmetrics.getFont(FONT).face.charToGlyph
    return frozenset(chr(c) for c in range(0x21, 0x250)
                     if c in glyphs and not 0x7F <= c <= 0xA0 and c != 0xAD)


anything = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
pieces = st.lists(st.one_of(anything, st.sampled_from(MARKUP)), max_size=6).map("".join)
long_text = st.tuples(pieces, st.integers(1, 150)).map(lambda p: (p[0] + " ") * p[1])
any_text = st.one_of(pieces, long_text)


def readable() -> st.SearchStrategy[str]:
    words = st.text(st.sampled_from(sorted(covered())), min_size=1, max_size=20)
    return st.lists(words, min_size=1, max_size=30).map(" ".join)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, int, int]:
    """A register with a visit to one child being recorded: (file, visit id, provider id)."""
    path = tmp_path_factory.mktemp("pdf_fuzz") / "template.db"
    db = open_register(path, create=True, os_user="a.officer")
    ensure_default_framework(db)
    provider = register.add_provider(db, name="Oakfield House School", urn="123456",
                                     provider_type="independent_special", host_authority="Kent")
    add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    child = register.add_child(db, given_name="Zoë", family_name="Łukasiewicz")
    placement = register.add_placement(db, child_id=child, provider_id=provider,
                                       start_date=date(2025, 9, 1), arrangement="day")
    visit = planning.plan_visit(db, provider_id=provider, visit_date=date(2025, 12, 3),
                                visit_type="annual_monitoring", visitors="J. Okafor",
                                placement_ids=[placement])
    start_recording(db, visit)
    db.close()
    return path, visit, provider


def note_text(template, texts: dict[str, str]) -> str:
    """The visit's note recorded with ``texts``, built as PDF and read back (body only)."""
    path, visit, provider = template
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(path, Path(folder) / "r.db")
        db = open_register(Path(folder) / "r.db")
        try:
            note = load_visit_note(db, visit)
            framework = visit_framework(db, note)
            first = next(c.key for _, c in framework.criteria())
            findings = {first: FindingEntry(framework.scale[1].key, texts["evidence"])}
            child = replace(note.children[0], seen=True, views=texts["views"])
            save_draft(db, replace(note, findings=findings, children=(child,),
                                   summary=texts["summary"], visitors=texts["visitors"],
                                   provider_staff_met=texts["staff_met"]))
            raise_action(db, NewAction(provider, texts["action"], "provider", "SENCo",
                                       date(2026, 1, 9), "high", visit_id=visit))
            data = visit_note_pdf(db, visit, council_name="Westbridge Council",
                                  marking="OFFICIAL-SENSITIVE")
        finally:
            db.close()
    assert data.startswith(b"%PDF")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    kept = []
    for page in pages:
        lines = [line for line in page.splitlines() if line.strip() and line != "DRAFT"]
        kept += lines[:-MARK_LINES]
    return "\n".join(kept)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


# each example builds a whole PDF (~0.1 s): fewer examples than the profile's default
FUZZ = settings(max_examples=40, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])


@FUZZ
@given(texts=st.fixed_dictionaries({f: any_text for f in FIELDS}))
def test_any_text_in_any_field_builds_a_pdf_showing_its_marked_part(template, texts):
    # each field starts with a plain word of its own, which must read back
    marked = {f: f"Marker{n}Q {text}" for n, (f, text) in enumerate(texts.items())}
    shown = flat(note_text(template, marked))
    for n in range(len(FIELDS)):
        assert f"Marker{n}Q" in shown


@FUZZ
@given(texts=st.fixed_dictionaries({f: readable() for f in FIELDS}))
def test_text_the_font_can_draw_reads_back_exactly(template, texts):
    shown = flat(note_text(template, texts))
    for field, text in texts.items():
        assert flat(text) in shown, field
