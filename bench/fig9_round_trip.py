"""Figure 9: one signed-off visit from laptop A to laptop B, through the team register.

Set up (not timed): the small demo register starts a team register on a PostgreSQL of
the bench's own (the manager's laptop, B), and an officer's new register joins it (A).
Each run, A records a visit through the store as the visit note screen does (planned,
every criterion rated, each child's welfare, signed off; not timed), then, timed: A
syncs (it pushes the visit; an officer's sign-off waits for the manager in the conflicts
queue, as the rules say) and B syncs (it pulls it). B is checked to hold the visit and
every finding of it.

The baseline: the same changes, as they travel (A's outbox, as JSON), moved through the
same server with plain SQL: one connection with A's login inserts them into a plain
table in one transaction and commits, a second with B's login reads the rows after the
last it had. That is the least any sync must do to move them (two connections, one
write, one read). A local write through the store would measure recording the visit,
not sharing it; its time is in the note.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg

from .common import Figure, Options, register, scratch_folder
from .team import (
    MANAGER,
    OFFICERS,
    TeamRegister,
    laptop,
    postgres,
    record_visits,
    synced,
    team_register,
)

SIZE = "small"
FIRST_DAY = date(2024, 1, 8)
SETUP = """
CREATE TABLE bench_round_trip (id bigserial PRIMARY KEY, body jsonb NOT NULL);
GRANT INSERT, SELECT ON bench_round_trip TO pqa_officer;
GRANT USAGE ON SEQUENCE bench_round_trip_id_seq TO pqa_officer
"""


def joined_pair(server, source: Path, folder: Path) -> tuple[TeamRegister, Any, Any]:
    """A team register started by the manager's laptop (B, a copy of ``source``) and an
    officer's new register joined to it (A): (team, A, B), both open."""
    team = team_register(server)
    b = laptop(folder / "b.db", source)
    synced(b, team.login(MANAGER))
    a = laptop(folder / "a.db")
    synced(a, team.login(OFFICERS[0]))
    with psycopg.connect(team.dsn, autocommit=True) as conn:
        for statement in SETUP.split(";"):
            conn.execute(statement)
    return team, a, b


def _travelling(db: Any) -> list[str]:
    """A's changes not yet sent, as JSON, as they travel."""
    from placement_qa.store import outbox
    from placement_qa.store.sync import outgoing_changes

    return [json.dumps(asdict(change)) for change in outgoing_changes(outbox.outbox(db))]


def _plain_round_trip(team: TeamRegister, bodies: list[str], last_id: int) -> int:
    """Insert ``bodies`` as A and read them back as B; the last id read."""
    with psycopg.connect(team.login(OFFICERS[0]).dsn) as conn, conn.cursor() as cursor:
        cursor.executemany("INSERT INTO bench_round_trip (body) VALUES (%s::jsonb)",
                           [(body,) for body in bodies])
    with psycopg.connect(team.login(MANAGER).dsn) as conn:
        rows = conn.execute("SELECT id, body FROM bench_round_trip WHERE id > %s ORDER BY id",
                            [last_id]).fetchall()
    if len(rows) != len(bodies):
        raise RuntimeError(f"B read {len(rows)} rows of the {len(bodies)} A wrote")
    return int(rows[-1][0])


def _check_pulled(a: Any, b: Any, visit: str) -> int:
    """The visit's findings; RuntimeError unless B holds the visit and all of them."""
    query = ("SELECT count(*) FROM findings f JOIN monitoring_visits v ON v.id = f.visit_id "
             "WHERE v.uuid = ?")
    here, there = a.execute(query, [visit]).fetchone()[0], b.execute(query, [visit]).fetchone()[0]
    if not here or here != there:
        raise RuntimeError(f"laptop B holds {there} findings of the visit, A {here}")
    return int(here)


def measure(a: Any, b: Any, team: TeamRegister, runs: int
            ) -> tuple[list[float], list[float], list[float], int, int]:
    """Milliseconds of each round trip through sync and through plain SQL, and of each
    visit's recording (after a warm-up of each); the changes and findings of a visit."""
    trips, plain, recording, last_id = [], [], [], 0
    changes = findings = 0
    for run in range(runs + 1):
        start = time.perf_counter()
        (visit,) = record_visits(a, 1, FIRST_DAY + timedelta(days=run), "Sam Patel")
        recording.append((time.perf_counter() - start) * 1000)
        bodies = _travelling(a)
        start = time.perf_counter()
        synced(a, team.login(OFFICERS[0]))
        synced(b, team.login(MANAGER))
        trips.append((time.perf_counter() - start) * 1000)
        findings, changes = _check_pulled(a, b, visit), len(bodies)
        start = time.perf_counter()
        last_id = _plain_round_trip(team, bodies, last_id)
        plain.append((time.perf_counter() - start) * 1000)
    return trips[1:], plain[1:], recording[1:], changes, findings


def figures(options: Options) -> list[Figure]:
    with scratch_folder("fig9-") as folder, postgres() as server:
        team, a, b = joined_pair(server, register(SIZE), folder)
        try:
            trips, plain, recording, changes, findings = measure(a, b, team, options.runs)
        finally:
            a.close()
            b.close()
    return [Figure(
        9, "One signed-off visit pushed by laptop A and pulled by B", trips, plain, "report",
        note=(f"The visit: {changes} changes ({findings} findings, the children's sections, "
              "the visit and its sign-off); A is an officer's laptop, so the sign-off waits "
              f"for the manager, as the rules say. The {SIZE} demo register is the team "
              "register. Baseline: the same changes as JSON through the same server with "
              "plain SQL (A's login inserts them in one transaction, B's reads them back). "
              "Profiled, the push is about 70% of the round trip: the server merges the "
              "visit's changes one by one (about eight statements each); the pull is about "
              "15%, connecting twice about 10%. Recording the visit through the store took "
              f"{statistics.median(recording):.0f} ms (median)"))]
