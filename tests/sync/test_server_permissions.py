"""The server enforces who may do what with PostgreSQL roles, grants and its own triggers,
whatever program connects: tried with real officer and manager logins."""

from __future__ import annotations

import uuid
from contextlib import closing

import psycopg
import pytest
from psycopg.types.json import Jsonb
from team_registers import MANAGER, OFFICERS, contents, server_contents

from placement_qa.domain.sync import HELD
from placement_qa.domain.sync_status import FAILED, status_text
from placement_qa.store import settings
from placement_qa.store.new_register import write_new_register
from placement_qa.store.server import ConflictError, list_conflicts, resolve_conflict
from placement_qa.store.sync import local_status


def _change_to_setting(conn, value: str) -> None:
    """A change to the council's name, written straight into the server's tables."""
    conn.execute(
        "INSERT INTO changes (change_uuid, origin, table_name, record_uuid, target_uuid, "
        "operation, before, after, applied) VALUES (%s, 'psql', 'register_meta', "
        "'council_name', 'council_name', 'update', NULL, %s, %s)",
        [str(uuid.uuid4()), Jsonb({"value": value}), Jsonb({"value": value})])


def test_only_a_manager_login_may_change_settings_or_resolve_conflicts(team):
    team.manager_laptop()
    with closing(team.server(OFFICERS[0])) as officer:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only a manager"):
            _change_to_setting(officer, "Officer's Council")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only a manager"):
            officer.execute("UPDATE records SET data = data || %s WHERE "
                            "table_name = 'qa_frameworks'", [Jsonb({"name": "Mine"})])
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only a manager"):
            officer.execute("INSERT INTO records (table_name, record_uuid, data, last_seq) "
                            "VALUES ('register_meta', 'council_name', %s, 1)",
                            [Jsonb({"value": "Officer's Council"})])
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            officer.execute("UPDATE conflicts SET resolution = 'mine'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            officer.execute("DELETE FROM changes")
        with pytest.raises(ConflictError, match="only a manager"):
            resolve_conflict(officer, 1, "mine")
    with closing(team.server(MANAGER)) as manager:
        _change_to_setting(manager, "Westbridge Council")  # the manager may


def test_an_officers_setting_waits_for_the_manager_and_then_reaches_everyone(team):
    manager = team.manager_laptop()
    amira = team.officer_laptop(0)
    settings.set_setting(amira.db, "council_name", "Amira's Council")
    assert amira.synced().conflicts == 1
    # held: neither the team's register nor the officer's holds it until the manager says
    assert settings.stored_text(amira.db, "council_name") is None
    assert ("register_meta", "council_name") not in server_contents(team)
    with closing(team.server(OFFICERS[0])) as conn:
        [mine] = list_conflicts(conn, raised_by=OFFICERS[0])  # an officer sees their own
    assert (mine.kind, mine.laptop_value) == (HELD, {"value": "Amira's Council"})
    with closing(team.server()) as conn:
        resolve_conflict(conn, mine.conflict_id, "mine")
    amira.synced(), manager.synced()
    for laptop in (amira, manager):
        assert settings.stored_text(laptop.db, "council_name") == "Amira's Council"
    assert contents(amira.db) == server_contents(team) == contents(manager.db)


def test_the_first_register_on_a_team_server_is_sent_with_a_managers_login(team):
    path = team.folder / "first" / "register.db"
    path.parent.mkdir()
    write_new_register(path)
    laptop = team._open("first officer", path, OFFICERS[2], None)
    result = laptop.sync()
    assert result.status.outcome == FAILED
    assert status_text(result.status) == ("Sync failed: the team register is empty: the "
                                          "first register is sent to it with a manager's login")
    assert not local_status(laptop.db).joined  # nothing changed: it may try again
    assert server_contents(team) == {}


def test_a_register_with_records_cannot_join_a_team_register_that_has_records(team):
    team.manager_laptop()
    other = team.folder / "other"
    other.mkdir()
    from recorded_visits import provider_with_children

    from placement_qa.store.connection import open_register

    db = open_register(other / "register.db", create=True)
    provider_with_children(db, "Hillside", [("Ffion", "Jones")])
    db.close()
    laptop = team._open("other", other / "register.db", OFFICERS[1], None)
    before = contents(laptop.db)
    result = laptop.sync()
    assert result.status.outcome == FAILED
    assert "already holds records, and so does this register" in result.status.error
    assert contents(laptop.db) == before and not local_status(laptop.db).joined
