"""The team register as a team uses it: two or three laptops and one PostgreSQL server in
each test, every register a real file, every change made through the app's own store."""

from __future__ import annotations

from contextlib import closing
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import psycopg
from recorded_visits import fill_note
from team_registers import OFFICERS, contents, server_changes, server_contents

from placement_qa.domain.provider_return import Observation
from placement_qa.domain.sync import EDIT_OF_DELETED, HELD, SAME_FIELD
from placement_qa.domain.sync_status import OFFLINE
from placement_qa.store import register
from placement_qa.store import sync as sync_module
from placement_qa.store.planning import plan_visit
from placement_qa.store.server import list_conflicts, resolve_conflict
from placement_qa.store.visit_notes import load_visit_note, save_draft


def _visit(laptop, provider: str, day: date) -> int:
    """A visit to ``provider`` on ``day`` covering its children, recorded as a full draft."""
    provider_id = laptop.provider(provider)
    placements = [r[0] for r in laptop.db.execute(
        "SELECT id FROM placements WHERE provider_id = ?", [provider_id]).fetchall()]
    visit = plan_visit(laptop.db, provider_id=provider_id, visit_date=day,
                       visit_type="annual_monitoring", visitors=laptop.name,
                       placement_ids=placements)
    fill_note(laptop.db, visit, evidence=lambda key: f"{provider}: evidence for {key}.",
              views=lambda child: f"{child.child_name} likes {provider}")
    return visit


def _visits(laptop) -> dict[str, tuple[str, int, list[str]]]:
    """Each visit by provider: its status, how many findings, the children's views."""
    found = {}
    for visit_id, provider in laptop.db.execute(
            "SELECT v.id, p.name FROM monitoring_visits v JOIN providers p "
            "ON p.id = v.provider_id").fetchall():
        note = load_visit_note(laptop.db, visit_id)
        found[provider] = (note.status, len(note.findings),
                           sorted(child.views for child in note.children))
    return found


def _same_everywhere(team, *laptops) -> None:
    held = server_contents(team)
    for laptop in laptops:
        assert contents(laptop.db) == held, laptop.name


def _open_conflicts(team):
    with closing(team.server()) as conn:
        return list_conflicts(conn)


def _resolve(team, conflict, choice, edited=None) -> None:
    with closing(team.server()) as conn:
        resolve_conflict(conn, conflict.conflict_id, choice, edited, resolved_by="P. Manager")


def test_two_officers_record_visits_offline_and_every_register_holds_both(team):
    manager = team.manager_laptop()
    amira, ben = team.officer_laptop(0), team.officer_laptop(1)
    visit = _visit(amira, "Oakfield House School", date(2026, 11, 18))  # both offline
    _visit(ben, "The Meadows", date(2026, 11, 19))
    criteria = len(load_visit_note(amira.db, visit).findings)  # one finding each
    assert criteria > 1
    assert amira.synced().sent > 0 and ben.synced().sent > 0
    amira.synced()
    manager.synced()
    expected = {
        "Oakfield House School": ("draft", criteria, ["Ayşe Yılmaz likes Oakfield House School",
                                               "Zoë Łukasiewicz likes Oakfield House School"]),
        "The Meadows": ("draft", criteria, ["Siobhán Ó Briain likes The Meadows"]),
    }
    for laptop in (amira, ben, manager):
        assert _visits(laptop) == expected, laptop.name
    evidence = {r[0] for r in manager.db.execute("SELECT evidence FROM findings")}
    assert any(e.startswith("The Meadows: evidence") for e in evidence)
    assert any(e.startswith("Oakfield House School: evidence") for e in evidence)
    _same_everywhere(team, amira, ben, manager)
    assert _open_conflicts(team) == []


def test_edits_to_different_fields_of_one_placement_merge_silently(team):
    manager = team.manager_laptop()
    amira, ben = team.officer_laptop(0), team.officer_laptop(1)
    register.update_placement(amira.db, amira.placement("Zoë"), annual_cost=48_500.0)
    register.update_placement(ben.db, ben.placement("Zoë"), interim_support="Tutor, 5 h")
    amira.synced(), ben.synced(), amira.synced(), manager.synced()
    for laptop in (amira, ben, manager):
        assert laptop.one("SELECT annual_cost, interim_support FROM placements WHERE id = ?",
                          (laptop.placement("Zoë"),)) == (48_500.0, "Tutor, 5 h")
    assert _open_conflicts(team) == []
    _same_everywhere(team, amira, ben, manager)


def test_the_same_field_on_two_laptops_is_one_conflict_the_manager_resolves_for_all(team):
    manager = team.manager_laptop()
    amira, ben = team.officer_laptop(0), team.officer_laptop(1)
    register.update_placement(amira.db, amira.placement("Zoë"), annual_cost=50_000.0)
    register.update_placement(ben.db, ben.placement("Zoë"), annual_cost=52_000.0)
    amira.synced()
    assert ben.synced().conflicts == 1
    [conflict] = _open_conflicts(team)
    assert (conflict.kind, conflict.fields) == (SAME_FIELD, ("annual_cost",))
    assert conflict.server_value == {"annual_cost": 50_000.0}
    assert conflict.laptop_value == {"annual_cost": 52_000.0}
    assert conflict.raised_by == OFFICERS[1]
    assert conflict.words.startswith("Zoë Łukasiewicz's placement at Oakfield House School: "
                                     "annual cost (changed on two laptops)")
    assert "annual cost 50,000" in conflict.words and "annual cost 52,000" in conflict.words
    amira.synced()  # until the manager decides, the later arrival stands everywhere
    assert amira.one("SELECT annual_cost FROM placements WHERE id = ?",
                     (amira.placement("Zoë"),)) == (52_000.0,)
    _resolve(team, conflict, "theirs")  # the value the team register had: Amira's
    assert _open_conflicts(team) == []
    for laptop in (amira, ben, manager):
        laptop.synced()
        assert laptop.one("SELECT annual_cost FROM placements WHERE id = ?",
                          (laptop.placement("Zoë"),)) == (50_000.0,), laptop.name
    _same_everywhere(team, amira, ben, manager)


def test_an_end_date_is_held_back_until_the_manager_decides(team):
    manager = team.manager_laptop()
    amira = team.officer_laptop(0)
    register.end_placement(amira.db, amira.placement("Zoë"), date(2027, 3, 31))
    assert amira.synced().conflicts == 1
    manager.synced()

    def end_dates():
        return [laptop.one("SELECT end_date FROM placements WHERE id = ?",
                           (laptop.placement("Zoë"),))[0] for laptop in (amira, manager)]

    assert end_dates() == [None, None]  # not the team's until the manager says so
    [conflict] = _open_conflicts(team)
    assert (conflict.kind, conflict.fields) == (HELD, ("end_date",))
    assert conflict.laptop_value == {"end_date": "2027-03-31"}
    assert "end date (waiting for the manager)" in conflict.words
    assert "31/03/2027" in conflict.words
    _resolve(team, conflict, "mine")
    amira.synced(), manager.synced()
    assert end_dates() == ["2027-03-31", "2027-03-31"]
    _same_everywhere(team, amira, manager)


def test_a_push_whose_acknowledgement_is_lost_is_sent_again_and_counted_once(
        team, monkeypatch, postgres_server):
    manager = team.manager_laptop()
    amira = team.officer_laptop(0)
    register.update_placement(amira.db, amira.placement("Zoë"), annual_cost=61_000.0)
    register.update_child(amira.db, amira.one("SELECT id FROM children WHERE given_name = "
                                              "'Ayşe'")[0], primary_need="SLCN")
    before = len(server_changes(team))
    dbname = psycopg.conninfo.conninfo_to_dict(team.dsn)["dbname"]

    def connection_killed(step: str) -> None:
        if step == "pushed":  # the server has committed; the laptop never hears it
            postgres_server.kill_connections(dbname)
            raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(sync_module, "_step", connection_killed)
    lost = amira.sync()
    assert lost.status.outcome == OFFLINE and lost.status.waiting == 2
    assert len(server_changes(team)) == before + 2  # the server has them already
    monkeypatch.undo()
    again = amira.synced()
    assert (again.sent, again.acknowledged, again.status.waiting) == (0, 2, 0)
    changes = server_changes(team)
    assert len(changes) == before + 2
    assert len({change_uuid for change_uuid, _, _ in changes}) == len(changes)
    manager.synced()
    assert manager.one("SELECT annual_cost FROM placements WHERE id = ?",
                       (manager.placement("Zoë"),)) == (61_000.0,)
    _same_everywhere(team, amira, manager)


def test_a_laptop_clock_a_day_wrong_orders_nothing_wrongly(team):
    manager = team.manager_laptop()
    fast, ben = team.officer_laptop(0), team.officer_laptop(1)
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    # the fast laptop's clock says tomorrow: its change log says so too
    register.update_placement(fast.db, fast.placement("Zoë"), annual_cost=40_000.0)
    with fast.db.atomic():
        fast.db.execute("UPDATE change_log SET changed_at = ? WHERE server_seq IS NULL",
                        [tomorrow.strftime("%Y-%m-%dT%H:%M:%S.000Z")])
    fast.sync(clock=lambda: tomorrow)
    # today, after it, Ben changes the same field and another one
    register.update_placement(ben.db, ben.placement("Zoë"), annual_cost=41_000.0,
                              interim_support="Speech therapy")
    ben.synced()
    assert fast.sync(clock=lambda: tomorrow).status.outcome == "synced"
    manager.synced()
    for laptop in (fast, ben, manager):  # the later arrival stands, whatever the clocks say
        assert laptop.one("SELECT annual_cost, interim_support FROM placements WHERE id = ?",
                          (laptop.placement("Zoë"),)) == (41_000.0, "Speech therapy")
    [conflict] = _open_conflicts(team)
    assert conflict.server_value == {"annual_cost": 40_000.0}
    assert conflict.laptop_value == {"annual_cost": 41_000.0}
    _same_everywhere(team, fast, ben, manager)


def _with_observation(laptop, visit: int, what: str) -> None:
    note = load_visit_note(laptop.db, visit)
    save_draft(laptop.db, replace(note, observations=(Observation(
        "lesson_observation", what=what, who="Year 7", observed_on=date(2026, 11, 18),
        observed_time="10:15–10:45", seen="Engaged throughout"),)))


def test_an_edit_to_a_record_deleted_on_another_laptop_is_flagged_not_lost(team):
    manager = team.manager_laptop()
    amira = team.officer_laptop(0)
    visit = _visit(amira, "Oakfield House School", date(2026, 11, 18))
    _with_observation(amira, visit, "Maths: fractions")
    amira.synced(), manager.synced()
    manager_visit = manager.one("SELECT id FROM monitoring_visits")[0]
    # the officer removes the observation while the manager corrects its subject
    save_draft(amira.db, replace(load_visit_note(amira.db, visit), observations=()))
    _with_observation(manager, manager_visit, "Maths: fractions and decimals")
    amira.synced()
    assert manager.synced().conflicts == 1
    [conflict] = _open_conflicts(team)
    assert (conflict.kind, conflict.fields, conflict.server_value) == (EDIT_OF_DELETED, (), None)
    assert conflict.laptop_value["what"] == "Maths: fractions and decimals"  # kept
    assert "changed on one laptop, deleted on another" in conflict.words
    amira.synced()
    for laptop in (amira, manager):  # deleted everywhere for now...
        assert laptop.one("SELECT count(*) FROM visit_observations") == (0,)
    _resolve(team, conflict, "mine")  # ... until the manager keeps the corrected one
    for laptop in (amira, manager):
        laptop.synced()
        assert laptop.one("SELECT what FROM visit_observations") == (
            "Maths: fractions and decimals",)
    _same_everywhere(team, amira, manager)
