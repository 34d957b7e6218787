"""Shared test set-up: Qt runs offscreen, registers live in a temporary folder.

A new register is made once per test run (``register_template``, by the app's own
``open_register(create=True)``) and copied for each test that needs one (``db``,
``new_register``): copying a file takes milliseconds, creating and migrating one a
quarter of a second. Tests that create registers on purpose (creation, migration,
encryption) still call ``open_register(create=True)`` themselves.
"""

import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

# Before anything imports Qt: tests never need a display. The offscreen screen is a
# 1920×1080 desktop (desktop_screen.json), not the plugin's own 800×800 square: windows
# sized to their screen (placement_qa/ui/screen_fit.py) open as on a desktop. A laptop's
# screen is a test's own (tests/ui/test_laptop_screen.py).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    _SCREEN = Path(__file__).with_name("desktop_screen.json")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"
# Server passwords go to a keyring in memory (tests/memory_keyring.py), never the user's.
os.environ["PYTHON_KEYRING_BACKEND"] = "memory_keyring.MemoryKeyring"

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402
from sqlite_utils import Database  # noqa: E402

# CI runs the same examples every time (derandomized), as many as the tests ask for or 100,
# and prints the blob to reproduce a failure; locally the examples vary from run to run.
settings.register_profile("ci", derandomize=True, max_examples=100, deadline=None,
                          print_blob=True)
settings.register_profile("dev", deadline=None)
_in_ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
settings.load_profile("ci" if _in_ci else "dev")


@pytest.fixture(autouse=True, scope="session")
def app_data_in_a_temporary_folder(tmp_path_factory):
    """The app's own files (its log) go to a temporary folder, never the user's, also
    from the commands the tests run as separate processes (they inherit it)."""
    previous = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("app-data"))
    yield
    if previous is None:
        os.environ.pop("XDG_DATA_HOME", None)
    else:
        os.environ["XDG_DATA_HOME"] = previous


OFFICER = "a.officer"  # the account the store's tests write as (it is in their change log)


@pytest.fixture(scope="session")
def register_template(tmp_path_factory) -> Path:
    """A new register made once for the whole run, exactly as a user's new register is
    made, and closed (so its write-ahead log is checkpointed into the file and gone)."""
    from placement_qa.store.connection import open_register

    path = tmp_path_factory.mktemp("template") / "register.db"
    open_register(path, create=True, os_user=OFFICER).close()
    assert not path.with_name(path.name + "-wal").exists(), "the template was not closed"
    return path


@pytest.fixture
def new_register(register_template) -> Callable[..., Database]:
    """``new_register(path, os_user=None)``: a new, empty register at ``path`` (a copy of
    the template, private to the user as a new register is), opened with
    ``open_register`` like any other; the test closes it (or the fixture does at the end)."""
    from placement_qa.store.connection import open_register

    opened = []

    def make(path: Path, *, os_user: str | None = None) -> Database:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(register_template, path)
        path.chmod(0o600)
        db = open_register(path, os_user=os_user)
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.close()


@pytest.fixture
def db(new_register, tmp_path) -> Iterator[Database]:
    """A new, empty register at ``tmp_path / "register.db"``, written to as a.officer."""
    yield new_register(tmp_path / "register.db", os_user=OFFICER)


@pytest.fixture
def app_log_file(tmp_path):
    """The app's own log, written in this test's folder: its path."""
    from placement_qa import app_log

    return app_log.install_logging(tmp_path / "app-log")


@pytest.fixture(autouse=True)
def last_resort_left_as_it_was(monkeypatch):
    """A test that starts the app (which opens its log and installs its exception
    hooks) leaves neither behind for the next test."""
    from placement_qa import app_log

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    yield
    app_log.stop_logging()


@pytest.fixture
def machine_zone(monkeypatch):
    """``machine_zone("America/New_York")``: this computer's clock set to that time zone
    (TZ and time.tzset) for the rest of the test, and put back after it."""
    if not hasattr(time, "tzset"):
        pytest.skip("setting the process's time zone needs time.tzset (POSIX)")

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def council_clock_at(monkeypatch):
    """``council_clock_at(moment)``: the app's clock (domain.dates) reads ``moment``, an
    aware datetime, as now, in whatever zone it is asked for."""
    from datetime import datetime

    from placement_qa.domain import dates

    def set_now(moment: datetime) -> None:
        class FixedClock(datetime):
            @classmethod
            def now(cls, tz=None):
                return moment.astimezone(tz) if tz else moment.astimezone().replace(tzinfo=None)

        monkeypatch.setattr(dates, "datetime", FixedClock)

    return set_now


def pytest_itemcollected(item) -> None:
    """With pytest-xdist (scripts/test.sh runs the suite on every core), every test on
    the PostgreSQL server goes to one worker, so a test run starts one server, once.
    (Marked as each test is collected: xdist reads the groups before other hooks run.)"""
    if "postgres_server" in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.xdist_group("postgres"))


@pytest.fixture(scope="session")
def postgres_server():
    """A throw-away PostgreSQL cluster for the whole test run (bench/postgres_server.py),
    stopped at the end; the tests using it are skipped, saying why, where PostgreSQL is
    not installed."""
    from bench.postgres_server import PostgresMissing, PostgresServer

    try:
        server = PostgresServer()
    except PostgresMissing as exc:
        pytest.skip(str(exc))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def server_dsn(postgres_server) -> str:
    """A new, empty database on the test run's PostgreSQL server: its connection string."""
    return postgres_server.new_database()


@pytest.fixture
def team(postgres_server, server_dsn, tmp_path):
    """A team register on the test run's PostgreSQL server, with a manager's and three
    officers' logins (tests/team_registers.py); the laptops it makes are closed at the end.
    Here, not in tests/sync, as the app's own tests (tests/ui) use it too."""
    from team_registers import make_team

    made = make_team(postgres_server, server_dsn, tmp_path)
    yield made
    made.close()
