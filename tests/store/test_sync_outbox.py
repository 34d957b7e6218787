"""The register's side of the team register (migration 0008): every change-log row has its
own id, the rows not yet acknowledged are the outbox, and changes pulled from the server
are not logged again as this register's own."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from recorded_visits import provider_with_children
from sqlite_utils import Database

from placement_qa.store import register
from placement_qa.store.connection import applying_remote, install_sql_functions, open_register
from placement_qa.store.outbox import (
    SERVER,
    acknowledge,
    local_status,
    unsent_placements,
    unsent_records,
    waiting,
    write_state,
)
from placement_qa.store.planning import plan_visit
from placement_qa.store.schema import migrate, migration_names
from placement_qa.store.sync_apply import refusal


def test_an_upgraded_register_gives_each_past_change_its_own_id(tmp_path):
    path = tmp_path / "old.db"
    old = Database(sqlite3.connect(path))
    install_sql_functions(old.conn, "old.release")
    migrate(old, stop_before="0008_team_sync")
    for name in ("Zoë", "Ayşe", "Łukasz"):
        register.add_child(old, given_name=name, family_name="Test")
    old.close()
    db = open_register(path)
    register.add_child(db, given_name="Siobhán", family_name="Test")
    rows = db.execute("SELECT change_uuid, server_seq FROM change_log").fetchall()
    assert len(rows) == 4 and len({uuid for uuid, _ in rows}) == 4
    assert all(len(uuid) == 36 and seq is None for uuid, seq in rows)
    assert "0008_team_sync" in migration_names()
    with pytest.raises(sqlite3.IntegrityError, match="change_uuid"):  # unique
        db.execute("UPDATE change_log SET change_uuid = ?", [rows[0][0]])
    db.close()


def test_changes_pulled_from_the_server_are_not_logged_as_this_registers(db):
    register.add_child(db, given_name="Zoë", family_name="Łukasiewicz")
    with db.atomic(), applying_remote(db):
        register.add_child(db, given_name="Pulled", family_name="From the server")
    with pytest.raises(RuntimeError), db.atomic(), applying_remote(db):
        raise RuntimeError("connection dropped")
    register.add_child(db, given_name="Ayşe", family_name="Yılmaz")  # logged again
    logged = [r[0] for r in db.execute(
        "SELECT json_extract(after_json, '$.given_name') FROM change_log")]
    assert logged == ["Zoë", "Ayşe"]
    assert db.execute("SELECT count(*) FROM children").fetchone()[0] == 3


def test_a_register_alone_marks_nothing_unsent_and_a_joined_one_its_changes(db):
    child = register.add_child(db, given_name="Zoë", family_name="Łukasiewicz")
    uuid = db.execute("SELECT uuid FROM children WHERE id = ?", [child]).fetchone()[0]
    assert unsent_records(db) == set()  # no team server: nothing is waiting to be sent
    write_state(db, {SERVER: "host=/run/postgresql dbname=team"})
    assert unsent_records(db) == {("children", uuid)} and waiting(db) == 1


def _uuid(db, table: str, record_id: int) -> str:
    return db.execute(f"SELECT uuid FROM {table} WHERE id = ?", [record_id]).fetchone()[0]


def _joined_and_sent(db) -> None:
    """The register joined a team server, which has every change made so far."""
    write_state(db, {SERVER: "host=/run/postgresql dbname=team"})
    acknowledge(db, {uuid: seq for seq, (uuid,) in enumerate(
        db.execute("SELECT change_uuid FROM change_log").fetchall(), start=1)})


def test_the_placements_whose_line_shows_an_unsent_change_are_marked(db):
    oakfield, at_oakfield = provider_with_children(db, "Oakfield House School",
                                                   [("Zoë", "Łukasiewicz")])
    _, at_meadows = provider_with_children(db, "The Meadows", [("Ayşe", "Yılmaz")])
    zoe, ayse = at_oakfield["Zoë Łukasiewicz"], at_meadows["Ayşe Yılmaz"]
    assert unsent_placements(db) == set()  # alone: nothing is waiting to be sent
    write_state(db, {SERVER: "host=/run/postgresql dbname=team"})
    assert unsent_placements(db) == {zoe, ayse}  # both made here, unsent
    _joined_and_sent(db)
    assert unsent_placements(db) == set() and local_status(db).waiting == 0
    child = db.execute("SELECT child_id FROM placements WHERE id = ?", [ayse]).fetchone()[0]
    register.update_child(db, child, given_name="Ayse")  # the child of one line
    assert unsent_placements(db) == {ayse}
    register.update_provider(db, oakfield, name="Oakfield School")  # the provider of another
    assert unsent_placements(db) == {zoe, ayse}
    assert local_status(db).waiting == 2


def test_a_visit_marks_the_placements_it_covers(db):
    provider, placements = provider_with_children(db, "Oakfield House School",
                                                  [("Zoë", "Test"), ("Ayşe", "Test")])
    _joined_and_sent(db)
    plan_visit(db, provider_id=provider, visit_date=date(2026, 12, 1),
               visit_type="annual_monitoring", visitors="A. Officer",
               placement_ids=[placements["Zoë Test"]])
    assert unsent_placements(db) == {placements["Zoë Test"]}


def test_what_the_register_would_refuse_is_said_and_nothing_is_written(db):
    _, placements = provider_with_children(db, "Oakfield House School", [("Zoë", "Test")])
    uuid, logged = _uuid(db, "placements", placements["Zoë Test"]), waiting(db)
    assert refusal(db, "placements", uuid, {"end_date": "2027-03-31"}) is None
    words = refusal(db, "placements", uuid, {"end_date": "2024-01-01"})  # before its start
    assert words is not None and words.startswith("the register refuses it")
    assert refusal(db, "placements", uuid, {"annual_cost": -5.0}) is not None
    assert db.execute("SELECT end_date, annual_cost FROM placements").fetchone() == (None, None)
    assert waiting(db) == logged  # and nothing logged
    assert refusal(db, "placements", "no-such-uuid", {"end_date": "2024-01-01"}) is None
