"""``report``, run as a user runs it (in the test's process) on a demo register."""

from __future__ import annotations

import io
import sqlite3

import pytest
from command_line import run_cli
from pypdf import PdfReader


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


# --- report schedule, register and board ----------------------------------------------

def _first_child_by_name(db) -> str:
    with sqlite3.connect(db) as con:
        names = [row[0] for row in con.execute(
            "SELECT trim(c.given_name || ' ' || c.family_name) FROM placements p "
            "JOIN children c ON c.id = p.child_id WHERE p.end_date IS NULL")]
    return min(names, key=str.casefold)


def test_report_schedule_writes_the_months_schedule(demo, tmp_path):
    db, _, _ = demo
    out = tmp_path / "schedule.pdf"
    result = run_cli("report", "schedule", "--month", "2026-12", "--as-of", "25/11/2026",
                     "--db", str(db), "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = _text(out)
    assert "Monthly planning schedule: December 2026" in text
    assert "Due this month but not planned" in text and "Schedule review" in text
    assert "OFFICIAL-SENSITIVE" in text and "Page 1 of" in text
    assert list(tmp_path.iterdir()) == [out]


def test_report_register_lists_where_every_child_is_placed(demo, tmp_path):
    db, _, _ = demo
    out = tmp_path / "register.pdf"
    result = run_cli("report", "register", "--db", str(db), "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = _text(out)
    assert "Register: where every child is placed" in text
    assert _first_child_by_name(db) in text
    assert list(tmp_path.iterdir()) == [out]


def test_report_board_names_no_child(demo, tmp_path):
    pytest.importorskip("placement_qa.reports.board")
    db, _, children = demo
    out = tmp_path / "board.pdf"
    result = run_cli("report", "board", "--as-of", "2026-11-25", "--db", str(db),
                     "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = _text(out)
    assert "OFFICIAL-SENSITIVE" in text and "Page 1 of" in text
    assert not any(name in text for name in children.values())
    assert list(tmp_path.iterdir()) == [out]


@pytest.mark.parametrize(("args", "message"), [
    (["schedule", "--month", "2026-13"], "'2026-13' is not a month; type it as YYYY-MM"),
    (["schedule", "--month", "December"], "'December' is not a month"),
    (["register", "--as-of", "31/02/2026"], "--as-of"),
    (["board", "--as-of", "soon"], "--as-of"),
])
def test_a_bad_month_or_date_is_an_error_and_writes_nothing(demo, tmp_path, args, message):
    db, _, _ = demo
    out = tmp_path / "report.pdf"
    result = run_cli("report", *args, "--db", str(db), "-o", str(out))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
