"""The bench's sync figures (8 to 11) run end to end, small: each measures what it says
against the tests' own PostgreSQL, on the small demo register with one timed run and a
few visits, and checks its own result (a figure whose laptops did not get everything
fails instead of timing it). No timing is asserted: the bench reports times, tests do not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import fig8_first_pull, fig9_round_trip, fig10_converge, fig11_first_push
from bench.__main__ import MODULES, parse_args
from bench.team import first_push_batch, laptop
from placement_qa.demo import write_demo_register


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bench-sync") / "small.db"
    write_demo_register(path, "small")
    return path


def _count(path: Path, table: str) -> int:
    db = laptop(path.with_name(f"count-{table}.db"), path)
    try:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        db.close()


def test_the_sync_figures_can_be_chosen_on_the_command_line():
    options, _ = parse_args(["--only", "8,9,10,11"])
    assert [n for n in MODULES if options.wants(n)] == [8, 9, 10, 11]


def test_a_new_laptop_pulls_every_record_the_first_laptop_sent(postgres_server, small,
                                                               tmp_path):
    team, first_sync = fig8_first_pull.started_team(postgres_server, small, tmp_path)
    pulls, copies, records = fig8_first_pull.measure(team, tmp_path, runs=1)
    assert len(pulls) == len(copies) == 1 and first_sync > 0
    assert records == len(first_push_batch(small, tmp_path)[0])


def test_a_laptop_missing_records_fails_the_first_pull_figure(postgres_server, small,
                                                               tmp_path):
    team, _ = fig8_first_pull.started_team(postgres_server, small, tmp_path)
    empty = laptop(tmp_path / "never-synced.db")
    try:
        with pytest.raises(RuntimeError, match="the new laptop holds 0"):
            fig8_first_pull._check_holds_all(team, empty)
    finally:
        empty.close()


def test_one_visit_makes_the_round_trip(postgres_server, small, tmp_path):
    team, a, b = fig9_round_trip.joined_pair(postgres_server, small, tmp_path)
    try:
        trips, plain, recording, changes, findings = fig9_round_trip.measure(a, b, team, 1)
    finally:
        a.close()
        b.close()
    assert len(trips) == len(plain) == len(recording) == 1
    assert changes > findings > 0


def test_laptops_converge_on_every_visit(postgres_server, small, tmp_path):
    converging, writing, held = fig10_converge.measure(postgres_server, small, tmp_path, 1,
                                                       laptops=2, visits=2)
    assert len(converging) == len(writing) == 1
    assert held == _count(small, "monitoring_visits") + 2 * 2


def test_the_first_push_in_bulk_and_change_by_change_are_both_timed(postgres_server, small,
                                                                     tmp_path):
    bulk, slow, changes = fig11_first_push.measure(postgres_server, small, tmp_path, 1, 1)
    assert len(bulk) == len(slow) == 1
    assert changes == len(first_push_batch(small, tmp_path)[0])
