"""The register file: migrations from every past version, constraints that refuse bad data."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlite_utils import Database

from placement_qa.store import records, register, schema, visits
from placement_qa.store.connection import RegisterError, install_sql_functions, open_register
from placement_qa.store.schedule import schedule_as_of
from placement_qa.store.schema import (
    LATEST_VERSION,
    migrate,
    migration_after,
    migration_names,
    migration_version,
    past_versions,
    schema_version,
)


def _register_at_version(path, version: int) -> None:
    """A register file as an older release left it: migrations up to ``version`` only,
    holding a child placed at a provider and a completed visit (from version 1 on)."""
    db = Database(sqlite3.connect(path))
    install_sql_functions(db.conn, "old.release")
    migrate(db, stop_before=migration_after(version))
    assert schema_version(db) == version
    if version >= 1:
        with db.atomic():
            db["providers"].insert({"id": 1, "name": "Oakfield House School", "urn": "123456",
                                    "provider_type": "independent_special",
                                    "host_authority": "Kent"})
            db["children"].insert({"id": 1, "given_name": "Zoë", "family_name": "Łukasiewicz"})
            db["placements"].insert({"id": 1, "child_id": 1, "provider_id": 1,
                                     "start_date": "2024-09-01", "arrangement": "day"})
            db["monitoring_visits"].insert({"id": 1, "provider_id": 1, "status": "completed",
                                            "visit_date": "2025-10-01"})
            db["visit_placements"].insert({"visit_id": 1, "placement_id": 1})
    db.close()


@pytest.mark.parametrize("version", past_versions())
def test_register_at_every_past_version_opens_and_upgrades(tmp_path, version):
    path = tmp_path / "old.db"
    _register_at_version(path, version)
    db = open_register(path)
    assert schema_version(db) == LATEST_VERSION
    kept = 1 if version >= 1 else 0
    # what the old release saved is still there, and the schedule reads it
    lines = schedule_as_of(db, date(2026, 11, 22))
    assert [(line.placement.child_name, line.last_visit) for line in lines] == [
        ("Zoë Łukasiewicz", date(2025, 10, 1))
    ] * kept
    # the upgraded register works: new writes are logged
    register.add_provider(db, name="The Meadows", provider_type="independent_special",
                          host_authority="Kent")
    logged = db.execute("SELECT count(*) FROM change_log WHERE table_name = 'providers'")
    assert logged.fetchone()[0] == 1 + kept
    assert records.counts(db)["providers"] == 1 + kept
    db.close()


def test_migration_names_are_every_migration_an_empty_database_would_run_in_order():
    """The names the version tests upgrade from are the ones sqlite-utils runs (a step
    registered without its name recorded would make an upgrade path untested)."""
    names = migration_names()
    pending = [m.name for m in schema.migrations.pending(Database(memory=True))]
    assert names == pending
    versions = [migration_version(name) for name in names]
    assert versions == sorted(set(versions)) and versions[-1] == LATEST_VERSION


def test_a_migration_merged_in_below_one_already_run_never_lowers_the_version():
    """A register made where 0009 ran before 0008 existed: running 0008 later leaves it
    at version 9 (it would otherwise look older than it is, and be upgraded again)."""
    db = Database(memory=True)
    db.execute("PRAGMA user_version = 9")
    schema._set_version(db, 8)
    assert schema_version(db) == 9
    schema._set_version(db, 10)
    assert schema_version(db) == 10


def test_new_register_has_wal_foreign_keys_and_private_permissions(tmp_path):
    path = tmp_path / "private.db"
    db = open_register(path, create=True)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert path.stat().st_mode & 0o077 == 0  # nobody but the owner can read children's data
    db.close()


def test_missing_register_is_refused_without_create(tmp_path):
    with pytest.raises(RegisterError, match="does not exist"):
        open_register(tmp_path / "nowhere.db")
    assert not (tmp_path / "nowhere.db").exists()


def test_a_file_that_is_not_a_register_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("Dear provider,\n")
    with pytest.raises(RegisterError, match="is not a Placement QA register"):
        open_register(path)
    assert path.read_text() == "Dear provider,\n"


def test_register_from_a_newer_release_is_refused(tmp_path):
    path = tmp_path / "future.db"
    open_register(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    with pytest.raises(RegisterError, match="newer version of Placement QA"):
        open_register(path)


@pytest.mark.parametrize(
    ("table", "record", "message"),
    [
        ("providers", {"name": "X", "provider_type": "other", "host_authority": "Kent",
                       "urn": "12345"}, "CHECK constraint failed"),
        ("providers", {"name": "X", "provider_type": "other", "host_authority": "Kent",
                       "urn": "12345a"}, "CHECK constraint failed"),
        ("children", {"given_name": "Ayşe", "family_name": "Yılmaz",
                      "date_of_birth": "2012-02-30"}, "CHECK constraint failed"),
        ("children", {"given_name": "Ayşe", "family_name": "Yılmaz",
                      "date_of_birth": "22/11/2012"}, "CHECK constraint failed"),
        ("placements", {"child_id": 999, "start_date": "2026-09-01", "arrangement": "day"},
         "FOREIGN KEY constraint failed"),
    ],
)
def test_register_refuses_impossible_values_and_logs_nothing(db, table, record, message):
    with pytest.raises(sqlite3.IntegrityError, match=message):
        register.insert_many(db, table, [record])
    assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM change_log").fetchone()[0] == 0


def test_duplicate_urn_is_refused(db):
    register.add_provider(db, name="A", provider_type="other", host_authority="Kent", urn="123456")
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE constraint failed: providers.urn"):
        register.add_provider(db, name="B", provider_type="other", host_authority="Kent",
                              urn="123456")
    assert records.counts(db)["providers"] == 1


def test_a_failed_visit_write_leaves_no_half_visit(db, provider_rated_good):
    child = register.add_child(db, given_name="Șerban", family_name="Popescu")
    provider = provider_rated_good(db, "A")
    placement = register.add_placement(db, child_id=child, provider_id=provider,
                                       start_date=date(2025, 9, 1), arrangement="day")
    with pytest.raises(sqlite3.IntegrityError):
        visits.add_visit(db, provider_id=provider, visit_date=date(2026, 3, 1),
                         placement_ids=[placement, 4242])  # second placement does not exist
    assert records.counts(db)["monitoring_visits"] == 0
    assert db.execute("SELECT count(*) FROM visit_placements").fetchone()[0] == 0


def _with_case_refs(path, version: int, *case_refs: str) -> None:
    """An older register whose children hold these case refs (pairs differing only in
    case were allowed then)."""
    _register_at_version(path, version)
    db = Database(sqlite3.connect(path))
    install_sql_functions(db.conn, "old.release")
    with db.atomic():
        for number, case_ref in enumerate(case_refs, start=2):
            db["children"].insert({"id": number, "given_name": "Zoë",
                                   "family_name": "Łukasiewicz", "case_ref": case_ref})
    db.close()


@pytest.mark.parametrize("version", [v for v in past_versions() if 1 <= v < 7])  # before 0007
def test_after_upgrading_a_case_ref_differing_only_in_case_or_spaces_is_refused(tmp_path,
                                                                               version):
    path = tmp_path / "old.db"
    _with_case_refs(path, version, "CS-1001", "cs-1001", "CS-2002")
    db = open_register(path)
    assert schema_version(db) == LATEST_VERSION
    assert [c.case_ref for c in records.list_children(db)].count("cs-1001") == 1  # kept
    for case_ref in (" Cs-1001", "cs-2002"):
        with pytest.raises(sqlite3.IntegrityError, match="ignoring case and spaces"):
            register.add_child(db, given_name="Ayşe", family_name="Yılmaz", case_ref=case_ref)
    other = register.add_child(db, given_name="Ayşe", family_name="Yılmaz", case_ref="CS-3")
    with pytest.raises(sqlite3.IntegrityError, match="ignoring case and spaces"):
        register.update_child(db, other, case_ref="cs-2002")
    assert register.update_child(db, other, case_ref="cs-3")   # its own, in another case
    assert records.child_with_case_ref(db, "CS-2002 ").case_ref == "CS-2002"
    assert records.child_with_case_ref(db, "cs-1001").case_ref == "cs-1001"  # exact first
    db.close()


def test_a_case_ref_is_looked_up_through_the_registers_index(db):
    register.add_child(db, given_name="Zoë", family_name="Łukasiewicz", case_ref="CS-1001")
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        assert records.child_with_case_ref(db, " cs-1001").case_ref == "CS-1001"
    finally:
        db.conn.set_trace_callback(None)
    [query] = [s for s in statements if "FROM children" in s]
    plan = " ".join(str(row) for row in db.execute(f"EXPLAIN QUERY PLAN {query}"))
    assert "USING INDEX idx_children_case_ref_key" in plan
