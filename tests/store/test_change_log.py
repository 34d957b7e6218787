"""Every insert, update and delete is in the change log, in the same transaction."""

from __future__ import annotations

import re
from datetime import date

import pytest

from placement_qa.store import register, settings, visits
from placement_qa.store.audit import change_log

UTC_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def _uuid(db, table, row_id):
    return db.execute(f"SELECT uuid FROM {table} WHERE id = ?", [row_id]).fetchone()[0]


def test_insert_update_delete_are_logged_with_before_and_after(db):
    child = register.add_child(db, given_name="Zoë", family_name="Łukasiewicz", case_ref="WB000001")
    uuid = _uuid(db, "children", child)
    with db.atomic():
        db["children"].update(child, {"primary_need": "ASD"})
    with db.atomic():
        db["children"].delete(child)

    entries = change_log(db, record_uuid=uuid)
    assert [e.operation for e in entries] == ["insert", "update", "delete"]
    insert, update, delete = entries
    assert insert.before is None and insert.after["given_name"] == "Zoë"
    assert update.before["primary_need"] is None and update.after["primary_need"] == "ASD"
    assert delete.before["case_ref"] == "WB000001" and delete.after is None
    assert {e.os_user for e in entries} == {"a.officer"}
    assert all(e.table_name == "children" for e in entries)
    assert all(UTC_STAMP.match(e.changed_at) for e in entries)


def test_log_names_related_records_by_uuid_for_merging_registers(db, provider_rated_good):
    child = register.add_child(db, given_name="Łukasz", family_name="Nowak")
    provider = provider_rated_good(db, "Meadows")
    placement = register.add_placement(db, child_id=child, provider_id=provider,
                                       start_date=date(2025, 9, 1), arrangement="day")
    [entry] = change_log(db, record_uuid=_uuid(db, "placements", placement))
    assert entry.after["child_id_uuid"] == _uuid(db, "children", child)
    assert entry.after["provider_id_uuid"] == _uuid(db, "providers", provider)
    origin = db.execute("SELECT value FROM register_meta WHERE key = 'register_id'").fetchone()[0]
    assert entry.origin == origin and len(origin) == 36


def test_every_record_gets_a_distinct_uuid(db):
    ids = [register.add_child(db, given_name=f"Child {i}", family_name="Test") for i in range(50)]
    uuids = {_uuid(db, "children", i) for i in ids}
    assert len(uuids) == 50
    assert all(len(u) == 36 and u[14] == "4" for u in uuids)


def test_a_rolled_back_change_leaves_no_log_row(db):
    child = register.add_child(db, given_name="Ayşe", family_name="Yılmaz")
    before = len(change_log(db))
    with pytest.raises(RuntimeError), db.atomic():
        db["children"].update(child, {"family_name": "Demir"})
        raise RuntimeError("power cut")
    assert len(change_log(db)) == before
    assert db["children"].get(child)["family_name"] == "Yılmaz"


def test_visit_and_its_coverage_are_logged_together(db, provider_rated_good):
    child = register.add_child(db, given_name="Siobhán", family_name="Ó Briain")
    provider = provider_rated_good(db, "A")
    placement = register.add_placement(db, child_id=child, provider_id=provider,
                                       start_date=date(2025, 9, 1), arrangement="day")
    visits.add_visit(db, provider_id=provider, visit_date=date(2026, 3, 1),
                     placement_ids=[placement])
    tables = [e.table_name for e in change_log(db)][-2:]
    assert tables == ["monitoring_visits", "visit_placements"]


def test_home_authority_setting_changes_are_logged(db):
    settings.set_setting(db, "home_authority", "Westbridge")
    settings.set_setting(db, "home_authority", "Eastbridge")
    entries = change_log(db, table="register_meta", record_uuid="home_authority")
    assert [e.operation for e in entries] == ["insert", "update"]
    assert entries[-1].before["value"] == "Westbridge"
    assert entries[-1].after["value"] == "Eastbridge"
    assert settings.home_authority(db) == "Eastbridge"
