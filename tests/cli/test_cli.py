"""The headless commands, run as a user runs them (in the test's process), on real files."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from command_line import run_cli

from placement_qa.domain.dates import add_months
from placement_qa.store.connection import open_register
from placement_qa.store.schema import LATEST_VERSION

AS_OF = "2026-11-22"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "d.db"
    result = run_cli("demo", "--db", str(path), "--size", "small")
    assert result.returncode == 0, result.stderr
    return path


def _uk(text: str) -> date | None:
    if not text:
        return None
    d, m, y = (int(x) for x in text.split("/"))
    return date(y, m, d)


def _expected_next_due(db_path, as_of: date) -> dict[tuple[str, date], date]:
    """Next due worked out independently of the app's code: hand SQL plus month arithmetic,
    by child and start date (the export files its rows by child)."""
    db = open_register(db_path)
    rows = db.execute(
        """SELECT p.id, c.given_name || ' ' || c.family_name, p.start_date,
                  p.visit_interval_months,
                  (SELECT max(v.visit_date) FROM visit_placements vp
                     JOIN monitoring_visits v ON v.id = vp.visit_id
                    WHERE vp.placement_id = p.id AND v.status = 'completed'
                      AND v.visit_date <= ?)
             FROM placements p JOIN children c ON c.id = p.child_id ORDER BY p.id""",
        [as_of.isoformat()],
    ).fetchall()
    db.close()
    return {
        (name, date.fromisoformat(start)): add_months(date.fromisoformat(last or start), interval)
        for _, name, start, interval, last in rows
    }


def test_export_prints_one_row_per_placement_with_statuses_that_follow_the_rules(demo_db):
    result = run_cli("export", "register", "--db", str(demo_db), "--format", "csv",
                     "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["Child", "Provider", "Type", "Host authority", "Start", "End",
                             "EHCP last review", "EHCP next review due",
                             "Last visit", "Next due", "Status", "Planned visit",
                             "Planned after due date", "Requires monitoring", "Case ref", "URN",
                             "Arrangement",
                             "Interim support", "Annual cost"]
    as_of = date.fromisoformat(AS_OF)
    expected_due = _expected_next_due(demo_db, as_of)
    assert len(rows) == len(expected_due) > 0
    seen = set()
    for row in rows:
        due = expected_due[(row["Child"], _uk(row["Start"]))]
        status = row["Status"]
        seen.add(status)
        end = _uk(row["End"])
        if end and end < as_of:
            assert status == "Ended"
        elif status in ("Overdue", "Due soon", "In schedule"):
            assert row["Requires monitoring"] == "yes"
            assert _uk(row["Next due"]) == due
            days = (due - as_of).days
            assert status == ("Overdue" if days < 0 else "Due soon" if days < 30 else "In schedule")
        else:
            assert status in ("Awaiting provision", "Not required", "Not started")
            assert row["Next due"] == ""
    assert {"Overdue", "Due soon", "In schedule", "Ended", "Awaiting provision"} <= seen


def test_export_to_a_file_opens_in_excel_with_accented_names(demo_db, tmp_path):
    out = tmp_path / "register.csv"
    result = run_cli("export", "register", "--db", str(demo_db), "--as-of", AS_OF, "-o", str(out))
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    assert "placements written to" in result.stderr


def test_check_reports_integrity_and_schema_version(demo_db):
    result = run_cli("check", "--db", str(demo_db))
    assert result.returncode == 0, result.stderr
    assert "integrity: ok" in result.stdout
    assert f"schema version: {LATEST_VERSION} of {LATEST_VERSION}" in result.stdout
    assert "placements:" in result.stdout


@pytest.mark.parametrize("command", [("check",), ("export", "register")])
def test_missing_register_is_one_clear_line_and_no_file_is_made(tmp_path, command):
    missing = tmp_path / "nope.db"
    result = run_cli(*command, "--db", str(missing))
    assert result.returncode != 0
    assert f"{missing} does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    assert not missing.exists()


def test_a_file_that_is_not_a_register_is_explained(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")
    result = run_cli("check", "--db", str(notes))
    assert result.returncode == 1
    assert "is not a Placement QA register" in result.stderr
    assert "Traceback" not in result.stderr
    assert notes.read_text() == "not a database"


def test_impossible_as_of_date_is_refused(demo_db):
    result = run_cli("export", "register", "--db", str(demo_db), "--as-of", "31/02/2026")
    assert result.returncode == 2
    assert "--as-of: '31/02/2026' is not a real date" in result.stderr


def test_demo_refuses_to_overwrite_an_existing_register(demo_db):
    before = demo_db.read_bytes()
    result = run_cli("demo", "--db", str(demo_db))
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert demo_db.read_bytes() == before
