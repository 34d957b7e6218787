"""The app's own options (--db, --as-of, --demo, --visit) before a command, --version,
output piped into ``head``, and where "written to FILE" messages go."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

import click
import pytest
from command_line import run_cli

from placement_qa import cli
from placement_qa.cli import command
from placement_qa.demo import write_demo_register
from placement_qa.store.connection import open_register

# One example of every command, without --db; True where the command takes --as-of.
COMMANDS: dict[str, tuple[list[str], bool]] = {
    "new": (["new"], False),
    "demo": (["demo"], False),
    "export register": (["export", "register"], True),
    "export overdue": (["export", "overdue"], True),
    "export schedule": (["export", "schedule", "--month", "2026-12"], False),
    "export changes": (["export", "changes"], False),
    "export awaiting": (["export", "awaiting"], True),
    "export actions": (["export", "actions"], True),
    "import placements": (["import", "placements", "rows.csv"], False),
    "import inspections": (["import", "inspections", "mi.csv"], True),
    "import events": (["import", "events", "events.csv"], True),
    "report visit": (["report", "visit", "1", "-o", "note.pdf"], False),
    "report schedule": (["report", "schedule", "--month", "2026-12", "-o", "s.pdf"], True),
    "report register": (["report", "register", "-o", "r.pdf"], True),
    "report board": (["report", "board", "-o", "b.pdf"], True),
    "report notes": (["report", "notes", "--month", "2026-10", "-o", "notes"], False),
    "schedule review": (["schedule", "review", "--month", "2026-12", "--by", "P. Manager"],
                        False),
    "settings get": (["settings", "get", "council_name"], False),
    "settings set": (["settings", "set", "council_name", "Kent County Council"], False),
    "check": (["check"], False),
    "backup": (["backup"], False),
    "restore": (["restore", "backup.db"], False),
    "encrypt": (["encrypt"], False),
    "decrypt": (["decrypt"], False),
    "change-passphrase": (["change-passphrase"], False),
    "return form": (["return", "form", "--visit", "3", "-o", "form.xlsx"], True),
    "return import": (["return", "import", "form.xlsx"], True),
    "sync": (["sync", "--server", "host=/nonexistent dbname=team"], False),
}
# The commands on the team's server, not on a register: none of the app's options apply.
SERVER_COMMANDS: dict[str, list[str]] = {
    "server init": ["server", "init", "--dsn", "host=/nonexistent dbname=team"],
    "server add-user": ["server", "add-user", "--dsn", "host=/nonexistent dbname=team",
                        "--name", "a.khan", "--role", "officer"],
}
COMMANDS_WITH_AS_OF = [name for name, (_, as_of) in COMMANDS.items() if as_of]
COMMANDS_WITHOUT_AS_OF = [name for name, (_, as_of) in COMMANDS.items() if not as_of]


def _leaf_commands(group: click.Command, prefix: str = "") -> set[str]:
    if not isinstance(group, click.Group):
        return {prefix}
    return {leaf for name, sub in group.commands.items()
            for leaf in _leaf_commands(sub, f"{prefix} {name}".strip())}


def _usage_error(argv: list[str]) -> str:
    result = run_cli(*argv)
    assert result.returncode == cli.EXIT_USAGE, result.stdout + result.stderr
    return result.stderr


@pytest.fixture
def given(monkeypatch) -> Callable[..., dict[str, Any]]:
    """``given(*argv)``: the options the command would run with, parsed as typed (the
    command is not run)."""
    seen: list[dict[str, Any]] = []

    def instead(ctx: click.Context, _command: object, _work: object) -> int:
        seen.append(dict(ctx.params))
        return cli.EXIT_OK

    monkeypatch.setattr(command, "run_on_register", instead)

    def _given(*argv: str) -> dict[str, Any]:
        result = run_cli(*argv)
        assert result.returncode == cli.EXIT_OK, result.stderr
        return seen.pop()

    return _given


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("options") / "d.db"
    write_demo_register(path, "small")
    return path


def test_the_examples_cover_every_command():
    assert _leaf_commands(cli.command_line) == set(COMMANDS) | set(SERVER_COMMANDS)


@pytest.mark.parametrize("name", list(SERVER_COMMANDS))
@pytest.mark.parametrize("option", [["--db", "r.db"], ["--as-of", "01/01/2020"], ["--demo"],
                                    ["--visit", "7"]])
def test_the_apps_options_before_a_server_command_are_a_usage_error(name, option):
    err = _usage_error([*option, *SERVER_COMMANDS[name]])
    assert f"{option[0]} does not apply to {name}" in err


@pytest.mark.parametrize("name", list(SERVER_COMMANDS))
def test_help_says_a_server_command_needs_the_servers_database(name):
    result = run_cli(*SERVER_COMMANDS[name][:2], "--help")
    assert result.returncode == cli.EXIT_OK
    assert "--dsn DSN the server's database" in " ".join(result.stdout.split())


@pytest.mark.parametrize("name", list(COMMANDS))
def test_db_before_or_after_the_command_is_the_same_register(name, tmp_path, given):
    command_words, _ = COMMANDS[name]
    register = tmp_path / "r.db"
    before = given("--db", str(register), *command_words)
    after = given(*command_words, "--db", str(register))
    assert before["db"] == after["db"] == register
    assert "--db" in _usage_error(command_words)  # given nowhere: still a usage error


@pytest.mark.parametrize("name", COMMANDS_WITH_AS_OF)
def test_as_of_before_or_after_the_command_is_honoured(name, given):
    command_words, _ = COMMANDS[name]
    before = given("--as-of", "01/01/2020", *command_words, "--db", "r.db")
    after = given(*command_words, "--db", "r.db", "--as-of", "2020-01-01")
    assert before["as_of"] == after["as_of"] == date(2020, 1, 1)


@pytest.mark.parametrize("name", COMMANDS_WITHOUT_AS_OF)
def test_as_of_before_a_command_that_has_no_date_is_a_usage_error(name):
    command_words, _ = COMMANDS[name]
    err = _usage_error(["--as-of", "01/01/2020", *command_words, "--db", "r.db"])
    assert f"--as-of does not apply to {name}" in err


@pytest.mark.parametrize("name", list(COMMANDS))
def test_demo_flag_before_a_command_is_a_usage_error(name):
    command_words, _ = COMMANDS[name]
    err = _usage_error(["--db", "r.db", "--demo", *command_words])
    assert f"--demo does not apply to {name}" in err


def test_visit_is_the_apps_and_return_forms_and_refused_elsewhere(tmp_path, given):
    form = given("--visit", "7", "return", "form", "--db", "r.db", "-o", "f.xlsx")
    assert form["visit"] == 7
    err = _usage_error(["return", "form", "--db", "r.db", "-o", "f.xlsx"])
    assert "return form needs --visit" in err
    err = _usage_error(["--visit", "7", "check", "--db", "r.db"])
    assert "--visit does not apply to check" in err
    started: list[cli.AppOptions] = []

    def start_app(options: cli.AppOptions) -> int:
        started.append(options)
        return cli.EXIT_OK

    # no command: the app takes them all
    assert cli.main(["--db", str(tmp_path / "r.db"), "--demo", "--as-of", "22/11/2026",
                     "--visit", "4"], start_app=start_app) == cli.EXIT_OK
    assert cli.main([], start_app=start_app) == cli.EXIT_OK
    assert started == [cli.AppOptions(tmp_path / "r.db", True, date(2026, 11, 22), 4),
                       cli.AppOptions(None, False, None, None)]


def test_the_same_option_before_and_after_must_agree(given):
    assert given("--db", "r.db", "check", "--db", "r.db")["db"] == Path("r.db")
    err = _usage_error(["--db", "a.db", "export", "overdue", "--db", "b.db"])
    assert "--db" in err and "a.db" in err and "b.db" in err
    err = _usage_error(["--as-of", "01/01/2020", "export", "overdue", "--db", "r.db",
                        "--as-of", "02/01/2020"])
    assert "--as-of" in err


def test_as_of_before_export_overdue_sets_the_date_of_the_export(demo_db):
    def overdue(*argv: str) -> str:
        result = run_cli(*argv)
        assert result.returncode == cli.EXIT_OK, result.stderr
        return result.stdout

    before = overdue("--as-of", "01/01/2020", "export", "overdue", "--db", str(demo_db))
    after = overdue("export", "overdue", "--db", str(demo_db), "--as-of", "01/01/2020")
    today = overdue("export", "overdue", "--db", str(demo_db))
    assert before == after != today
    assert overdue("--db", str(demo_db), "check").startswith(f"{demo_db}\nintegrity: ok")


@pytest.mark.parametrize("command_words", [["check"], ["export", "overdue"], ["backup"],
                                           ["report", "register", "-o", "r.pdf"]])
def test_db_before_a_command_never_creates_a_register(command_words, tmp_path):
    missing = tmp_path / "none" / "r.db"
    result = run_cli("--db", str(missing), *command_words)
    assert result.returncode == cli.EXIT_FAILED
    assert f"{missing} does not exist" in result.stderr
    assert not missing.parent.exists()


@pytest.mark.parametrize("name", list(COMMANDS))
def test_help_says_which_register_a_command_needs(name):
    command_words, _ = COMMANDS[name]
    words = command_words[:2] if command_words[1:2] and not command_words[1].startswith("-") \
        else command_words[:1]
    result = run_cli(*words, "--help")
    assert result.returncode == cli.EXIT_OK
    text = " ".join(result.stdout.split())
    says = {"demo": "the register file to create (it must not exist yet)",
            "new": "the register file to create (it must not exist yet)",
            "restore": "the register to replace (where there is none, the backup becomes it)",
            }.get(name, "the register file (it must exist)")
    assert f"--db PATH {says}" in text
    assert "created if missing" not in text


def test_help_says_only_the_app_creates_a_missing_register():
    result = run_cli("--help")
    assert result.returncode == cli.EXIT_OK
    text = " ".join(result.stdout.split())
    assert "created if missing" not in text
    assert "the app starts an empty register in a new file" in text


def _headless_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items()
            if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM",
                         "PLACEMENT_QA_PASSPHRASE")}


HEAVY = ("PySide6", "reportlab", "sqlite_utils")  # Qt, the reports, the store


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["report", "notes", "--help"]])
def test_version_and_help_are_printed_without_a_display_qt_reports_or_the_store(argv):
    script = ("import sys\nfrom placement_qa import app\n"
              f"status = app.main({argv!r})\n"
              "assert status == 0, status\n"
              "top = {name.split('.')[0] for name in sys.modules}\n"
              f"print('loaded:', sorted(top & {set(HEAVY)!r}))\n")
    result = subprocess.run([sys.executable, "-c", script], env=_headless_env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("\nloaded: []\n")
    assert result.stderr == ""
    if argv == ["--version"]:
        assert result.stdout == f"placement-qa {metadata.version('placement-qa')}\nloaded: []\n"


@pytest.mark.parametrize("command", [
    ["export", "overdue", "--as-of", "22/11/2026"],
    ["export", "register", "--as-of", "22/11/2026"],
    ["export", "schedule", "--month", "2026-12", "--format", "ics"],
    ["export", "changes"],
    ["check"],
])
def test_output_into_a_closed_pipe_ends_quietly(command, demo_db):
    """As with ``| head -1``: the reader has gone before the command writes."""
    process = subprocess.Popen(
        [sys.executable, "-m", "placement_qa", *command, "--db", str(demo_db)],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=_headless_env())
    process.stdout.close()
    try:
        err = process.stderr.read()
        status = process.wait(timeout=120)
    finally:
        process.stderr.close()
    assert err == b""
    assert status in (0, 128 + signal.SIGPIPE, -signal.SIGPIPE)


def _planned_visit(path: Path) -> int:
    db = open_register(path)
    try:
        return db.execute("SELECT id FROM monitoring_visits WHERE status = 'planned' "
                          "ORDER BY id LIMIT 1").fetchone()[0]
    finally:
        db.close()


def test_every_written_to_message_goes_to_stderr(demo_db, tmp_path):
    bad_rows = tmp_path / "rows.csv"
    bad_rows.write_text("Case ref,Given name,Family name,Provider URN,Start date,Arrangement\n"
                        "CS-1,,Smith,123456,31/02/2026,Day\n", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    db = str(demo_db)
    commands = [
        ["demo", "--db", str(tmp_path / "new.db")],
        ["new", "--db", str(tmp_path / "empty.db")],
        ["backup", "--db", db, "-o", str(tmp_path / "copy.db")],
        ["return", "form", "--db", db, "--visit", str(_planned_visit(demo_db)),
         "-o", str(tmp_path / "form.xlsx")],
        ["export", "register", "--db", db, "-o", str(tmp_path / "register.xlsx")],
        ["export", "overdue", "--db", db, "-o", str(tmp_path / "overdue.csv")],
        ["export", "schedule", "--db", db, "--month", "2026-12", "-o", str(tmp_path / "s.csv")],
        ["export", "changes", "--db", db, "-o", str(tmp_path / "changes.csv")],
        ["export", "awaiting", "--db", db, "-o", str(tmp_path / "awaiting.csv")],
        ["export", "actions", "--db", db, "-o", str(tmp_path / "actions.csv")],
        ["report", "register", "--db", db, "-o", str(tmp_path / "register.pdf")],
        ["report", "notes", "--db", db, "--month", _completed_month(demo_db),
         "-o", str(tmp_path / "notes")],
        ["import", "placements", str(bad_rows), "--db", str(tmp_path / "new.db"),
         "--dry-run", "--errors-csv", str(tmp_path / "errors.csv")],
    ]
    for argv in commands:
        result = run_cli(*argv)
        assert "written to" in result.stderr, argv
        assert result.stdout == "", argv


def _completed_month(path: Path) -> str:
    db = open_register(path)
    try:
        return db.execute("SELECT substr(max(visit_date), 1, 7) FROM monitoring_visits "
                          "WHERE status = 'completed'").fetchone()[0]
    finally:
        db.close()
