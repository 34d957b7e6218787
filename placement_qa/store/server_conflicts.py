"""The manager's conflicts queue on the team's server: listed in words, resolved.

:func:`list_conflicts` gives each conflict with its record in words (which child, which
provider, which visit), its fields, both values, who sent the change and when.

:func:`resolve_conflict` keeps the laptop's values (``mine``), the team register's
(``theirs``) or the manager's own (``edited``). The resolution is itself a change on the
server (origin ``server``), which every laptop pulls at its next sync, the laptop that
raised the conflict included. Only a manager may resolve one: the server's grants refuse
anyone else, and so does this function, first, in words.
"""

from __future__ import annotations

import uuid as uuids
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..domain.conflict_words import ConflictWords, conflict_words
from ..domain.sync import (
    DELETE,
    INSERT,
    UPDATE,
    Record,
    SyncRuleError,
    chosen_value,
)
from .server_records import (
    ChangeRow,
    current_record,
    insert_change,
    is_manager,
    is_referenced,
    key_clash,
    lock,
    missing_references,
    write_record,
)
from .server_schema import PgConnection, scalar

SERVER_ORIGIN = "server"


class ConflictError(Exception):
    """A conflict cannot be resolved as asked; the message says why."""


@dataclass(frozen=True)
class ConflictView:
    """One conflict, with its record and values in words (``words``)."""

    conflict_id: int
    kind: str
    table: str
    record_uuid: str
    fields: tuple[str, ...]
    server_value: Record | None
    laptop_value: Record | None
    raised_by: str
    raised_at: datetime
    resolution: str | None
    resolved_by: str | None
    resolved_at: datetime | None
    parts: ConflictWords  # the conflict in words, part by part

    @property
    def words(self) -> str:
        """The whole conflict in one line."""
        return self.parts.line


_COLUMNS = ("c.id, c.kind, c.table_name, c.record_uuid, c.field, c.server_value, "
            "c.laptop_value, c.raised_by, c.raised_at, c.resolution, c.resolved_by, "
            "c.resolved_at, r.data")


def list_conflicts(conn: PgConnection, *, resolved: bool = False,
                   raised_by: str | None = None) -> list[ConflictView]:
    """The open conflicts (with ``resolved``, every one), oldest first; only those raised
    by ``raised_by`` if given (an officer sees their own)."""
    where = ["TRUE" if resolved else "c.resolved_at IS NULL"]
    params: list[Any] = []
    if raised_by is not None:
        where.append("c.raised_by = %s")
        params.append(raised_by)
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM conflicts c LEFT JOIN records r ON "
        "r.table_name = c.table_name AND r.record_uuid = c.record_uuid "
        f"WHERE {' AND '.join(where)} ORDER BY c.id", params).fetchall()
    cache: dict[str, Record | None] = {}

    def lookup(uuid: str) -> Record | None:
        if uuid not in cache:
            found = conn.execute("SELECT data FROM records WHERE record_uuid = %s LIMIT 1",
                                 [uuid]).fetchone()
            cache[uuid] = None if found is None else found[0]
        return cache[uuid]

    return [_view(row, lookup) for row in rows]


def _view(row: tuple, lookup: Any) -> ConflictView:
    fields = tuple(f.strip() for f in (row[4] or "").split(",") if f.strip())
    data = row[12] or row[6] or row[5]
    parts = conflict_words(kind=row[1], table=row[2], record_uuid=row[3], data=data,
                           fields=fields, server_value=row[5], laptop_value=row[6],
                           raised_by=row[7], raised_at=row[8], lookup=lookup)
    return ConflictView(row[0], row[1], row[2], row[3], fields, row[5], row[6], row[7],
                        row[8], row[9], row[10], row[11], parts)


def resolve_conflict(conn: PgConnection, conflict_id: int, choice: str,
                     edited: Record | None = None, *, resolved_by: str = "") -> int | None:
    """Resolve conflict ``conflict_id`` (see the module's notes): the sequence number of
    the change that carries the resolution (None where the record's fields are gone with
    the record, deleted since). ConflictError if it cannot be."""
    with conn.transaction():
        lock(conn)
        if not is_manager(conn):
            raise ConflictError("only a manager may resolve conflicts")
        row = conn.execute("SELECT table_name, record_uuid, field, server_value, laptop_value, "
                           "resolved_at FROM conflicts WHERE id = %s FOR UPDATE",
                           [conflict_id]).fetchone()
        if row is None:
            raise ConflictError(f"there is no conflict {conflict_id}")
        table, uuid, field, server_value, laptop_value, resolved_at = row
        if resolved_at is not None:
            raise ConflictError(f"conflict {conflict_id} was resolved already")
        fields = tuple(f.strip() for f in (field or "").split(",") if f.strip())
        try:
            value = chosen_value(choice, server_value, laptop_value, edited, fields)
        except SyncRuleError as exc:
            raise ConflictError(str(exc)) from None
        seq = _write_resolution(conn, table, uuid, fields, value, resolved_by)
        conn.execute("UPDATE conflicts SET resolved_at = now(), resolved_by = %s, "
                     "resolution = %s, resolved_value = %s, resolution_seq = %s WHERE id = %s",
                     [resolved_by or _user(conn), choice, _jsonb(value), seq, conflict_id])
    return seq


def _jsonb(value: Record | None) -> Any:
    from psycopg.types.json import Jsonb

    return None if value is None else Jsonb(value)


def _user(conn: PgConnection) -> str:
    return str(scalar(conn, "SELECT current_user"))


def _write_resolution(conn: PgConnection, table: str, uuid: str, fields: tuple[str, ...],
                      value: Record | None, resolved_by: str) -> int | None:
    current = current_record(conn, table, uuid)
    live = current.data if current is not None and not current.deleted else None
    if fields:
        if live is None:  # deleted since: nothing left to set (its deletion has its own)
            return None
        data: Record | None = {**live, **(value or {})}
        applied: Record | None = {f: (value or {}).get(f) for f in fields}
        operation = UPDATE
    else:
        data, applied = value, value
        operation = DELETE if value is None else (UPDATE if live is not None else INSERT)
    _check_resolution(conn, table, uuid, data, live)
    user = resolved_by or _user(conn)
    seq = insert_change(conn, ChangeRow(
        str(uuids.uuid4()), SERVER_ORIGIN, table, uuid, uuid, operation, live, data, applied,
        _user(conn), user, ""))
    if data != live:
        write_record(conn, table, uuid, data, current, seq)
    return seq


def _check_resolution(conn: PgConnection, table: str, uuid: str, data: Record | None,
                      live: Record | None) -> None:
    """ConflictError if the register cannot hold the chosen values: a record it refers to
    is deleted, another record has its unique key, or other records still need the
    record being deleted."""
    if data is None:
        if live is not None and is_referenced(conn, uuid):
            raise ConflictError("other records still refer to this one: it cannot be deleted")
        return
    missing = missing_references(conn, data, data)
    if missing:
        raise ConflictError(f"the {', '.join(sorted(missing))} it refers to is deleted: "
                            "restore that first")
    if key_clash(conn, table, uuid, data):
        raise ConflictError("another record has the same unique value: change it first")
