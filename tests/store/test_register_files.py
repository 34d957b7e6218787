"""Opening a file that is not a register, or a damaged encrypted one, on real files.

An empty file or another program's SQLite database is refused and left byte for byte as
it was (no ``-wal``/``-journal`` made beside it either); a path that does not exist yet
still becomes a new register. A damaged encrypted register is told apart from a wrong
passphrase by SQLCipher's per-page check.
"""

from __future__ import annotations

import sqlite3

import pytest
from register_files import PAGE, another_programs_database, damage_pages, folder_fingerprint

from placement_qa.store import register
from placement_qa.store.backup import default_backup_folder, restore_backup
from placement_qa.store.connection import (
    RegisterDamaged,
    RegisterError,
    WrongPassphrase,
    forget_passphrase,
    open_register,
)
from placement_qa.store.encryption import encrypt_register

PASSPHRASE = "correct horse battery"
OPENINGS = {"to use": {}, "to create if missing": {"create": True},
            "to check": {"migrate": False}}


@pytest.mark.parametrize("how", OPENINGS)
def test_a_zero_byte_file_is_not_made_into_a_register(tmp_path, how):
    empty = tmp_path / "register.db"
    empty.touch()
    before = folder_fingerprint(tmp_path)
    with pytest.raises(RegisterError, match=r"register\.db is empty \(0 bytes\)"):
        open_register(empty, **OPENINGS[how])
    assert folder_fingerprint(tmp_path) == before
    assert empty.stat().st_size == 0


@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
@pytest.mark.parametrize("how", OPENINGS)
def test_another_programs_database_is_refused_byte_for_byte(tmp_path, how, journal_mode):
    recipes = another_programs_database(tmp_path / "recipes.db", journal_mode=journal_mode)
    before = folder_fingerprint(tmp_path)
    with pytest.raises(RegisterError, match=r"recipes\.db is not a Placement QA register"):
        open_register(recipes, **OPENINGS[how])
    assert folder_fingerprint(tmp_path) == before  # no -wal, -shm or -journal left either
    conn = sqlite3.connect(recipes)
    assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("recipes",)]
    conn.close()


def test_an_empty_database_of_another_program_is_refused(tmp_path):
    path = tmp_path / "blank.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")  # written to the header: no tables yet
    conn.close()
    before = folder_fingerprint(tmp_path)
    with pytest.raises(RegisterError, match="is not a Placement QA register"):
        open_register(path, create=True)
    assert folder_fingerprint(tmp_path) == before


def test_encrypting_another_programs_database_is_refused(tmp_path):
    recipes = another_programs_database(tmp_path / "recipes.db")
    before = folder_fingerprint(tmp_path)
    with pytest.raises(RegisterError, match="is not a Placement QA register"):
        encrypt_register(recipes, PASSPHRASE)
    assert folder_fingerprint(tmp_path) == before


def test_restoring_over_another_programs_database_is_refused(tmp_path):
    backup = tmp_path / "kept" / "register-20261122-093000.db"
    open_register(backup, create=True).close()
    recipes = another_programs_database(tmp_path / "recipes.db")
    before = folder_fingerprint(tmp_path)
    with pytest.raises(RegisterError, match="is not a Placement QA register"):
        restore_backup(backup, recipes, keep_folder=default_backup_folder(recipes))
    assert folder_fingerprint(tmp_path) == before


# --- a damaged encrypted register, or a wrong passphrase ---------------------------------

@pytest.fixture
def encrypted(tmp_path):
    path = tmp_path / "secret.db"
    db = open_register(path, create=True, passphrase=PASSPHRASE)
    register.add_child(db, given_name="Zoë", family_name="Łukasiewicz")
    db.close()
    forget_passphrase(path)
    yield path
    forget_passphrase(path)


# The first page holds the start of the register's schema, which SQLCipher must read to
# open the file at all: damage there (past the salt) used to pass for a wrong passphrase.
DAMAGE = {"the first page, past its salt": lambda pages: [0],
          "every page after the first": lambda pages: range(1, pages)}


@pytest.mark.parametrize("where", DAMAGE)
def test_a_damaged_encrypted_register_is_told_apart_from_a_wrong_passphrase(encrypted,
                                                                           where):
    damage_pages(encrypted, DAMAGE[where](encrypted.stat().st_size // PAGE))
    before = folder_fingerprint(encrypted.parent)
    with pytest.raises(RegisterDamaged, match=r"secret\.db is damaged"):
        open_register(encrypted, passphrase=PASSPHRASE)
    with pytest.raises(WrongPassphrase, match="does not open"):
        open_register(encrypted, passphrase="not the passphrase")
    assert folder_fingerprint(encrypted.parent) == before
