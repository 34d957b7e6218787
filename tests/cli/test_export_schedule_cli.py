"""``export schedule`` and ``export overdue``, run as a user runs them (in the test's process)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from command_line import run_cli
from icalendar import Calendar

from placement_qa.store import register
from placement_qa.store.connection import open_register
from placement_qa.store.inspections import add_inspection
from placement_qa.store.visits import add_visit

CHILD_NAMES = ("Zoë", "Łukasiewicz", "Aled", "Ap-Rhys")


def _provider(db, name, host, postcode) -> int:
    provider_id = register.add_provider(db, name=name, provider_type="independent_special",
                                        host_authority=host, postcode=postcode)
    add_inspection(db, provider_id=provider_id, inspectorate="Ofsted (education)",
                   inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    return provider_id


def _place(db, provider_id, given, family, start) -> int:
    child_id = register.add_child(db, given_name=given, family_name=family)
    return register.add_placement(db, child_id=child_id, provider_id=provider_id,
                                  start_date=start, arrangement="day")


@pytest.fixture(scope="module")
def register_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("schedule") / "register.db"
    db = open_register(path, create=True, os_user="a.officer")
    oak = _provider(db, "Oakfield House School", "Kent", "TN1 2AB")
    ysgol = _provider(db, "Ysgol Penrhyn Dŵr", "Gwynedd", "LL53 5AB")
    zoe = _place(db, oak, "Zoë", "Łukasiewicz", date(2025, 9, 1))        # overdue on 22/11
    aled = _place(db, ysgol, "Aled", "Ap-Rhys", date(2025, 12, 10))       # due soon on 22/11
    add_visit(db, provider_id=oak, visit_date=date(2026, 12, 3), placement_ids=[zoe],
              visitors="A. Officer, B. Smith")
    add_visit(db, provider_id=ysgol, visit_date=date(2026, 12, 14), placement_ids=[aled],
              visit_type="joint_regional")
    add_visit(db, provider_id=ysgol, visit_date=date(2026, 12, 15), placement_ids=[aled],
              status="cancelled")
    add_visit(db, provider_id=oak, visit_date=date(2027, 1, 5), placement_ids=[zoe])
    db.close()
    return path


def _ics(register_path, tmp_path, name="visits.ics") -> bytes:
    out = tmp_path / name
    result = run_cli("export", "schedule", "--db", str(register_path), "--month", "2026-12",
                     "--format", "ics", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert f"2 planned visits written to {out}" in result.stderr
    return out.read_bytes()


def test_ics_has_one_event_per_planned_visit_and_no_childs_name(register_path, tmp_path):
    raw = _ics(register_path, tmp_path)
    events = Calendar.from_ical(raw).walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in events) == [
        "Monitoring visit: Oakfield House School (annual monitoring)",
        "Monitoring visit: Ysgol Penrhyn Dŵr (joint / regional visit)",
    ]
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8")
    for name in CHILD_NAMES:
        assert name.encode() not in raw and name not in unfolded


def test_two_exports_give_the_same_uids(register_path, tmp_path):
    first = Calendar.from_ical(_ics(register_path, tmp_path, "a.ics")).walk("VEVENT")
    second = Calendar.from_ical(_ics(register_path, tmp_path, "b.ics")).walk("VEVENT")
    assert {str(e["UID"]) for e in first} == {str(e["UID"]) for e in second}
    assert all(str(e["UID"]).endswith("@placement-qa") for e in first)


def test_ics_goes_to_stdout_as_bytes_and_the_format_follows_the_file_name(register_path,
                                                                          tmp_path):
    result = run_cli("export", "schedule", "--db", str(register_path), "--month", "2026-12",
                     "--format", "ics")
    assert result.returncode == 0, result.stderr
    assert len(Calendar.from_ical(result.stdout_bytes).walk("VEVENT")) == 2
    out = tmp_path / "december.ics"
    result = run_cli("export", "schedule", "--db", str(register_path), "--month", "2026-12",
                     "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert len(Calendar.from_ical(out.read_bytes()).walk("VEVENT")) == 2


def test_a_month_with_no_planned_visits_writes_no_calendar_and_says_so(register_path,
                                                                       tmp_path):
    out = tmp_path / "february.ics"
    for target in (("-o", str(out)), ("--format", "ics")):
        result = run_cli("export", "schedule", "--db", str(register_path), "--month", "2027-02",
                         *target)
        assert result.returncode == 1
        assert "No visits planned in February 2027: nothing written" in result.stderr
        assert result.stdout_bytes == b""
    assert list(tmp_path.iterdir()) == []


def test_schedule_csv_lists_the_months_planned_visits(register_path):
    result = run_cli("export", "schedule", "--db", str(register_path), "--month", "2026-12",
                     "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows == [
        ["Date", "Provider", "Host authority", "Visit type", "Visitors", "Placements covered",
         "Status"],
        ["03/12/2026", "Oakfield House School", "Kent", "Annual monitoring",
         "A. Officer, B. Smith", "1", "Planned"],
        ["14/12/2026", "Ysgol Penrhyn Dŵr", "Gwynedd", "Joint / regional visit", "", "1",
         "Planned"],
    ]


def test_schedule_csv_to_a_file_has_a_bom(register_path, tmp_path):
    out = tmp_path / "december.csv"
    result = run_cli("export", "schedule", "--db", str(register_path), "--month", "2026-12",
                     "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbfDate,Provider,")
    assert "Ysgol Penrhyn Dŵr" in out.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("month", ["2026-13", "12/2026", "2026-1", "December", "2026-00"])
def test_a_month_that_is_not_yyyy_mm_is_refused_in_words(register_path, month):
    result = run_cli("export", "schedule", "--db", str(register_path), "--month", month)
    assert result.returncode == 2
    assert f"'{month}' is not a month; type it as YYYY-MM" in result.stderr
    assert "Traceback" not in result.stderr


def test_overdue_lists_overdue_and_due_soon_earliest_first(register_path, tmp_path):
    result = run_cli("export", "overdue", "--db", str(register_path), "--as-of", "2026-11-22",
                     "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["Child"], r["Status"], r["Next due"]) for r in rows] == [
        ("Zoë Łukasiewicz", "Overdue", "01/09/2026"),
        ("Aled Ap-Rhys", "Due soon", "10/12/2026"),
    ]
    out = tmp_path / "overdue.csv"
    result = run_cli("export", "overdue", "--db", str(register_path), "--as-of", "22/11/2026",
                     "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "2 overdue or due-soon placements written to" in result.stderr


@pytest.mark.parametrize("command", [
    ("export", "overdue", "--as-of", "2026-11-22"),
    ("export", "schedule", "--month", "2026-12", "--format", "ics"),
])
def test_missing_register_is_one_clear_line_and_no_file_is_made(tmp_path, command):
    missing = tmp_path / "nope.db"
    result = run_cli(*command, "--db", str(missing))
    assert result.returncode != 0
    assert f"{missing} does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    assert not missing.exists()
