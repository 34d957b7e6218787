"""``placement-qa server init``, ``server add-user`` and ``sync``, run as IT and officers type
them, against the test run's own PostgreSQL server."""

from __future__ import annotations

import re

import psycopg
from command_line import run_cli
from recorded_visits import provider_with_children

from placement_qa.store.connection import open_register
from placement_qa.store.new_register import write_new_register

UNREACHABLE = "host=/nonexistent-folder dbname=team"


def _team_register(postgres_server, server_dsn) -> str:
    """``server init`` on the empty database, and a manager and an officer added."""
    made = run_cli("server", "init", "--dsn", server_dsn)
    assert made.returncode == 0, made.stderr
    assert "Team register made in database" in made.stdout
    for name, role in (("pqa_cli_manager", "manager"), ("pqa_cli_officer", "officer")):
        added = run_cli("server", "add-user", "--dsn", server_dsn, "--name", name,
                        "--role", role, "--no-password")
        assert added.returncode == 0, added.stderr
    return psycopg.conninfo.conninfo_to_dict(server_dsn)["dbname"]


def test_server_init_makes_the_team_register_once_and_refuses_a_database_in_use(
        postgres_server, server_dsn):
    _team_register(postgres_server, server_dsn)
    with psycopg.connect(server_dsn) as conn:
        tables = {r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        assert {"changes", "records", "conflicts", "pqa_schema_version"} <= tables
        officer = conn.execute("SELECT pg_has_role('pqa_cli_officer', 'pqa_officer', "
                               "'MEMBER'), pg_has_role('pqa_cli_officer', 'pqa_manager', "
                               "'MEMBER')").fetchone()
        assert officer == (True, False)
    again = run_cli("server", "init", "--dsn", server_dsn)
    assert again.returncode == 1
    assert re.fullmatch(r"placement-qa server: the database t_\d+ is not empty: a team "
                        r"register is made in a new, empty database \(nothing was changed\)\n",
                        again.stderr)


def test_server_init_on_a_server_that_cannot_be_reached_is_one_line(tmp_path):
    result = run_cli("server", "init", "--dsn", UNREACHABLE)
    assert result.returncode == 1
    assert result.stderr.startswith("placement-qa server: cannot reach the server: ")
    assert result.stderr.count("\n") == 1


def test_sync_joins_the_first_time_then_syncs_and_prints_the_status_line(
        postgres_server, server_dsn, tmp_path):
    dbname = _team_register(postgres_server, server_dsn)
    manager_db, officer_db = tmp_path / "manager.db", tmp_path / "officer.db"
    db = open_register(manager_db, create=True)
    provider_with_children(db, "Oakfield House School", [("Zoë", "Łukasiewicz")])
    db.close()
    write_new_register(officer_db)

    first = run_cli("sync", "--db", manager_db, "--server", postgres_server.dsn(dbname),
                    "--user", "pqa_cli_manager")
    assert first.returncode == 0, first.stderr
    assert re.fullmatch(r"Synced \d\d:\d\d · 0 waiting \(sent \d+, received \d+\)\n",
                        first.stdout)
    joined = run_cli("sync", "--db", officer_db, "--server", postgres_server.dsn(dbname),
                     "--user", "pqa_cli_officer")
    assert joined.returncode == 0, joined.stderr
    again = run_cli("sync", "--db", officer_db)  # remembers its server and login
    assert again.returncode == 0 and again.stdout.startswith("Synced "), again.stderr
    db = open_register(officer_db)
    try:
        names = [r[0] for r in db.execute("SELECT family_name FROM children")]
    finally:
        db.close()
    assert names == ["Łukasiewicz"]
    other = run_cli("sync", "--db", officer_db, "--server", UNREACHABLE)
    assert other.returncode == 1
    assert "is joined to another team register" in other.stderr


def test_sync_without_a_server_says_what_to_give_or_that_it_is_offline(
        postgres_server, server_dsn, tmp_path):
    dbname = _team_register(postgres_server, server_dsn)
    path = tmp_path / "register.db"
    db = open_register(path, create=True)
    provider_with_children(db, "Oakfield House School", [("Zoë", "Łukasiewicz")])
    db.close()
    never = run_cli("sync", "--db", path)
    assert never.returncode == 1
    assert never.stderr == ("placement-qa sync: this register has not joined a team "
                            "register: give --server DSN\n")
    joined = run_cli("sync", "--db", path, "--server", postgres_server.dsn(dbname),
                     "--user", "pqa_cli_manager")
    assert joined.returncode == 0, joined.stderr
    db = open_register(path)
    provider_with_children(db, "The Meadows", [("Siobhán", "Ó Briain")])
    db.close()
    postgres_server.kill_connections(dbname)
    with psycopg.connect(postgres_server.dsn(), autocommit=True) as conn:  # server gone
        conn.execute(f"ALTER DATABASE {dbname} ALLOW_CONNECTIONS false")
    try:
        offline = run_cli("sync", "--db", path)
    finally:
        with psycopg.connect(postgres_server.dsn(), autocommit=True) as conn:
            conn.execute(f"ALTER DATABASE {dbname} ALLOW_CONNECTIONS true")
    assert offline.returncode == 1
    assert offline.stderr.startswith("placement-qa sync: Server not reachable — working "
                                     "offline, 4 changes waiting (")
    assert offline.stderr.count("\n") == 1
    back = run_cli("sync", "--db", path)
    assert back.returncode == 0 and "(sent 4, received 4)" in back.stdout, back.stderr
