"""``report visit``, run as a user runs it: a separate process on a demo register."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys

import pytest
from pypdf import PdfReader


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "placement_qa", *args],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo register and a signed-off visit covering two or more children:
    (path, visit id, {child id: full name})."""
    path = tmp_path_factory.mktemp("report") / "demo.db"
    assert run_cli("demo", "--db", str(path), "--size", "small").returncode == 0
    with sqlite3.connect(path) as con:
        visit_id = con.execute(
            "SELECT v.id FROM monitoring_visits v WHERE v.status = 'completed' AND "
            "(SELECT count(*) FROM visit_placements vp WHERE vp.visit_id = v.id) > 1 "
            "ORDER BY v.id LIMIT 1").fetchone()[0]
        children = dict(con.execute(
            "SELECT c.id, c.given_name || ' ' || c.family_name FROM visit_placements vp "
            "JOIN placements p ON p.id = vp.placement_id JOIN children c ON c.id = p.child_id "
            "WHERE vp.visit_id = ?", [visit_id]).fetchall())
    return path, visit_id, children


def _text(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_the_full_note_names_every_child(demo, tmp_path):
    db, visit_id, children = demo
    out = tmp_path / "note.pdf"
    result = run_cli("report", "visit", str(visit_id), "--db", str(db), "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = _text(out)
    assert all(name in text for name in children.values())
    assert "OFFICIAL-SENSITIVE" in text and "Page 1 of" in text
    assert list(tmp_path.iterdir()) == [out]   # no temporary file left behind


def test_a_child_copy_names_only_that_child(demo, tmp_path):
    db, visit_id, children = demo
    chosen, *others = children
    out = tmp_path / "child.pdf"
    result = run_cli("report", "visit", str(visit_id), "--child", str(chosen),
                     "--db", str(db), "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = _text(out)
    assert children[chosen] in text
    assert not any(children[other] in text for other in others)


def test_the_provider_copy_has_no_full_names(demo, tmp_path):
    db, visit_id, children = demo
    out = tmp_path / "provider.pdf"
    result = run_cli("report", "visit", str(visit_id), "--provider-copy",
                     "--db", str(db), "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = _text(out)
    assert not any(name in text for name in children.values())


@pytest.mark.parametrize(("args", "message"), [
    (["999999"], "There is no visit 999999 in the register"),
    (["{visit}", "--child", "999999"], "There is no child 999999 in the register"),
    (["{visit}", "--child", "{outsider}"], "did not cover child"),
])
def test_an_unknown_id_is_an_error_and_writes_nothing(demo, tmp_path, args, message):
    db, visit_id, children = demo
    with sqlite3.connect(db) as con:
        outsider = con.execute(
            f"SELECT min(id) FROM children WHERE id NOT IN ({','.join('?' * len(children))})",
            list(children)).fetchone()[0]
    out = tmp_path / "note.pdf"
    args = [a.format(visit=visit_id, outsider=outsider) for a in args]
    result = run_cli("report", "visit", *args, "--db", str(db), "-o", str(out))
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_child_and_provider_copy_cannot_both_be_asked_for(demo, tmp_path):
    db, visit_id, children = demo
    result = run_cli("report", "visit", str(visit_id), "--child", str(next(iter(children))),
                     "--provider-copy", "--db", str(db), "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 2
