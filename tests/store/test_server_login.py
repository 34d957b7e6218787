"""Logging in to the team's server: TLS unless the server is on this computer, the
password in the keyring (tests use one in memory: tests/memory_keyring.py), never in the
connection string the register keeps."""

from __future__ import annotations

import pytest
from psycopg.conninfo import conninfo_to_dict

from placement_qa.store import credentials
from placement_qa.store.outbox import SERVER, USER, write_state
from placement_qa.store.server_login import (
    LoginError,
    ServerLogin,
    conninfo,
    dsn_without_password,
    server_dsn,
    server_place,
)


@pytest.mark.parametrize(("dsn", "sslmode"), [
    ("host=db.westbridge.gov.uk dbname=placements", "require"),
    ("postgresql://db.westbridge.gov.uk/placements?sslmode=prefer", "require"),
    ("host=db.westbridge.gov.uk dbname=p sslmode=verify-full", "verify-full"),
    ("host=/run/postgresql dbname=placements", None),
    ("host=localhost dbname=placements", None),
    ("host=127.0.0.1 dbname=placements", None),
])
def test_tls_is_required_unless_the_server_is_on_this_computer(dsn, sslmode):
    parts = conninfo_to_dict(conninfo(ServerLogin(dsn, "amira", "s3cret")))
    assert parts.get("sslmode") == sslmode
    assert (parts["user"], parts["password"]) == ("amira", "s3cret")


def test_the_register_keeps_the_server_without_its_password():
    kept = dsn_without_password("postgresql://amira:s3cret@db.westbridge.gov.uk/placements")
    assert "s3cret" not in kept
    assert conninfo_to_dict(kept)["host"] == "db.westbridge.gov.uk"
    with pytest.raises(LoginError, match="is not a PostgreSQL connection string"):
        dsn_without_password("host=db user")


def test_the_password_is_kept_in_the_keyring_under_user_and_server():
    login = ServerLogin("host=db.westbridge.gov.uk dbname=placements", "amira", "s3cret")
    assert credentials.keyring_name(login) == "amira@db.westbridge.gov.uk/placements"
    assert credentials.save_password(login)
    assert credentials.saved_password(ServerLogin(login.dsn, "amira")) == "s3cret"
    assert credentials.saved_password(ServerLogin(login.dsn, "ben")) is None
    credentials.forget_password(login)
    assert credentials.saved_password(login) is None


def test_without_a_keyring_the_password_is_asked_each_time(monkeypatch):
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())
    login = ServerLogin("host=db.westbridge.gov.uk dbname=placements", "amira", "s3cret")
    assert not credentials.keyring_available()
    assert not credentials.save_password(login)
    assert credentials.saved_password(login) is None


@pytest.mark.parametrize(("host", "parts"), [
    ("db.westbridge.gov.uk", {"host": "db.westbridge.gov.uk"}),
    ("db.westbridge.gov.uk:5433", {"host": "db.westbridge.gov.uk", "port": "5433"}),
    ("/run/postgresql", {"host": "/run/postgresql"}),
    ("::1", {"host": "::1"}),
])
def test_the_join_dialogs_server_and_database_make_a_connection_string(host, parts):
    dsn = server_dsn(f" {host} ", " placements ")
    assert conninfo_to_dict(dsn) == {**parts, "dbname": "placements"}
    assert server_place(dsn) == (host, "placements")  # shown again as typed


def test_a_joined_register_logs_in_as_it_joined_with_the_kept_password(db):
    with pytest.raises(LoginError, match="has not joined a team register"):
        credentials.team_login(db)
    write_state(db, {SERVER: "host=db.westbridge.gov.uk dbname=placements", USER: "amira"})
    assert credentials.team_login(db) == ServerLogin(
        "host=db.westbridge.gov.uk dbname=placements", "amira", None)
    credentials.save_password(ServerLogin("host=db.westbridge.gov.uk dbname=placements",
                                          "amira", "s3cret"))
    try:
        assert credentials.team_login(db).password == "s3cret"
        assert credentials.team_login(db, "typed").password == "typed"  # given this session
    finally:
        credentials.forget_password(credentials.team_login(db))
