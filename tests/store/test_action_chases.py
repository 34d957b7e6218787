"""Chase stages recorded against a follow-up action: one transaction each, kept as recorded."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from placement_qa.domain.action_chase import CHASED, REMINDER, ChaseDays, ChaseRecord
from placement_qa.domain.actions import NewAction
from placement_qa.domain.validation import FieldError
from placement_qa.store import action_chases
from placement_qa.store.action_chases import chase_days, chase_records, record_chase
from placement_qa.store.actions import raise_action
from placement_qa.store.audit import change_log
from placement_qa.store.settings import set_setting

DUE = date(2026, 11, 6)
AS_OF = date(2026, 11, 23)


@pytest.fixture
def action_id(db, provider_rated_good) -> int:
    return raise_action(db, NewAction(provider_rated_good(db), "Send the restraint log",
                                      "provider", "Head", DUE, "high",
                                      raised_on=date(2026, 10, 1)))


def test_a_chase_is_recorded_and_read_back(db, action_id):
    first = record_chase(db, ChaseRecord(action_id, REMINDER, date(2026, 11, 9), " Jo Okafor ",
                                         "Emailed the head"), AS_OF)
    record_chase(db, ChaseRecord(action_id, CHASED, date(2026, 11, 20), "Jo Okafor",
                                 "Phoned; promised by Friday"), AS_OF)
    assert [(r.stage, r.on, r.by, r.note) for r in chase_records(db, action_id)] == [
        (REMINDER, date(2026, 11, 9), "Jo Okafor", "Emailed the head"),
        (CHASED, date(2026, 11, 20), "Jo Okafor", "Phoned; promised by Friday")]
    logged = change_log(db, table="action_chases")
    assert [e.operation for e in logged] == ["insert", "insert"]
    assert logged[0].after["note"] == "Emailed the head"
    assert chase_records(db)[0].record_id == first


def test_a_refused_chase_writes_nothing(db, action_id):
    before = len(change_log(db))
    with pytest.raises(FieldError, match="Date: is after today"):
        record_chase(db, ChaseRecord(action_id, REMINDER, date(2026, 11, 24), "Jo", "x"), AS_OF)
    with pytest.raises(FieldError, match="Note: say what was done"):
        record_chase(db, ChaseRecord(action_id, REMINDER, date(2026, 11, 9), "Jo", " "), AS_OF)
    assert chase_records(db) == [] and len(change_log(db)) == before


def test_a_chase_failing_half_way_leaves_nothing(db, action_id, monkeypatch):
    """The record and its change-log entry are one transaction: a failure after the row
    was written (a full disk, say) undoes both."""
    written = action_chases.insert_row

    def insert_then_fail(*args, **kwargs):
        written(*args, **kwargs)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(action_chases, "insert_row", insert_then_fail)
    before = len(change_log(db))
    with pytest.raises(sqlite3.OperationalError):
        record_chase(db, ChaseRecord(action_id, REMINDER, date(2026, 11, 9), "Jo", "Emailed"),
                     AS_OF)
    assert chase_records(db) == [] and len(change_log(db)) == before


def test_a_chase_recorded_is_kept(db, action_id):
    record_chase(db, ChaseRecord(action_id, REMINDER, date(2026, 11, 9), "Jo", "Emailed"), AS_OF)
    for sql in ("UPDATE action_chases SET note = 'Never sent'", "DELETE FROM action_chases"):
        with pytest.raises(sqlite3.IntegrityError, match="cannot be changed or deleted"):
            with db.atomic():
                db.execute(sql)
    assert [(r.stage, r.note) for r in chase_records(db)] == [(REMINDER, "Emailed")]


def test_the_stages_days_are_the_registers_settings(db):
    assert chase_days(db) == ChaseDays(1, 10, 20)
    set_setting(db, "chase_chased_working_days", "5")
    set_setting(db, "chase_escalated_working_days", "15")
    assert chase_days(db) == ChaseDays(1, 5, 15)
