"""``placement-qa sync`` with a login the server asks a password of: asked on a terminal
(not echoed), kept in the keyring once the server takes it, never written to a file; a
wrong one or none at all is one line and exit status 1.

The test run's PostgreSQL trusts its other logins; for these tests it asks one officer's
login for its password (scram-sha-256), as a council's server asks everyone.
"""

from __future__ import annotations

import os
import pty
import select
import sys
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from command_line import run_cli
from memory_keyring import MemoryKeyring
from recorded_visits import provider_with_children

from placement_qa.cli import sync as sync_cli
from placement_qa.domain.sync_status import status_text
from placement_qa.store.connection import open_register
from placement_qa.store.credentials import saved_password
from placement_qa.store.new_register import write_new_register
from placement_qa.store.server_login import ServerLogin
from placement_qa.store.server_schema import add_user, init_server
from placement_qa.store.sync import local_status, sync

OFFICER, MANAGER = "pqa_pw_officer", "pqa_pw_manager"
PASSWORD = "Correct-Horse-42"
NO_PASSWORD = {"PLACEMENT_QA_SERVER_PASSWORD": None}


@pytest.fixture(autouse=True)
def empty_keyring():
    MemoryKeyring.passwords.clear()
    yield
    MemoryKeyring.passwords.clear()


@pytest.fixture
def officer_joining(postgres_server, server_dsn, tmp_path):
    """A team register (the manager's register sent to it), an officer whose login the
    server asks a password of, and the officer's new register, not yet joined."""
    with psycopg.connect(server_dsn, autocommit=True) as conn:
        init_server(conn)
        add_user(conn, MANAGER, "manager", None)
        add_user(conn, OFFICER, "officer", PASSWORD)
    postgres_server.require_password(OFFICER)
    dbname = psycopg.conninfo.conninfo_to_dict(server_dsn)["dbname"]
    manager = open_register(tmp_path / "manager" / "register.db", create=True)
    try:
        provider_with_children(manager, "Oakfield House School", [("Zoë", "Łukasiewicz")])
        assert sync(manager, ServerLogin(postgres_server.dsn(dbname, MANAGER))).sent
    finally:
        manager.close()
    path = tmp_path / "officer" / "register.db"
    path.parent.mkdir()
    write_new_register(path)
    server = postgres_server.dsn(dbname)
    return SimpleNamespace(path=path, server=server,
                           join=("sync", "--db", path, "--server", server, "--user", OFFICER))


@pytest.fixture
def on_a_terminal(monkeypatch):
    """The command runs as if typed in a terminal (what is typed comes from ``input``)."""
    monkeypatch.setattr(sync_cli, "on_a_terminal", lambda: True)


def _kept(team) -> str | None:
    return saved_password(ServerLogin(team.server, OFFICER))


def _children(path: Path) -> list[str]:
    db = open_register(path)
    try:
        return [r[0] for r in db.execute("SELECT family_name FROM children")]
    finally:
        db.close()


def _files_holding(folder: Path, secret: str) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()
            and secret.encode() in path.read_bytes()]


def test_the_password_is_asked_on_a_terminal_kept_in_the_keyring_and_never_in_a_file(
        officer_joining, on_a_terminal, tmp_path, monkeypatch):
    first = run_cli(*officer_joining.join, env=NO_PASSWORD, input=PASSWORD + "\n")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(f"Password for {OFFICER}: \n")  # asked, not echoed
    assert PASSWORD not in first.stdout + first.stderr
    assert "Synced " in first.stdout
    assert _kept(officer_joining) == PASSWORD
    assert _children(officer_joining.path) == ["Łukasiewicz"]
    monkeypatch.setattr(sync_cli, "on_a_terminal", lambda: False)
    again = run_cli("sync", "--db", officer_joining.path, env=NO_PASSWORD)  # from the keyring
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("Synced ")
    settings = run_cli("settings", "get", "--db", officer_joining.path)
    assert settings.returncode == 0 and PASSWORD not in settings.stdout
    app_files = Path(os.environ["XDG_DATA_HOME"])
    assert _files_holding(tmp_path, PASSWORD) == _files_holding(app_files, PASSWORD) == []


def test_a_wrong_password_is_one_line_and_nothing_is_kept(officer_joining, on_a_terminal):
    wrong = run_cli(*officer_joining.join, env=NO_PASSWORD, input="Wrong-Horse\n")
    assert wrong.returncode == 1
    assert wrong.stderr == (f"placement-qa sync: the server refused the password for "
                            f"{OFFICER}: nothing was kept; try again\n")
    assert _kept(officer_joining) is None
    db = open_register(officer_joining.path)
    try:
        assert not local_status(db).joined
    finally:
        db.close()
    assert _children(officer_joining.path) == []
    right = run_cli(*officer_joining.join, env=NO_PASSWORD, input=PASSWORD + "\n")
    assert right.returncode == 0, right.stderr


def test_without_a_terminal_or_a_password_one_line_says_how_to_give_it(officer_joining):
    asked = run_cli(*officer_joining.join, env=NO_PASSWORD)
    assert asked.returncode == 1
    assert asked.stderr == (
        f"placement-qa sync: the server asks for {OFFICER}'s password: set "
        "PLACEMENT_QA_SERVER_PASSWORD to it, or run placement-qa sync in a terminal to "
        "type it (it is then kept in the keyring)\n")
    assert asked.stdout == ""
    given = run_cli(*officer_joining.join, env={"PLACEMENT_QA_SERVER_PASSWORD": "Nope"})
    assert given.returncode == 1
    assert given.stderr == (f"placement-qa sync: the server refused the password in "
                            f"PLACEMENT_QA_SERVER_PASSWORD for {OFFICER}\n")
    from_script = run_cli(*officer_joining.join, env={"PLACEMENT_QA_SERVER_PASSWORD": PASSWORD})
    assert from_script.returncode == 0, from_script.stderr
    assert _kept(officer_joining) is None  # a script's password is its own to keep


def test_a_kept_password_the_server_no_longer_takes_is_forgotten_and_asked_again(
        officer_joining, on_a_terminal, postgres_server, monkeypatch):
    assert run_cli(*officer_joining.join, env=NO_PASSWORD, input=PASSWORD + "\n"
                   ).returncode == 0
    with psycopg.connect(postgres_server.dsn(), autocommit=True) as conn:  # IT changes it
        add_user(conn, OFFICER, "officer", "Battery-Staple-7")
    monkeypatch.setattr(sync_cli, "on_a_terminal", lambda: False)  # a scheduled sync
    unattended = run_cli("sync", "--db", officer_joining.path, env=NO_PASSWORD)
    assert unattended.returncode == 1
    assert unattended.stderr == (
        f"placement-qa sync: the server refused the password kept in the keyring for "
        f"{OFFICER} (forgotten): set PLACEMENT_QA_SERVER_PASSWORD to it, or run "
        "placement-qa sync in a terminal to type it (it is then kept in the keyring)\n")
    assert _kept(officer_joining) is None
    db = open_register(officer_joining.path)
    try:  # what the status bar shows: not "offline", the reason
        assert status_text(local_status(db)) == (
            f"Sync failed: the server refused the password for {OFFICER}")
    finally:
        db.close()
    monkeypatch.setattr(sync_cli, "on_a_terminal", lambda: True)
    again = run_cli("sync", "--db", officer_joining.path, env=NO_PASSWORD,
                    input="Battery-Staple-7\n")
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(f"Password for {OFFICER}: \n")
    assert _kept(officer_joining) == "Battery-Staple-7"


def _read_until(fd: int, wanted: bytes, seen: bytearray) -> None:
    """Read the terminal until ``wanted`` has been shown (or the program ends)."""
    while wanted not in seen:
        ready, _, _ = select.select([fd], [], [], 60)
        assert ready, f"nothing more on the terminal; so far: {bytes(seen)!r}"
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the program ended and closed the terminal
            return
        if not chunk:
            return
        seen.extend(chunk)


def test_on_a_real_terminal_the_password_is_asked_and_not_shown(officer_joining):
    """``python -m placement_qa sync`` in a pseudo-terminal, as an officer types it."""
    tests = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [
        tests, os.environ.get("PYTHONPATH")]))}
    env.pop("PLACEMENT_QA_SERVER_PASSWORD", None)
    args = [sys.executable, "-m", "placement_qa", *map(str, officer_joining.join)]
    pid, terminal = pty.fork()
    if pid == 0:  # the child: the program, with the pseudo-terminal as its terminal
        os.execve(sys.executable, args, env)
    seen = bytearray()
    try:
        _read_until(terminal, f"Password for {OFFICER}: ".encode(), seen)
        os.write(terminal, PASSWORD.encode() + b"\n")
        _read_until(terminal, b"\0", seen)  # everything, to the end
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(terminal)
    shown = seen.decode(errors="replace")
    assert os.waitstatus_to_exitcode(status) == 0, shown
    assert PASSWORD not in shown
    assert "Synced " in shown
    assert _children(officer_joining.path) == ["Łukasiewicz"]
