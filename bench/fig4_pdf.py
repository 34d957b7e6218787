"""Figure 4: the visit note PDF, and 500 notes in a batch.

4a. ``visit_note_pdf`` for a signed-off visit with 40 findings and 3 children, in a
fresh register (a framework of 40 criteria made active, one provider rated Good, three
children placed there, the visit planned, recorded in full and signed off), vs a bare
reportlab document with the same text and tables: the app's own story is taken apart
once into plain text, styles and column widths, and the baseline rebuilds the same
Paragraphs and Tables (Paragraph cells) and lays them out with a plain
``SimpleDocTemplate`` (same page size and margins, default canvas: no page marks, no
"Page X of Y", no title/author). Both embed the same DejaVu TrueType fonts; the fonts
are registered once before timing (the warm-up call), so registration is excluded from
both, while subsetting and embedding the fonts in each PDF is included in both. The
app's time includes reading the visit from SQLite; the baseline starts from the text.

4b. 500 notes in a batch: ``write_month_notes`` over the large demo register's
completed visits of one month (stopped after 500 files), written to a temporary folder.

4c. A note whose summary is one paragraph of 10 MB (numbered words, no line break) vs
the same note with a 200 KB summary, timed in the same run: 50 times the text should
take about 50 times as long (linear), not 2,500 times (quadratic, as before the long
text was given to reportlab in bounded pieces). ``--quick`` uses 1 MB (5 times).
"""

from __future__ import annotations

import io
import shutil
import tempfile
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from .common import SCRATCH_DIR, Figure, Options, scratch_copy, timed

BATCH_NOTES = 500
BATCH_MONTH = "2026-07"  # the large register's month with the most files (about 530)
CRITERIA = 40
CHILDREN = 3
LONG_BASE, LONG_QUICK, LONG_FULL = 200_000, 1_000_000, 10_000_000   # characters


# --- the register with the visit -----------------------------------------------------

def _framework_of_40():
    from placement_qa.domain.framework import Criterion, default_framework

    fw = default_framework()
    missing = CRITERIA - len(fw.criteria())
    last = fw.sections[-1]
    extra = tuple(Criterion(f"bench_extra_{n}", f"Additional criterion {n}: the provider "
                            "shows how it acts on the child's views", mandatory=False)
                  for n in range(1, missing + 1))
    sections = (*fw.sections[:-1], replace(last, criteria=(*last.criteria, *extra)))
    fw = replace(fw, sections=sections)
    assert len(fw.criteria()) == CRITERIA
    return fw


def _evidence(key: str) -> str:
    return (f"Evidence for {key}: observed in two lessons and the residential unit; the "
            "child's file and the provider's records were seen and agree with what staff "
            "said. Plans are up to date and the child's views are recorded.")


def _record_visit(db) -> int:
    """A signed-off visit with 40 findings and 3 children; its id."""
    from placement_qa.domain.visit_note import FindingEntry
    from placement_qa.store import register
    from placement_qa.store.frameworks import save_framework_version, set_active_framework
    from placement_qa.store.inspections import add_inspection
    from placement_qa.store.planning import plan_visit
    from placement_qa.store.visit_notes import (
        save_draft,
        sign_off,
        start_recording,
        visit_framework,
    )

    fw = _framework_of_40()
    save_framework_version(db, fw)
    set_active_framework(db, fw.name)
    provider = register.add_provider(
        db, name="Brookside School", urn="123456", provider_type="independent_special",
        host_authority="Kent", postcode="ME1 1AA", address="1 High Street, Rochester")
    add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2025, 6, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    names = [("Zoë", "Łukasiewicz"), ("Ayşe", "Yılmaz"), ("Șerban", "Popescu")]
    placements = []
    for n, (given, family) in enumerate(names[:CHILDREN], start=1):
        child = register.add_child(db, given_name=given, family_name=family,
                                   date_of_birth=date(2011, 3, n), case_ref=f"CS-{n:05}",
                                   primary_need="ASD")
        placements.append(register.add_placement(
            db, child_id=child, provider_id=provider, start_date=date(2024, 9, 1),
            arrangement="day"))
    visit = plan_visit(db, provider_id=provider, visit_date=date(2026, 11, 5),
                       visit_type="annual_monitoring", visitors="Helen Marsh, Sam Patel",
                       placement_ids=placements)
    note = start_recording(db, visit)
    framework = visit_framework(db, note)
    findings = {c.key: FindingEntry(framework.scale[1].key, _evidence(c.key))
                for _, c in framework.criteria()}
    children = tuple(_full_child(c) for c in note.children)
    save_draft(db, replace(note, findings=findings, children=children,
                           overall_rag="good", provider_staff_met="Head teacher",
                           summary="A good visit. The children are settled and making "
                                   "progress; two small actions were agreed."))
    sign_off(db, visit, "Helen Marsh", at=datetime(2026, 11, 20, 15, 30, tzinfo=UTC))
    return visit


def _full_child(child):
    return replace(child, seen=True, spoken_with=True, views="Likes art and the music room",
                   views_how="Talked with the child in class", attendance="96%",
                   safeguarding_concern=False, progress="On track against EHCP outcomes",
                   early_review=False)


# --- the baseline: the same text and tables, bare reportlab ---------------------------

def _plain(story: list) -> list[tuple]:
    """The app's story as plain parts: ("p", text, style), ("s", w, h), ("t", ...)."""
    from reportlab.platypus import Paragraph, Spacer, Table

    parts: list[tuple] = []
    for item in story:
        if isinstance(item, Paragraph):
            parts.append(("p", item.text, item.style))
        elif isinstance(item, Spacer):
            parts.append(("s", item.width, item.height))
        elif isinstance(item, Table):
            cells = [[(c.text, c.style) for c in row] for row in item._cellvalues]
            parts.append(("t", cells, list(item._colWidths), item.repeatRows))
        else:
            raise TypeError(f"unexpected flowable in the note: {type(item).__name__}")
    return parts


def _bare_pdf(parts: list[tuple]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from placement_qa.reports.styles import GRID, SHADE

    story = []
    for kind, *rest in parts:
        if kind == "p":
            story.append(Paragraph(rest[0], rest[1]))
        elif kind == "s":
            story.append(Spacer(*rest))
        else:
            cells, widths, repeat = rest
            table = Table([[Paragraph(text, style) for text, style in row] for row in cells],
                          colWidths=widths, repeatRows=repeat, hAlign="LEFT")
            commands = [("GRID", (0, 0), (-1, -1), 0.5, GRID),
                        ("VALIGN", (0, 0), (-1, -1), "TOP")]
            if repeat:
                commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
            table.setStyle(TableStyle(commands))
            story.append(table)
    out = io.BytesIO()
    margin = 18 * mm
    SimpleDocTemplate(out, pagesize=A4, leftMargin=margin, rightMargin=margin,
                      topMargin=margin + 6 * mm, bottomMargin=margin + 2 * mm).build(story)
    return out.getvalue()


def _note_story(db, visit_id: int) -> list:
    from placement_qa.domain.note_copy import FULL, note_content
    from placement_qa.reports.visit_note import _story
    from placement_qa.store.actions import list_actions
    from placement_qa.store.visit_notes import load_visit_note, visit_amendments, visit_framework

    note = load_visit_note(db, visit_id)
    content = note_content(note, visit_framework(db, note), list_actions(db, visit_id=visit_id),
                           visit_amendments(db, visit_id), FULL)
    return _story(db, note, content)


# --- the figures ---------------------------------------------------------------------

def _single_note(options: Options) -> Figure:
    from placement_qa.reports.visit_note import note_settings, visit_note_pdf
    from placement_qa.store.connection import open_register

    SCRATCH_DIR.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=SCRATCH_DIR, prefix="fig4-"))
    db = open_register(folder / "register.db", create=True, os_user="bench")
    try:
        visit = _record_visit(db)
        council, marking = note_settings(db)
        app_pdf = visit_note_pdf(db, visit, council_name=council, marking=marking)
        parts = _plain(_note_story(db, visit))
        bare_pdf = _bare_pdf(parts)
        app = timed(lambda: visit_note_pdf(db, visit, council_name=council, marking=marking),
                    options.runs)
        bare = timed(lambda: _bare_pdf(parts), options.runs)
    finally:
        db.close()
        shutil.rmtree(folder, ignore_errors=True)
    figure = Figure(4, "Visit note PDF (40 findings, 3 children)", app, bare, "ratio ≤ 1.5",
                    note=(f"app {len(app_pdf) // 1024} KB, bare {len(bare_pdf) // 1024} KB; "
                          "same DejaVu fonts embedded in both, registered before timing "
                          "(excluded from both); the app also reads the visit from SQLite "
                          "and draws the page marks (council, marking, Page X of Y)"))
    figure.met = figure.ratio is not None and figure.ratio <= 1.5
    return figure


def _batch(options: Options) -> Figure:
    from placement_qa.reports.batch import write_month_notes
    from placement_qa.reports.visit_note import note_settings
    from placement_qa.store.connection import open_register

    path = scratch_copy("large")
    db = open_register(path)
    council, marking = note_settings(db)
    written: list[int] = []

    def run():
        folder = Path(tempfile.mkdtemp(dir=SCRATCH_DIR, prefix="fig4-batch-"))
        try:
            result = write_month_notes(
                db, BATCH_MONTH, folder, council_name=council, marking=marking,
                progress=lambda done, total, what: done < BATCH_NOTES)
            written.append(result.count)
            if result.failures:
                raise RuntimeError(f"batch failed: {result.failures[0]}")
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    try:
        runs = max(1, min(options.runs, 3))  # each run is hundreds of PDFs
        totals = timed(run, runs, warmup=False)
    finally:
        db.close()
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
    count = written[-1]
    seconds = [t / 1000 for t in totals]
    per_note = sorted(t / count for t in totals)
    figure = Figure(4, f"{count} notes in a batch (large register, {BATCH_MONTH})", seconds,
                    None, "total time", unit="s",
                    note=(f"{count} PDFs written by write_month_notes; per note "
                          f"{per_note[len(per_note) // 2]:.1f} ms (median of {runs} runs)"))
    return figure


def _summary_of(db, visit: int, size: int) -> None:
    """The visit's summary made one paragraph of ``size`` characters."""
    from placement_qa.store.visit_notes import load_visit_note, save_draft

    text = " ".join(f"word{n}" for n in range(size // 6))[:size]
    note = load_visit_note(db, visit)
    save_draft(db, replace(note, summary=text))


def _long_paragraph(options: Options) -> Figure:
    from placement_qa.reports.visit_note import visit_note_pdf
    from placement_qa.store.connection import open_register

    small, large = LONG_BASE, (LONG_QUICK if options.quick else LONG_FULL)
    SCRATCH_DIR.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=SCRATCH_DIR, prefix="fig4c-"))
    dbs = {}
    try:
        for size in (small, large):
            db = dbs[size] = open_register(folder / f"{size}.db", create=True, os_user="bench")
            visit = _draft_visit(db)
            _summary_of(db, visit, size)
        runs = max(1, min(options.runs, 2))   # each 10 MB run takes about 20 s

        def make(size: int):
            return lambda: visit_note_pdf(dbs[size], 1, council_name="C", marking="M")

        base = [t / 1000 for t in timed(make(small), runs)]
        app = [t / 1000 for t in timed(make(large), runs, warmup=False)]
    finally:
        for db in dbs.values():
            db.close()
        shutil.rmtree(folder, ignore_errors=True)
    times = large // small
    figure = Figure(4, f"Note with one {large // 1000:,} KB paragraph (vs {small // 1000} KB)",
                    app, base, f"ratio ≤ {times * 1.2:g} (linear: {times}× the text)", unit="s",
                    note=(f"a {large:,}-character summary vs a {small:,}-character one, "
                          "same note; quadratic layout would be about "
                          f"{times * times:,}×"))
    figure.met = figure.ratio is not None and figure.ratio <= times * 1.2
    return figure


def _draft_visit(db) -> int:
    """A visit to one child, recorded as a draft; its id (1, the register's first)."""
    from placement_qa.store import register
    from placement_qa.store.frameworks import ensure_default_framework
    from placement_qa.store.inspections import add_inspection
    from placement_qa.store.planning import plan_visit
    from placement_qa.store.visit_notes import start_recording

    ensure_default_framework(db)
    provider = register.add_provider(db, name="Brookside School", urn="123456",
                                     provider_type="independent_special", host_authority="Kent")
    add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2025, 6, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    child = register.add_child(db, given_name="Zoë", family_name="Łukasiewicz")
    placement = register.add_placement(db, child_id=child, provider_id=provider,
                                       start_date=date(2024, 9, 1), arrangement="day")
    visit = plan_visit(db, provider_id=provider, visit_date=date(2026, 11, 5),
                       visit_type="annual_monitoring", visitors="Helen Marsh",
                       placement_ids=[placement])
    start_recording(db, visit)
    assert visit == 1
    return visit


def figures(options: Options) -> list[Figure]:
    return [_single_note(options), _batch(options), _long_paragraph(options)]
