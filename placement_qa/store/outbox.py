"""This register's side of the team register: its outbox and what it remembers of its
server.

The outbox is the change log itself: every row the server has not acknowledged yet has
no ``server_seq``. A row is acknowledged (given the server's sequence number) only once
the server has committed it; a row pulled from the server arrives with its number. Rows
never to be sent have 0: the history from before the register joined a team (the
register is sent as it is then: :func:`snapshot_into_outbox`), and events of the file
itself (see :data:`placement_qa.domain.sync.LOCAL_ONLY_TABLES`).

``sync_state`` (not logged, never sent) holds the server (its connection string without
a password), the login and officer, the last sequence number pulled, and when the last
sync was and how it went.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from ..domain.dates import stored_moment
from ..domain.sync import LOCAL_ONLY_SETTINGS, LOCAL_ONLY_TABLES, identity_column, is_synced
from ..domain.sync_status import SyncStatus
from .schema import _NOW, _ORIGIN, LOGGED_TABLES, UUID_DEFAULT, _row_json

SERVER, USER, OFFICER = "server", "user", "officer"
LAST_SEQ, LAST_SYNCED_AT, OUTCOME, ERROR = "last_seq", "last_synced_at", "outcome", "error"
NOTICE = "notice"  # what the last sync did not do, in words
MANAGER_LOGIN = "manager_login"  # "1" if the last sync's login may do a manager's work
NOT_SENT = 0
_LOCAL_ONLY = "(" + ", ".join(f"'{t}'" for t in sorted(LOCAL_ONLY_TABLES)) + ")"
_LOCAL_SETTINGS = "(" + ", ".join(f"'{k}'" for k in sorted(LOCAL_ONLY_SETTINGS)) + ")"


def read_state(db: Database) -> dict[str, str]:
    return dict(db.execute("SELECT key, value FROM sync_state").fetchall())


def write_state(db: Database, values: Mapping[str, str | None]) -> None:
    """Keep ``values`` (None removes a key), in the caller's transaction if there is one."""
    with db.atomic():
        for key, value in values.items():
            if value is None:
                db.execute("DELETE FROM sync_state WHERE key = ?", [key])
            else:
                db.execute("INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) "
                           "DO UPDATE SET value = excluded.value", [key, value])


def is_joined(db: Database) -> bool:
    return SERVER in read_state(db)


def local_status(db: Database) -> SyncStatus:
    """Where this register stands with its team server, as last recorded (no server is
    asked: the app's status line reads this after every write)."""
    state = read_state(db)
    synced_at = state.get(LAST_SYNCED_AT)
    return SyncStatus(joined=SERVER in state, waiting=waiting(db) if SERVER in state else 0,
                      last_synced_at=stored_moment(synced_at) if synced_at else None,
                      outcome=state.get(OUTCOME, ""), error=state.get(ERROR, ""),
                      notice=state.get(NOTICE, ""))


@dataclass(frozen=True)
class OutboxRow:
    """A change-log row not yet acknowledged (``before``/``after`` as the log wrote them)."""

    entry_id: int
    change_uuid: str
    table: str
    record_uuid: str
    operation: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    os_user: str
    changed_at: str

    @property
    def synced(self) -> bool:
        return is_synced(self.table, self.record_uuid)


def _loaded(text: str | None) -> dict[str, Any] | None:
    return None if text is None else json.loads(text)


def outbox(db: Database) -> list[OutboxRow]:
    """Every change-log row not yet acknowledged, oldest first."""
    rows = db.execute("SELECT id, change_uuid, table_name, record_uuid, operation, before_json, "
                      "after_json, os_user, changed_at FROM change_log WHERE server_seq IS NULL "
                      "ORDER BY id").fetchall()
    return [OutboxRow(r[0], r[1], r[2], r[3], r[4], _loaded(r[5]), _loaded(r[6]), r[7], r[8])
            for r in rows]


def acknowledge(db: Database, acks: Mapping[str, int], not_sent: Iterable[int] = ()) -> None:
    """The server has these changes (change id: its sequence number); ``not_sent``: rows
    (by id) that stay on this laptop. One transaction."""
    with db.atomic():
        db.conn.executemany("UPDATE change_log SET server_seq = ? WHERE change_uuid = ?",
                            [(seq, uuid) for uuid, seq in acks.items()])
        db.conn.executemany(f"UPDATE change_log SET server_seq = {NOT_SENT} WHERE id = ?",
                            [(entry_id,) for entry_id in not_sent])


_UNSENT = (f"FROM change_log WHERE server_seq IS NULL AND table_name NOT IN {_LOCAL_ONLY}")


def waiting(db: Database) -> int:
    """How many of this register's changes the server has not acknowledged."""
    return int(db.execute(f"SELECT count(*) {_UNSENT}").fetchone()[0])


def unsent_records(db: Database) -> set[tuple[str, str]]:
    """(table, record uuid) of every record changed here and not yet acknowledged by the
    team's server; none for a register that is not joined to one."""
    if not is_joined(db):
        return set()
    rows = db.execute(f"SELECT DISTINCT table_name, record_uuid {_UNSENT}").fetchall()
    return {(t, u) for t, u in rows}


# The placements whose row in the register shows a record with changes not yet sent: the
# placement, its child, its provider or the provider's inspections, a visit to it, the
# child's part in the visit and the visit's findings.
_UNSENT_PLACEMENTS = f"""
WITH unsent AS MATERIALIZED (SELECT table_name, record_uuid {_UNSENT})
SELECT p.id FROM placements p
  JOIN unsent u ON u.table_name = 'placements' AND u.record_uuid = p.uuid
UNION SELECT p.id FROM placements p JOIN children c ON c.id = p.child_id
  JOIN unsent u ON u.table_name = 'children' AND u.record_uuid = c.uuid
UNION SELECT p.id FROM placements p JOIN providers v ON v.id = p.provider_id
  JOIN unsent u ON u.table_name = 'providers' AND u.record_uuid = v.uuid
UNION SELECT vp.placement_id FROM visit_placements vp
  JOIN monitoring_visits m ON m.id = vp.visit_id
  JOIN unsent u ON u.table_name = 'monitoring_visits' AND u.record_uuid = m.uuid
UNION SELECT vp.placement_id FROM visit_placements vp
  JOIN unsent u ON u.table_name = 'visit_placements' AND u.record_uuid = vp.uuid
UNION SELECT vp.placement_id FROM visit_placements vp JOIN findings f ON f.visit_id = vp.visit_id
  JOIN unsent u ON u.table_name = 'findings' AND u.record_uuid = f.uuid
UNION SELECT p.id FROM placements p JOIN inspections i ON i.provider_id = p.provider_id
  JOIN unsent u ON u.table_name = 'inspections' AND u.record_uuid = i.uuid
"""


def unsent_placements(db: Database) -> set[int]:
    """The placements (by id) whose line in the register shows something changed here and
    not yet acknowledged by the team's server (see :data:`_UNSENT_PLACEMENTS`); none for a
    register that is not joined to one."""
    if not is_joined(db):
        return set()
    return {int(r[0]) for r in db.execute(_UNSENT_PLACEMENTS).fetchall()}


def unsent_fields(db: Database) -> dict[tuple[str, str], set[str] | None]:
    """The fields of each record with changes not yet acknowledged (None: the whole record,
    made or deleted here), which a pull must not overwrite."""
    found: dict[tuple[str, str], set[str] | None] = {}
    for row in outbox(db):
        key = (row.table, row.record_uuid)
        if row.operation != "update":
            found[key] = None
        elif found.get(key, set()) is not None:
            before, after = row.before or {}, row.after or {}
            changed = {f for f in after if before.get(f) != after.get(f)}
            found[key] = (found.get(key) or set()) | changed
    return found


def mark_history_not_sent(db: Database) -> None:
    """Every row not acknowledged yet stays on this laptop (joining: the register is sent
    as it is, not its history). In the caller's transaction."""
    db.execute(f"UPDATE change_log SET server_seq = {NOT_SENT} WHERE server_seq IS NULL")


def snapshot_into_outbox(db: Database) -> int:
    """Every record of the register as a new change in the outbox, parents first (the
    register as it is, for the team's server to start from); how many. In the caller's
    transaction."""
    added = 0
    for table in LOGGED_TABLES:
        if table in LOCAL_ONLY_TABLES or not db[table].exists():
            continue
        ident = identity_column(table)
        where = f" WHERE r.key NOT IN {_LOCAL_SETTINGS}" if ident == "key" else ""
        cursor = db.execute(
            "INSERT INTO change_log (origin, table_name, record_uuid, operation, before_json, "
            "after_json, os_user, changed_at, change_uuid) "
            f"SELECT {_ORIGIN}, '{table}', r.{ident}, 'insert', NULL, {_row_json(db, table, 'r')}, "
            f"pqa_os_user(), {_NOW}, {UUID_DEFAULT} FROM {table} AS r{where} ORDER BY r.rowid")
        added += cursor.rowcount
    return added


def send_register_as_it_is(db: Database) -> int:
    """Make the outbox the register as it is now, for the first push into an empty team
    register: its history stays on this laptop, every record goes as a new change (see
    :func:`mark_history_not_sent`, :func:`snapshot_into_outbox`); how many. In the
    caller's transaction."""
    mark_history_not_sent(db)
    return snapshot_into_outbox(db)


