"""``placement-qa settings get | set``: the register's settings from the command line,
checked as the Settings dialog checks them."""

from __future__ import annotations

import csv
import getpass
import io
from datetime import date
from pathlib import Path

import pytest
from command_line import run_cli

from placement_qa.domain.settings import REGISTER_SETTINGS
from placement_qa.store import register
from placement_qa.store.audit import change_log
from placement_qa.store.connection import open_register
from placement_qa.store.inspections import add_inspection
from placement_qa.store.lock import RegisterLock
from placement_qa.store.settings import council_name, home_authority


@pytest.fixture
def new_db(tmp_path) -> Path:
    path = tmp_path / "register.db"
    assert run_cli("new", "--db", path).returncode == 0
    return path


def _monitoring(db: Path) -> dict[str, str]:
    """Each child's "Requires monitoring" in the register export."""
    export = run_cli("export", "register", "--db", db, "--as-of", "03/12/2026")
    assert export.returncode == 0, export.stderr
    rows = csv.DictReader(io.StringIO(export.stdout.lstrip("\ufeff")))
    return {row["Child"]: row["Requires monitoring"] for row in rows}


def test_get_lists_every_setting_in_the_dialogs_order_with_its_default(new_db):
    result = run_cli("settings", "get", "--db", new_db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "home_authority: Home authority",
        "additional_visit_weeks: 6",
        "school_holidays: none",
        "council_name: Westbridge Council",
        "protective_marking: OFFICIAL-SENSITIVE",
        "backup_keep: 14",
        "idle_lock_minutes: 10",
        "draft_signoff_working_days: 10",
        "countersign_working_days: 10",
        "countersign_deputy: ",
        "concern_interval_months: 3",
        "chase_reminder_working_days: 1",
        "chase_chased_working_days: 10",
        "chase_escalated_working_days: 20",
    ]
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        setting.key for setting in REGISTER_SETTINGS]


def test_the_home_authority_set_here_decides_who_needs_monitoring_visits(new_db):
    db = open_register(new_db)
    school = register.add_provider(db, name="Castle Park School",
                                   provider_type="maintained_special",
                                   host_authority="Northshire")
    add_inspection(db, provider_id=school, inspectorate="Ofsted (education)",
                   inspected_on=date(2023, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    child = register.add_child(db, given_name="Ivy", family_name="Jones")
    register.add_placement(db, child_id=child, provider_id=school,
                           start_date=date(2024, 9, 2), arrangement="day")
    db.close()
    assert _monitoring(new_db) == {"Ivy Jones": "yes"}

    result = run_cli("settings", "set", "home_authority", "Northshire", "--db", new_db)
    assert (result.returncode, result.stdout) == (0, "home_authority: Northshire\n")
    assert _monitoring(new_db) == {"Ivy Jones": "no"}  # her own authority's school
    # the council on printed notes follows the home authority until it is set itself
    assert run_cli("settings", "get", "council_name", "--db", new_db).stdout == (
        "Northshire Council\n")


def test_the_council_name_set_here_is_what_notes_print_and_the_log_says_who(new_db):
    result = run_cli("--db", new_db, "settings", "set", "council_name", " Cyngor Ynys Môn ")
    assert (result.returncode, result.stdout) == (0, "council_name: Cyngor Ynys Môn\n")
    db = open_register(new_db)
    try:
        assert council_name(db) == "Cyngor Ynys Môn"
        [entry] = [e for e in change_log(db) if e.table_name == "register_meta"
                   and e.record_uuid == "council_name"]
        assert entry.after["value"] == "Cyngor Ynys Môn"
        assert entry.os_user == getpass.getuser()
    finally:
        db.close()


@pytest.mark.parametrize("key, value, why", [
    ("backup_keep", "0", "backup_keep: '0' is not a whole number of backups (1 to 365)"),
    ("home_authority", "   ", "home_authority: is required"),
    ("school_holidays", "21/12/2026 to 30/02/2027",
     "school_holidays: period 1 end: '30/02/2027' is not a real date"),
])
def test_a_value_the_setting_cannot_take_is_refused_saying_why_and_nothing_changes(
        new_db, key, value, why):
    before = new_db.read_bytes()
    result = run_cli("settings", "set", key, value, "--db", new_db)
    assert result.returncode == 1
    assert result.stderr == f"placement-qa settings: {why}\n"
    assert result.stdout == ""
    assert new_db.read_bytes() == before


def test_an_unknown_setting_is_a_usage_error_naming_the_settings(new_db):
    before = new_db.read_bytes()
    result = run_cli("settings", "set", "home", "Kent", "--db", new_db)
    assert result.returncode == 2
    assert "'home' is not one of 'home_authority', 'additional_visit_weeks'" in result.stderr
    assert run_cli("settings", "get", "council", "--db", new_db).returncode == 2
    assert new_db.read_bytes() == before


def test_set_is_refused_while_the_app_has_the_register_open_and_get_is_not(new_db):
    with RegisterLock(new_db, user="a.officer"):
        refused = run_cli("settings", "set", "home_authority", "Kent", "--db", new_db)
        assert refused.returncode == 1
        assert "open in Placement QA by a.officer" in refused.stderr
        read = run_cli("settings", "get", "home_authority", "--db", new_db)
        assert (read.returncode, read.stdout) == (0, "Home authority\n")
    db = open_register(new_db)
    try:
        assert home_authority(db) == "Home authority"
    finally:
        db.close()
