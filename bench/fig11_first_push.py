"""Figure 11: the first push of the large register into an empty team register, in bulk
against change by change.

What a laptop with a copy of the large demo register sends when it starts a team
register (every record as a new change, made as ``sync`` makes them; not timed) is
pushed with ``server.push`` into a new, empty team register each run, with the manager's
login: the app in bulk (``store/server_bulk.py``: each change decided by the same merge
rule, the rows sent with COPY in one transaction), the baseline change by change (the
path every later push takes, and the first one took before). Both leave the same server
(tests/sync/test_first_push_bulk.py proves it on the small register); here the records,
unique keys and conflicts of both are counted and must agree. The change-by-change push
of the large register takes minutes, so it runs once (``--quick``: the small register,
``--runs`` times). The note gives one whole first sync with ``sync``, for scale.
"""

from __future__ import annotations

import time
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg

from .common import Figure, Options, register, scratch_folder
from .fig8_first_pull import started_team
from .team import MANAGER, first_push_batch, postgres, team_register

QUERIES = ("SELECT count(*) FROM records", "SELECT count(*) FROM record_keys",
           "SELECT count(*) FROM conflicts", "SELECT max(seq) FROM changes")


def timed_push(server: Any, batch: list[Any], origin: str, *, bulk: bool
               ) -> tuple[float, tuple[int, ...]]:
    """Seconds to push ``batch`` into a new, empty team register, and what it then holds
    (records, unique keys, conflicts, the last sequence number)."""
    from placement_qa.store import server as team_server

    team = team_register(server)
    with closing(team_server.connect(team.login(MANAGER))) as conn:
        start = time.perf_counter()
        pushed = team_server.push(conn, batch, origin=origin, officer=MANAGER, bulk=bulk)
        seconds = time.perf_counter() - start
    if pushed.received != len(batch):
        raise RuntimeError(f"the server took {pushed.received} of {len(batch)} changes")
    with psycopg.connect(team.dsn) as conn:
        held = tuple(int(conn.execute(query).fetchone()[0]) for query in QUERIES)
    return seconds, held


def measure(server: Any, source: Path, folder: Path, runs: int, slow_runs: int
            ) -> tuple[list[float], list[float], int]:
    """Seconds of each bulk push (after a warm-up) and of each change-by-change push, and
    how many changes were pushed."""
    batch, origin = first_push_batch(source, folder)
    bulk = [timed_push(server, batch, origin, bulk=True) for _ in range(runs + 1)][1:]
    slow = [timed_push(server, batch, origin, bulk=False) for _ in range(slow_runs)]
    if {held for _, held in bulk} != {held for _, held in slow}:
        raise RuntimeError(f"bulk left {bulk[0][1]}, change by change {slow[0][1]}")
    return [s for s, _ in bulk], [s for s, _ in slow], len(batch)


def figures(options: Options) -> list[Figure]:
    size = "small" if options.quick else "large"
    with scratch_folder("fig11-") as folder, postgres() as server:
        bulk, slow, changes = measure(server, register(size), folder, options.runs,
                                      options.runs if options.quick else 1)
        _, whole = started_team(server, register(size), folder)
    return [Figure(
        11, f"First push of the {size} register into an empty team register", bulk, slow,
        "report", unit="s",
        note=(f"{changes:,} changes (every record of the register as a new change), pushed "
              "with the manager's login into a new team register each run; app: in bulk "
              "(each change decided by the same merge rule, the rows sent with COPY in one "
              "transaction); baseline: change by change, as before "
              f"({len(slow)} run{'s' if len(slow) > 1 else ''}). Both leave as many records, "
              "unique keys and conflicts and the same last sequence number (the tests show "
              "the same server, row for row, on the small register). The whole first sync "
              "(the register's "
              "records put in its outbox, the push, the acknowledgements, the pull of its "
              f"own changes back) took {whole:.1f} s"))]
