"""A month's visit notes written to a folder: one per child, one per provider, whole files."""

from __future__ import annotations

import io
import os
import stat
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from recorded_visits import record_and_sign

from placement_qa.reports.batch import safe_file_name, write_month_notes
from placement_qa.store import planning, register
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.store.inspections import add_inspection
from placement_qa.store.visit_notes import (
    visits_completed_in,
)

OPTIONS = {"council_name": "Westbridge Council", "marking": "OFFICIAL-SENSITIVE"}


@pytest.fixture
def db(db):
    """The shared new register (tests/conftest.py) with the default QA framework."""
    ensure_default_framework(db)
    return db


def completed_visit(db, provider_name: str, day: date, children: list[str]) -> int:
    """A visit to a new provider covering ``children``, fully recorded and signed off."""
    provider = register.add_provider(db, name=provider_name,
                                     provider_type="independent_special", host_authority="Kent")
    add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    placements = []
    for name in children:
        given, _, family = name.partition(" ")
        child = register.add_child(db, given_name=given, family_name=family)
        placements.append(register.add_placement(
            db, child_id=child, provider_id=provider, start_date=date(2025, 9, 1),
            arrangement="day"))
    visit_id = planning.plan_visit(db, provider_id=provider, visit_date=day,
                                   visit_type="annual_monitoring", visitors="J. Okafor",
                                   placement_ids=placements)
    return record_and_sign(db, visit_id, views=lambda c: f"{c.child_name} likes art")


@pytest.fixture
def month(db):
    """November 2026: Oakfield (two children, 05/11) and Brookside (one, 19/11);
    Riverside in October."""
    completed_visit(db, "Brookside School", date(2026, 11, 19), ["Amara Okafor"])
    completed_visit(db, "Oakfield School", date(2026, 11, 5),
                    ["Zoë Łukasiewicz", "Ayşe Yılmaz"])
    completed_visit(db, "Riverside College", date(2026, 10, 30), ["Șerban Popescu"])
    return "2026-11"


def text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


def always(done: int, total: int, what: str) -> bool:
    return True


def test_the_month_s_completed_visits_by_date(db, month):
    visits = visits_completed_in(db, month)
    assert [(v.provider_name, v.visit_date) for v in visits] == [
        ("Oakfield School", date(2026, 11, 5)), ("Brookside School", date(2026, 11, 19))]
    # By family name, Łukasiewicz filed under L (before Yılmaz), not after Z.
    assert [c.child_name for c in visits[0].children] == ["Zoë Łukasiewicz", "Ayşe Yılmaz"]
    assert visits_completed_in(db, "2026-12") == []


def test_one_file_per_child_and_one_per_provider(db, month, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    seen = []
    result = write_month_notes(db, month, folder, **OPTIONS,
                               progress=lambda d, t, w: seen.append((d, t, w)) or True)
    assert sorted(p.name for p in folder.iterdir()) == [
        "2026-11-05 Oakfield School - Ayşe Yılmaz.pdf",
        "2026-11-05 Oakfield School - Zoë Łukasiewicz.pdf",
        "2026-11-05 Oakfield School - provider copy.pdf",
        "2026-11-19 Brookside School - Amara Okafor.pdf",
        "2026-11-19 Brookside School - provider copy.pdf",
    ]
    assert (result.count, result.total, result.cancelled, result.failures) == (5, 5, False, [])
    assert [s[:2] for s in seen] == [(n, 5) for n in range(1, 6)]
    assert seen[0][2] == "Oakfield School, 05/11/2026: Zoë Łukasiewicz"
    zoe = text(folder / "2026-11-05 Oakfield School - Zoë Łukasiewicz.pdf")
    assert "Zoë Łukasiewicz" in zoe and "Ayşe" not in zoe and "Yılmaz" not in zoe
    ayse = text(folder / "2026-11-05 Oakfield School - Ayşe Yılmaz.pdf")
    assert "Ayşe Yılmaz" in ayse and "Zoë" not in ayse and "Łukasiewicz" not in ayse
    provider = text(folder / "2026-11-05 Oakfield School - provider copy.pdf")
    assert "Z. Ł." in provider and "A. Y." in provider
    for name in ("Zoë", "Łukasiewicz", "Ayşe", "Yılmaz"):
        assert name not in provider


def test_an_existing_file_is_replaced_and_no_temporary_file_is_left(db, month, tmp_path):
    old = tmp_path / "2026-11-19 Brookside School - provider copy.pdf"
    old.write_bytes(b"an old, broken file")
    write_month_notes(db, month, tmp_path, **OPTIONS, progress=always)
    assert old.read_bytes().startswith(b"%PDF")
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".part"]


@pytest.mark.parametrize("umask", [0o022, 0o277])
def test_every_note_is_private_to_its_owner_whatever_the_umask(db, month, tmp_path, umask):
    folder = tmp_path / "notes"
    folder.mkdir()
    before = os.umask(umask)  # 0o277 would leave a plain new file read-only to its owner
    try:
        result = write_month_notes(db, month, folder, **OPTIONS, progress=always)
    finally:
        os.umask(before)
    assert result.count == 5
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {0o600}


def test_cancelling_after_the_first_file_leaves_one_complete_file(db, month, tmp_path):
    result = write_month_notes(db, month, tmp_path, **OPTIONS,
                               progress=lambda done, total, what: done < 1)
    files = [p for p in tmp_path.iterdir() if p.name != "register.db"
             and not p.name.startswith("register.db")]
    assert [p.name for p in files] == ["2026-11-05 Oakfield School - Zoë Łukasiewicz.pdf"]
    assert "Zoë Łukasiewicz" in text(files[0])  # read whole
    assert (result.count, result.total, result.cancelled) == (1, 5, True)


def test_a_note_that_cannot_be_made_is_reported_and_the_rest_written(db, month, tmp_path,
                                                                     monkeypatch, app_log_file):
    from placement_qa.reports import visit_note

    real = visit_note.visit_note_pdf
    oakfield = visits_completed_in(db, month)[0].visit_id

    def failing(db, visit_id, *, copy, **kwargs):
        if copy.kind == "provider" and visit_id == oakfield:
            raise ValueError("the framework version is missing")
        return real(db, visit_id, copy=copy, **kwargs)

    monkeypatch.setattr(visit_note, "visit_note_pdf", failing)
    folder = tmp_path / "out"
    folder.mkdir()
    result = write_month_notes(db, month, folder, **OPTIONS, progress=always)
    assert result.count == 4 and not result.cancelled
    [failure] = result.failures
    assert failure.file_name == "2026-11-05 Oakfield School - provider copy.pdf"
    assert "framework version is missing" in failure.reason
    logged = app_log_file.read_text(encoding="utf-8")  # the traceback, for support
    assert f"The note of visit {oakfield} could not be written" in logged
    assert "in write_month_notes" in logged and "in failing" in logged


@pytest.mark.parametrize(("given", "expected"), [
    ('2026-11-05 A<b>:"c"/d\\e|f?g*h - Zoë', "2026-11-05 Abcdefgh - Zoë"),
    ("Tab\there\nand line", "Tab here and line"),
    ("Șerban Popescu.  ", "Șerban Popescu"),
    ("CON", "_CON"),
    ("x" * 300, "x" * 150),
])
def test_file_names_are_safe_on_windows_and_linux(given, expected):
    assert safe_file_name(given) == expected
