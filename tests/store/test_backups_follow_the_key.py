"""A register's backups follow its key: encrypting it encrypts its plain backups and kept
copies, a new passphrase re-keys them, so no copy outlives the change in plain text or
under the old passphrase; a backup made with another passphrase (from elsewhere) is
restored with the register's own; and nothing is ever written through a symlink planted
where a converted copy goes."""

from __future__ import annotations

import errno
import os
import shutil
from datetime import datetime

import pytest
from register_contents import apart_from_events, register_events, table_contents

from placement_qa.demo import build_demo
from placement_qa.store import encryption, register
from placement_qa.store.backup import (
    KEPT_SUFFIX,
    BackupRefused,
    backup_into,
    default_backup_folder,
    list_backups,
    restore_backup,
)
from placement_qa.store.connection import (
    RegisterError,
    WrongPassphrase,
    forget_passphrase,
    is_encrypted,
    open_register,
)
from placement_qa.store.encryption import change_passphrase, encrypt_register

PASSPHRASE = "first passphrase, 'quoted'"
NEW_PASSPHRASE = "the one after it leaked"
CHILD = "Wiśniewska"


@pytest.fixture
def plain(new_register, tmp_path):
    """A plain register holding the child, with two backups and a copy kept when a backup
    was restored, in its backups folder; and one backup elsewhere (a memory stick)."""
    path = tmp_path / "register.db"
    db = new_register(path, os_user="a.officer")
    build_demo(db, "small", seed=7)
    register.add_child(db, given_name="Zoë", family_name=CHILD)
    folder = default_backup_folder(path)
    for day in (1, 2):
        backup_into(db, folder, now=datetime(2026, 11, day, 9, 0))
    backup_into(db, folder, now=datetime(2026, 11, 3, 9, 0), suffix=KEPT_SUFFIX)
    backup_into(db, tmp_path / "memory stick", now=datetime(2026, 11, 4, 9, 0))
    db.close()
    yield path
    forget_passphrase(path)


def _copies(path):
    return [info.path for info in list_backups(default_backup_folder(path), path)]


def _holding_the_child(folder) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")
                  if p.is_file() and CHILD.encode() in p.read_bytes())


def _opens_with(path, passphrase) -> bool:
    try:
        open_register(path, passphrase=passphrase, migrate=False).close()
    except WrongPassphrase:
        return False
    finally:
        forget_passphrase(path)
    return True


def test_encrypting_encrypts_every_backup_and_kept_copy_in_the_backups_folder(plain, tmp_path):
    copies = _copies(plain)
    before = {copy.name: apart_from_events(table_contents(copy)) for copy in copies}
    assert len(copies) == 3 and _holding_the_child(default_backup_folder(plain))
    encrypt_register(plain, PASSPHRASE)
    assert _copies(plain) == copies  # the same backups, by the same names
    assert _holding_the_child(default_backup_folder(plain)) == []
    assert sorted(p.name for p in default_backup_folder(plain).iterdir()) == sorted(
        c.name for c in copies)  # nothing else left there
    for copy in copies:
        assert apart_from_events(table_contents(copy, PASSPHRASE)) == before[copy.name]
        forget_passphrase(copy)
    stick = tmp_path / "memory stick"  # out of the app's reach: as it was
    assert [name for name in _holding_the_child(stick)] == ["register-20261104-090000.db"]


def test_a_new_passphrase_re_keys_the_backups_the_old_one_opened(plain, tmp_path):
    encrypt_register(plain, PASSPHRASE)
    forget_passphrase(plain)
    other = default_backup_folder(plain) / "register-20261105-090000.db"
    shutil.copyfile(tmp_path / "memory stick" / "register-20261104-090000.db", other)
    encrypt_other = tmp_path / "another" / "register.db"  # a backup with its own passphrase
    encrypt_other.parent.mkdir()
    shutil.copyfile(plain, encrypt_other)
    change_passphrase(encrypt_other, PASSPHRASE, "a passphrase of its own")
    theirs = default_backup_folder(plain) / "register-20261106-090000.db"
    shutil.copyfile(encrypt_other, theirs)

    change_passphrase(plain, PASSPHRASE, NEW_PASSPHRASE)
    for copy in _copies(plain):
        if copy == theirs:  # the old passphrase never opened it: left as it was
            assert _opens_with(copy, "a passphrase of its own")
            continue
        assert is_encrypted(copy) and _opens_with(copy, NEW_PASSPHRASE), copy.name
        assert not _opens_with(copy, PASSPHRASE), copy.name
    assert _holding_the_child(default_backup_folder(plain)) == []  # the plain one too


def test_a_damaged_backup_stops_the_encryption_and_nothing_changes(plain):
    [newest, older, _] = _copies(plain)
    data = bytearray(older.read_bytes())
    data[4096 * 2:4096 * 3] = b"\xa5" * 4096
    older.write_bytes(bytes(data))
    before = {p.name: p.read_bytes() for p in plain.parent.rglob("*") if p.is_file()}
    with pytest.raises(RegisterError, match=f"The backup {older.name} could not be converted.*"
                       "nothing was changed: move it out of"):
        encrypt_register(plain, PASSPHRASE)
    assert {p.name: p.read_bytes() for p in plain.parent.rglob("*") if p.is_file()} == before


def test_a_backup_made_with_another_passphrase_is_restored_with_the_registers(plain, tmp_path):
    encrypt_register(plain, PASSPHRASE)
    from_elsewhere = tmp_path / "old.bak"  # taken before the passphrase changed, kept apart
    shutil.copyfile(plain, from_elsewhere)
    change_passphrase(plain, PASSPHRASE, NEW_PASSPHRASE)
    at_backup = apart_from_events(table_contents(from_elsewhere, PASSPHRASE))
    forget_passphrase(from_elsewhere)
    before = plain.read_bytes()
    with pytest.raises(BackupRefused, match="The passphrase does not open old.bak"):
        restore_backup(from_elsewhere, plain, keep_folder=default_backup_folder(plain),
                       passphrase=NEW_PASSPHRASE)
    assert plain.read_bytes() == before

    restore_backup(from_elsewhere, plain, keep_folder=default_backup_folder(plain),
                   passphrase=NEW_PASSPHRASE, backup_passphrase=PASSPHRASE)
    forget_passphrase(plain)
    assert not _opens_with(plain, PASSPHRASE)  # the old passphrase is not brought back
    assert apart_from_events(table_contents(plain, NEW_PASSPHRASE)) == at_backup
    [*_, (event, detail, _)] = register_events(plain, NEW_PASSPHRASE)
    assert event == "restore" and "made with another passphrase" in detail


def test_a_backup_with_another_passphrase_needs_the_registers_to_open_it(plain, tmp_path):
    encrypt_register(plain, PASSPHRASE)
    theirs = tmp_path / "theirs.db"
    shutil.copyfile(plain, theirs)
    change_passphrase(theirs, PASSPHRASE, "their passphrase")
    forget_passphrase(plain)
    before = plain.read_bytes()
    with pytest.raises(BackupRefused, match="made with another passphrase.*give the right one"):
        restore_backup(theirs, plain, keep_folder=default_backup_folder(plain),
                       passphrase="not the register's", backup_passphrase="their passphrase")
    assert plain.read_bytes() == before


@pytest.mark.skipif(os.name != "posix", reason="symlinks as POSIX has them")
@pytest.mark.parametrize("where", [".register.db.converting", "register.db.before-encryption"])
def test_a_symlink_planted_where_a_copy_goes_is_never_written_through(plain, monkeypatch,
                                                                     tmp_path, where):
    victim = tmp_path / "elsewhere" / "victim.db"  # not there yet: a write would make it
    victim.parent.mkdir()
    removing = encryption.remove_conversion_leftovers

    def planted_meanwhile(src):  # right after the clean-up, before the copy is written
        removed = removing(src)
        (src.parent / where).symlink_to(victim)
        return removed

    monkeypatch.setattr(encryption, "remove_conversion_leftovers", planted_meanwhile)
    monkeypatch.setattr(os, "link", _no_hard_links)  # a FAT memory stick: the old is copied
    before = plain.read_bytes()
    with pytest.raises(OSError):
        encrypt_register(plain, PASSPHRASE)
    assert not victim.exists()
    assert plain.read_bytes() == before and not plain.is_symlink()


def _no_hard_links(*args, **kwargs):
    raise OSError(errno.EPERM, "Operation not permitted")
