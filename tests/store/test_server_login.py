"""Logging in to the team's server: TLS unless the server is on this computer, the
password in the keyring (tests use one in memory: tests/memory_keyring.py), never in the
connection string the register keeps."""

from __future__ import annotations

import pytest
from psycopg.conninfo import conninfo_to_dict

from placement_qa.store import credentials
from placement_qa.store.server_login import (
    LoginError,
    ServerLogin,
    conninfo,
    dsn_without_password,
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
