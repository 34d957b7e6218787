"""A register that cannot be written (read-only location, disk full) fails in words and
stays exactly as it was.

Tests run as root in CI containers, where a read-only file mode does not stop writes:
there, a read-only register is simulated with ``PRAGMA query_only`` (SQLite raises the
same "attempt to write a readonly database") and a full disk with ``PRAGMA
max_page_count`` (SQLITE_FULL, "database or disk is full").
"""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest
from command_line import run_cli

from placement_qa import cli
from placement_qa.store import connection, register
from placement_qa.store.connection import RegisterError, open_register
from placement_qa.store.errors import DATABASE_ERRORS
from placement_qa.store.inspections import add_inspection
from placement_qa.store.placement_import import import_placements

TABLES = ("providers", "inspections", "children", "placements", "change_log")
HEADER = "Case ref,Given name,Family name,Provider URN,Start date,Arrangement\n"
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def content(db) -> dict[str, list[tuple]]:
    return {t: db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}


def placements_file(folder: Path, rows: int, name: str = "placements.csv") -> Path:
    long = "x" * 300
    lines = [f"CS-{n},Zoë {long},Łukasiewicz {long},123456,01/09/2025,Day\n"
             for n in range(rows)]
    path = folder / name
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def register_path(new_register, tmp_path) -> Path:
    path = tmp_path / "register.db"
    db = new_register(path, os_user="a.officer")
    provider = register.add_provider(db, name="Brookside School", urn="123456",
                                     provider_type="independent_special", host_authority="Kent")
    add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    register.add_child(db, given_name="Ayşe", family_name="Yılmaz", case_ref="CS-OLD")
    db.close()
    return path


def read_only(db):
    db.execute("PRAGMA query_only = ON")
    return db


def disk_full(db):
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + 2}")
    return db


@pytest.mark.parametrize("limit", [read_only, disk_full], ids=["read-only", "disk-full"])
def test_a_refused_import_leaves_the_register_as_it_was(register_path, tmp_path, limit):
    db = open_register(register_path)
    before = content(db)
    limit(db)
    with pytest.raises(DATABASE_ERRORS) as failed:
        import_placements(db, placements_file(tmp_path, 200))
    assert str(failed.value) in ("attempt to write a readonly database",
                                 "database or disk is full")
    assert content(db) == before
    db.close()
    reopened = open_register(register_path)
    assert content(reopened) == before
    assert reopened.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    reopened.close()


@pytest.mark.parametrize("limit", [read_only, disk_full], ids=["read-only", "disk-full"])
def test_a_refused_edit_leaves_the_register_as_it_was(register_path, limit):
    db = open_register(register_path)
    before = content(db)
    limit(db)
    with pytest.raises(DATABASE_ERRORS):
        for n in range(50):  # a full disk may take a few rows before it refuses
            register.add_child(db, given_name="Zoë" + "x" * 2000, family_name=f"Child {n}")
    assert db.execute("SELECT count(*) FROM children").fetchone()[0] == 1 + n
    assert content(db)["children"][:1] == before["children"]


@pytest.mark.parametrize(("limit", "words"), [
    (read_only, "the register cannot be written here: the file or its folder is read-only"),
    (disk_full, "the disk is full (free some space, then try again)"),
], ids=["read-only", "disk-full"])
def test_the_cli_says_why_in_one_line_and_fails(register_path, tmp_path, monkeypatch, limit,
                                                words):
    real_open = connection.open_register
    monkeypatch.setattr(connection, "open_register", lambda *a, **k: limit(real_open(*a, **k)))
    data = placements_file(tmp_path, 200)
    result = run_cli("import", "placements", data, "--db", register_path)
    assert result.returncode == cli.EXIT_FAILED and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"placement-qa import: {register_path}: {words}"]
    monkeypatch.undo()
    db = open_register(register_path)
    assert db.execute("SELECT count(*) FROM children").fetchone()[0] == 1
    db.close()


@pytest.mark.skipif(AS_ROOT or os.name != "posix", reason="root writes to read-only files")
def test_a_read_only_file_and_folder_refuse_writes_in_words(register_path, tmp_path):
    register_path.chmod(stat.S_IRUSR)
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises((RegisterError, *DATABASE_ERRORS)) as failed:
            db = open_register(register_path)
            try:
                register.add_child(db, given_name="Zoë", family_name="Łukasiewicz")
            finally:
                db.close()
        assert "readonly" in str(failed.value) or "unable to open" in str(failed.value)
    finally:
        tmp_path.chmod(stat.S_IRWXU)
        register_path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    db = open_register(register_path)
    assert db.execute("SELECT count(*) FROM children").fetchone()[0] == 1
    db.close()


def test_a_register_opened_read_only_refuses_writes_though_its_file_can_be_written(
        register_path):
    """A background reader's connection: nothing can be written through it, not even
    after switching SQLite's own guard off, and it reads what the app has written."""
    from placement_qa.store.read_only import opened_read_only

    app = open_register(register_path)  # the app's connection, holding the register open
    reader = open_register(register_path, read_only=True, check=False, migrate=False)
    try:
        assert opened_read_only(reader)
        reader.execute("PRAGMA query_only = OFF")
        with pytest.raises(DATABASE_ERRORS, match="readonly"):
            reader.execute("UPDATE children SET case_ref = 'CS-NEW'")
        register.add_child(app, given_name="Zoë", family_name="Łukasiewicz")
        names = [r[0] for r in reader.execute("SELECT given_name FROM children ORDER BY id")]
        assert names == ["Ayşe", "Zoë"]
    finally:
        reader.close()
        app.close()
    check = open_register(register_path)
    try:
        assert check.execute("SELECT case_ref FROM children ORDER BY id").fetchall() == [
            ("CS-OLD",), (None,)]
    finally:
        check.close()
