"""What the sync figures (8 to 11) share: a throw-away PostgreSQL server of the bench's
own (:mod:`bench.postgres_server`, as the tests use), team registers on it with a
manager's and officers' logins (real PostgreSQL roles), laptops (register files) joined
to them through the app's own ``sync``, and signed-off visits recorded through the store
as the visit note screen records them.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

from .postgres_server import PostgresServer

MANAGER = "bench_manager"
OFFICERS = ("bench_officer_a", "bench_officer_b", "bench_officer_c")
SIGNED_AT = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)


@contextmanager
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL cluster of this run's own, stopped and removed at the end."""
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@dataclass(frozen=True)
class TeamRegister:
    """A team register (one database of ``server``) and its logins."""

    server: PostgresServer
    dbname: str

    @property
    def dsn(self) -> str:
        """The connection string of its database as PostgreSQL's superuser."""
        return self.server.dsn(self.dbname)

    def login(self, user: str) -> Any:
        from placement_qa.store.server_login import ServerLogin

        return ServerLogin(self.server.dsn(self.dbname, user))

    def table_counts(self) -> dict[str, int]:
        """How many live records of each table the server holds."""
        with psycopg.connect(self.dsn) as conn:
            rows = conn.execute("SELECT table_name, count(*) FROM records WHERE NOT deleted "
                                "GROUP BY table_name").fetchall()
        return {str(table): int(count) for table, count in rows}

    def record_uuids(self, table: str) -> set[str]:
        """The uuids of the live records of ``table`` on the server."""
        with psycopg.connect(self.dsn) as conn:
            rows = conn.execute("SELECT record_uuid FROM records WHERE table_name = %s AND "
                                "NOT deleted", [table]).fetchall()
        return {str(uuid) for (uuid,) in rows}

    def psql(self, command: str) -> None:
        """Run one psql command (a ``\\copy``...) against the team register's database."""
        subprocess.run([str(self.server.bin / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                        self.dsn, "-c", command], check=True, capture_output=True)


def team_register(server: PostgresServer, dbname: str | None = None) -> TeamRegister:
    """A new, empty team register (``placement-qa server init``) on ``server``, with the
    bench's manager and officers as logins."""
    from placement_qa.store.server_schema import add_user, init_server

    dsn = server.new_database() if dbname is None else _create_database(server, dbname)
    with psycopg.connect(dsn, autocommit=True) as conn:
        init_server(conn)
        add_user(conn, MANAGER, "manager", None)
        for officer in OFFICERS:
            add_user(conn, officer, "officer", None)
    return TeamRegister(server, psycopg.conninfo.conninfo_to_dict(dsn)["dbname"])


def _create_database(server: PostgresServer, dbname: str) -> str:
    with psycopg.connect(server.dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{dbname}"')
    return server.dsn(dbname)


def copy_database(server: PostgresServer, source: str, target: str) -> None:
    """``target``, made anew as a copy of the database ``source`` (nobody connected)."""
    with psycopg.connect(server.dsn(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


# --- laptops -----------------------------------------------------------------------------

def synced(db: Any, login: Any) -> Any:
    """Sync ``db`` with the app's own ``sync`` (joining the first time); RuntimeError,
    with the status's reason, unless it worked."""
    from placement_qa.domain.sync_status import SYNCED
    from placement_qa.store.sync import sync

    result = sync(db, login)
    if result.status.outcome != SYNCED:
        raise RuntimeError(f"the sync did not work: {result.status.outcome} "
                           f"{result.status.error}")
    return result


def laptop(path: Path, source: Path | None = None) -> Any:
    """A laptop's register at ``path``, open: a copy of ``source``, or (None) a new
    register as the app makes one."""
    from placement_qa.store.connection import open_register
    from placement_qa.store.new_register import write_new_register

    path.parent.mkdir(parents=True, exist_ok=True)
    for old in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        old.unlink(missing_ok=True)
    if source is None:
        write_new_register(path)
    else:
        shutil.copyfile(source, path)
    return open_register(path, os_user="bench")


def local_uuids(db: Any, table: str) -> set[str]:
    return {str(uuid) for (uuid,) in db.execute(f"SELECT uuid FROM {table}").fetchall()}


def first_push_batch(source: Path, folder: Path) -> tuple[list[Any], str]:
    """What a laptop with a copy of ``source`` sends when it starts an empty team register
    (every record as a new change, as ``sync`` makes them), and its register's id."""
    from placement_qa.store import outbox
    from placement_qa.store.settings import register_id
    from placement_qa.store.sync import outgoing_changes

    db = laptop(folder / "first-push.db", source)
    try:
        with db.atomic():
            outbox.send_register_as_it_is(db)
        return outgoing_changes(outbox.outbox(db)), register_id(db)
    finally:
        db.close()


# --- visits ------------------------------------------------------------------------------

def _providers_with_placements(db: Any) -> list[tuple[int, list[int]]]:
    """Each provider with live placements: (its id, up to three placement ids)."""
    rows = db.execute("SELECT provider_id, id FROM placements WHERE provider_id IS NOT NULL "
                      "AND end_date IS NULL ORDER BY provider_id, id").fetchall()
    found: dict[int, list[int]] = {}
    for provider, placement in rows:
        found.setdefault(provider, []).append(placement)
    return [(provider, ids[:3]) for provider, ids in found.items()]


def record_visits(db: Any, count: int, first_day: date, visitor: str) -> list[str]:
    """``count`` visits, one a day from ``first_day`` across the register's providers,
    each planned, recorded in full (every criterion rated, each child's welfare) and
    signed off through the store; their uuids."""
    providers = _providers_with_placements(db)
    return [_record_visit(db, *providers[n % len(providers)], first_day + timedelta(days=n),
                          visitor) for n in range(count)]


def _record_visit(db: Any, provider: int, placements: list[int], day: date,
                  visitor: str) -> str:
    from placement_qa.domain.visit_note import FindingEntry
    from placement_qa.store.planning import plan_visit
    from placement_qa.store.visit_notes import (
        save_draft,
        sign_off,
        start_recording,
        visit_framework,
    )

    visit = plan_visit(db, provider_id=provider, visit_date=day,
                       visit_type="annual_monitoring", visitors=visitor,
                       placement_ids=placements)
    note = start_recording(db, visit)
    framework = visit_framework(db, note)
    findings = {c.key: FindingEntry(framework.scale[1].key, f"Seen in class: {c.key}.")
                for _, c in framework.criteria()}
    children = tuple(replace(c, seen=True, spoken_with=True, views="Likes art",
                             views_how="Talked", attendance="96%",
                             safeguarding_concern=False, progress="On track",
                             early_review=False) for c in note.children)
    save_draft(db, replace(note, findings=findings, children=children,
                           overall_rag="good", summary="A good visit.",
                           provider_staff_met="Head teacher"))
    sign_off(db, visit, visitor, at=SIGNED_AT)
    return str(db.execute("SELECT uuid FROM monitoring_visits WHERE id = ?",
                          [visit]).fetchone()[0])
