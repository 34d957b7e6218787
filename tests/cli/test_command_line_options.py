"""The app's own options (--db, --as-of, --demo, --visit) before a command, --version,
output piped into ``head``, and where "written to FILE" messages go."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from datetime import date
from importlib import metadata
from pathlib import Path

import pytest

from placement_qa import app, cli
from placement_qa.demo import write_demo_register
from placement_qa.store.connection import open_register

# One example of every command, without --db; True where the command takes --as-of.
COMMANDS: dict[str, tuple[list[str], bool]] = {
    "demo": (["demo"], False),
    "export register": (["export", "register"], True),
    "export overdue": (["export", "overdue"], True),
    "export schedule": (["export", "schedule", "--month", "2026-12"], False),
    "import placements": (["import", "placements", "rows.csv"], False),
    "import inspections": (["import", "inspections", "mi.csv"], True),
    "report visit": (["report", "visit", "1", "-o", "note.pdf"], False),
    "report schedule": (["report", "schedule", "--month", "2026-12", "-o", "s.pdf"], True),
    "report register": (["report", "register", "-o", "r.pdf"], True),
    "report board": (["report", "board", "-o", "b.pdf"], True),
    "check": (["check"], False),
    "backup": (["backup"], False),
    "restore": (["restore", "backup.db"], False),
    "encrypt": (["encrypt"], False),
    "decrypt": (["decrypt"], False),
    "change-passphrase": (["change-passphrase"], False),
    "return form": (["return", "form", "--visit", "3", "-o", "form.xlsx"], True),
    "return import": (["return", "import", "form.xlsx"], True),
}
COMMANDS_WITH_AS_OF = [name for name, (_, as_of) in COMMANDS.items() if as_of]
COMMANDS_WITHOUT_AS_OF = [name for name, (_, as_of) in COMMANDS.items() if not as_of]


def _leaf_commands(parser: argparse.ArgumentParser, prefix: str = "") -> set[str]:
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        return {prefix}
    return {leaf for name, sub in subparsers[0].choices.items()
            for leaf in _leaf_commands(sub, f"{prefix} {name}".strip())}


def _usage_error(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as exited:
        cli.parse_args(argv)
    assert exited.value.code == cli.EXIT_USAGE
    return capsys.readouterr().err


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("options") / "d.db"
    write_demo_register(path, "small")
    return path


def test_the_examples_cover_every_command():
    assert _leaf_commands(cli.build_parser()) == set(COMMANDS)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_db_before_or_after_the_command_is_the_same_register(name, tmp_path, capsys):
    command, _ = COMMANDS[name]
    register = tmp_path / "r.db"
    before = cli.parse_args(["--db", str(register), *command])
    after = cli.parse_args([*command, "--db", str(register)])
    assert before.db == after.db == register
    assert "--db" in _usage_error(command, capsys)  # given nowhere: still a usage error


@pytest.mark.parametrize("name", COMMANDS_WITH_AS_OF)
def test_as_of_before_or_after_the_command_is_honoured(name):
    command, _ = COMMANDS[name]
    before = cli.parse_args(["--as-of", "01/01/2020", *command, "--db", "r.db"])
    after = cli.parse_args([*command, "--db", "r.db", "--as-of", "2020-01-01"])
    assert before.as_of == after.as_of == date(2020, 1, 1)


@pytest.mark.parametrize("name", COMMANDS_WITHOUT_AS_OF)
def test_as_of_before_a_command_that_has_no_date_is_a_usage_error(name, capsys):
    command, _ = COMMANDS[name]
    err = _usage_error(["--as-of", "01/01/2020", *command, "--db", "r.db"], capsys)
    assert f"--as-of does not apply to {name}" in err


@pytest.mark.parametrize("name", list(COMMANDS))
def test_demo_flag_before_a_command_is_a_usage_error(name, capsys):
    command, _ = COMMANDS[name]
    err = _usage_error(["--db", "r.db", "--demo", *command], capsys)
    assert f"--demo does not apply to {name}" in err


def test_visit_is_the_apps_and_return_forms_and_refused_elsewhere(tmp_path, capsys):
    form = cli.parse_args(["--visit", "7", "return", "form", "--db", "r.db", "-o", "f.xlsx"])
    assert form.visit == 7
    err = _usage_error(["return", "form", "--db", "r.db", "-o", "f.xlsx"], capsys)
    assert "return form needs --visit" in err
    err = _usage_error(["--visit", "7", "check", "--db", "r.db"], capsys)
    assert "--visit does not apply to check" in err
    args = cli.parse_args(["--db", str(tmp_path / "r.db"), "--demo", "--as-of", "22/11/2026",
                           "--visit", "4"])  # no command: the app takes them all
    assert (args.command, args.db, args.demo, args.as_of, args.visit) == (
        None, tmp_path / "r.db", True, date(2026, 11, 22), 4)
    plain = cli.parse_args([])
    assert (plain.db, plain.demo, plain.as_of, plain.visit) == (None, False, None, None)


def test_the_same_option_before_and_after_must_agree(capsys):
    same = cli.parse_args(["--db", "r.db", "check", "--db", "r.db"])
    assert same.db == Path("r.db")
    err = _usage_error(["--db", "a.db", "export", "overdue", "--db", "b.db"], capsys)
    assert "--db" in err and "a.db" in err and "b.db" in err
    err = _usage_error(["--as-of", "01/01/2020", "export", "overdue", "--db", "r.db",
                        "--as-of", "02/01/2020"], capsys)
    assert "--as-of" in err


def test_as_of_before_export_overdue_sets_the_date_of_the_export(demo_db, capsys):
    def overdue(*argv: str) -> str:
        assert app.main(list(argv)) == cli.EXIT_OK
        return capsys.readouterr().out

    before = overdue("--as-of", "01/01/2020", "export", "overdue", "--db", str(demo_db))
    after = overdue("export", "overdue", "--db", str(demo_db), "--as-of", "01/01/2020")
    today = overdue("export", "overdue", "--db", str(demo_db))
    assert before == after != today
    assert overdue("--db", str(demo_db), "check").startswith(f"{demo_db}\nintegrity: ok")


@pytest.mark.parametrize("command", [["check"], ["export", "overdue"], ["backup"],
                                     ["report", "register", "-o", "r.pdf"]])
def test_db_before_a_command_never_creates_a_register(command, tmp_path, capsys):
    missing = tmp_path / "none" / "r.db"
    assert app.main(["--db", str(missing), *command]) == cli.EXIT_FAILED
    assert f"{missing} does not exist" in capsys.readouterr().err
    assert not missing.parent.exists()


@pytest.mark.parametrize("name", list(COMMANDS))
def test_help_says_which_register_a_command_needs(name, capsys):
    command, _ = COMMANDS[name]
    words = command[:2] if command[1:2] and not command[1].startswith("-") else command[:1]
    with pytest.raises(SystemExit):
        cli.parse_args([*words, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    says = {"demo": "the register file to create (it must not exist yet)",
            "restore": "the register to replace (where there is none, the backup becomes it)",
            }.get(name, "the register file (it must exist)")
    assert f"--db PATH {says}" in text
    assert "created if missing" not in text


def test_help_says_only_the_app_creates_a_missing_register(capsys):
    with pytest.raises(SystemExit):
        cli.parse_args(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "created if missing" not in text
    assert "the app starts an empty register in a new file" in text


def _headless_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items()
            if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM",
                         "PLACEMENT_QA_PASSPHRASE")}


def test_version_is_printed_without_a_display_or_qt():
    script = ("import sys\nfrom placement_qa import app\n"
              "try:\n    app.main(['--version'])\nexcept SystemExit as exc:\n"
              "    assert exc.code in (0, None), exc.code\n"
              "print('qt loaded' if 'PySide6' in sys.modules else 'no qt')\n")
    result = subprocess.run([sys.executable, "-c", script], env=_headless_env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"placement-qa {metadata.version('placement-qa')}\nno qt\n"
    assert result.stderr == ""


@pytest.mark.parametrize("command", [
    ["export", "overdue", "--as-of", "22/11/2026"],
    ["export", "register", "--as-of", "22/11/2026"],
    ["export", "schedule", "--month", "2026-12", "--format", "ics"],
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


def test_every_written_to_message_goes_to_stderr(demo_db, tmp_path, capsys):
    bad_rows = tmp_path / "rows.csv"
    bad_rows.write_text("Case ref,Given name,Family name,Provider URN,Start date,Arrangement\n"
                        "CS-1,,Smith,123456,31/02/2026,Day\n", encoding="utf-8")
    db = str(demo_db)
    commands = [
        ["demo", "--db", str(tmp_path / "new.db")],
        ["backup", "--db", db, "-o", str(tmp_path / "copy.db")],
        ["return", "form", "--db", db, "--visit", str(_planned_visit(demo_db)),
         "-o", str(tmp_path / "form.xlsx")],
        ["export", "register", "--db", db, "-o", str(tmp_path / "register.xlsx")],
        ["export", "overdue", "--db", db, "-o", str(tmp_path / "overdue.csv")],
        ["export", "schedule", "--db", db, "--month", "2026-12", "-o", str(tmp_path / "s.csv")],
        ["report", "register", "--db", db, "-o", str(tmp_path / "register.pdf")],
        ["import", "placements", str(bad_rows), "--db", str(tmp_path / "new.db"),
         "--dry-run", "--errors-csv", str(tmp_path / "errors.csv")],
    ]
    for argv in commands:
        app.main(argv)
        out, err = capsys.readouterr()
        assert "written to" in err, argv
        assert out == "", argv
