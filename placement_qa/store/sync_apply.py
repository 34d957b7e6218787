"""Applying the team server's records and changes to this register.

Records travel by uuid (see :mod:`placement_qa.domain.sync`): a reference
``<column>_uuid`` is turned back into this register's own integer id, fields this
register does not have are left out, and the same checks hold as for any write (CHECK
constraints, unique keys; foreign keys are checked when the transaction commits, so the
order of a batch does not matter, only the end). The caller runs all this in one
transaction with :func:`placement_qa.store.connection.applying_remote`, so none of it is
logged again as this register's own change; each change pulled is logged as the server
has it (:func:`log_pulled`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlite_utils import Database

from ..domain.judgement import current_judgement
from ..domain.sync import (
    INSERT,
    LOCAL_ONLY_SETTINGS,
    LOCAL_ONLY_TABLES,
    SETTINGS_TABLE,
    Record,
    is_synced,
)
from .connection import applying_remote
from .errors import INTEGRITY_ERRORS, in_words
from .schema import LOGGED_TABLES
from .server_records import ChangeRow

# (table, uuid) -> fields with changes not yet sent (None: the whole record)
Unsent = Mapping[tuple[str, str], set[str] | None]
FetchRecord = Callable[[str, str], Record | None]

# Tables a register that has not been used yet holds anyway: the settings and the
# default QA framework (one version).
_STARTER_TABLES = frozenset({SETTINGS_TABLE, "qa_frameworks", "qa_framework_versions"})


class SyncApplyError(Exception):
    """A record from the server cannot be put in this register; the message says which."""


class LocalTables:
    """This register's synced tables: their columns and foreign keys, and a memo of the
    integer id of each uuid looked up or written (see the module's notes)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.columns: dict[str, set[str]] = {}
        self.foreign: dict[str, dict[str, str]] = {}
        for table in LOGGED_TABLES:
            if table in LOCAL_ONLY_TABLES or not db[table].exists():
                continue
            self.columns[table] = {c.name for c in db.table(table).columns}
            self.foreign[table] = {str(fk.column): str(fk.other_table)
                                   for fk in db.table(table).foreign_keys}
        self._ids: dict[tuple[str, str], int | None] = {}

    def knows(self, table: str) -> bool:
        return table in self.columns

    def local_id(self, table: str, uuid: str) -> int | None:
        key = (table, uuid)
        if key not in self._ids:
            row = self.db.execute(f"SELECT id FROM {table} WHERE uuid = ?", [uuid]).fetchone()
            self._ids[key] = None if row is None else int(row[0])
        return self._ids[key]

    def values(self, table: str, data: Mapping[str, Any]) -> dict[str, Any]:
        """``data`` (portable) as this register's columns and values."""
        values: dict[str, Any] = {}
        foreign = self.foreign[table]
        for field, value in data.items():
            column = field.removesuffix("_uuid")
            if field.endswith("_uuid") and column in foreign:
                values[column] = None if value is None else self._parent(table, column, value)
            elif field in self.columns[table] and field not in ("id", "uuid"):
                values[field] = value
        if table == "monitoring_visits" and "overall_rag" in values:
            # a laptop not yet upgraded still sends the old RAG words: today's words here
            values["overall_rag"] = current_judgement(values["overall_rag"])
        return values

    def _parent(self, table: str, column: str, uuid: str) -> int:
        found = self.local_id(self.foreign[table][column], uuid)
        if found is None:
            raise SyncApplyError(f"{table}.{column}: the {self.foreign[table][column]} record "
                                 f"{uuid} it refers to is not in this register")
        return found

    def write(self, table: str, uuid: str, data: Mapping[str, Any]) -> None:
        """Insert or update the record ``uuid`` with ``data`` (portable fields)."""
        values = self.values(table, data)
        existing = self.local_id(table, uuid)
        if existing is not None:
            if values:
                sets = ", ".join(f"{column} = ?" for column in values)
                self.db.execute(f"UPDATE {table} SET {sets} WHERE id = ?",
                                [*values.values(), existing])
            return
        columns = ["uuid", *values]
        cursor = self.db.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
            f"({', '.join('?' * len(columns))})", [uuid, *values.values()])
        self._ids[(table, uuid)] = cursor.lastrowid

    def delete(self, table: str, uuid: str) -> None:
        if self.local_id(table, uuid) is not None:
            self.db.execute(f"DELETE FROM {table} WHERE uuid = ?", [uuid])
            self._ids[(table, uuid)] = None

    def rename(self, table: str, old: str, new: str) -> None:
        """The record ``old`` is the server's ``new`` (the same record made twice): it
        takes that uuid, and its history here follows it."""
        if not self.knows(table) or self.local_id(table, old) is None \
                or self.local_id(table, new) is not None:
            return
        self.db.execute(f"UPDATE {table} SET uuid = ? WHERE uuid = ?", [new, old])
        self.db.execute("UPDATE change_log SET record_uuid = ? WHERE table_name = ? AND "
                        "record_uuid = ?", [new, table, old])
        self._ids[(table, new)], self._ids[(table, old)] = self._ids[(table, old)], None


def _write_setting(db: Database, key: str, data: Mapping[str, Any] | None) -> None:
    if key in LOCAL_ONLY_SETTINGS:
        return
    if data is None:
        db.execute(f"DELETE FROM {SETTINGS_TABLE} WHERE key = ?", [key])
    elif "value" in data:
        db.execute(f"INSERT INTO {SETTINGS_TABLE} (key, value) VALUES (?, ?) ON CONFLICT(key) "
                   "DO UPDATE SET value = excluded.value", [key, data["value"]])


def apply_change(tables: LocalTables, row: ChangeRow, unsent: Unsent,
                 fetch: FetchRecord) -> bool:
    """Make this register hold what change ``row`` left on the server, except the fields
    with changes not yet sent from here; False if the change is not for this register."""
    table, uuid = row.table, row.target_uuid
    if not tables.knows(table) or not is_synced(table, uuid):
        return False
    kept = unsent.get((table, uuid), set())
    if kept is None:  # made or deleted here and not yet sent: the next push decides
        return True
    data = None if row.applied is None else {
        k: v for k, v in row.applied.items() if k not in kept}
    if table == SETTINGS_TABLE:
        _write_setting(tables.db, uuid, data)
    elif data is None:
        tables.delete(table, uuid)
    elif tables.local_id(table, uuid) is not None or row.operation == INSERT:
        tables.write(table, uuid, data)
    else:  # an edit of a record this register lacks: take the server's whole record
        whole = fetch(table, uuid)
        if whole is not None:
            tables.write(table, uuid, whole)
    return True


def log_pulled(db: Database, row: ChangeRow, seq: int) -> None:
    """The change, as the server has it, in this register's change log (once)."""
    db.execute(
        "INSERT INTO change_log (origin, table_name, record_uuid, operation, before_json, "
        "after_json, os_user, changed_at, change_uuid, server_seq) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(change_uuid) DO NOTHING",
        [row.origin, row.table, row.target_uuid, row.operation, _text(row.before),
         _text(row.after), row.os_user or row.officer, row.changed_at or "", row.change_uuid,
         seq])


def _text(data: Record | None) -> str | None:
    return None if data is None else json.dumps(data, ensure_ascii=False)


def load_records(tables: LocalTables, records: Iterable[tuple[str, str, Record]]) -> int:
    """The server's whole register into this (blank) one, parents first; how many."""
    order = {table: number for number, table in enumerate(LOGGED_TABLES)}
    count = 0
    for table, uuid, data in sorted(records, key=lambda r: order.get(r[0], len(order))):
        if not tables.knows(table) or not is_synced(table, uuid):
            continue
        if table == SETTINGS_TABLE:
            _write_setting(tables.db, uuid, data)
        else:
            tables.write(table, uuid, data)
        count += 1
    return count


def is_blank(db: Database) -> bool:
    """True for a register nobody has used yet: no records beyond the settings and the
    default QA framework (its one version)."""
    for table in LOGGED_TABLES:
        if table in LOCAL_ONLY_TABLES or table in _STARTER_TABLES or not db[table].exists():
            continue
        if db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
            return False
    return db.execute("SELECT count(*) FROM qa_framework_versions").fetchone()[0] <= 1


def clear_blank(db: Database, tables: Sequence[str] = LOGGED_TABLES) -> None:
    """Empty a blank register (settings and default framework), to take the team's own.
    In the caller's transaction, applying remote changes."""
    for table in reversed(tables):
        if table in LOCAL_ONLY_TABLES or not db[table].exists():
            continue
        kept = ", ".join(f"'{key}'" for key in sorted(LOCAL_ONLY_SETTINGS))
        where = f" WHERE key NOT IN ({kept})" if table == SETTINGS_TABLE else ""
        db.execute(f"DELETE FROM {table}{where}")


def refusal(db: Database, table: str, uuid: str, data: Record) -> str | None:
    """Why this register would refuse the record ``uuid`` of ``table`` holding ``data``
    (portable fields: a CHECK, a unique key, a record it refers to that is not here), in
    words; None if it would take them (or does not hold the record, or it is a setting).
    Nothing is written: the change is tried in a savepoint and undone. For a resolution
    the manager is about to send to every laptop."""
    tables = LocalTables(db)
    if table == SETTINGS_TABLE or not tables.knows(table) or tables.local_id(table, uuid) is None:
        return None
    db.execute("SAVEPOINT pqa_refusal")
    try:
        with applying_remote(db):
            tables.write(table, uuid, data)
    except SyncApplyError as exc:
        return str(exc)
    except INTEGRITY_ERRORS as exc:
        return f"the register refuses it ({in_words(exc)})"
    finally:
        db.execute("ROLLBACK TO pqa_refusal")
        db.execute("RELEASE pqa_refusal")
    return None
