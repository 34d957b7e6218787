"""The server's copy of the register, read and written inside one push or resolution.

Both hold the team register's lock (:func:`lock`, a transaction-level advisory lock), so
changes get their sequence numbers in the order they are applied and a laptop asking for
"everything after N" never misses one committed later with a smaller number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from psycopg.types.json import Jsonb

from ..domain.sync import Current, Raised, Record, natural_keys, references
from .server_schema import PgConnection, scalar

TEAM_LOCK = 16_016_016  # the advisory lock's key: pushes and resolutions take turns


def lock(conn: PgConnection) -> None:
    conn.execute("SELECT pg_advisory_xact_lock(%s)", [TEAM_LOCK])


def is_manager(conn: PgConnection) -> bool:
    return bool(scalar(conn, "SELECT pqa_is_manager()"))


def _json(value: Any) -> Jsonb | None:
    return None if value is None else Jsonb(value)


# --- records -------------------------------------------------------------------------

def current_record(conn: PgConnection, table: str, uuid: str) -> Current | None:
    row = conn.execute("SELECT data, deleted FROM records WHERE table_name = %s "
                       "AND record_uuid = %s", [table, uuid]).fetchone()
    return None if row is None else Current(row[0], row[1])


def alias_of(conn: PgConnection, uuid: str) -> str:
    """The record ``uuid`` was merged into (itself if none)."""
    row = conn.execute("SELECT alias_of FROM aliases WHERE record_uuid = %s", [uuid]).fetchone()
    return uuid if row is None else str(row[0])


def with_aliases(conn: PgConnection, data: Record | None) -> Record | None:
    """``data`` referring to the records its references were merged into."""
    if data is None:
        return None
    found = references(data)
    if not found:
        return data
    rows = conn.execute("SELECT record_uuid, alias_of FROM aliases WHERE record_uuid = ANY(%s)",
                        [list(found.values())]).fetchall()
    merged = dict(rows)
    return {k: merged.get(v, v) if k in found else v for k, v in data.items()}


def add_alias(conn: PgConnection, uuid: str, of: str) -> None:
    conn.execute("INSERT INTO aliases (record_uuid, alias_of) VALUES (%s, %s) "
                 "ON CONFLICT (record_uuid) DO NOTHING", [uuid, of])


def missing_references(conn: PgConnection, data: Record | None, fields: Iterable[str]
                       ) -> frozenset[str]:
    """Of ``fields``, the references in ``data`` to records not (or no longer) on the server."""
    wanted = {k: v for k, v in references(data or {}).items() if k in set(fields)}
    if not wanted:
        return frozenset()
    rows = conn.execute("SELECT record_uuid FROM records WHERE record_uuid = ANY(%s) "
                        "AND NOT deleted", [list(wanted.values())]).fetchall()
    live = {row[0] for row in rows}
    return frozenset(k for k, v in wanted.items() if v not in live)


def is_referenced(conn: PgConnection, uuid: str) -> bool:
    """True if a record on the server still refers to ``uuid``."""
    return conn.execute("SELECT 1 FROM records WHERE refs @> ARRAY[%s] AND NOT deleted "
                        "LIMIT 1", [uuid]).fetchone() is not None


def duplicate_of(conn: PgConnection, table: str, data: Record) -> str | None:
    """Another record of ``table`` with one of ``data``'s unique keys: the same record made
    twice (its uuid), or None."""
    keys = list(natural_keys(table, data))
    if not keys:
        return None
    row = conn.execute("SELECT record_uuid FROM record_keys WHERE table_name = %s AND "
                       "natural_key = ANY(%s) LIMIT 1", [table, keys]).fetchone()
    return None if row is None else str(row[0])


def key_clash(conn: PgConnection, table: str, uuid: str, data: Record) -> frozenset[str]:
    """The fields of ``data``'s unique keys that another record of ``table`` has."""
    keys = natural_keys(table, data)
    if not keys:
        return frozenset()
    rows = conn.execute("SELECT natural_key FROM record_keys WHERE table_name = %s AND "
                        "natural_key = ANY(%s) AND record_uuid <> %s",
                        [table, list(keys), uuid]).fetchall()
    return frozenset(field for (key,) in rows for field in keys[key])


def write_record(conn: PgConnection, table: str, uuid: str, data: Record | None,
                 previous: Current | None, seq: int) -> None:
    """The server's copy of the record after change ``seq``: ``data``, or (None) deleted
    (its last data kept)."""
    conn.execute("DELETE FROM record_keys WHERE table_name = %s AND record_uuid = %s",
                 [table, uuid])
    if data is None:
        if previous is not None:
            conn.execute("UPDATE records SET deleted = true, last_seq = %s WHERE "
                         "table_name = %s AND record_uuid = %s", [seq, table, uuid])
        return
    conn.execute(
        f"INSERT INTO records ({RECORD_COLUMNS}) VALUES (%s, %s, %s, %s, %s) "
        "ON CONFLICT (table_name, record_uuid) DO UPDATE SET data = EXCLUDED.data, "
        "deleted = false, refs = EXCLUDED.refs, last_seq = EXCLUDED.last_seq",
        record_values(table, uuid, data, seq))
    keys = key_rows(table, uuid, data)
    if keys:
        with conn.cursor() as cursor:
            cursor.executemany(f"INSERT INTO record_keys ({KEY_COLUMNS}) VALUES (%s, %s, %s)",
                               keys)


RECORD_COLUMNS = "table_name, record_uuid, data, refs, last_seq"
KEY_COLUMNS = "table_name, natural_key, record_uuid"


def record_values(table: str, uuid: str, data: Record, seq: int) -> tuple[Any, ...]:
    """A live record's row of ``records`` (:data:`RECORD_COLUMNS`), as change ``seq`` left it."""
    return (table, uuid, Jsonb(data), sorted(set(references(data).values())), seq)


def key_rows(table: str, uuid: str, data: Record) -> list[tuple[str, str, str]]:
    """The record's rows of ``record_keys`` (:data:`KEY_COLUMNS`): one per unique key."""
    return [(table, key, uuid) for key in natural_keys(table, data)]


# --- changes and conflicts -------------------------------------------------------------

@dataclass(frozen=True)
class Outgoing:
    """One of a laptop's changes, in portable form, as it is sent."""

    change_uuid: str
    table: str
    record_uuid: str
    operation: str
    before: Record | None
    after: Record | None
    os_user: str
    changed_at: str


@dataclass(frozen=True)
class Pushed:
    """What a push did: each change's sequence number (new or already there), how many
    were new, the conflicts they raised, and why each change only a manager may make was
    held back, in words (``refused``)."""

    acks: dict[str, int]
    received: int
    conflicts: int
    refused: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChangeRow:
    """A change as the server keeps it (before/after portable; ``applied``: see
    :mod:`placement_qa.domain.sync`)."""

    change_uuid: str
    origin: str
    table: str
    record_uuid: str
    target_uuid: str
    operation: str
    before: Record | None
    after: Record | None
    applied: Record | None
    os_user: str
    officer: str
    changed_at: str


CHANGE_COLUMNS = ("change_uuid, origin, table_name, record_uuid, target_uuid, operation, "
                  "before, after, applied, os_user, officer, changed_at")
CONFLICT_COLUMNS = ("kind, table_name, record_uuid, field, server_value, laptop_value, "
                    "change_seq, raised_by")


def change_values(row: ChangeRow) -> tuple[Any, ...]:
    """``row`` as a row of ``changes`` (:data:`CHANGE_COLUMNS`)."""
    return (row.change_uuid, row.origin, row.table, row.record_uuid, row.target_uuid,
            row.operation, _json(row.before), _json(row.after), _json(row.applied),
            row.os_user, row.officer, row.changed_at)


def insert_change(conn: PgConnection, row: ChangeRow) -> int:
    """Keep ``row``; its sequence number."""
    return int(scalar(conn, f"INSERT INTO changes ({CHANGE_COLUMNS}) VALUES "
                      "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING seq",
                      change_values(row)))


def conflict_rows(table: str, uuid: str, raised: Iterable[Raised], seq: int,
                  raised_by: str) -> list[tuple[Any, ...]]:
    """The rows of ``conflicts`` (:data:`CONFLICT_COLUMNS`) change ``seq`` raises."""
    return [(r.kind, table, uuid, ", ".join(r.fields) or None, _json(r.server_value),
             _json(r.laptop_value), seq, raised_by) for r in raised]


def raise_conflicts(conn: PgConnection, table: str, uuid: str, raised: Iterable[Raised],
                    seq: int, raised_by: str) -> int:
    """Add each of ``raised`` to the manager's queue; how many."""
    rows = conflict_rows(table, uuid, raised, seq, raised_by)
    if rows:
        with conn.cursor() as cursor:
            cursor.executemany(f"INSERT INTO conflicts ({CONFLICT_COLUMNS}) VALUES "
                               "(%s, %s, %s, %s, %s, %s, %s, %s)", rows)
    return len(rows)
