"""The first push into an empty team register goes in bulk (store/server_bulk.py) and
leaves the server exactly as merging it change by change does: the same changes with
the same sequence numbers (and the same number next), records, unique keys, aliases and
conflicts. Each test pushes one batch into two empty team registers, one in bulk and one
change by change."""

from __future__ import annotations

from contextlib import closing
from dataclasses import replace
from typing import Any
from uuid import uuid4

import psycopg
import pytest
from team_registers import MANAGER, OFFICERS, make_team

from placement_qa.demo import write_demo_register
from placement_qa.store import outbox, server
from placement_qa.store.connection import open_register
from placement_qa.store.settings import register_id
from placement_qa.store.sync import outgoing_changes

STATE = {
    "changes": "SELECT seq, change_uuid::text, origin, table_name, record_uuid, target_uuid, "
               "operation, before, after, applied, os_user, officer, changed_at, pushed_by "
               "FROM changes ORDER BY seq",
    "records": "SELECT table_name, record_uuid, data, deleted, refs, last_seq FROM records "
               "ORDER BY table_name, record_uuid",
    "record_keys": "SELECT table_name, natural_key, record_uuid FROM record_keys "
                   "ORDER BY table_name, natural_key",
    "aliases": "SELECT record_uuid, alias_of FROM aliases ORDER BY record_uuid",
    "conflicts": "SELECT id, kind, table_name, record_uuid, field, server_value, laptop_value, "
                 "change_seq, raised_by, resolved_at FROM conflicts ORDER BY id",
    "next_seq": "SELECT last_value, is_called FROM changes_seq_seq",  # the next change's
}


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory) -> tuple[list[server.Outgoing], str]:
    """The small demo register as its first push sends it (every record a new change, in
    the outbox's order), and the register's id."""
    path = tmp_path_factory.mktemp("first-push") / "register.db"
    write_demo_register(path, "small")
    db = open_register(path)
    try:
        with db.atomic():
            outbox.send_register_as_it_is(db)
        return outgoing_changes(outbox.outbox(db)), register_id(db)
    finally:
        db.close()


def _push(postgres_server, tmp_path, outgoing, origin: str, *, user: str = MANAGER,
          bulk: bool, times: int = 1) -> tuple[list[server.Pushed], dict[str, list[Any]]]:
    """Push ``outgoing`` ``times`` into a new, empty team register as ``user``: what each
    push answered, and what the server holds after them."""
    team = make_team(postgres_server, postgres_server.new_database(), tmp_path)
    pushed = []
    for _ in range(times):
        with closing(team.server(user)) as conn:
            pushed.append(server.push(conn, outgoing, origin=origin, officer=user, bulk=bulk))
    with psycopg.connect(team.dsn) as conn:
        return pushed, {name: conn.execute(query).fetchall() for name, query in STATE.items()}


def _no_change_by_change(monkeypatch) -> None:
    def refuse(*args: Any) -> None:
        raise AssertionError("a change was merged one by one")

    monkeypatch.setattr(server, "_receive", refuse)


def test_a_whole_register_pushed_in_bulk_leaves_the_server_as_change_by_change(
        postgres_server, tmp_path, monkeypatch, snapshot):
    outgoing, origin = snapshot
    slow, slow_state = _push(postgres_server, tmp_path, outgoing, origin, bulk=False)
    _no_change_by_change(monkeypatch)
    bulk, bulk_state = _push(postgres_server, tmp_path, outgoing, origin, bulk=True)
    assert bulk == slow  # every change acknowledged with the same sequence number
    assert bulk_state == slow_state
    assert len(bulk_state["changes"]) == len(outgoing) > 500
    assert len(bulk_state["records"]) == len(outgoing)
    assert bulk_state["record_keys"] and not bulk_state["conflicts"]


def test_an_officers_first_push_raises_the_same_conflicts_in_bulk(
        postgres_server, tmp_path, monkeypatch, snapshot):
    outgoing, origin = snapshot
    provider = next(c for c in outgoing if c.table == "providers")
    without_provider = [c for c in outgoing if c is not provider]  # its records refer to it
    slow, slow_state = _push(postgres_server, tmp_path, without_provider, origin,
                             user=OFFICERS[0], bulk=False)
    _no_change_by_change(monkeypatch)
    bulk, bulk_state = _push(postgres_server, tmp_path, without_provider, origin,
                             user=OFFICERS[0], bulk=True)
    assert bulk == slow and bulk_state == slow_state
    kinds = {row[1] for row in bulk_state["conflicts"]}
    assert kinds == {"held", "edit_of_deleted"}  # the settings wait; orphans are kept aside
    assert bulk[0].conflicts == len(bulk_state["conflicts"])


def test_the_same_child_twice_in_a_first_push_is_merged_as_one_by_one(
        postgres_server, tmp_path, snapshot):
    outgoing, origin = snapshot
    child = next(c for c in outgoing if c.table == "children" and c.after["case_ref"])
    again = replace(child, change_uuid=str(uuid4()), record_uuid=str(uuid4()),
                    after={**child.after, "case_ref": f" {child.after['case_ref'].lower()} "})
    batch = [*outgoing, again]
    slow, slow_state = _push(postgres_server, tmp_path, batch, origin, bulk=False)
    bulk, bulk_state = _push(postgres_server, tmp_path, batch, origin, bulk=True)
    assert bulk == slow and bulk_state == slow_state
    assert bulk_state["aliases"] == [(again.record_uuid, child.record_uuid)]


def test_a_first_push_sent_again_is_counted_once(postgres_server, tmp_path, snapshot):
    outgoing, origin = snapshot  # the laptop never heard the answer, and sends it all again
    (first, second), state = _push(postgres_server, tmp_path, outgoing, origin, bulk=True,
                                   times=2)
    assert first.received == len(outgoing) and second.received == 0
    assert second.acks == first.acks
    assert len(state["changes"]) == len(outgoing)
