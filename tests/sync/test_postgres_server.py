"""The tests' own PostgreSQL: a real server started once per test run in a temporary
folder and stopped at the end; where PostgreSQL is not installed, the tests needing it are
skipped saying so."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from bench.postgres_server import PostgresMissing, PostgresServer, find_postgres_bin


def test_the_tests_run_against_a_real_postgresql_of_their_own(postgres_server, server_dsn):
    with psycopg.connect(server_dsn) as conn:
        version = conn.execute("SHOW server_version_num").fetchone()[0]
        data = conn.execute("SHOW data_directory").fetchone()[0]
        listening = conn.execute("SHOW listen_addresses").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert tables.fetchone()[0] == 0  # each test's database starts empty
    assert int(version) >= 150000
    assert Path(data).is_relative_to(postgres_server.folder)
    assert listening == ""  # a Unix socket in its folder only: no other server is met


def test_a_server_is_stopped_and_its_folder_removed(postgres_server):
    server = PostgresServer()
    server.start()
    with psycopg.connect(server.dsn()) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
    server.stop()
    assert not server.folder.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(server.dsn(), connect_timeout=2)


def test_without_postgresql_the_reason_to_skip_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PostgresMissing) as missing:
        find_postgres_bin(tmp_path / "postgresql")
    assert str(missing.value) == (
        f"PostgreSQL is not installed ({tmp_path / 'postgresql'}/*/bin/initdb not found, "
        "nor initdb on PATH); the README's test command (bash scripts/test.sh) installs it")
