"""Every command given a file that is not a register, or a register it cannot write, run as
a user runs it on real files in a temporary folder.

Another program's database and an empty file are refused in one line, byte for byte
unchanged, no side file made. ``check``, ``export`` and ``report`` read a register in a
read-only folder, or a read-only file, saying they opened it read-only.

Read-only must really bind the command. For an ordinary user ``chmod`` does that; root (CI)
writes anywhere, so there the command runs through ``setpriv`` without the capabilities
that let root ignore file permissions (it stays root, so it can still run the app's
Python) - checked before each test by trying to write. Such a command runs as a separate
process; the others run in the test's process.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import date

import pytest
from command_line import Ran
from command_line import run_cli as run_command_line
from recorded_visits import record_and_sign
from register_files import another_programs_database, folder_fingerprint
from sqlite_utils import Database

from placement_qa.store import register
from placement_qa.store.connection import forget_passphrase, open_register
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.store.inspections import add_inspection
from placement_qa.store.planning import plan_visit
from placement_qa.store.schema import LATEST_VERSION, migrate, migration_names

PASSPHRASE = "river 'Thames' at dusk"
NO_OVERRIDE = ["--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


def run_cli(*args: str, prefix: tuple[str, ...] = ()) -> Ran | subprocess.CompletedProcess:
    """The command, run through ``prefix`` (a separate process) if one is given."""
    passphrases = {"PLACEMENT_QA_PASSPHRASE": PASSPHRASE,
                   "PLACEMENT_QA_NEW_PASSPHRASE": PASSPHRASE + " anew"}
    if not prefix:
        return run_command_line(*args, env=passphrases)
    return subprocess.run(
        [*prefix, sys.executable, "-m", "placement_qa", *args], env={**os.environ, **passphrases},
        stdin=subprocess.DEVNULL, capture_output=True, text=True, encoding="utf-8",
        timeout=120)


def small_register(path, passphrase: str | None = None):
    """A register holding Zoë Łukasiewicz, placed at a Good provider since 01/09/2025."""
    db = open_register(path, create=True, passphrase=passphrase)
    provider = register.add_provider(db, name="Oakfield House School",
                                     provider_type="independent_special",
                                     host_authority="Kent")
    add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    child = register.add_child(db, given_name="Zoë", family_name="Łukasiewicz")
    register.add_placement(db, child_id=child, provider_id=provider,
                           start_date=date(2025, 9, 1), arrangement="day")
    db.close()
    forget_passphrase(path)
    return path


BACKUP = "register-20261122-093000.db"
# Every command that takes --db, as a user would type it (``out``: the folder of what
# the commands read and write).
COMMANDS = {
    "check": lambda out: ["check"],
    "export register": lambda out: ["export", "register", "-o", str(out / "register.csv")],
    "export overdue": lambda out: ["export", "overdue"],
    "export schedule": lambda out: ["export", "schedule", "--month", "2026-12"],
    "export changes": lambda out: ["export", "changes"],
    "export awaiting": lambda out: ["export", "awaiting"],
    "export actions": lambda out: ["export", "actions"],
    "report register": lambda out: ["report", "register", "-o", str(out / "register.pdf")],
    "report board": lambda out: ["report", "board", "-o", str(out / "board.pdf")],
    "report visit": lambda out: ["report", "visit", "1", "-o", str(out / "note.pdf")],
    "report notes": lambda out: ["report", "notes", "--month", "2026-12", "-o", str(out)],
    "import placements": lambda out: ["import", "placements", str(out / "placements.csv")],
    "import inspections": lambda out: ["import", "inspections", str(out / "placements.csv")],
    "return form": lambda out: ["return", "form", "--visit", "1", "-o", str(out / "form.xlsx")],
    "return import": lambda out: ["return", "import", str(out / "form.xlsx")],
    "schedule review": lambda out: ["schedule", "review", "--month", "2026-12", "--by", "Me"],
    "settings get": lambda out: ["settings", "get"],
    "settings set": lambda out: ["settings", "set", "home_authority", "Kent"],
    "backup": lambda out: ["backup"],
    "restore": lambda out: ["restore", str(out / "backups" / BACKUP)],
    "encrypt": lambda out: ["encrypt"],
    "sync": lambda out: ["sync", "--server", "host=/nonexistent dbname=team"],
}


@pytest.fixture
def folders(tmp_path):
    """(the folder the file under test is in, the folder of what the commands read and
    write: a spreadsheet to import and a backup to restore)"""
    here, out = tmp_path / "here", tmp_path / "out"
    here.mkdir()
    out.mkdir()
    (out / "placements.csv").write_text(
        "Case ref,Given name,Family name,Start date,Arrangement\n"
        "CS-1,Ayşe,Yılmaz,01/09/2025,Day\n", encoding="utf-8")
    small_register(out / "backups" / BACKUP)
    return here, out


@pytest.mark.parametrize("command", COMMANDS)
def test_another_programs_database_is_refused_by_every_command(folders, command):
    here, out = folders
    recipes = another_programs_database(here / "recipes.db", journal_mode="wal")
    args = COMMANDS[command](out)
    made = folder_fingerprint(out)
    before = folder_fingerprint(here)
    result = run_cli(*args, "--db", str(recipes))
    assert result.returncode == 1, result.stdout
    assert f"{recipes} is not a Placement QA register" in result.stderr
    assert "Traceback" not in result.stderr
    assert folder_fingerprint(here) == before  # the same bytes, and no -wal or -journal
    assert folder_fingerprint(out) == made  # no export, report or backup written


# (restore is left out: putting a backup in place of the file is asking for a register)
@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "restore"])
def test_an_empty_file_is_not_made_into_a_register_by_any_command(folders, command):
    here, out = folders
    empty = here / "register.db"
    empty.touch()
    args = COMMANDS[command](out)
    made = folder_fingerprint(out)
    before = folder_fingerprint(here)
    result = run_cli(*args, "--db", str(empty))
    assert result.returncode == 1, result.stdout
    assert f"{empty} " in result.stderr and "empty" in result.stderr
    assert "Traceback" not in result.stderr
    assert folder_fingerprint(here) == before  # still 0 bytes, nothing beside it
    assert folder_fingerprint(out) == made


# --- a register this user cannot write ----------------------------------------------------

def _write_refused(path, prefix: list[str]) -> bool:
    """True if a process run with ``prefix`` cannot append to ``path``."""
    tried = subprocess.run([*prefix, sys.executable, "-c",
                            f"open({str(path)!r}, 'ab').close()"], capture_output=True)
    return tried.returncode != 0


@pytest.fixture
def read_only(tmp_path):
    """``read_only(path, what)``: makes ``path`` (what="file") or its folder (what="folder")
    read-only for the commands run with the prefix returned; permissions are given back at
    the end."""
    made: list = []

    def _make(path, what: str) -> tuple[str, ...]:
        target = path if what == "file" else path.parent
        made.append((target, target.stat().st_mode))
        target.chmod(0o444 if what == "file" else 0o555)
        prefix: list[str] = []
        if os.geteuid() == 0:
            setpriv = shutil.which("setpriv")
            if setpriv is None:
                pytest.skip("root writes through file permissions and setpriv is missing")
            prefix = [setpriv, *NO_OVERRIDE]
        probe = path if what == "file" else path.parent / "probe"
        if not _write_refused(probe, prefix):
            pytest.skip(f"this machine lets the tests write to a read-only {what}")
        return tuple(prefix)

    yield _make
    for target, mode in reversed(made):
        target.chmod(mode)


@pytest.mark.parametrize(("what", "passphrase"), [("folder", None), ("file", None),
                                                  ("folder", PASSPHRASE)],
                         ids=["read-only folder", "read-only file", "encrypted, read-only"])
def test_check_export_and_report_read_a_register_that_cannot_be_written(folders, read_only,
                                                                      what, passphrase):
    here, out = folders
    path = small_register(here / "register.db", passphrase)
    prefix = read_only(path, what)
    before = folder_fingerprint(here)

    checked = run_cli("check", "--db", str(path), prefix=prefix)
    assert checked.returncode == 0, checked.stderr
    assert "integrity: ok" in checked.stdout
    assert f"schema version: {LATEST_VERSION} of {LATEST_VERSION}" in checked.stdout
    assert "opened read-only" in checked.stderr

    exported = run_cli("export", "register", "--db", str(path), prefix=prefix)
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert [(r["Child"], r["Provider"]) for r in rows] == [
        ("Zoë Łukasiewicz", "Oakfield House School")]
    assert "opened read-only" in exported.stderr

    report = out / "register.pdf"
    reported = run_cli("report", "register", "--db", str(path), "-o", str(report),
                       prefix=prefix)
    assert reported.returncode == 0, reported.stderr
    assert report.read_bytes().startswith(b"%PDF")
    assert "opened read-only" in reported.stderr

    assert folder_fingerprint(here) == before  # nothing written, no -wal or -shm left


# Every command that only reads the register, as a user would type it, and the file it
# writes into ``out`` (None: it prints to stdout).
READING_COMMANDS = {
    "export register": (["export", "register", "-o", "register.xlsx"], "register.xlsx"),
    "export overdue": (["export", "overdue", "--as-of", "01/03/2028"], None),
    "export schedule csv": (["export", "schedule", "--month", "2026-12"], None),
    "export changes": (["export", "changes"], None),
    "export schedule ics": (["export", "schedule", "--month", "2026-12", "--format", "ics",
                             "-o", "visits.ics"], "visits.ics"),
    "report visit": (["report", "visit", "1", "-o", "note.pdf"], "note.pdf"),
    "report board": (["report", "board", "-o", "board.pdf"], "board.pdf"),
    "report schedule": (["report", "schedule", "--month", "2026-12", "-o", "schedule.pdf"],
                        "schedule.pdf"),
    "report register": (["report", "register", "-o", "register.pdf"], "register.pdf"),
}


@pytest.mark.parametrize("command", READING_COMMANDS)
def test_every_reading_command_works_on_a_read_only_register(folders, read_only, command):
    """Lists and reports file names with the register's own collation, which a read-only
    connection must have too (it once said 'no such collation sequence')."""
    here, out = folders
    path = small_register(here / "register.db")
    db = open_register(path)
    ensure_default_framework(db)
    visit = plan_visit(db, provider_id=1, visit_date=date(2026, 12, 8),
                       visit_type="annual_monitoring", visitors="A. Officer", placement_ids=[1])
    record_and_sign(db, visit)  # a signed-off note, so `report visit 1` has one to print
    plan_visit(db, provider_id=1, visit_date=date(2026, 12, 15),  # December's schedule
               visit_type="additional_concern", visitors="A. Officer", placement_ids=[1])
    db.close()
    prefix = read_only(path, "folder")
    before = folder_fingerprint(here)
    words, written = READING_COMMANDS[command]
    words = [str(out / word) if word == written else word for word in words]
    result = run_cli(*words, "--db", str(path), prefix=prefix)
    assert result.returncode == 0, result.stderr
    assert "opened read-only" in result.stderr
    if written is None:
        assert "Łukasiewicz" in result.stdout or "Oakfield House School" in result.stdout
    else:
        assert (out / written).stat().st_size > 0
    assert folder_fingerprint(here) == before


@pytest.mark.parametrize(("what", "passphrase"), [("folder", None), ("file", None),
                                                  ("folder", PASSPHRASE)],
                         ids=["read-only folder", "read-only file", "encrypted, read-only"])
def test_backup_of_a_register_that_cannot_be_written_goes_where_asked(folders, read_only,
                                                                     what, passphrase):
    here, out = folders
    path = small_register(here / "register.db", passphrase)
    prefix = read_only(path, what)
    before = folder_fingerprint(here)
    copy = out / "copy.db"
    result = run_cli("backup", "--db", str(path), "-o", str(copy), prefix=prefix)
    assert result.returncode == 0, result.stderr
    assert "opened read-only" in result.stderr and f"written to {copy}" in result.stderr
    assert folder_fingerprint(here) == before  # nothing written beside the register
    db = open_register(copy, passphrase=passphrase)
    try:
        assert [r[0] for r in db.execute("SELECT family_name FROM children")] == ["Łukasiewicz"]
    finally:
        db.close()
        forget_passphrase(copy)
    if what == "folder":  # the backups folder beside it cannot be made: say what to do
        refused = run_cli("backup", "--db", str(path), prefix=prefix)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert f"{here / 'backups'} cannot be written" in refused.stderr
        assert "give -o" in refused.stderr
        assert folder_fingerprint(here) == before


def test_a_read_only_register_saved_by_an_older_version_says_why_it_cannot_be_read(
        folders, read_only):
    here, out = folders
    path = here / "register.db"
    old = Database(sqlite3.connect(path))  # as the release before this one left it
    old.conn.create_function("pqa_os_user", 0, lambda: "old.release")
    old.conn.create_function("pqa_applying_remote", 0, lambda: 0)  # the triggers' (from 0008)
    migrate(old, stop_before=migration_names()[-1])
    old.close()
    prefix = read_only(path, "folder")
    result = run_cli("export", "register", "--db", str(path), prefix=prefix)
    assert result.returncode == 1
    assert "older version of Placement QA" in result.stderr
    assert "Traceback" not in result.stderr


# --- a register file with another name (a hard link) --------------------------------------

HARD_LINK = "has another name on this computer (a hard link"


@pytest.mark.skipif(os.name != "posix", reason="hard links as POSIX has them")
@pytest.mark.parametrize("command", COMMANDS)
def test_a_register_with_a_hard_link_is_refused_by_every_command(folders, command):
    here, out = folders
    path = small_register(here / "register.db")
    os.link(path, here / "another name.db")
    made = folder_fingerprint(out)
    before = folder_fingerprint(here)
    for name in ("register.db", "another name.db"):
        result = run_cli(*COMMANDS[command](out), "--db", str(here / name))
        assert result.returncode == 1, result.stdout
        other = "another name.db" if name == "register.db" else "register.db"
        assert f"{here / name} {HARD_LINK}: {other} in the same folder" in result.stderr
        assert "Remove the other name" in result.stderr and "Traceback" not in result.stderr
    assert folder_fingerprint(here) == before  # nothing written, no lock, -wal or -shm left
    assert folder_fingerprint(out) == made


HOLDER = """
import sys, time
from placement_qa.store import register
from placement_qa.store.connection import open_register
from placement_qa.store.lock import RegisterLock
RegisterLock(sys.argv[1]).acquire()
db = open_register(sys.argv[1])
register.add_child(db, given_name="Saved", family_name="Latest")
print("READY", flush=True)
time.sleep(120)
"""


@pytest.mark.skipif(os.name != "posix", reason="hard links and SIGKILL as POSIX has them")
def test_a_hard_link_made_while_the_register_is_open_neither_misses_nor_damages_its_work(
        folders):
    here, out = folders
    path = small_register(here / "register.db")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "READY"  # its latest work in register.db-wal
        link = here / "hard.db"
        os.link(path, link)
        backup = run_cli("backup", "--db", str(link), "-o", str(out / "via the link.db"))
        assert backup.returncode == 1 and HARD_LINK in backup.stderr  # it would miss that work
        assert not (out / "via the link.db").exists()
    finally:
        holder.kill()  # dies with its work still in the -wal
        holder.wait()
    imported = run_cli("import", "placements", str(out / "placements.csv"), "--db", str(link))
    assert imported.returncode == 1 and HARD_LINK in imported.stderr
    assert HARD_LINK in run_cli("check", "--db", str(path)).stderr
    link.unlink()  # as the message says
    checked = run_cli("check", "--db", str(path))
    assert checked.returncode == 0 and "integrity: ok" in checked.stdout, checked.stderr
    db = open_register(path)
    try:
        assert [r[0] for r in db.execute("SELECT family_name FROM children ORDER BY id")] == [
            "Łukasiewicz", "Latest"]
    finally:
        db.close()
