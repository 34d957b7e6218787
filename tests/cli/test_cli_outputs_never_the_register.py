"""``-o`` and ``--errors-csv`` never replace the register, run as a user runs the commands
(in the test's process) on real files in a temporary folder.

Naming the register (directly, through a symlink or a hard link), a file SQLite keeps
beside it, one of its backups, its backups folder, another database or a copy of a
register the app kept is refused in one line — "… is the register itself: choose another
file name; nothing was written" — and every file in the folder is left byte for byte as
it was. A symlink to an ordinary file is followed: the file it leads to gets the report,
and the link stays a link.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from command_line import Ran
from command_line import run_cli as run_command_line
from register_files import another_programs_database, folder_fingerprint

from placement_qa.store.connection import encryption_available, forget_passphrase, open_register
from placement_qa.store.inspections import add_inspection
from placement_qa.store.register import add_child, add_placement, add_provider
from placement_qa.store.visits import add_visit

PASSPHRASE = "river Thames at dusk"
NOTHING_WRITTEN = "choose another file name; nothing was written"
BAD_ROWS = ("Case ref,Given name,Family name,Provider URN,Start date,Arrangement\n"
            "CS-1,Ann,Lee,135790,31/02/2026,Day\n")
# Every command that writes a file the user names with -o (``return form`` too, but it
# takes only a name ending .xlsx, so it could never be given the register's).
WRITERS = {
    "report register": ["report", "register"],
    "report board": ["report", "board"],
    "report schedule": ["report", "schedule", "--month", "2026-12"],
    "export register": ["export", "register"],
    "export register xlsx": ["export", "register", "--format", "xlsx"],
    "export overdue": ["export", "overdue"],
    "export schedule": ["export", "schedule", "--month", "2026-12"],
    "export changes": ["export", "changes"],
    "export awaiting": ["export", "awaiting"],
    "export actions": ["export", "actions"],
}


def run_cli(*args: object) -> Ran:
    return run_command_line(*args, env={"PLACEMENT_QA_PASSPHRASE": PASSPHRASE})


def make_register(path: Path, passphrase: str | None = None) -> Path:
    db = open_register(path, create=True, passphrase=passphrase)
    provider = add_provider(db, name="Oakfield School", urn="135790",
                            provider_type="independent_special", host_authority="Kent")
    add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    child = add_child(db, given_name="Zoë", family_name="Łukasiewicz")
    placement = add_placement(db, child_id=child, provider_id=provider,
                              start_date=date(2025, 9, 1), arrangement="day")
    add_visit(db, provider_id=provider, visit_date=date(2026, 12, 3), placement_ids=[placement],
              visitors="A. Officer")  # planned: the schedule has a visit
    db.close()
    forget_passphrase(path)
    return path


@pytest.fixture
def folder(tmp_path) -> Path:
    make_register(tmp_path / "r.db")
    return tmp_path


def refused(result: Ran, why: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    line = result.stderr.strip()
    assert why in line and NOTHING_WRITTEN in line, line
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_no_command_writes_its_file_over_the_register(folder, command):
    before = folder_fingerprint(folder)
    result = run_cli(*WRITERS[command], "--db", folder / "r.db", "-o", folder / "r.db")
    refused(result, "r.db is the register itself")
    assert folder_fingerprint(folder) == before


def test_a_symlink_to_the_register_is_refused_and_stays_a_link(folder):
    (folder / "link.db").symlink_to("r.db")
    before = folder_fingerprint(folder)
    result = run_cli("export", "overdue", "--db", folder / "r.db", "-o", folder / "link.db")
    refused(result, "link.db is the register itself")
    assert (folder / "link.db").is_symlink()
    assert folder_fingerprint(folder) == before


def test_the_error_report_is_not_written_over_the_register(folder):
    (folder / "children.csv").write_text(BAD_ROWS, encoding="utf-8")
    before = folder_fingerprint(folder)
    result = run_cli("import", "placements", folder / "children.csv", "--db", folder / "r.db",
                     "--errors-csv", folder / "r.db")
    refused(result, "r.db is the register itself")
    assert folder_fingerprint(folder) == before


def test_a_backup_and_the_backups_folder_are_refused(folder):
    assert run_cli("backup", "--db", folder / "r.db").returncode == 0
    backups = folder / "backups"
    (backup,) = backups.iterdir()
    before = folder_fingerprint(backups)
    refused(run_cli("report", "board", "--db", folder / "r.db", "-o", backup),
            "is a backup of the register")
    refused(run_cli("report", "board", "--db", folder / "r.db", "-o", backups / "board.pdf"),
            "is in the register's backups folder")
    notes = run_cli("report", "notes", "--db", folder / "r.db", "--month", "2026-12",
                    "-o", backups)
    assert notes.returncode == 1
    assert notes.stderr == (f"placement-qa report: {backups} is the register's backups "
                            "folder: choose another folder; nothing was written\n")
    assert folder_fingerprint(backups) == before


@pytest.mark.parametrize("side", ["r.db-wal", "r.db-shm", "r.db.lock"])
def test_the_files_beside_the_register_are_refused(folder, side):
    (folder / side).write_bytes(b"\x37\x7f\x06\x82 kept by SQLite")
    before = folder_fingerprint(folder)
    refused(run_cli("report", "register", "--db", folder / "r.db", "-o", folder / side),
            f"{side} is a file the register keeps beside it")
    assert folder_fingerprint(folder) == before


@pytest.mark.parametrize("name, why", [
    ("recipes.sqlite", "is a Placement QA register or another database"),
    ("old-20260101-090000-before-restore.db", "is a Placement QA register or another"),
    ("old.db.before-encryption", "is a copy of a register that Placement QA keeps"),
    ("council.db", "is a database file (it may be an encrypted register)"),
])
def test_whatever_the_register_a_database_or_a_kept_copy_is_refused(folder, name, why):
    if name.endswith(".before-encryption") or name == "council.db":
        (folder / name).write_bytes(os.urandom(8192))  # no header: encrypted, or unknown
    else:
        another_programs_database(folder / name)
    before = folder_fingerprint(folder)
    refused(run_cli("export", "register", "--db", folder / "r.db", "-o", folder / name),
            f"{name} {why}")
    assert folder_fingerprint(folder) == before


@pytest.mark.skipif(not encryption_available(), reason="SQLCipher is not installed")
def test_an_encrypted_register_of_any_name_is_refused_directly_or_by_a_hard_link(tmp_path):
    register = make_register(tmp_path / "council register", PASSPHRASE)
    os.link(register, tmp_path / "other name")
    before = folder_fingerprint(tmp_path)
    for target in (register, tmp_path / "other name"):
        refused(run_cli("report", "register", "--db", register, "-o", target),
                f"{target} is the register itself")
    assert folder_fingerprint(tmp_path) == before


def test_a_report_written_through_a_symlink_replaces_the_file_it_leads_to(folder):
    (folder / "reports").mkdir()
    real = folder / "reports" / "board.pdf"
    real.write_bytes(b"last month's report")
    (folder / "latest.pdf").symlink_to(real)
    result = run_cli("report", "board", "--db", folder / "r.db", "-o", folder / "latest.pdf")
    assert result.returncode == 0, result.stderr
    assert (folder / "latest.pdf").is_symlink()
    assert os.readlink(folder / "latest.pdf") == str(real)
    assert real.read_bytes().startswith(b"%PDF")
    assert oct(real.stat().st_mode & 0o777) == oct(0o600)
