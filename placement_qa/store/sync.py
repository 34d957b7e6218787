"""Syncing this register with the team's PostgreSQL server: join, push, pull, status.

The public API (the app's background job and ``placement-qa sync`` call these):

- :func:`sync` ``(db, login) -> SyncResult``: join the first time (:func:`join`), then
  push before pull. Never raises for a server that cannot be reached or refuses: the
  result's ``status`` says so (:func:`placement_qa.domain.sync_status.status_text` words it);
- :func:`join` ``(db, login)``: a register nobody has used yet takes the team's whole
  register; a register with records starts an empty team register (a manager's login),
  and is refused by one that already holds records (they would be doubled);
- :func:`local_status` ``(db) -> SyncStatus``: the status line's facts, without the server
  (with what the last sync did not do and why: an officer's change only a manager may
  make, which the server held back for the manager);
- :func:`unsent_records` ``(db)``: (table, uuid) of each record changed here and not yet
  acknowledged, to mark in the register.

A push sends every change the server has not acknowledged, in one server transaction;
they count as sent only once this register records the server's answer (one local
transaction). If the connection dies in between, the next push sends them again and the
server, knowing them by id, counts them once. A pull takes every change after the last
sequence number seen, in order (never by time), and applies what the server holds after
each in one local transaction, not logged again as this register's own (see
:mod:`.sync_apply`); a field with a change not yet sent is not overwritten. This
register's own changes come back too: one the server kept as sent is skipped (unless
another change to that record came in before it), one it held back or refused is undone
here, so the register ends up as the server is. The conflicts queue is the server's
(:mod:`.server_conflicts`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import psycopg
from sqlite_utils import Database

from ..domain.conflict_words import refusals_notice
from ..domain.dates import stored_stamp
from ..domain.sync import Incoming, kept_as_sent, portable
from ..domain.sync_status import FAILED, OFFLINE, SYNCED, SyncStatus
from . import outbox, server
from .connection import applying_remote
from .errors import DATABASE_ERRORS, in_words
from .outbox import (
    LAST_SEQ,
    MANAGER_LOGIN,
    OFFICER,
    SERVER,
    USER,
    OutboxRow,
    local_status,
    unsent_records,
)
from .server_login import (
    ServerLogin,
    dsn_without_password,
    login_user,
    password_problem,
    password_words,
    server_name,
)
from .server_records import ChangeRow
from .server_schema import PgConnection, ServerSchemaError
from .settings import register_id
from .sync_apply import (
    LocalTables,
    SyncApplyError,
    apply_change,
    clear_blank,
    is_blank,
    load_records,
    log_pulled,
)

__all__ = ["SyncResult", "join", "local_status", "outgoing_changes", "sync", "unsent_records"]

Clock = Callable[[], datetime]


class JoinRefused(Exception):
    """This register cannot join that server; the message says why and what to do."""


@dataclass(frozen=True)
class SyncResult:
    """What a sync did: changes the server took (``sent``; a change sent before counts
    only as acknowledged), changes pulled and applied here, conflicts raised, and the
    register's status after it; ``password_problem``: the server turned the login away
    for its password (:data:`.server_login.NO_PASSWORD` or ``WRONG_PASSWORD``)."""

    status: SyncStatus
    sent: int = 0
    acknowledged: int = 0
    pulled: int = 0
    conflicts: int = 0
    password_problem: str = ""


def _step(name: str) -> None:
    """A point in a sync ("connected"; "pushed": the server has committed, this register
    not yet recorded it; "pulled": before the pulled changes are committed here). Nothing
    happens here; tests replace it to cut the connection at that point."""


def sync(db: Database, login: ServerLogin, *, clock: Clock | None = None) -> SyncResult:
    """Sync (joining first if this register has never synced): see the module's notes."""
    return _attempt(db, login, clock)


def join(db: Database, login: ServerLogin, *, clock: Clock | None = None) -> SyncResult:
    """Join the team register at ``login`` (see the module's notes), then sync; for a
    register joined to it already, the same as :func:`sync`."""
    return _attempt(db, login, clock)


def _attempt(db: Database, login: ServerLogin, clock: Clock | None) -> SyncResult:
    try:
        result = _run(db, login)
    except psycopg.OperationalError as exc:
        problem = password_problem(str(exc))
        if problem:
            failed = _record(db, FAILED, password_words(problem, login))
            return replace(failed, password_problem=problem)
        return _record(db, OFFLINE, _first_line(exc))
    except (psycopg.Error, ServerSchemaError, JoinRefused, SyncApplyError) as exc:
        return _record(db, FAILED, _first_line(exc))
    except DATABASE_ERRORS as exc:
        return _record(db, FAILED, f"this register: {in_words(exc)}")
    moment = (clock or (lambda: datetime.now(UTC)))()
    sent, acknowledged, pulled, conflicts, refused = result
    status = _record(db, SYNCED, "", synced_at=stored_stamp(moment),
                     notice=refusals_notice(refused)).status
    return SyncResult(status, sent, acknowledged, pulled, conflicts)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _record(db: Database, outcome: str, error: str, *,
            synced_at: str | None = None, notice: str = "") -> SyncResult:
    """Keep how the attempt went (a register that cannot even be written keeps it not)."""
    values = {outbox.OUTCOME: outcome, outbox.ERROR: error or None,
              outbox.NOTICE: notice or None}
    if synced_at is not None:
        values[outbox.LAST_SYNCED_AT] = synced_at
    try:
        if outbox.is_joined(db) or outcome == SYNCED:
            outbox.write_state(db, values)
    except DATABASE_ERRORS:
        pass
    status = local_status(db)
    if not status.joined:  # a first join that failed: its status still says why
        status = SyncStatus(joined=True, waiting=outbox.waiting(db), outcome=outcome,
                            error=error)
    return SyncResult(status)


def _run(db: Database, login: ServerLogin) -> tuple[int, int, int, int, list[str]]:
    state = outbox.read_state(db)
    joined_to = state.get(SERVER)
    if joined_to is not None and joined_to != dsn_without_password(login.dsn):
        raise JoinRefused(f"this register is joined to another team register ({joined_to})")
    with closing(server.connect(login)) as conn:
        _step("connected")
        if joined_to is None:
            _join(db, conn, login)
        # what this laptop's login may do, for the checks made offline (countersigning)
        outbox.write_state(db, {MANAGER_LOGIN: "1" if server.manager_login(conn) else "0"})
        sent = _push(db, conn)
        pulled = _pull(db, conn)
    return sent[0], sent[1], pulled, sent[2], sent[3]


def _join(db: Database, conn: PgConnection, login: ServerLogin) -> None:
    """Take the team's register (a blank register) or start it (see the module's notes)."""
    joined = {SERVER: dsn_without_password(login.dsn), USER: login_user(login),
              OFFICER: login_user(login), LAST_SEQ: "0"}
    if server.has_records(conn):
        if not is_blank(db):
            raise JoinRefused(
                f"the team register at {server_name(login)} already holds records, and so "
                "does this register: join from a new register (placement-qa new), or send "
                "this one's records to a manager to import")
        last, records = server.snapshot(conn)
        with db.atomic(), applying_remote(db):
            db.execute("PRAGMA defer_foreign_keys = ON")
            clear_blank(db)
            outbox.mark_history_not_sent(db)
            load_records(LocalTables(db), records)
            outbox.write_state(db, {**joined, LAST_SEQ: str(last)})
        return
    if not server.manager_login(conn):
        raise JoinRefused("the team register is empty: the first register is sent to it with "
                          "a manager's login")
    with db.atomic():
        outbox.send_register_as_it_is(db)
        outbox.write_state(db, joined)


def outgoing_changes(rows: Iterable[OutboxRow]) -> list[server.Outgoing]:
    """The outbox's ``rows`` that travel, as they are sent (portable)."""
    return [server.Outgoing(r.change_uuid, r.table, r.record_uuid, r.operation,
                            portable(r.table, r.before), portable(r.table, r.after),
                            r.os_user, r.changed_at) for r in rows if r.synced]


def _push(db: Database, conn: PgConnection) -> tuple[int, int, int, list[str]]:
    """Send the outbox; (changes new to the server, acknowledged, conflicts raised, why
    the server held back each change only a manager may make)."""
    rows = outbox.outbox(db)
    outgoing = outgoing_changes(rows)
    state = outbox.read_state(db)
    pushed = server.push(conn, outgoing, origin=register_id(db),
                         officer=state.get(OFFICER, "")) if outgoing else None
    _step("pushed")
    acks = pushed.acks if pushed else {}
    outbox.acknowledge(db, acks, [r.entry_id for r in rows if not r.synced])
    if pushed is None:
        return 0, 0, 0, []
    return pushed.received, len(acks), pushed.conflicts, list(pushed.refused)


def _made_here_as_kept(row: ChangeRow, origin: str) -> bool:
    """True for this register's own change, kept by the server as it was sent."""
    return row.origin == origin and row.record_uuid == row.target_uuid and kept_as_sent(
        Incoming(row.table, row.target_uuid, row.operation, row.before, row.after),
        row.applied)


def _pull(db: Database, conn: PgConnection) -> int:
    """Apply every change after the last one seen, in one local transaction; how many."""
    last = int(outbox.read_state(db).get(LAST_SEQ, "0"))
    merged = server.merged_records(conn, register_id(db), last)
    changes: list[server.PulledChange] = []
    while page := server.pull(conn, changes[-1].seq if changes else last):
        changes.extend(page)
    with db.atomic(), applying_remote(db):
        db.execute("PRAGMA defer_foreign_keys = ON")
        tables = LocalTables(db)
        for table, old, new in merged:
            tables.rename(table, old, new)
        unsent = outbox.unsent_fields(db)
        origin, touched = register_id(db), set[tuple[str, str]]()
        for change in changes:
            row = change.row
            if (row.table, row.target_uuid) not in touched and _made_here_as_kept(row, origin):
                continue  # this register holds it already, and nothing came in between
            touched.add((row.table, row.target_uuid))
            if apply_change(tables, row, unsent, lambda t, u: server.full_record(conn, t, u)):
                log_pulled(db, row, change.seq)
        _step("pulled")
        if changes:
            outbox.write_state(db, {LAST_SEQ: str(changes[-1].seq)})
    return len(changes)
