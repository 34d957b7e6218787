"""Figure 10: three laptops, 200 visits each, converging.

Set up (not timed): the small demo register starts a team register on a PostgreSQL of
the bench's own (the manager's laptop); three officers' new registers join it, and each
records 200 visits offline through the store as the visit note screen does (planned,
every criterion rated, each child's welfare, signed off). The server's database and the
three register files are then kept, and each run starts from copies of them. Timed: the
laptops sync in turn until all hold the same: A, B, C (each sends its visits and takes
those sent before it), then A and B again (they take what was sent after them), the
fewest syncs that bring three laptops together. After each run every laptop is checked
to hold every visit and finding the server holds. At most three timed runs (one is about
a minute), whatever ``--runs`` says.

The baseline: the same 600 visits recorded into one register through the store (a copy
of the small demo register, not in a team), i.e. the team's work written once where
nothing needs sharing; the ratio is what sharing it between three laptops costs on top.
"""

from __future__ import annotations

import shutil
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .common import Figure, Options, register, scratch_folder
from .team import (
    MANAGER,
    OFFICERS,
    TeamRegister,
    copy_database,
    laptop,
    local_uuids,
    postgres,
    record_visits,
    synced,
    team_register,
)

SIZE = "small"
LAPTOPS, VISITS = 3, 200
MAX_RUNS = 3  # each run is about a minute on the 2-core machine of RESULTS.md
FIRST_DAY = date(2023, 1, 2)
VISITORS = ("Sam Patel", "Amira Khan", "Tom Evans")
SHARED = ("monitoring_visits", "findings", "visit_placements")


class Team:
    """The team register and the officers' laptops, as they were before they synced: each
    run starts from copies of them (:meth:`reset`)."""

    def __init__(self, server: Any, source: Path, folder: Path, laptops: int,
                 visits: int) -> None:
        self.folder, self.server = folder, server
        self.register = team_register(server)
        manager = laptop(folder / "manager.db", source)
        synced(manager, self.register.login(MANAGER))
        manager.close()
        self.paths = [folder / f"laptop-{n}.db" for n in range(laptops)]
        for n, path in enumerate(self.paths):
            db = laptop(path)
            try:
                synced(db, self.register.login(OFFICERS[n]))
                record_visits(db, visits, FIRST_DAY + timedelta(days=n * visits), VISITORS[n])
            finally:
                db.close()
            shutil.copyfile(path, self._kept(path))
        self.kept_database = f"{self.register.dbname}_kept"
        copy_database(server, self.register.dbname, self.kept_database)

    @staticmethod
    def _kept(path: Path) -> Path:
        return path.with_suffix(".kept")

    def reset(self) -> list[Any]:
        """The team register and the laptops as they were before syncing: the laptops open."""
        copy_database(self.server, self.kept_database, self.register.dbname)
        return [laptop(path, self._kept(path)) for path in self.paths]

    def converge(self, laptops: list[Any]) -> None:
        """Each laptop syncs in turn, then all but the last again."""
        for n in [*range(len(laptops)), *range(len(laptops) - 1)]:
            synced(laptops[n], self.register.login(OFFICERS[n]))


def _check_converged(team: TeamRegister, laptops: list[Any]) -> int:
    """How many visits the server holds; RuntimeError unless every laptop holds the same
    visits, findings and children's sections as the server."""
    for table in SHARED:
        there = team.record_uuids(table)
        for n, db in enumerate(laptops):
            if local_uuids(db, table) != there:
                raise RuntimeError(f"laptop {n + 1} does not hold the server's {table}")
    return len(team.record_uuids("monitoring_visits"))


def measure(server: Any, source: Path, folder: Path, runs: int, *, laptops: int = LAPTOPS,
            visits: int = VISITS) -> tuple[list[float], list[float], int]:
    """Seconds of each convergence and of each baseline (after a warm-up of each), the
    team register started from ``source``, and how many visits the server holds after it."""
    team = Team(server, source, folder, laptops, visits)
    converging, writing, held = [], [], 0
    for _ in range(runs + 1):
        open_laptops = team.reset()
        try:
            start = time.perf_counter()
            team.converge(open_laptops)
            converging.append(time.perf_counter() - start)
            held = _check_converged(team.register, open_laptops)
        finally:
            for db in open_laptops:
                db.close()
        one = laptop(folder / "one-register.db", source)
        try:
            start = time.perf_counter()
            record_visits(one, laptops * visits, FIRST_DAY, VISITORS[0])
            writing.append(time.perf_counter() - start)
        finally:
            one.close()
    return converging[1:], writing[1:], held


def figures(options: Options) -> list[Figure]:
    runs = min(options.runs, MAX_RUNS)
    with scratch_folder("fig10-") as folder, postgres() as server:
        converging, writing, held = measure(server, register(SIZE), folder, runs)
    return [Figure(
        10, f"{LAPTOPS} laptops × {VISITS} visits each converging", converging, writing,
        "report", unit="s",
        note=(f"Each laptop an officer's, joined to a team register started from the {SIZE} "
              f"demo register; each records {VISITS} signed-off visits offline (not timed), "
              "then they sync A, B, C, A, B; after it every laptop holds the server's "
              f"{held} visits with their findings and children's sections (the officers' "
              "sign-offs wait for the manager, as the rules say). Baseline: the same "
              f"{LAPTOPS * VISITS} visits recorded through the store into one register; "
              f"{runs} runs (at most {MAX_RUNS}), each from copies of the same start. "
              "Profiled, about 90% is the three pushes, the server merging each change one "
              "by one (about 2 ms a change); applying the pulled visits on the laptops is "
              "about 10%"))]
