"""A seeded random team: three laptops make random valid edits through the app's own store
functions while offline, and sync in random order, the connection dropped at random
points. Once every conflict is resolved, every register and the server hold the same
records, and every change made on any laptop is on the server exactly once.

``PQA_SYNC_SEEDS=1,2,3,...`` runs other seeds (a failure names its seed)."""

from __future__ import annotations

import os
import random
from contextlib import closing
from dataclasses import replace
from datetime import date, timedelta

import psycopg
import pytest
from recorded_visits import fill_note
from team_registers import contents, server_contents

from placement_qa.domain.provider_return import Observation
from placement_qa.domain.sync_status import SYNCED
from placement_qa.store import register, settings
from placement_qa.store import sync as sync_module
from placement_qa.store.planning import cancel_visit, plan_visit
from placement_qa.store.server import ConflictError, list_conflicts, resolve_conflict
from placement_qa.store.settings import register_id
from placement_qa.store.visit_notes import load_visit_note, save_draft

SEEDS = [int(s) for s in os.environ.get("PQA_SYNC_SEEDS", "7,2026").split(",")]
ROUNDS = 45
URNS = ("100001", "100002", "100003")  # few: two laptops add the same provider
DROP_AT = ("connected", "pushed", "pulled")


def _ids(laptop, sql: str) -> list[int]:
    return [r[0] for r in laptop.db.execute(sql).fetchall()]


def _edit_placement(rng, laptop) -> None:
    ids = _ids(laptop, "SELECT id FROM placements WHERE end_date IS NULL")
    if not ids:
        return
    placement = rng.choice(ids)
    field = rng.choice(["annual_cost", "interim_support", "visit_interval_months", "end_date"])
    value = {"annual_cost": float(rng.randrange(20_000, 90_000, 500)),
             "interim_support": rng.choice(["Tutor", "Speech therapy", "Outreach", None]),
             "visit_interval_months": rng.choice([3, 6, 12]),
             "end_date": date(2027, rng.randint(1, 12), 28)}[field]
    register.update_placement(laptop.db, placement, **{field: value})


def _edit_child(rng, laptop) -> None:
    child = rng.choice(_ids(laptop, "SELECT id FROM children"))
    register.update_child(laptop.db, child, primary_need=rng.choice(["ASD", "SEMH", "SLCN"]))


def _add_child(rng, laptop) -> None:
    provider = rng.choice(_ids(laptop, "SELECT provider_id FROM placements "
                                       "WHERE provider_id IS NOT NULL"))
    child = register.add_child(laptop.db, given_name=rng.choice(["Ngozi", "Łucja", "Rhys"]),
                               family_name=f"{laptop.name} {rng.randrange(10_000)}")
    register.add_placement(laptop.db, child_id=child, provider_id=provider,
                           start_date=date(2026, 9, 1), arrangement="day")


def _add_provider(rng, laptop) -> None:
    urn = rng.choice(URNS)
    if laptop.one("SELECT 1 FROM providers WHERE urn = ?", (urn,)):
        return
    register.add_provider(laptop.db, name=f"School {urn}", provider_type="independent_special",
                          host_authority=rng.choice(["Kent", "Surrey"]), urn=urn)


def _record_visit(rng, laptop) -> None:
    """Plan a visit and record it, or record (again) one planned or in draft: two laptops
    may record the same visit, each adding the same findings."""
    open_visits = _ids(laptop, "SELECT id FROM monitoring_visits "
                               "WHERE status IN ('planned', 'draft')")
    if open_visits and rng.random() < 0.6:
        visit = rng.choice(open_visits)
    else:
        provider = rng.choice(_ids(laptop, "SELECT DISTINCT provider_id FROM placements "
                                           "WHERE provider_id IS NOT NULL"))
        covered = _ids(laptop, f"SELECT id FROM placements WHERE provider_id = {provider}")
        visit = plan_visit(laptop.db, provider_id=provider,
                           visit_date=date(2026, 11, 1) + timedelta(days=rng.randrange(60)),
                           visit_type="annual_monitoring", visitors=laptop.name,
                           placement_ids=covered)
    words = rng.choice(["Calm", "Busy", "Settled"])
    fill_note(laptop.db, visit, evidence=lambda key: f"{words} ({laptop.name}) {key}")


def _observe(rng, laptop) -> None:
    """Add an observation to a draft, or remove its last one (a deletion)."""
    drafts = _ids(laptop, "SELECT id FROM monitoring_visits WHERE status = 'draft'")
    if not drafts:
        return
    note = load_visit_note(laptop.db, rng.choice(drafts))
    if note.observations and rng.random() < 0.5:
        save_draft(laptop.db, replace(note, observations=note.observations[:-1]))
        return
    observation = Observation("pupil_interview", what=f"Interview {rng.randrange(100)}",
                              who="Year 8", observed_on=date(2026, 11, 18), seen="Happy")
    save_draft(laptop.db, replace(note, observations=(*note.observations, observation)))


def _cancel_visit(rng, laptop) -> None:
    planned = _ids(laptop, "SELECT id FROM monitoring_visits WHERE status = 'planned'")
    if planned:
        cancel_visit(laptop.db, rng.choice(planned), "Provider closed for the day")


def _setting(rng, laptop) -> None:
    settings.set_setting(laptop.db, "council_name", rng.choice(["Westbridge Council",
                                                                "Westbridge Borough"]))


EDITS = (_edit_placement, _edit_placement, _edit_child, _add_child, _add_provider,
         _record_visit, _record_visit, _observe, _cancel_visit, _setting)


def _sync_dropping(rng, laptop, monkeypatch) -> None:
    """Sync; sometimes the connection drops at a random point (the sync then says so)."""
    drop = rng.choice(DROP_AT) if rng.random() < 0.35 else None

    def step(name: str) -> None:
        if name == drop:
            raise psycopg.OperationalError(f"connection dropped ({name})")

    monkeypatch.setattr(sync_module, "_step", step)
    result = laptop.sync()
    monkeypatch.setattr(sync_module, "_step", lambda name: None)
    assert result.status.outcome == (SYNCED if drop is None else "offline"), result.status


def _resolve_everything(rng, team) -> int:
    """Resolve every open conflict at random (mine, theirs, or an edit picking a side);
    how many were resolved."""
    resolved = 0
    with closing(team.server()) as conn:
        for conflict in list_conflicts(conn):
            sides = [conflict.laptop_value, conflict.server_value]
            edited = rng.choice(sides)
            choices = [("mine", None), ("theirs", None), ("edited", edited)]
            rng.shuffle(choices)
            for choice, value in choices:
                try:
                    resolve_conflict(conn, conflict.conflict_id, choice, value)
                except ConflictError:
                    continue  # e.g. it would restore a record whose visit was deleted
                resolved += 1
                break
        assert list_conflicts(conn) == []
    return resolved


def _changes_on_server(team) -> dict[str, int]:
    with closing(team.server()) as conn:
        return dict(conn.execute("SELECT change_uuid::text, count(*) FROM changes "
                                 "GROUP BY change_uuid").fetchall())


@pytest.mark.parametrize("seed", SEEDS)
def test_random_offline_edits_and_dropped_syncs_converge_once_conflicts_are_resolved(
        team, monkeypatch, seed):
    rng = random.Random(seed)
    laptops = [team.manager_laptop(), team.officer_laptop(0), team.officer_laptop(1)]
    for _ in range(ROUNDS):
        laptop = rng.choice(laptops)
        for _ in range(rng.randint(1, 3)):
            rng.choice(EDITS)(rng, laptop)
        if rng.random() < 0.5:
            _sync_dropping(rng, rng.choice(laptops), monkeypatch)
    for _ in range(2):
        for laptop in laptops:
            laptop.synced()
    _resolve_everything(rng, team)
    for laptop in laptops:
        laptop.synced()
    held = server_contents(team)
    for laptop in laptops:
        assert contents(laptop.db) == held, (seed, laptop.name)
        assert laptop.sync().status.waiting == 0
    on_server = _changes_on_server(team)
    for laptop in laptops:
        made_here = [r[0] for r in laptop.db.execute(
            "SELECT change_uuid FROM change_log WHERE origin = ? AND server_seq <> 0",
            [register_id(laptop.db)]).fetchall()]
        assert made_here and all(on_server.get(u) == 1 for u in made_here), (seed, laptop.name)
        with closing(team.server()) as conn:
            sent = conn.execute("SELECT count(*) FROM changes WHERE origin = %s",
                                [register_id(laptop.db)]).fetchone()[0]
        assert sent == len(made_here), (seed, laptop.name)
