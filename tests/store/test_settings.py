"""Register settings: each one's default, a value it takes, a value it refuses and why;
every change logged with who made it; a refused change changes nothing."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

import placement_qa
from placement_qa.domain.settings import (
    BACKUP_KEEP,
    HOME_AUTHORITY,
    SCHOOL_HOLIDAYS,
    SETTING_KEYS,
)
from placement_qa.store import settings
from placement_qa.store.audit import change_log
from placement_qa.store.settings import (
    REGISTER_SETTINGS,
    SettingError,
    UnknownSetting,
    all_settings,
    get_setting,
    set_setting,
    setting_spec,
    shown_value,
)

# key: (default in a new register, typed, value kept, shown, refused text, message)
CASES = {
    "home_authority": (
        "Home authority", "  Northshire ", "Northshire", "Northshire",
        "   ", "home_authority: is required"),
    "additional_visit_weeks": (
        6, "10", 10, "10",
        "abc", "additional_visit_weeks: 'abc' is not a whole number of weeks (1 to 52)"),
    "school_holidays": (
        [], "21/12/2026 to 01/01/2027; 26/10/2026 TO 30/10/2026",
        [(date(2026, 10, 26), date(2026, 10, 30)), (date(2026, 12, 21), date(2027, 1, 1))],
        "26/10/2026 to 30/10/2026; 21/12/2026 to 01/01/2027",
        "18/02/2027 to 15/02/2027",
        "school_holidays: School holiday starting 18/02/2027 ends before it starts "
        "(15/02/2027)"),
    "council_name": (
        "Westbridge Council", "Northshire County Council", "Northshire County Council",
        "Northshire County Council", "", "council_name: is required"),
    "protective_marking": (
        "OFFICIAL-SENSITIVE", "OFFICIAL", "OFFICIAL", "OFFICIAL",
        "\t", "protective_marking: is required"),
    "backup_keep": (
        14, " 30 ", 30, "30",
        "0", "backup_keep: '0' is not a whole number of backups (1 to 365)"),
    "idle_lock_minutes": (
        10, "5", 5, "5",
        "4.5", "idle_lock_minutes: '4.5' is not a whole number of minutes (1 to 240)"),
    "draft_signoff_working_days": (
        10, "15", 15, "15",
        "61", "draft_signoff_working_days: '61' is not a whole number of working days "
        "(1 to 60)"),
    "countersign_working_days": (
        10, "12", 12, "12",
        "0", "countersign_working_days: '0' is not a whole number of working days "
        "(1 to 60)"),
    "concern_interval_months": (
        3, "2", 2, "2",
        "13", "concern_interval_months: '13' is not a whole number of months (1 to 12)"),
    "chase_reminder_working_days": (
        1, "2", 2, "2",
        "0", "chase_reminder_working_days: '0' is not a whole number of working days "
        "(1 to 120)"),
    "chase_chased_working_days": (
        10, "12", 12, "12",
        "121", "chase_chased_working_days: '121' is not a whole number of working days "
        "(1 to 120)"),
    "chase_escalated_working_days": (
        20, " 25", 25, "25",
        "twenty", "chase_escalated_working_days: 'twenty' is not a whole number of working "
        "days (1 to 120)"),
}
# The deputy may be left blank (the managers only): any name is kept, spaced as typed once.
OPTIONAL = {"countersign_deputy": ("", "  Amira   Patel ", "Amira Patel")}


def test_every_setting_is_in_the_table_and_the_council_and_home_authority_are_settings():
    assert sorted((*CASES, *OPTIONAL)) == sorted(SETTING_KEYS)
    assert SETTING_KEYS == tuple(s.key for s in REGISTER_SETTINGS)
    assert {"home_authority", "council_name"} <= set(SETTING_KEYS)


@pytest.mark.parametrize("key", CASES)
def test_a_new_register_has_each_settings_default(db, key):
    default = CASES[key][0]
    assert get_setting(db, key) == default == setting_spec(key).default
    assert dict((spec.key, value) for spec, value in all_settings(db))[key] == default


@pytest.mark.parametrize("key", CASES)
def test_a_good_value_is_kept_and_shown_as_typed(db, key):
    _, typed, kept, shown, _, _ = CASES[key]
    assert set_setting(db, key, typed) == kept
    assert get_setting(db, key) == kept
    assert shown_value(setting_spec(key), get_setting(db, key)) == shown
    assert set_setting(db, key, shown) == kept  # what is shown can be typed back


@pytest.mark.parametrize("key", CASES)
def test_a_bad_value_is_refused_saying_what_is_allowed_and_changes_nothing(db, key):
    _, typed, kept, _, refused, message = CASES[key]
    set_setting(db, key, typed)
    before = change_log(db)
    with pytest.raises(SettingError) as caught:
        set_setting(db, key, refused)
    assert str(caught.value) == message
    assert caught.value.key == key
    assert get_setting(db, key) == kept
    assert change_log(db) == before


@pytest.mark.parametrize("key", OPTIONAL)
def test_an_optional_setting_may_be_blank(db, key):
    default, typed, kept = OPTIONAL[key]
    assert get_setting(db, key) == default
    assert set_setting(db, key, typed) == kept == get_setting(db, key)
    assert set_setting(db, key, "  ") == "" == get_setting(db, key)


def test_a_change_is_logged_with_who_made_it(db):
    set_setting(db, "council_name", "Westbridge Borough Council")
    set_setting(db, "council_name", "Northshire Council")
    entries = change_log(db, table="register_meta", record_uuid="council_name")
    assert [(e.operation, e.os_user) for e in entries] == [
        ("insert", "a.officer"), ("update", "a.officer")]
    assert entries[-1].before["value"] == "Westbridge Borough Council"
    assert entries[-1].after["value"] == "Northshire Council"


def test_setting_the_value_a_setting_has_writes_nothing(db):
    set_setting(db, "backup_keep", "30")
    before = change_log(db)
    assert set_setting(db, "backup_keep", "030") == 30
    assert change_log(db) == before


def test_an_unknown_key_is_refused_naming_the_settings(db):
    before = change_log(db)
    with pytest.raises(UnknownSetting) as caught:
        set_setting(db, "home", "Northshire")
    assert str(caught.value) == (
        "home: is not a register setting; the settings are home_authority, "
        "additional_visit_weeks, school_holidays, council_name, protective_marking, "
        "backup_keep, idle_lock_minutes, draft_signoff_working_days, "
        "countersign_working_days, countersign_deputy, "
        "concern_interval_months, chase_reminder_working_days, chase_chased_working_days, "
        "chase_escalated_working_days")
    assert change_log(db) == before
    with pytest.raises(UnknownSetting, match="the settings are home_authority"):
        get_setting(db, "home")
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("home, council", [
    ("Kent", "Kent Council"),
    ("Kent County Council", "Kent County Council"),
    ("Home authority", "Westbridge Council"),
])
def test_the_council_is_named_from_the_home_authority_until_it_is_set(db, home, council):
    set_setting(db, "home_authority", home)
    assert get_setting(db, "council_name") == council
    set_setting(db, "council_name", "Westbridge Borough Council")
    set_setting(db, "home_authority", "Northshire")
    assert get_setting(db, "council_name") == "Westbridge Borough Council"


@pytest.mark.parametrize("key, stored", [
    ("backup_keep", "lots"), ("backup_keep", "0"), ("additional_visit_weeks", "99"),
    ("school_holidays", "not a list"), ("school_holidays", '[["2026-12-21"]]'),
    ("home_authority", "  "),
])
def test_a_value_the_app_would_not_write_reads_as_the_default(db, key, stored):
    settings.store_text(db, key, stored)
    assert get_setting(db, key) == setting_spec(key).default


def test_school_holidays_are_kept_as_dates_in_the_register(db):
    set_setting(db, "school_holidays", "26/10/2026 to 30/10/2026")
    assert settings.stored_text(db, "school_holidays") == '[["2026-10-26", "2026-10-30"]]'
    assert set_setting(db, "school_holidays", "none") == []
    assert settings.school_holidays(db) == []


@pytest.mark.parametrize("typed, message", [
    ("half term", "'half term' is not a period: type each as DD/MM/YYYY to DD/MM/YYYY, "
                  "periods separated by ';'"),
    ("26/10/2026 to 31/10", "period 1 end: '31/10' is not a date; type it as DD/MM/YYYY"),
    ("21/12/2026 to 01/01/2027; 30/02/2027 to 03/03/2027",
     "period 2 start: '30/02/2027' is not a real date"),
])
def test_a_mistyped_period_names_the_period(db, typed, message):
    with pytest.raises(SettingError) as caught:
        set_setting(db, "school_holidays", typed)
    assert caught.value.reason == message


def test_values_set_together_are_all_kept_or_none(db):
    set_setting(db, "home_authority", "Westbridge")
    before = change_log(db)
    with pytest.raises(SettingError, match="backup_keep: '0' is not a whole number"):
        settings.set_values(db, [(HOME_AUTHORITY, "Northshire"), (BACKUP_KEEP, 0)])
    assert (settings.home_authority(db), settings.backup_keep(db)) == ("Westbridge", 14)
    assert change_log(db) == before
    settings.set_values(db, [(HOME_AUTHORITY, "Northshire"), (BACKUP_KEEP, 20),
                             (SCHOOL_HOLIDAYS, [(date(2026, 10, 26), date(2026, 10, 30))])])
    assert (settings.home_authority(db), settings.backup_keep(db)) == ("Northshire", 20)
    assert settings.school_holidays(db) == [(date(2026, 10, 26), date(2026, 10, 30))]


def test_only_the_settings_module_reads_or_writes_the_settings_table():
    """Every setting is read through store/settings.py (one home for its default): no
    other module names the table the settings are kept in, in SQL or otherwise."""
    package = Path(placement_qa.__file__).parent
    allowed = {package / "store" / "settings.py",  # reads and writes the settings
               package / "store" / "schema.py",  # makes the table and its change log
               # names it for the team register, which sends its rows as records
               # (reading no setting's value)
               package / "domain" / "sync.py",
               # names it to call its changes "Settings" in the change log (reading none)
               package / "domain" / "change_log.py"}
    naming = sorted(
        str(path.relative_to(package)) for path in package.rglob("*.py")
        if path not in allowed and any(
            isinstance(node, ast.Constant) and isinstance(node.value, str)
            and "register_meta" in node.value
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))))
    assert naming == []
