"""Times the store writes and words it says about them: UK time, whatever this computer's
time zone. Backups are named and listed by UK time, a return imported late in a summer
evening is dated the UK day, the lock says since when in UK time, and the change log's
summary shows a sign-off's stored UTC time as UK time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from follow_up_register import build_history

from placement_qa.domain.change_log import change_summary
from placement_qa.store.audit import ChangeFilter, find_changes
from placement_qa.store.backup import backup_register, list_backups
from placement_qa.store.lock import in_use_message
from placement_qa.store.timeline import provider_timeline

ZONES = ["UTC", "America/New_York"]
LONDON = ZoneInfo("Europe/London")


def uk_clock() -> datetime:
    """The UK wall time now, to the second (as backup names are stamped)."""
    return datetime.now(LONDON).replace(tzinfo=None, microsecond=0)


@pytest.mark.parametrize("zone", ZONES)
def test_a_backup_is_named_and_listed_by_uk_time(db, tmp_path, machine_zone, zone):
    machine_zone(zone)
    folder = tmp_path / "backups"
    before = uk_clock()
    backup_register(db, folder)
    after = uk_clock()
    (listed,) = list_backups(folder, tmp_path / "register.db")
    assert before <= listed.taken_at <= after


@pytest.mark.parametrize("zone", ZONES)
def test_a_return_imported_late_on_a_summer_evening_is_dated_the_uk_day(
        db, machine_zone, zone):
    machine_zone(zone)
    reg, _ = build_history(db)
    # 00:30 on 03/06/2026 UK time (BST), still 02/06 in UTC and in New York.
    db.execute("UPDATE provider_returns SET imported_at = '2026-06-02T23:30:00Z' "
               "WHERE imported_at IS NOT NULL")
    (imported,) = [e for e in provider_timeline(db, reg.provider) if e.kind == "return"]
    assert imported.date == date(2026, 6, 3)


@pytest.mark.parametrize("zone", ZONES)
def test_the_lock_says_since_when_in_uk_time(tmp_path, machine_zone, zone):
    machine_zone(zone)
    holder = {"user": "a.officer", "since": "2026-07-01T23:30:00+00:00"}
    message = in_use_message(tmp_path / "register.db", holder)
    assert "by a.officer since 02/07/2026 00:30 —" in message


@pytest.mark.parametrize("zone", ZONES)
def test_the_change_log_summary_shows_stored_times_in_uk_time(db, machine_zone, zone):
    machine_zone(zone)
    reg, visit_id = build_history(db)
    # Signed off at 15:30 UTC on 20/11/2026 (GMT); moved to 14:30 UTC on 01/07 (BST).
    db.execute("UPDATE monitoring_visits SET signed_off_at = '2026-07-01T14:30:00Z' "
               "WHERE id = ?", [visit_id])
    (entry, *_) = find_changes(db, ChangeFilter(table="monitoring_visits"))
    assert change_summary(entry) == "signed off at 20/11/2026 15:30 → 01/07/2026 15:30"
