"""Encrypting and decrypting an existing register in place: all or nothing."""

from __future__ import annotations

import os

import pytest
from register_contents import apart_from_events, register_events, table_contents

from placement_qa.demo import build_demo
from placement_qa.store import encryption
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
from placement_qa.store.encryption import change_passphrase, decrypt_register, encrypt_register

PASSPHRASE = "Mañana — 'quoted' & long enough"


@pytest.fixture
def plain(new_register, tmp_path):
    path = tmp_path / "register.db"
    db = new_register(path, os_user="a.officer")
    build_demo(db, "small", seed=5)
    db.close()
    yield path
    forget_passphrase(path)


def a_child_name(contents) -> str:
    """The family name of the register's first child (the demo's names vary by seed)."""
    columns = ("id", "uuid", "given_name", "family_name")
    return contents["children"][0][columns.index("family_name")]


def leftovers(path):
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name and not p.is_dir())


def test_encrypt_then_decrypt_gives_the_same_register(plain):
    original = apart_from_events(table_contents(plain))
    encrypt_register(plain, PASSPHRASE)
    assert is_encrypted(plain) and not plain.read_bytes().startswith(SQLITE_HEADER)
    assert b"change_log" not in plain.read_bytes()
    assert leftovers(plain) == []  # no plain copy left beside it
    with pytest.raises(PassphraseNeeded):
        open_register(plain)
    with pytest.raises(WrongPassphrase):
        open_register(plain, passphrase="guess")
    assert apart_from_events(table_contents(plain, PASSPHRASE)) == original
    forget_passphrase(plain)
    decrypt_register(plain, PASSPHRASE)
    assert plain.read_bytes().startswith(SQLITE_HEADER) and leftovers(plain) == []
    assert apart_from_events(table_contents(plain)) == original


def test_the_encrypted_register_works_fully(plain):
    encrypt_register(plain, PASSPHRASE)
    db = open_register(plain, passphrase=PASSPHRASE)
    db.execute("UPDATE children SET family_name = 'Edited' WHERE id = 1")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM change_log").fetchone()[0] > 0
    db.close()


@pytest.mark.parametrize("step", ["replace", "link"])
def test_a_failure_at_the_swap_leaves_the_plain_register_intact(plain, monkeypatch, step):
    original = table_contents(plain)

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, step, fail)
    monkeypatch.setattr(encryption, "copy_bytes", fail)
    with pytest.raises(OSError, match="No space"):
        encrypt_register(plain, PASSPHRASE)
    monkeypatch.undo()
    assert plain.read_bytes().startswith(SQLITE_HEADER)
    assert leftovers(plain) == []
    assert table_contents(plain) == original


def test_a_failure_at_the_swap_leaves_the_encrypted_register_intact(plain, monkeypatch):
    encrypt_register(plain, PASSPHRASE)
    forget_passphrase(plain)
    before = plain.read_bytes()

    def fail(*args, **kwargs):
        raise KeyboardInterrupt  # the user pressed Ctrl+C at the worst moment

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(KeyboardInterrupt):
        decrypt_register(plain, PASSPHRASE)
    monkeypatch.undo()
    assert plain.read_bytes() == before and leftovers(plain) == []
    db = open_register(plain, passphrase=PASSPHRASE)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_a_wrong_passphrase_does_not_decrypt_and_changes_nothing(plain):
    encrypt_register(plain, PASSPHRASE)
    before = plain.read_bytes()
    with pytest.raises(RegisterError, match="does not open.*Nothing was changed"):
        decrypt_register(plain, "guess")
    assert plain.read_bytes() == before and leftovers(plain) == []


def test_converting_twice_or_a_missing_file_is_refused(plain, tmp_path):
    with pytest.raises(RegisterError, match="not encrypted"):
        decrypt_register(plain, PASSPHRASE)
    encrypt_register(plain, PASSPHRASE)
    with pytest.raises(RegisterError, match="already encrypted"):
        encrypt_register(plain, "another passphrase")
    with pytest.raises(RegisterError, match="does not exist"):
        encrypt_register(tmp_path / "missing.db", PASSPHRASE)
    with pytest.raises(RegisterError, match="empty"):
        encrypt_register(tmp_path / "register.db", "")


def test_a_new_passphrase_opens_it_and_the_old_one_no_longer_does(plain):
    original = apart_from_events(table_contents(plain))
    encrypt_register(plain, PASSPHRASE)
    change_passphrase(plain, PASSPHRASE, "a new one, Łódź 2027")
    assert leftovers(plain) == []
    with pytest.raises(WrongPassphrase):
        open_register(plain, passphrase=PASSPHRASE)
    assert apart_from_events(table_contents(plain, "a new one, Łódź 2027")) == original


def test_a_passphrase_change_refused_changes_nothing(plain):
    with pytest.raises(RegisterError, match="not encrypted"):
        change_passphrase(plain, "", "a new passphrase")
    encrypt_register(plain, PASSPHRASE)
    before = plain.read_bytes()
    with pytest.raises(RegisterError, match="does not open.*Nothing was changed"):
        change_passphrase(plain, "guess", "a new passphrase")
    with pytest.raises(RegisterError, match="the same as the old one"):
        change_passphrase(plain, PASSPHRASE, PASSPHRASE)
    with pytest.raises(RegisterError, match="empty"):
        change_passphrase(plain, PASSPHRASE, "")
    assert plain.read_bytes() == before and leftovers(plain) == []


def test_encrypting_decrypting_and_a_new_passphrase_are_events_in_the_change_log(plain):
    assert register_events(plain) == []
    encrypt_register(plain, PASSPHRASE)
    change_passphrase(plain, PASSPHRASE, "the second passphrase")
    decrypt_register(plain, "the second passphrase")
    events = register_events(plain)
    assert [(event, user) for event, _, user in events] == [
        ("encrypt", current_os_user()), ("change_passphrase", current_os_user()),
        ("decrypt", current_os_user())]
    assert "passphrase" in events[0][1] and PASSPHRASE not in str(events)


@pytest.mark.skipif(os.name != "posix", reason="symlinks as POSIX has them")
def test_through_a_symlink_the_real_register_is_converted(plain, tmp_path):
    (tmp_path / "shortcuts").mkdir()
    shortcut = tmp_path / "shortcuts" / "register.db"
    shortcut.symlink_to(plain)
    original = apart_from_events(table_contents(plain))
    encrypt_register(shortcut, PASSPHRASE)
    assert shortcut.is_symlink() and is_encrypted(plain)
    assert a_child_name(original).encode() not in plain.read_bytes()
    assert leftovers(plain) == []
    change_passphrase(shortcut, PASSPHRASE, "the second passphrase")
    assert shortcut.is_symlink()
    assert apart_from_events(table_contents(plain, "the second passphrase")) == original
    forget_passphrase(plain)
    decrypt_register(shortcut, "the second passphrase")
    assert shortcut.is_symlink() and not is_encrypted(plain)
    assert apart_from_events(table_contents(plain)) == original


@pytest.mark.skipif(os.name != "posix", reason="hard links as POSIX has them")
def test_a_register_with_another_name_is_not_encrypted_or_rekeyed(plain, tmp_path):
    other_name = tmp_path / "copy-that-is-not-a-copy.db"
    os.link(plain, other_name)
    before = plain.read_bytes()
    with pytest.raises(RegisterError, match="another name.*a hard link.*nothing was changed"):
        encrypt_register(plain, PASSPHRASE)
    assert plain.read_bytes() == before and not is_encrypted(plain)
    other_name.unlink()
    encrypt_register(plain, PASSPHRASE)
    os.link(plain, other_name)
    with pytest.raises(RegisterError, match="another name.*a hard link.*nothing was changed"):
        change_passphrase(plain, PASSPHRASE, "the second passphrase")
    other_name.unlink()
    assert table_contents(plain, PASSPHRASE)  # still the old passphrase's


def test_a_passphrase_shorter_than_the_app_allows_is_refused(plain):
    before = plain.read_bytes()
    with pytest.raises(RegisterError, match="at least 8 characters"):
        encrypt_register(plain, "seven!!")
    assert plain.read_bytes() == before
    encrypt_register(plain, "eight!!!")
    with pytest.raises(RegisterError, match="at least 8 characters"):
        change_passphrase(plain, "eight!!!", "short")
    assert table_contents(plain, "eight!!!")
