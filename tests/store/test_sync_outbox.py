"""The register's side of the team register (migration 0008): every change-log row has its
own id, the rows not yet acknowledged are the outbox, and changes pulled from the server
are not logged again as this register's own."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from placement_qa.store import register
from placement_qa.store.connection import applying_remote, install_sql_functions, open_register
from placement_qa.store.outbox import SERVER, unsent_records, waiting, write_state
from placement_qa.store.schema import migrate, migration_names


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
