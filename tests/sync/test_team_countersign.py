"""Countersigning on the team register: only a manager's login countersigns or returns a
note; an officer's laptop refuses, and so does the server, whatever program sends it."""

from __future__ import annotations

import uuid
from contextlib import closing

import psycopg
import pytest
from psycopg.types.json import Jsonb
from recorded_visits import SIGNED_AT, record_and_sign
from team_registers import OFFICERS, contents, server_contents

from placement_qa.domain.countersign import COUNTERSIGNED, CountersignRefused
from placement_qa.store.countersign import add_step, reviewed_note
from placement_qa.store.officers import add_officer
from placement_qa.store.planning import plan_visit


def test_only_a_managers_login_countersigns_a_note(team):
    manager = team.manager_laptop()
    add_officer(manager.db, name="Priya Shah", initials="PS", role="manager")
    provider = manager.provider("Oakfield House School")
    placements = [r[0] for r in manager.db.execute(
        "SELECT id FROM placements WHERE provider_id = ?", [provider]).fetchall()]
    visit = record_and_sign(manager.db, plan_visit(
        manager.db, provider_id=provider, visit_date=SIGNED_AT.date(),
        visit_type="annual_monitoring", visitors="Amira Patel", placement_ids=placements))
    manager.synced()
    amira = team.officer_laptop(0)
    officer_visit = amira.one("SELECT id FROM monitoring_visits")[0]
    # the officer's laptop refuses, even in the manager's name
    with pytest.raises(CountersignRefused, match="only a manager's login"):
        add_step(amira.db, officer_visit, COUNTERSIGNED, "Priya Shah")
    assert amira.one("SELECT count(*) FROM note_countersigns") == (0,)
    # ... and so does the server, to a countersign written straight into its tables
    with closing(team.server(OFFICERS[0])) as officer, pytest.raises(
            psycopg.errors.InsufficientPrivilege, match="only a manager"):
        officer.execute(
            "INSERT INTO changes (change_uuid, origin, table_name, record_uuid, target_uuid, "
            "operation, before, after, applied) VALUES (%s, 'psql', 'note_countersigns', "
            "%s, %s, 'insert', NULL, %s, %s)",
            [str(uuid.uuid4()), "x", "x", Jsonb({"kind": COUNTERSIGNED}),
             Jsonb({"kind": COUNTERSIGNED})])
    # the manager's countersign reaches the officer's laptop
    add_step(manager.db, visit, COUNTERSIGNED, "Priya Shah")
    manager.synced()
    amira.synced()
    assert reviewed_note(amira.db, officer_visit).countersign.by == "Priya Shah"
    assert contents(amira.db) == server_contents(team) == contents(manager.db)
