"""A team for the sync tests (tests/sync, and the app's in tests/ui): one real PostgreSQL
team register and laptops with real register files, made with the app's own store
functions.

:class:`Team` makes the team register (``init_server``), a manager's login and officers'
logins (real PostgreSQL roles), and laptops: the manager's starts the team register from
a register holding two providers and three children; an officer's is a new register
(``write_new_register``) that joins and takes the team's register. :func:`contents` and
:func:`server_contents` give what a register and the server hold, record by record, to
compare.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from recorded_visits import provider_with_children

from placement_qa.domain.sync import is_synced, portable
from placement_qa.domain.sync_status import SYNCED
from placement_qa.store import server
from placement_qa.store.connection import forget_passphrase, open_register
from placement_qa.store.new_register import write_new_register
from placement_qa.store.schema import LOGGED_TABLES, _row_json
from placement_qa.store.server_login import ServerLogin
from placement_qa.store.server_schema import add_user, init_server
from placement_qa.store.sync import SyncResult, sync

MANAGER = "pqa_test_manager"
OFFICERS = ("pqa_test_officer_a", "pqa_test_officer_b", "pqa_test_officer_c")
CHILDREN = {"Oakfield House School": [("Zoë", "Łukasiewicz"), ("Ayşe", "Yılmaz")],
            "The Meadows": [("Siobhán", "Ó Briain")]}


@dataclass
class Laptop:
    """A laptop: its register file, open, and its login to the team register."""

    name: str
    path: Path
    db: Any
    login: ServerLogin
    passphrase: str | None = None

    def sync(self, **options: Any) -> SyncResult:
        return sync(self.db, self.login, **options)

    def synced(self) -> SyncResult:
        """Sync, which must work."""
        result = self.sync()
        assert result.status.outcome == SYNCED, (self.name, result.status)
        return result

    def one(self, sql: str, params: tuple = ()) -> Any:
        return self.db.execute(sql, list(params)).fetchone()

    def placement(self, given_name: str) -> int:
        """The id (in this register) of the placement of the child called ``given_name``."""
        return self.one("SELECT p.id FROM placements p JOIN children c ON c.id = p.child_id "
                        "WHERE c.given_name = ?", (given_name,))[0]

    def provider(self, name: str) -> int:
        return self.one("SELECT id FROM providers WHERE name = ?", (name,))[0]


@dataclass
class Team:
    dsn: str
    make_login: Any
    folder: Path
    laptops: list[Laptop] = field(default_factory=list)

    def login(self, user: str) -> ServerLogin:
        return self.make_login(user)

    def server(self, user: str = MANAGER) -> psycopg.Connection:
        """A connection to the team register as ``user`` (the manager by default)."""
        return server.connect(self.login(user))

    def _open(self, name: str, path: Path, user: str, passphrase: str | None) -> Laptop:
        db = open_register(path, passphrase=passphrase)
        laptop = Laptop(name, path, db, self.login(user), passphrase)
        self.laptops.append(laptop)
        return laptop

    def manager_laptop(self, *, passphrase: str | None = None) -> Laptop:
        """The manager's laptop, whose register starts the team register."""
        path = self.folder / "manager" / "register.db"
        db = open_register(path, create=True, passphrase=passphrase)
        for provider, names in CHILDREN.items():
            provider_with_children(db, provider, names)
        db.close()
        laptop = self._open("manager", path, MANAGER, passphrase)
        laptop.synced()
        return laptop

    def officer_laptop(self, number: int = 0, *, passphrase: str | None = None) -> Laptop:
        """An officer's laptop: a new register that joins, taking the team's register."""
        path = self.folder / f"officer-{number}" / "register.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        if passphrase is None:
            write_new_register(path)
        else:
            open_register(path, create=True, passphrase=passphrase).close()
        laptop = self._open(f"officer {number}", path, OFFICERS[number], passphrase)
        laptop.synced()
        return laptop

    def close(self) -> None:
        for laptop in self.laptops:
            laptop.db.close()
            forget_passphrase(laptop.path)


def make_team(postgres_server: Any, dsn: str, folder: Path) -> Team:
    """The team register in the empty database ``dsn``, with the test logins."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        init_server(conn)
        add_user(conn, MANAGER, "manager", None)
        for officer in OFFICERS:
            add_user(conn, officer, "officer", None)
    dbname = psycopg.conninfo.conninfo_to_dict(dsn)["dbname"]
    return Team(dsn, lambda user: ServerLogin(postgres_server.dsn(dbname, user)), folder)


# --- what a register and the server hold ------------------------------------------------

Contents = dict[tuple[str, str], dict[str, Any]]


def contents(db: Any) -> Contents:
    """Every record a register shares with its team, portable, by (table, uuid)."""
    import json

    found: Contents = {}
    for table in LOGGED_TABLES:
        ident = "key" if table == "register_meta" else "uuid"
        for uuid, row in db.execute(f"SELECT r.{ident}, {_row_json(db, table, 'r')} "
                                    f"FROM {table} AS r").fetchall():
            if is_synced(table, uuid):
                found[(table, uuid)] = portable(table, json.loads(row))
    return found


def server_contents(team: Team) -> Contents:
    with closing(team.server()) as conn:
        rows = conn.execute("SELECT table_name, record_uuid, data FROM records "
                            "WHERE NOT deleted").fetchall()
    return {(t, u): d for t, u, d in rows}


def server_changes(team: Team) -> list[tuple[str, str, str]]:
    """Every change on the server: (change id, origin, table), in order."""
    with closing(team.server()) as conn:
        return [(str(c), o, t) for c, o, t in conn.execute(
            "SELECT change_uuid, origin, table_name FROM changes ORDER BY seq").fetchall()]
