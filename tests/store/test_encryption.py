"""Encrypted registers: unreadable without the passphrase, whole with it."""

from __future__ import annotations

from datetime import date

import pytest

from placement_qa.store import register
from placement_qa.store.connection import (
    SQLITE_HEADER,
    PassphraseNeeded,
    WrongPassphrase,
    forget_passphrase,
    is_encrypted,
    open_register,
)
from placement_qa.store.records import get_child

PASSPHRASE = "correct horse 'battery' staple"


@pytest.fixture
def encrypted(tmp_path):
    path = tmp_path / "secret.db"
    db = open_register(path, create=True, passphrase=PASSPHRASE)
    child = register.add_child(db, given_name="Zoë", family_name="Łukasiewicz",
                               date_of_birth=date(2014, 3, 2))
    db.close()
    forget_passphrase(path)
    yield path, child
    forget_passphrase(path)


def test_the_file_is_not_plain_sqlite_and_holds_no_name(encrypted):
    path, _ = encrypted
    data = path.read_bytes()
    assert not data.startswith(SQLITE_HEADER) and is_encrypted(path)
    assert "Łukasiewicz".encode() not in data and b"placements" not in data


def test_without_the_passphrase_it_does_not_open(encrypted):
    path, _ = encrypted
    with pytest.raises(PassphraseNeeded, match="encrypted"):
        open_register(path)


def test_a_wrong_passphrase_is_refused_and_changes_nothing(encrypted):
    path, child = encrypted
    before = path.read_bytes()
    with pytest.raises(WrongPassphrase, match="Nothing was changed"):
        open_register(path, passphrase="wrong")
    assert path.read_bytes() == before
    db = open_register(path, passphrase=PASSPHRASE)
    assert get_child(db, child).family_name == "Łukasiewicz"
    db.close()


def test_with_the_passphrase_it_works_and_is_remembered_for_this_process(encrypted):
    path, child = encrypted
    db = open_register(path, passphrase=PASSPHRASE)
    register.add_child(db, given_name="Ayşe", family_name="Yılmaz")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    second = open_register(path)  # a background reader: the passphrase is remembered
    assert second.execute("SELECT count(*) FROM children").fetchone()[0] == 2
    second.close()
    db.close()
