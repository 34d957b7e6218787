"""Figure 8: a new laptop's first pull of the large team register.

Set up (not timed): a team register on a PostgreSQL of the bench's own, started by the
manager's laptop with a copy of the large demo register (its first push). The app: a
register new as ``placement-qa new`` makes it joins with an officer's login through the
app's own ``sync`` (it takes the server's every record in one consistent read, puts
them in its register in one transaction through the same checks as any write, records
where it stands, then pushes and pulls nothing), a fresh register each run. The
baseline: ``psql -c "\\copy (SELECT table_name, record_uuid, data FROM records WHERE NOT
deleted) TO file"`` as a subprocess (its start-up included), the same rows out of the
same server into a file. Each laptop is checked to hold every record the server has.
"""

from __future__ import annotations

import time
from pathlib import Path

from .common import Figure, Options, register, scratch_folder
from .team import MANAGER, OFFICERS, TeamRegister, laptop, postgres, synced, team_register

SIZE = "large"
ROWS_OUT = ("\\copy (SELECT table_name, record_uuid, data FROM records WHERE NOT deleted) "
            "TO '{path}'")


def started_team(server, source: Path, folder: Path) -> tuple[TeamRegister, float]:
    """A team register started by the manager's laptop holding a copy of ``source``; the
    seconds that first sync took."""
    team = team_register(server)
    manager = laptop(folder / "manager.db", source)
    try:
        start = time.perf_counter()
        synced(manager, team.login(MANAGER))
        return team, time.perf_counter() - start
    finally:
        manager.close()


def _check_holds_all(team: TeamRegister, db) -> int:
    """How many records the server holds; RuntimeError unless the new laptop holds as
    many of each table (the settings aside: each register keeps its own id too)."""
    from placement_qa.domain.sync import SETTINGS_TABLE

    counts = team.table_counts()
    for table, there in counts.items():
        here = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        if table != SETTINGS_TABLE and here != there:
            raise RuntimeError(f"the new laptop holds {here} {table}, the server {there}")
    return sum(counts.values())


def measure(team: TeamRegister, folder: Path, runs: int) -> tuple[list[float], list[float], int]:
    """Seconds of each first pull and each psql copy (after one warm-up of each), and how
    many records the server holds."""
    pulls, copies, records = [], [], 0
    for _ in range(runs + 1):
        db = laptop(folder / "new-laptop.db")
        try:
            start = time.perf_counter()
            synced(db, team.login(OFFICERS[0]))
            pulls.append(time.perf_counter() - start)
            records = _check_holds_all(team, db)
        finally:
            db.close()
        out = folder / "records.copy"
        start = time.perf_counter()
        team.psql(ROWS_OUT.format(path=out))
        copies.append(time.perf_counter() - start)
        with out.open("rb") as lines:
            copied = sum(1 for _ in lines)
        if copied != records:
            raise RuntimeError(f"psql copied {copied} records, the server holds {records}")
    return pulls[1:], copies[1:], records


def figures(options: Options) -> list[Figure]:
    with scratch_folder("fig8-") as folder, postgres() as server:
        team, first_sync = started_team(server, register(SIZE), folder)
        pulls, copies, records = measure(team, folder, options.runs)
    return [Figure(
        8, f"First pull of the {SIZE} team register by a new laptop", pulls, copies, "report",
        unit="s",
        note=(f"{records:,} records; a new register (as placement-qa new makes it) joins "
              "with an officer's login through sync: one consistent read of the server's "
              "records, written into the register in one transaction through the same checks "
              "as any write. Baseline: psql \\copy of the same rows out of the same server "
              "into a file, as a subprocess (its start-up included). Profiled, writing the "
              "records into the register (an INSERT each) is about two thirds of the pull, "
              "reading them from the server (JSON decoded) about a quarter. The manager's "
              f"first sync, which started this team register, took {first_sync:.1f} s"))]
