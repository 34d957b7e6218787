"""Backups and restore: the SQLite backup API, rotation, integrity first, nothing lost."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from register_contents import apart_from_events, register_events, table_contents

from placement_qa.demo import build_demo
from placement_qa.store import register, settings
from placement_qa.store.backup import (
    BackupRefused,
    backup_due,
    backup_register,
    default_backup_folder,
    latest_good_backup,
    list_backups,
    restore_backup,
)
from placement_qa.store.connection import (
    SQLITE_HEADER,
    PassphraseNeeded,
    RegisterError,
    WrongPassphrase,
    current_os_user,
    forget_passphrase,
    is_encrypted,
    open_register,
)

PASSPHRASE = "tea at 'four' o'clock"
NOON = datetime(2026, 11, 25, 12, 0, 0)


def damage(path: Path) -> None:
    """Overwrite bytes in the middle of the file (a bad sector, a truncated copy...)."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle - 4096:middle + 4096] = b"\xa5" * 8192
    path.write_bytes(bytes(data))


def change_everything(db) -> None:
    """Writes after the backup, which the restore must undo."""
    child = register.add_child(db, given_name="Nia", family_name="Okafor")
    register.update_child(db, 1, family_name="Changed-after-backup")
    settings.set_setting(db, "home_authority", "Elsewhere")
    assert child


@pytest.fixture
def demo_register(new_register, tmp_path):
    path = tmp_path / "register.db"
    db = new_register(path, os_user="a.officer")
    build_demo(db, "small", seed=3)
    yield path, db
    db.close()


@pytest.fixture
def encrypted_register(tmp_path):
    path = tmp_path / "secret.db"
    db = open_register(path, create=True, os_user="a.officer", passphrase=PASSPHRASE)
    build_demo(db, "small", seed=4)
    yield path, db
    db.close()
    forget_passphrase(path)


def test_backup_then_restore_gives_every_table_back_exactly(demo_register, tmp_path):
    path, db = demo_register
    folder = default_backup_folder(path)
    backup = backup_register(db, folder, now=NOON)
    assert backup == tmp_path / "backups" / "register-20261125-120000.db"
    at_backup = table_contents(path)
    assert at_backup["change_log"] and at_backup["register_meta"]
    change_everything(db)
    db.close()
    assert table_contents(path) != at_backup
    kept = restore_backup(backup, path, keep_folder=folder, now=NOON + timedelta(hours=1))
    assert apart_from_events(table_contents(path)) == apart_from_events(at_backup)
    assert kept.name == "register-20261125-130000-before-restore.db"


def test_an_encrypted_register_backs_up_encrypted_and_restores_exactly(encrypted_register):
    path, db = encrypted_register
    folder = default_backup_folder(path)
    backup = backup_register(db, folder, now=NOON)
    assert is_encrypted(backup) and not backup.read_bytes().startswith(SQLITE_HEADER)
    at_backup = table_contents(path, PASSPHRASE)
    change_everything(db)
    db.close()
    forget_passphrase(path)
    with pytest.raises(PassphraseNeeded):
        open_register(backup)
    with pytest.raises(WrongPassphrase):
        open_register(backup, passphrase="not it")
    with pytest.raises(BackupRefused, match="passphrase"):
        restore_backup(backup, path, keep_folder=folder, passphrase="not it")
    kept = restore_backup(backup, path, keep_folder=folder, passphrase=PASSPHRASE)
    assert is_encrypted(path) and is_encrypted(kept)
    assert apart_from_events(table_contents(path, PASSPHRASE)) == apart_from_events(at_backup)


def test_restore_keeps_the_register_it_replaces(demo_register):
    path, db = demo_register
    folder = default_backup_folder(path)
    backup = backup_register(db, folder, now=NOON)
    change_everything(db)
    db.close()
    before_restore = table_contents(path)
    kept = restore_backup(backup, path, keep_folder=folder)
    assert kept.parent == folder
    assert table_contents(kept) == before_restore
    assert [b.path for b in list_backups(folder, path)] == [kept, backup]


def test_a_damaged_backup_is_refused_and_the_register_is_unchanged(demo_register):
    path, db = demo_register
    folder = default_backup_folder(path)
    backup = backup_register(db, folder, now=NOON)
    change_everything(db)
    db.close()
    damage(backup)
    before = path.read_bytes()
    with pytest.raises(BackupRefused, match="damaged.*nothing was changed"):
        restore_backup(backup, path, keep_folder=folder)
    assert path.read_bytes() == before
    assert [b.path for b in list_backups(folder, path)] == [backup]  # nothing kept either


def test_a_damaged_encrypted_backup_is_refused(encrypted_register):
    path, db = encrypted_register
    backup = backup_register(db, default_backup_folder(path), now=NOON)
    db.close()
    damage(backup)
    before = path.read_bytes()
    with pytest.raises(BackupRefused):
        restore_backup(backup, path, keep_folder=backup.parent, passphrase=PASSPHRASE)
    assert path.read_bytes() == before


def test_rotation_keeps_the_newest_n_and_never_a_register_kept_by_a_restore(demo_register):
    path, db = demo_register
    folder = default_backup_folder(path)
    taken = [backup_register(db, folder, keep=3, now=NOON + timedelta(days=d))
             for d in range(5)]
    assert [b.path for b in list_backups(folder, path)] == taken[:1:-1]
    db.close()
    kept = restore_backup(taken[-1], path, keep_folder=folder, now=NOON + timedelta(days=9))
    db = open_register(path)
    backup_register(db, folder, keep=2, now=NOON + timedelta(days=10))
    db.close()
    names = [b.path.name for b in list_backups(folder, path)]
    assert names == ["register-20261205-120000.db", kept.name, "register-20261129-120000.db"]


def test_latest_good_backup_skips_a_damaged_one(demo_register):
    path, db = demo_register
    folder = default_backup_folder(path)
    good = backup_register(db, folder, now=NOON)
    newer = backup_register(db, folder, now=NOON + timedelta(hours=1))
    assert latest_good_backup(folder, path) == newer
    damage(newer)
    assert latest_good_backup(folder, path) == good
    damage(good)
    assert latest_good_backup(folder, path) is None


def test_a_backup_is_due_when_none_was_taken_in_the_last_day(demo_register):
    path, db = demo_register
    folder = default_backup_folder(path)
    assert backup_due(folder, path, NOON)
    backup_register(db, folder, now=NOON)
    assert not backup_due(folder, path, NOON + timedelta(hours=23, minutes=59))
    assert backup_due(folder, path, NOON + timedelta(hours=24))
    assert backup_due(folder, path, NOON - timedelta(hours=1))  # dated later: not counted
    assert backup_due(folder, path.with_name("other.db"), NOON)  # another register's


def test_a_backup_taken_during_another_connections_write_has_only_committed_data(
        demo_register):
    path, db = demo_register
    folder = default_backup_folder(path)
    writer = open_register(path)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO children (given_name, family_name) VALUES ('Half', 'Written')")
    first = backup_register(db, folder, now=NOON)  # the writer's transaction is still open
    writer.execute("COMMIT")
    register.add_child(db, given_name="Second", family_name="Backup")
    second = backup_register(db, folder, now=NOON + timedelta(hours=1))
    writer.close()
    names = {b: [r[0] for r in open_register(b, migrate=False).execute(
        "SELECT family_name FROM children ORDER BY id")] for b in (first, second)}
    assert "Written" not in names[first]
    assert names[second][-2:] == ["Written", "Backup"]
    db.close()
    assert table_contents(second) == table_contents(path)


def test_a_backup_never_touches_the_register(demo_register):
    path, db = demo_register
    before = table_contents(path)
    backup_register(db, default_backup_folder(path), now=NOON)
    assert table_contents(path) == before
    assert not list(path.parent.glob("backups/.*"))  # no temporary file left


def test_backup_and_lock_settings_have_defaults_and_limits(demo_register):
    _, db = demo_register
    assert settings.backup_keep(db) == 14 and settings.idle_lock_minutes(db) == 10
    settings.set_setting(db, "backup_keep", "30")
    settings.set_setting(db, "idle_lock_minutes", "5")
    assert settings.backup_keep(db) == 30 and settings.idle_lock_minutes(db) == 5
    for bad in ("0", "366", "7.5"):
        with pytest.raises(ValueError, match="1 to 365"):
            settings.set_setting(db, "backup_keep", bad)
    with pytest.raises(ValueError, match="1 to 240"):
        settings.set_setting(db, "idle_lock_minutes", "241")
    assert settings.backup_keep(db) == 30 and settings.idle_lock_minutes(db) == 5
    settings.store_text(db, "backup_keep", "lots")
    assert settings.backup_keep(db) == 14


def test_restore_refuses_a_file_that_is_not_a_register(demo_register, tmp_path):
    path, db = demo_register
    db.close()
    other = tmp_path / "other.db"
    other_db = open_register(other, create=True, migrate=False)
    other_db.close()
    before = path.read_bytes()
    with pytest.raises(BackupRefused, match="not a Placement QA register"):
        restore_backup(other, path, keep_folder=tmp_path / "backups")
    with pytest.raises(BackupRefused, match="missing or empty"):
        restore_backup(tmp_path / "nothing.db", path, keep_folder=tmp_path / "backups")
    assert path.read_bytes() == before


def test_two_backups_in_the_same_second_never_share_a_name(demo_register):
    path, db = demo_register
    folder = default_backup_folder(path)
    first = backup_register(db, folder, now=NOON)
    register.add_child(db, given_name="Nia", family_name="Okafor")
    second = backup_register(db, folder, now=NOON)
    third = backup_register(db, folder, now=NOON)
    assert len({first, second, third}) == 3
    assert [b.path for b in list_backups(folder, path)] == [third, second, first]
    assert "Okafor" not in str(table_contents(first)["children"])
    assert "Okafor" in str(table_contents(second)["children"])


def test_two_restores_in_the_same_second_keep_both_registers_they_replaced(demo_register):
    path, db = demo_register
    folder = default_backup_folder(path)
    backup = backup_register(db, folder, now=NOON)
    register.add_child(db, given_name="First", family_name="Replaced")
    db.close()
    first_kept = restore_backup(backup, path, keep_folder=folder, now=NOON)
    second_kept = restore_backup(backup, path, keep_folder=folder, now=NOON)
    assert first_kept != second_kept
    assert "Replaced" in str(table_contents(first_kept)["children"])
    assert "Replaced" not in str(table_contents(second_kept)["children"])


def test_a_restore_is_logged_in_the_restored_register_and_the_old_log_is_kept(demo_register):
    path, db = demo_register
    folder = default_backup_folder(path)
    backup = backup_register(db, folder, now=NOON)
    register.update_child(db, 1, family_name="Changed-after-backup")
    db.close()
    kept = restore_backup(backup, path, keep_folder=folder, now=NOON + timedelta(hours=1))
    [(event, detail, user)] = register_events(path)
    assert (event, user) == ("restore", current_os_user())
    assert backup.name in detail and kept.name in detail
    kept_db = open_register(kept, migrate=False)
    try:  # the change made after the backup is still in the kept register's log
        last = kept_db.execute("SELECT after_json FROM change_log WHERE table_name = "
                               "'children' ORDER BY id DESC LIMIT 1").fetchone()[0]
    finally:
        kept_db.close()
    assert "Changed-after-backup" in last


@pytest.mark.skipif(os.name != "posix", reason="symlinks as POSIX has them")
def test_a_restore_through_a_symlink_restores_the_real_register(demo_register, tmp_path):
    path, db = demo_register
    folder = default_backup_folder(path)
    backup = backup_register(db, folder, now=NOON)
    at_backup = apart_from_events(table_contents(path))
    change_everything(db)
    db.close()
    (tmp_path / "desktop").mkdir()
    shortcut = tmp_path / "desktop" / "register.db"
    shortcut.symlink_to(path)
    restore_backup(backup, shortcut, keep_folder=folder)
    assert shortcut.is_symlink()
    assert apart_from_events(table_contents(path)) == at_backup


@pytest.fixture
def backup_before_encryption(demo_register, tmp_path):
    """A plain backup kept elsewhere (on a memory stick: encrypting the register does not
    reach it), then the register encrypted: (register, backup, what it held)."""
    from placement_qa.store.encryption import encrypt_register

    path, db = demo_register
    backup = backup_register(db, tmp_path / "memory stick", now=NOON)
    at_backup = apart_from_events(table_contents(path))
    change_everything(db)
    db.close()
    encrypt_register(path, PASSPHRASE)
    yield path, backup, at_backup
    forget_passphrase(path)


def test_a_backup_from_before_encryption_is_restored_encrypted(backup_before_encryption):
    path, backup, at_backup = backup_before_encryption
    kept = restore_backup(backup, path, keep_folder=backup.parent, passphrase=PASSPHRASE)
    assert is_encrypted(path) and is_encrypted(kept) and not is_encrypted(backup)
    forget_passphrase(path)
    with pytest.raises(PassphraseNeeded):
        open_register(path)
    assert apart_from_events(table_contents(path, PASSPHRASE)) == at_backup
    [(event, detail, _)] = register_events(path, PASSPHRASE)
    assert event == "restore" and "encrypted with the register's passphrase" in detail
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("passphrase", [None, "not the passphrase"])
def test_a_backup_from_before_encryption_needs_the_registers_passphrase(
        backup_before_encryption, passphrase):
    path, backup, _ = backup_before_encryption
    forget_passphrase(path)
    before = path.read_bytes()
    with pytest.raises(RegisterError, match="before the register was encrypted.*nothing was"):
        restore_backup(backup, path, keep_folder=backup.parent, passphrase=passphrase)
    assert path.read_bytes() == before
    assert [b.path for b in list_backups(backup.parent, path)] == [backup]  # nothing kept
