"""Browsing the change log: filtered by record type, record, user and dates, newest first,
a page at a time; each change summed up in one readable line."""

from __future__ import annotations

from datetime import date

import pytest

from placement_qa.domain.change_log import change_summary
from placement_qa.store import register
from placement_qa.store.audit import (
    ChangeFilter,
    change_log,
    change_log_tables,
    change_log_users,
    find_changes,
)
from placement_qa.store.connection import open_register
from placement_qa.store.visits import add_visit


def _uuid(db, table, row_id):
    return db.execute(f"SELECT uuid FROM {table} WHERE id = ?", [row_id]).fetchone()[0]


def _as_other_user(tmp_path, user):
    return open_register(tmp_path / "register.db", os_user=user)


def test_newest_first_and_filtered_by_table_and_record(db):
    amara = register.add_child(db, given_name="Amara", family_name="Okafor")
    ben = register.add_child(db, given_name="Ben", family_name="Carter")
    register.update_child(db, amara, primary_need="ASD")
    uuid = _uuid(db, "children", amara)

    entries = find_changes(db, ChangeFilter(table="children"))
    assert [e.operation for e in entries] == ["update", "insert", "insert"]
    assert entries[1].record_uuid == _uuid(db, "children", ben)
    mine = find_changes(db, ChangeFilter(record_uuid=uuid))
    assert [e.operation for e in mine] == ["update", "insert"]
    assert find_changes(db, ChangeFilter(table="providers")) == []
    assert "children" in change_log_tables(db)


def test_filtered_by_user(db, tmp_path):
    register.add_child(db, given_name="Amara", family_name="Okafor")
    other = _as_other_user(tmp_path, "b.manager")
    try:
        register.add_child(other, given_name="Ben", family_name="Carter")
    finally:
        other.close()
    assert change_log_users(db) == ["a.officer", "b.manager"]
    theirs = find_changes(db, ChangeFilter(table="children", os_user="b.manager"))
    assert [e.after["given_name"] for e in theirs] == ["Ben"]


def test_filtered_by_date_range_inclusive(db):
    for name in ("Amara", "Ben", "Chloe"):
        register.add_child(db, given_name=name, family_name="Test")
    stamps = ["2026-11-01T09:00:00.000Z", "2026-11-15T23:59:59.999Z", "2026-11-16T00:00:00.000Z"]
    ids = [e.entry_id for e in change_log(db, table="children")]
    with db.atomic():
        for entry_id, stamp in zip(ids, stamps, strict=True):
            db.execute("UPDATE change_log SET changed_at = ? WHERE id = ?", [stamp, entry_id])

    def names(**dates):
        chosen = ChangeFilter(table="children", **dates)
        return [e.after["given_name"] for e in find_changes(db, chosen)]

    assert names(from_date=date(2026, 11, 15)) == ["Chloe", "Ben"]
    assert names(to_date=date(2026, 11, 15)) == ["Ben", "Amara"]
    assert names(from_date=date(2026, 11, 2), to_date=date(2026, 11, 15)) == ["Ben"]


def test_pages_walk_back_without_repeats(db):
    for number in range(7):
        register.add_child(db, given_name=f"Child{number}", family_name="Test")
    chosen = ChangeFilter(table="children")
    first = find_changes(db, chosen, limit=3)
    second = find_changes(db, chosen, limit=3, before_id=first[-1].entry_id)
    third = find_changes(db, chosen, limit=3, before_id=second[-1].entry_id)
    names = [e.after["given_name"] for e in first + second + third]
    assert names == [f"Child{n}" for n in range(6, -1, -1)]


def test_hostile_filter_text_is_only_a_value(db):
    register.add_child(db, given_name="Amara", family_name="Okafor")
    hostile = "'; DROP TABLE children; --"
    assert find_changes(db, ChangeFilter(table=hostile, os_user=hostile)) == []
    assert db["children"].exists()


def test_summary_says_what_changed_in_words(db):
    amara = register.add_child(db, given_name="Amara", family_name="Okafor")
    register.update_child(db, amara, primary_need="ASD")
    update, insert = find_changes(db, ChangeFilter(table="children"))
    assert change_summary(update) == "primary need — → Autistic spectrum disorder"
    assert "given name Amara" in change_summary(insert)
    assert "uuid" not in change_summary(insert)


@pytest.mark.parametrize("zone", ["Europe/London", "UTC", "America/New_York"])
def test_date_filters_are_the_councils_days_not_utc_or_the_computers(db, machine_zone, zone):
    machine_zone(zone)
    for name in ("Amara", "Ben", "Chloe"):
        register.add_child(db, given_name=name, family_name="Test")
    # 00:30 and 23:30 on 16/07/2026 in London (BST), and 23:30 on 16/11 (GMT).
    stamps = ["2026-07-15T23:30:00.000Z", "2026-07-16T22:30:00.000Z",
              "2026-11-16T23:30:00.000Z"]
    ids = [e.entry_id for e in change_log(db, table="children")]
    with db.atomic():
        for entry_id, stamp in zip(ids, stamps, strict=True):
            db.execute("UPDATE change_log SET changed_at = ? WHERE id = ?", [stamp, entry_id])

    def names(first: date, last: date) -> list[str]:
        chosen = ChangeFilter(table="children", from_date=first, to_date=last)
        return [e.after["given_name"] for e in find_changes(db, chosen)]

    assert names(date(2026, 7, 16), date(2026, 7, 16)) == ["Ben", "Amara"]
    assert names(date(2026, 7, 15), date(2026, 7, 15)) == []
    assert names(date(2026, 7, 17), date(2026, 11, 16)) == ["Chloe"]
    assert names(date(2026, 11, 17), date(2026, 11, 17)) == []


def test_rows_recording_only_a_page_turned_in_a_note_are_not_listed(db, provider_rated_good):
    """Registers written before the fix hold a row for every page turned in a note."""
    provider = provider_rated_good(db)
    child = register.add_child(db, given_name="Zoë", family_name="Łukasiewicz")
    placement = register.add_placement(db, child_id=child, provider_id=provider,
                                       start_date=date(2025, 9, 1), arrangement="day")
    visit = add_visit(db, provider_id=provider, visit_date=date(2026, 11, 18),
                      placement_ids=[placement])
    for page in ("details", "child:1", "overall"):   # as the old note window wrote them
        db.execute("UPDATE monitoring_visits SET draft_position = ? WHERE id = ?", [page, visit])
    db.execute("UPDATE monitoring_visits SET visitors = 'Amira Patel', draft_position = 'x' "
               "WHERE id = ?", [visit])
    written = [e.operation for e in change_log(db, table="monitoring_visits")]
    assert written == ["insert", "update", "update", "update", "update"]
    shown = find_changes(db, ChangeFilter(table="monitoring_visits"))
    assert [e.operation for e in shown] == ["update", "insert"]
    assert shown[0].after["visitors"] == "Amira Patel"


def test_filtered_by_the_child_or_the_provider_a_change_is_about(db, provider_rated_good):
    oakfield = provider_rated_good(db, "Oakfield School")
    brook = provider_rated_good(db, "Brookside")
    zoe = register.add_child(db, given_name="Zoë", family_name="Łukasiewicz")
    ben = register.add_child(db, given_name="Ben", family_name="Carter")
    zoe_at = register.add_placement(db, child_id=zoe, provider_id=oakfield,
                                    start_date=date(2025, 9, 1), arrangement="day")
    ben_at = register.add_placement(db, child_id=ben, provider_id=brook,
                                    start_date=date(2025, 9, 1), arrangement="day")
    add_visit(db, provider_id=oakfield, visit_date=date(2026, 11, 18), placement_ids=[zoe_at])
    add_visit(db, provider_id=brook, visit_date=date(2026, 11, 19), placement_ids=[ben_at])

    def about(**typed) -> set[tuple[str, str]]:
        found = find_changes(db, ChangeFilter(**typed))
        return {(e.table_name, e.record_uuid) for e in found}

    zoes = about(child="ZOE ŁUK")   # any case and accents
    assert ("children", _uuid(db, "children", zoe)) in zoes
    assert ("placements", _uuid(db, "placements", zoe_at)) in zoes
    assert {t for t, _ in zoes} == {"children", "placements", "monitoring_visits",
                                    "visit_placements"}
    assert not zoes & about(child="carter")
    brooksides = about(provider="brookside")
    assert ("providers", _uuid(db, "providers", brook)) in brooksides
    assert ("placements", _uuid(db, "placements", ben_at)) in brooksides
    assert {t for t, _ in brooksides} == {"providers", "inspections", "placements",
                                          "monitoring_visits", "visit_placements"}
    assert not brooksides & about(provider="oakfield")
    assert about(child="nobody") == set()
    assert about(child="zoe", provider="brook") == set()
