"""backup, restore, encrypt and decrypt as a user runs them (in the test's process), on real
files."""

from __future__ import annotations

import os

import pytest
from command_line import Ran
from command_line import run_cli as run_command_line
from register_contents import apart_from_events, register_events, table_contents

from placement_qa.store.connection import SQLITE_HEADER, forget_passphrase, open_register

PASSPHRASE = "river 'Thames' at dusk"


def run_cli(*args: str, passphrase: str | None = None, new_passphrase: str | None = None,
            backup_passphrase: str | None = None) -> Ran:
    return run_command_line(*args, env={
        "PLACEMENT_QA_PASSPHRASE": passphrase, "PLACEMENT_QA_NEW_PASSPHRASE": new_passphrase,
        "PLACEMENT_QA_BACKUP_PASSPHRASE": backup_passphrase})


def contents(path, passphrase=None) -> dict[str, list[tuple]]:
    """What the register holds, apart from its events (a restore, an encryption)."""
    try:
        return apart_from_events(table_contents(path, passphrase))
    finally:
        forget_passphrase(path)


def add_child(path, passphrase=None) -> None:
    db = open_register(path, passphrase=passphrase)
    with db.atomic():
        db.execute("INSERT INTO children (given_name, family_name) VALUES ('Late', 'Addition')")
    db.close()
    forget_passphrase(path)


@pytest.fixture
def demo_db(tmp_path):
    path = tmp_path / "register.db"
    result = run_cli("demo", "--db", str(path), "--size", "small")
    assert result.returncode == 0, result.stderr
    return path


def one_line_error(result, *words: str) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    for word in words:
        assert word in result.stderr


def test_backup_into_the_backups_folder_then_restore_it(demo_db):
    result = run_cli("backup", "--db", str(demo_db))
    assert result.returncode == 0, result.stderr
    backups = list((demo_db.parent / "backups").glob("register-*.db"))
    assert len(backups) == 1 and str(backups[0].name) in result.stderr
    at_backup = contents(demo_db)
    add_child(demo_db)
    assert contents(demo_db) != at_backup
    result = run_cli("restore", str(backups[0]), "--db", str(demo_db))
    assert result.returncode == 0, result.stderr
    assert contents(demo_db) == at_backup
    assert "before-restore" in result.stdout
    kept = next((demo_db.parent / "backups").glob("*-before-restore.db"))
    assert kept.name in result.stdout
    assert "Addition" in contents(kept)["children"][-1]


def test_backup_to_a_chosen_file_and_never_over_the_register(demo_db, tmp_path):
    target = tmp_path / "elsewhere" / "copy.db"
    result = run_cli("backup", "--db", str(demo_db), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert contents(target) == contents(demo_db)
    before = demo_db.read_bytes()
    one_line_error(run_cli("backup", "--db", str(demo_db), "-o", str(demo_db)),
                   "register itself")
    assert demo_db.read_bytes() == before


def test_a_damaged_backup_is_refused_in_one_line_and_nothing_changes(demo_db, tmp_path):
    backup = tmp_path / "b.db"
    assert run_cli("backup", "--db", str(demo_db), "-o", str(backup)).returncode == 0
    data = bytearray(backup.read_bytes())
    middle = len(data) // 2
    data[middle - 4096:middle + 4096] = b"\xa5" * 8192
    backup.write_bytes(bytes(data))
    add_child(demo_db)
    before = contents(demo_db)
    result = run_cli("restore", str(backup), "--db", str(demo_db))
    one_line_error(result, "placement-qa restore:", "damaged", "nothing was changed")
    assert contents(demo_db) == before
    assert not (demo_db.parent / "backups").exists()


def test_an_encrypted_register_end_to_end(demo_db):
    original = contents(demo_db)
    result = run_cli("encrypt", "--db", str(demo_db), passphrase=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert not demo_db.read_bytes().startswith(SQLITE_HEADER)
    one_line_error(run_cli("check", "--db", str(demo_db)), "PLACEMENT_QA_PASSPHRASE")
    one_line_error(run_cli("check", "--db", str(demo_db), passphrase="wrong"),
                   "does not open")
    checked = run_cli("check", "--db", str(demo_db), passphrase=PASSPHRASE)
    assert checked.returncode == 0 and "integrity: ok" in checked.stdout
    assert contents(demo_db, PASSPHRASE) == original

    backup = demo_db.parent / "secret-backup.db"
    result = run_cli("backup", "--db", str(demo_db), "-o", str(backup), passphrase=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert not backup.read_bytes().startswith(SQLITE_HEADER)
    add_child(demo_db, PASSPHRASE)
    result = run_cli("restore", str(backup), "--db", str(demo_db), passphrase=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert contents(demo_db, PASSPHRASE) == original

    one_line_error(run_cli("decrypt", "--db", str(demo_db), passphrase="wrong"),
                   "does not open")
    result = run_cli("decrypt", "--db", str(demo_db), passphrase=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert demo_db.read_bytes().startswith(SQLITE_HEADER)
    assert contents(demo_db) == original


def test_encrypt_without_a_passphrase_is_refused_and_changes_nothing(demo_db):
    before = demo_db.read_bytes()
    one_line_error(run_cli("encrypt", "--db", str(demo_db)), "a passphrase is needed")
    one_line_error(run_cli("decrypt", "--db", str(demo_db), passphrase=PASSPHRASE),
                   "not encrypted")
    assert demo_db.read_bytes() == before


def test_writing_commands_are_refused_while_the_register_is_open_elsewhere(demo_db, tmp_path):
    from placement_qa.store.lock import RegisterLock

    backup = tmp_path / "b.db"
    assert run_cli("backup", "--db", str(demo_db), "-o", str(backup)).returncode == 0
    before = demo_db.read_bytes()
    with RegisterLock(demo_db, user="a.officer"):
        one_line_error(run_cli("restore", str(backup), "--db", str(demo_db)),
                       "open in Placement QA by a.officer")
        one_line_error(run_cli("encrypt", "--db", str(demo_db), passphrase=PASSPHRASE),
                       "close it there first")
        taken = run_cli("backup", "--db", str(demo_db))  # reading: allowed while open
        assert taken.returncode == 0, taken.stderr
    assert demo_db.read_bytes() == before


def test_change_passphrase_from_the_command_line(demo_db):
    original = contents(demo_db)
    one_line_error(run_cli("change-passphrase", "--db", str(demo_db), new_passphrase="x" * 9),
                   "not encrypted")
    assert run_cli("encrypt", "--db", str(demo_db), passphrase=PASSPHRASE).returncode == 0
    before = demo_db.read_bytes()
    one_line_error(run_cli("change-passphrase", "--db", str(demo_db), passphrase=PASSPHRASE),
                   "PLACEMENT_QA_NEW_PASSPHRASE")
    one_line_error(run_cli("change-passphrase", "--db", str(demo_db), passphrase="wrong",
                           new_passphrase="a new passphrase"), "does not open")
    assert demo_db.read_bytes() == before
    result = run_cli("change-passphrase", "--db", str(demo_db), passphrase=PASSPHRASE,
                     new_passphrase="a new passphrase")
    assert result.returncode == 0, result.stderr
    assert "now opens only with its new passphrase" in result.stdout
    one_line_error(run_cli("check", "--db", str(demo_db), passphrase=PASSPHRASE),
                   "passphrase")
    assert contents(demo_db, "a new passphrase") == original


def test_backup_o_never_replaces_a_file_without_force(demo_db, tmp_path):
    target = tmp_path / "quarterly report.xlsx"
    target.write_bytes(b"someone's spreadsheet")
    one_line_error(run_cli("backup", "--db", str(demo_db), "-o", str(target)),
                   "already exists", "--force", "nothing was written")
    assert target.read_bytes() == b"someone's spreadsheet"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    result = run_cli("backup", "--db", str(demo_db), "-o", str(target), "--force")
    assert result.returncode == 0, result.stderr
    assert contents(target) == contents(demo_db)


def test_a_passphrase_shorter_than_the_app_allows_is_refused(demo_db):
    before = demo_db.read_bytes()
    one_line_error(run_cli("encrypt", "--db", str(demo_db), passphrase="seven!!"),
                   "at least 8 characters", "nothing was changed")
    assert demo_db.read_bytes() == before
    assert run_cli("encrypt", "--db", str(demo_db), passphrase=PASSPHRASE).returncode == 0
    before = demo_db.read_bytes()
    one_line_error(run_cli("change-passphrase", "--db", str(demo_db), passphrase=PASSPHRASE,
                           new_passphrase="short"), "at least 8 characters")
    assert demo_db.read_bytes() == before


def _first_family_name(path, passphrase=None) -> str:
    db = open_register(path, passphrase=passphrase, migrate=False)
    try:
        return db.execute("SELECT family_name FROM children ORDER BY id").fetchone()[0]
    finally:
        db.close()
        forget_passphrase(path)


@pytest.mark.skipif(os.name != "posix", reason="symlinks as POSIX has them")
def test_through_a_symlink_the_commands_act_on_the_real_register(demo_db, tmp_path):
    (tmp_path / "desktop").mkdir()
    shortcut = tmp_path / "desktop" / "register.db"
    shortcut.symlink_to(demo_db)
    name = _first_family_name(demo_db).encode()
    original = contents(demo_db)
    backup = tmp_path / "backup.db"
    assert run_cli("backup", "--db", str(shortcut), "-o", str(backup)).returncode == 0

    result = run_cli("encrypt", "--db", str(shortcut), passphrase=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert shortcut.is_symlink() and not demo_db.read_bytes().startswith(SQLITE_HEADER)
    assert name not in demo_db.read_bytes()
    add_child(demo_db, PASSPHRASE)
    result = run_cli("restore", str(backup), "--db", str(shortcut), passphrase=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert shortcut.is_symlink() and contents(demo_db, PASSPHRASE) == original
    assert name not in demo_db.read_bytes()  # restored, and still encrypted
    result = run_cli("change-passphrase", "--db", str(shortcut), passphrase=PASSPHRASE,
                     new_passphrase="a new passphrase")
    assert result.returncode == 0, result.stderr
    result = run_cli("decrypt", "--db", str(shortcut), passphrase="a new passphrase")
    assert result.returncode == 0, result.stderr
    assert shortcut.is_symlink() and contents(demo_db) == original
    # the encryption is in the log of the register the restore replaced, kept beside it
    assert [e[0] for e in register_events(demo_db)] == [
        "restore", "change_passphrase", "decrypt"]
    # (given the new passphrase with the register: decrypting leaves copies encrypted)
    [kept] = (tmp_path / "backups").glob("*-before-restore.db")
    assert [e[0] for e in register_events(kept, "a new passphrase")] == ["encrypt"]
    forget_passphrase(kept)


def test_restoring_a_backup_from_before_encryption_keeps_the_register_encrypted(demo_db,
                                                                               tmp_path):
    backup = tmp_path / "plain backup.db"
    assert run_cli("backup", "--db", str(demo_db), "-o", str(backup)).returncode == 0
    original = contents(backup)
    assert run_cli("encrypt", "--db", str(demo_db), passphrase=PASSPHRASE).returncode == 0
    add_child(demo_db, PASSPHRASE)
    before = demo_db.read_bytes()
    one_line_error(run_cli("restore", str(backup), "--db", str(demo_db), passphrase="wrong one"),
                   "made before the register was encrypted", "nothing was changed")
    assert demo_db.read_bytes() == before
    result = run_cli("restore", str(backup), "--db", str(demo_db), passphrase=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert "encrypted with the register's passphrase" in result.stdout
    assert not demo_db.read_bytes().startswith(SQLITE_HEADER)
    assert _first_family_name(backup).encode() not in demo_db.read_bytes()
    assert contents(demo_db, PASSPHRASE) == original
    [(event, detail, _)] = register_events(demo_db, PASSPHRASE)
    assert event == "restore" and backup.name in detail
    forget_passphrase(demo_db)


@pytest.mark.skipif(os.name != "posix", reason="hard links as POSIX has them")
def test_a_hard_link_to_an_open_register_is_refused(demo_db, tmp_path):
    from placement_qa.store.lock import RegisterLock

    before = demo_db.read_bytes()
    with RegisterLock(demo_db, user="a.officer"):
        link = tmp_path / "another name.db"
        os.link(demo_db, link)
        one_line_error(run_cli("encrypt", "--db", str(link), passphrase=PASSPHRASE),
                       "has another name on this computer (a hard link", "nothing was changed")
    assert demo_db.read_bytes() == before


def test_a_writing_command_first_removes_what_interrupted_work_left(demo_db):
    assert run_cli("encrypt", "--db", str(demo_db), passphrase=PASSPHRASE).returncode == 0
    backups = demo_db.parent / "backups"
    backups.mkdir()
    left = [demo_db.with_name(demo_db.name + ".before-decryption"),  # a kill after the swap
            backups / f".{demo_db.name}.x7k2.part",                 # a kill during a backup
            demo_db.with_name(demo_db.name + ".part")]                # ... building a demo
    os.link(demo_db, left[0])
    for path in left[1:]:
        path.write_bytes(b"half made")
    result = run_cli("change-passphrase", "--db", str(demo_db), passphrase=PASSPHRASE,
                     new_passphrase="a new passphrase")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in demo_db.parent.iterdir()) == ["backups", "register.db"]
    assert list(backups.iterdir()) == []


def _holding(folder, name: str) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file() and name.encode() in
                  p.read_bytes())


def test_encrypt_encrypts_the_backups_taken_before(demo_db):
    name = _first_family_name(demo_db)
    for _ in range(2):
        assert run_cli("backup", "--db", str(demo_db)).returncode == 0
    backups = demo_db.parent / "backups"
    [older, newer] = sorted(backups.iterdir())
    assert _holding(backups, name) == [older.name, newer.name]
    result = run_cli("encrypt", "--db", str(demo_db), passphrase=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert "Its backups in its backups folder are encrypted with it" in result.stdout
    assert _holding(demo_db.parent, name) == []  # no plain copy of it left anywhere
    assert sorted(backups.iterdir()) == [older, newer]
    result = run_cli("restore", str(older), "--db", str(demo_db), passphrase=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert _first_family_name(demo_db, PASSPHRASE) == name


def test_change_passphrase_re_keys_the_backups(demo_db):
    assert run_cli("encrypt", "--db", str(demo_db), passphrase=PASSPHRASE).returncode == 0
    assert run_cli("backup", "--db", str(demo_db), passphrase=PASSPHRASE).returncode == 0
    [backup] = (demo_db.parent / "backups").iterdir()
    result = run_cli("change-passphrase", "--db", str(demo_db), passphrase=PASSPHRASE,
                     new_passphrase="after it leaked")
    assert result.returncode == 0, result.stderr
    assert "and so do its backups" in result.stdout
    one_line_error(run_cli("check", "--db", str(backup), passphrase=PASSPHRASE), "does not open")
    checked = run_cli("check", "--db", str(backup), passphrase="after it leaked")
    assert checked.returncode == 0 and "integrity: ok" in checked.stdout


def test_a_backup_made_with_another_passphrase_is_restored_with_its_own(demo_db, tmp_path):
    original = contents(demo_db)
    assert run_cli("encrypt", "--db", str(demo_db), passphrase=PASSPHRASE).returncode == 0
    old = tmp_path / "old.bak"  # taken before the passphrase changed, kept elsewhere
    assert run_cli("backup", "--db", str(demo_db), "-o", str(old),
                   passphrase=PASSPHRASE).returncode == 0
    assert run_cli("change-passphrase", "--db", str(demo_db), passphrase=PASSPHRASE,
                   new_passphrase="after it leaked").returncode == 0
    add_child(demo_db, "after it leaked")
    before = demo_db.read_bytes()
    one_line_error(run_cli("restore", str(old), "--db", str(demo_db), passphrase="after it leaked"),
                   "old.bak is encrypted, and the register's passphrase does not open it",
                   "PLACEMENT_QA_BACKUP_PASSPHRASE")
    one_line_error(run_cli("restore", str(old), "--db", str(demo_db), passphrase="after it leaked",
                           backup_passphrase="not it"), "does not open old.bak")
    assert demo_db.read_bytes() == before
    result = run_cli("restore", str(old), "--db", str(demo_db), passphrase="after it leaked",
                     backup_passphrase=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert "made with another passphrase: the restored register opens with the register's" in (
        result.stdout)
    assert contents(demo_db, "after it leaked") == original
    one_line_error(run_cli("check", "--db", str(demo_db), passphrase=PASSPHRASE), "does not open")


@pytest.mark.parametrize("weak", [" " * 8, " " * 20, "a b c d e f g", "\t seven!! \n"])
def test_a_passphrase_of_spaces_is_refused_like_a_short_one(demo_db, weak):
    before = demo_db.read_bytes()
    one_line_error(run_cli("encrypt", "--db", str(demo_db), passphrase=weak),
                   "A passphrase needs at least 8 characters that are not spaces",
                   "nothing was changed")
    assert demo_db.read_bytes() == before
    assert run_cli("encrypt", "--db", str(demo_db), passphrase=PASSPHRASE).returncode == 0
    before = demo_db.read_bytes()
    one_line_error(run_cli("change-passphrase", "--db", str(demo_db), passphrase=PASSPHRASE,
                           new_passphrase=weak), "at least 8 characters that are not spaces")
    assert demo_db.read_bytes() == before
