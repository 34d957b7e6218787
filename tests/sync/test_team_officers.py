"""Officers as people in the team register: the officers list and the visits assigned to
them travel between laptops; only a manager's login may end an officer or change a role
(the server refuses an officer's, whatever program sends it); the same person added on
two laptops offline is one officer."""

from __future__ import annotations

import uuid
from contextlib import closing
from datetime import date

import psycopg
import pytest
from psycopg.types.json import Jsonb
from team_registers import OFFICERS, contents, server_contents

from placement_qa.domain.sync import HELD, SAME_FIELD
from placement_qa.domain.sync_status import status_text
from placement_qa.store.officers import (
    add_officer,
    assign_visit,
    caseloads_as_of,
    edit_officer,
    end_officer,
    list_officers,
)
from placement_qa.store.planning import plan_visit
from placement_qa.store.server import list_conflicts, resolve_conflict
from placement_qa.store.sync import local_status

AS_OF = date(2026, 11, 16)


def _planned_visit(laptop, provider: str, day: date) -> int:
    provider_id = laptop.provider(provider)
    placements = [r[0] for r in laptop.db.execute(
        "SELECT id FROM placements WHERE provider_id = ?", [provider_id]).fetchall()]
    return plan_visit(laptop.db, provider_id=provider_id, visit_date=day,
                      visit_type="annual_monitoring", visitors="", placement_ids=placements)


def _officers(laptop) -> list[tuple[str, str, str, bool]]:
    return [(o.name, o.initials, o.role, o.active) for o in list_officers(laptop.db)]


def _officer_id(laptop, name: str) -> int:
    return laptop.one("SELECT id FROM officers WHERE name = ?", (name,))[0]


def _assigned_to(laptop, provider: str) -> tuple[str | None, str]:
    """The officer the visit to ``provider`` is assigned to, and its visitors."""
    return laptop.one("SELECT o.name, v.visitors FROM monitoring_visits v "
                      "JOIN providers p ON p.id = v.provider_id "
                      "LEFT JOIN officers o ON o.id = v.assigned_officer_id "
                      "WHERE p.name = ?", (provider,))


def test_the_managers_officers_and_assignments_reach_another_laptop(team):
    manager = team.manager_laptop()
    amira = team.officer_laptop(0)
    sam = add_officer(manager.db, name="Sam Patel", initials="SP")
    add_officer(manager.db, name="Helen Marsh", initials="HM", role="manager")
    visit = _planned_visit(manager, "Oakfield House School", date(2026, 11, 20))
    assign_visit(manager.db, visit, sam)
    _planned_visit(manager, "The Meadows", date(2026, 11, 10))  # nobody's, and overdue
    manager.synced()
    amira.synced()
    assert _officers(amira) == [("Sam Patel", "SP", "officer", True),
                                ("Helen Marsh", "HM", "manager", True)]
    assert _assigned_to(amira, "Oakfield House School") == ("Sam Patel", "Sam Patel")
    assert _assigned_to(amira, "The Meadows") == (None, "")
    loads = {c.name: (c.planned, c.due, c.overdue) for c in caseloads_as_of(amira.db, AS_OF)}
    assert loads == {"Sam Patel": (0, 1, 0), "Helen Marsh": (0, 0, 0),
                     "Not assigned": (0, 0, 1)}
    # reassigned on the manager's laptop: the other laptop follows
    assign_visit(manager.db, visit, _officer_id(manager, "Helen Marsh"))
    manager.synced()
    amira.synced()
    assert _assigned_to(amira, "Oakfield House School") == ("Helen Marsh", "Helen Marsh")
    assert contents(amira.db) == server_contents(team) == contents(manager.db)


def _refused_on_an_officers_laptop(team, change) -> tuple:
    manager = team.manager_laptop()
    add_officer(manager.db, name="Sam Patel", initials="SP")
    manager.synced()
    amira = team.officer_laptop(0)
    change(amira.db, _officer_id(amira, "Sam Patel"))
    result = amira.synced()
    return manager, amira, result


def test_an_officer_ending_another_officer_is_refused_by_the_server_and_told_why(team):
    manager, amira, result = _refused_on_an_officers_laptop(team, end_officer)
    # the team register and every laptop keep Sam active, Amira's laptop too
    manager.synced()
    for laptop in (amira, manager):
        assert _officers(laptop) == [("Sam Patel", "SP", "officer", True)], laptop.name
    assert contents(amira.db) == server_contents(team)
    words = status_text(result.status)
    assert words.startswith("Synced ")
    assert words.endswith("Not done: only a manager may end an officer (Sam Patel): it "
                          "waits for the manager")
    assert status_text(local_status(amira.db)) == words  # what the status bar shows
    with closing(team.server(OFFICERS[0])) as conn:
        [held] = list_conflicts(conn, raised_by=OFFICERS[0])
    assert (held.kind, held.laptop_value) == (HELD, {"active": 0})
    # the next sync that has nothing refused says so no more
    amira.synced()
    assert "Not done" not in status_text(local_status(amira.db))


def test_an_officer_changing_a_role_is_refused_by_the_server_and_told_why(team):
    def promote(db, officer_id):
        edit_officer(db, officer_id, name="Sam Patel", initials="SP", role="manager")

    manager, amira, result = _refused_on_an_officers_laptop(team, promote)
    assert _officers(amira) == [("Sam Patel", "SP", "officer", True)]
    assert status_text(result.status).endswith(
        "Not done: only a manager may change an officer's role (Sam Patel): it waits for "
        "the manager")


def test_the_server_itself_refuses_an_officers_login_what_only_a_manager_may_do(team):
    """Whatever program connects with an officer's login: straight SQL is refused."""
    manager = team.manager_laptop()
    add_officer(manager.db, name="Sam Patel", initials="SP")
    end_officer(manager.db, add_officer(manager.db, name="Tom Hughes", initials="TH"))
    manager.synced()
    sam = manager.one("SELECT uuid FROM officers WHERE name = 'Sam Patel'")[0]
    tom = manager.one("SELECT uuid FROM officers WHERE name = 'Tom Hughes'")[0]
    with closing(team.server(OFFICERS[0])) as officer:
        for data in ({"active": 0}, {"role": "manager"}):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only a manager"):
                officer.execute("UPDATE records SET data = data || %s WHERE "
                                "table_name = 'officers' AND record_uuid = %s",
                                [Jsonb(data), sam])
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only a manager"):
                officer.execute(
                    "INSERT INTO changes (change_uuid, origin, table_name, record_uuid, "
                    "target_uuid, operation, before, after, applied) VALUES (%s, 'psql', "
                    "'officers', %s, %s, 'update', NULL, %s, %s)",
                    [str(uuid.uuid4()), sam, sam, Jsonb(data), Jsonb(data)])
        new_manager = {"name": "Helen Marsh", "initials": "HM", "role": "manager", "active": 1}
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only a manager"):
            officer.execute("INSERT INTO records (table_name, record_uuid, data, last_seq) "
                            "VALUES ('officers', %s, %s, 1)",
                            [str(uuid.uuid4()), Jsonb(new_manager)])
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only a manager"):
            officer.execute(  # Tom, who left, "added" anew as an active officer
                "INSERT INTO records (table_name, record_uuid, data, last_seq) VALUES "
                "('officers', %s, %s, 1) ON CONFLICT (table_name, record_uuid) DO UPDATE "
                "SET data = EXCLUDED.data", [tom, Jsonb({"name": "Tom Hughes",
                                                         "role": "officer", "active": 1})])
    held = server_contents(team)
    assert (held[("officers", sam)]["active"], held[("officers", tom)]["active"]) == (1, 0)


def test_an_officer_may_add_an_officer_and_it_reaches_the_team(team):
    manager = team.manager_laptop()
    amira = team.officer_laptop(0)
    add_officer(amira.db, name="Sam Patel", initials="SP")
    result = amira.synced()
    assert result.conflicts == 0 and "Not done" not in status_text(result.status)
    manager.synced()
    for laptop in (amira, manager):
        assert _officers(laptop) == [("Sam Patel", "SP", "officer", True)], laptop.name


def test_an_officer_adding_a_manager_is_refused_by_the_server_and_told_why(team):
    manager = team.manager_laptop()
    amira = team.officer_laptop(0)
    add_officer(amira.db, name="Helen Marsh", initials="HM", role="manager")
    result = amira.synced()
    assert status_text(result.status).endswith(
        "Not done: only a manager may add a manager (Helen Marsh): it waits for the manager")
    manager.synced()
    assert _officers(amira) == _officers(manager) == []


def test_the_same_officer_added_on_two_laptops_offline_is_one_officer(team):
    """Merged as one by name (compared as the register compares names): one person must
    not have two caseloads. Where the two differ, the later arrival stands until the
    manager chooses, as for any field changed on two laptops."""
    manager = team.manager_laptop()
    amira, ben = team.officer_laptop(0), team.officer_laptop(1)
    add_officer(amira.db, name="Sam Patel", initials="SP")
    add_officer(ben.db, name="sam  patel", initials="SPA")  # the same person, typed again
    visit = _planned_visit(ben, "The Meadows", date(2026, 11, 20))
    assign_visit(ben.db, visit, _officer_id(ben, "sam patel"))
    amira.synced(), ben.synced(), amira.synced(), manager.synced()
    for laptop in (amira, ben, manager):
        assert _officers(laptop) == [("sam patel", "SPA", "officer", True)], laptop.name
        assert _assigned_to(laptop, "The Meadows")[0] == "sam patel", laptop.name
    [conflict] = _open_conflicts(team)
    assert (conflict.kind, conflict.fields) == (SAME_FIELD, ("name", "initials"))
    assert conflict.server_value == {"name": "Sam Patel", "initials": "SP"}
    with closing(team.server()) as conn:
        resolve_conflict(conn, conflict.conflict_id, "theirs")
    for laptop in (amira, ben, manager):
        laptop.synced()
    for laptop in (amira, ben, manager):
        assert _officers(laptop) == [("Sam Patel", "SP", "officer", True)], laptop.name
        assert _assigned_to(laptop, "The Meadows")[0] == "Sam Patel", laptop.name
        assert [c.name for c in caseloads_as_of(laptop.db, AS_OF)] == ["Sam Patel"]
    assert contents(amira.db) == contents(ben.db) == server_contents(team)


def test_an_officer_who_left_is_not_merged_with_a_new_one_of_the_same_name(team):
    manager = team.manager_laptop()
    end_officer(manager.db, add_officer(manager.db, name="Sam Patel", initials="SP"))
    manager.synced()
    amira = team.officer_laptop(0)
    add_officer(amira.db, name="Sam Patel", initials="SP")  # someone new, of that name
    amira.synced(), manager.synced()
    assert _officers(manager) == [("Sam Patel", "SP", "officer", False),
                                  ("Sam Patel", "SP", "officer", True)]
    assert _open_conflicts(team) == []


def _open_conflicts(team):
    with closing(team.server()) as conn:
        return list_conflicts(conn)
