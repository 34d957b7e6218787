"""The team's PostgreSQL server, as a laptop uses it: connect, push changes, pull them.

:func:`push` sends a laptop's changes in one server transaction: a change the server has
already (its id is unique) is not applied again, and its sequence number is returned as
for a new one, so a laptop that never heard the answer to an earlier push gets it now.
Each new change is merged by the rules of :mod:`placement_qa.domain.sync` into the
server's copy of its record; what it could not apply goes to the conflicts queue. The
first push into an empty team register (a whole register) goes in bulk, to the same
result (:mod:`.server_bulk`).

:func:`pull` gives the changes after a sequence number, in order (never by time: laptop
clocks are wrong); :func:`snapshot` the whole current register, for a new laptop.

The manager's side, listing and resolving conflicts, is :func:`list_conflicts` and
:func:`resolve_conflict` (from :mod:`.server_conflicts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import psycopg

from ..domain.conflict_words import refusal_words
from ..domain.sync import (
    DELETE,
    INSERT,
    UPDATE,
    Context,
    Incoming,
    Record,
    merge_change,
    touched_fields,
)
from . import server_bulk
from .server_conflicts import ConflictError, ConflictView, list_conflicts, resolve_conflict
from .server_login import ServerLogin, conninfo
from .server_records import (
    ChangeRow,
    Outgoing,
    Pushed,
    add_alias,
    alias_of,
    current_record,
    duplicate_of,
    insert_change,
    is_manager,
    is_referenced,
    key_clash,
    lock,
    missing_references,
    raise_conflicts,
    with_aliases,
    write_record,
)
from .server_schema import PgConnection, check_schema, scalar

__all__ = ["ConflictError", "ConflictView", "Outgoing", "PulledChange", "Pushed", "connect",
           "list_conflicts", "pull", "push", "resolve_conflict", "snapshot"]

PULL_PAGE = 5000


def connect(login: ServerLogin) -> PgConnection:
    """A connection to the team register (its schema checked), in autocommit mode: each
    piece of work is its own ``conn.transaction()``. psycopg.OperationalError if the server
    cannot be reached or refuses the login."""
    conn = psycopg.connect(conninfo(login), autocommit=True)
    try:
        check_schema(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def push(conn: PgConnection, outgoing: Sequence[Outgoing], *, origin: str,
         officer: str, bulk: bool = True) -> Pushed:
    """Send ``outgoing`` (in order) from the laptop ``origin`` in one transaction: the
    first push into an empty team register in bulk (:mod:`.server_bulk`; ``bulk=False``
    merges it one by one all the same, to compare), every other one change by change."""
    acks: dict[str, int] = {}
    received = conflicts = 0
    refused: list[str] = []
    with conn.transaction():
        lock(conn)
        manager = is_manager(conn)
        if bulk and server_bulk.server_is_empty(conn):
            made = server_bulk.plan(outgoing, origin=origin, officer=officer, manager=manager)
            if made is not None:
                return server_bulk.write(conn, made)
        known = dict(conn.execute(
            "SELECT change_uuid::text, seq FROM changes WHERE change_uuid = ANY(%s::uuid[])",
            [[c.change_uuid for c in outgoing]]).fetchall())
        for change in outgoing:
            if change.change_uuid in known:  # sent before: counted once
                acks[change.change_uuid] = int(known[change.change_uuid])
                continue
            seq, raised = _receive(conn, change, origin, officer, manager)
            acks[change.change_uuid] = seq
            received += 1
            conflicts += len(raised)
            refused.extend(words for words in raised if words)
    return Pushed(acks, received, conflicts, tuple(refused))


def _receive(conn: PgConnection, change: Outgoing, origin: str, officer: str,
             manager: bool) -> tuple[int, list[str | None]]:
    """Merge one new change; its sequence number and, for each conflict it raised, why
    the server held it back if only a manager may make it (see :class:`Pushed`)."""
    target = alias_of(conn, change.record_uuid)
    incoming = Incoming(change.table, target, change.operation,
                        with_aliases(conn, change.before), with_aliases(conn, change.after))
    current = current_record(conn, change.table, target)
    if change.operation == INSERT and current is None and incoming.after:
        duplicate = duplicate_of(conn, change.table, incoming.after)
        if duplicate is not None:  # the same record made twice: one record, merged
            add_alias(conn, target, duplicate)
            target = duplicate
            incoming = replace(incoming, record_uuid=target)
            current = current_record(conn, change.table, target)
    merge = merge_change(current, incoming, _context(conn, incoming, current, manager))
    seq = insert_change(conn, ChangeRow(
        change.change_uuid, origin, change.table, change.record_uuid, target,
        change.operation, incoming.before, incoming.after, merge.applied, change.os_user,
        officer, change.changed_at))
    live = current.data if current is not None and not current.deleted else None
    if merge.data != live:
        write_record(conn, change.table, target, merge.data, current, seq)
    raise_conflicts(conn, change.table, target, merge.conflicts, seq, officer)
    data = merge.data or incoming.after or incoming.before
    return seq, [refusal_words(change.table, raised, data) for raised in merge.conflicts]


def _context(conn: PgConnection, change: Incoming, current: object, manager: bool) -> Context:
    if change.operation == DELETE:
        return Context(by_manager=manager, referenced=is_referenced(conn, change.record_uuid))
    touched = touched_fields(change)
    clash = frozenset[str]()
    if change.operation == UPDATE and current is not None and change.after:
        clash = key_clash(conn, change.table, change.record_uuid, change.after)
    return Context(by_manager=manager, key_clash=clash,
                   missing_refs=missing_references(conn, change.after, touched))


@dataclass(frozen=True)
class PulledChange:
    """A change from the server, as a laptop applies it (``target_uuid``: the record it
    applies to; ``applied`` None: the record is not on the server after it)."""

    seq: int
    row: ChangeRow


_PULL_COLUMNS = ("seq, change_uuid::text, origin, table_name, record_uuid, target_uuid, "
                 "operation, before, after, applied, os_user, officer, changed_at")


def pull(conn: PgConnection, after_seq: int, *, limit: int = PULL_PAGE) -> list[PulledChange]:
    """The changes after ``after_seq``, in order, at most ``limit``."""
    rows = conn.execute(f"SELECT {_PULL_COLUMNS} FROM changes WHERE seq > %s ORDER BY seq "
                        "LIMIT %s", [after_seq, limit]).fetchall()
    return [PulledChange(int(r[0]), ChangeRow(*r[1:])) for r in rows]


def merged_records(conn: PgConnection, origin: str, after_seq: int
                   ) -> list[tuple[str, str, str]]:
    """(table, uuid, the record it was merged into) for the records the laptop ``origin``
    made that the server found it had already, in changes after ``after_seq``."""
    rows = conn.execute("SELECT DISTINCT table_name, record_uuid, target_uuid FROM changes "
                        "WHERE origin = %s AND seq > %s AND record_uuid <> target_uuid",
                        [origin, after_seq]).fetchall()
    return [(str(t), str(u), str(v)) for t, u, v in rows]


def full_record(conn: PgConnection, table: str, uuid: str) -> Record | None:
    """The server's current copy of one record (None: not there, or deleted)."""
    current = current_record(conn, table, uuid)
    return None if current is None or current.deleted else current.data


def snapshot(conn: PgConnection) -> tuple[int, list[tuple[str, str, Record]]]:
    """The whole register as the server holds it, with the last sequence number it
    includes, read in one consistent snapshot: (seq, [(table, uuid, data)])."""
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    try:
        with conn.transaction():
            last = scalar(conn, "SELECT coalesce(max(seq), 0) FROM changes")
            rows = conn.execute("SELECT table_name, record_uuid, data FROM records "
                                "WHERE NOT deleted").fetchall()
    finally:
        conn.isolation_level = None
    return int(last), [(str(t), str(u), d) for t, u, d in rows]


def has_records(conn: PgConnection) -> bool:
    return bool(scalar(conn, "SELECT EXISTS (SELECT 1 FROM records WHERE NOT deleted)"))


def manager_login(conn: PgConnection) -> bool:
    """True if this login may do a manager's work (resolve conflicts, change settings)."""
    return is_manager(conn)
