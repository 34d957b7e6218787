"""Killed during an encryption, a decryption, a backup or a restore, then started again:
the register is whole and nothing half-made is left beside it — above all no copy of
an encrypted register in plain text, checked by scanning every file's bytes for a
child's name.

kill_during.py does the work as the app and the CLI do, and SIGKILLs itself at one
chosen step: after the converted copy is written, after a hard link is made, just
before or just after a file is put in place. The next start is the clean-up that the
app's start-up and every writing command run once they hold the register's lock.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from placement_qa.demo import build_demo
from placement_qa.store import register
from placement_qa.store.backup import backup_register, default_backup_folder, list_backups
from placement_qa.store.connection import forget_passphrase, is_encrypted, open_register
from placement_qa.store.encryption import encrypt_register
from placement_qa.store.leftovers import clean_up

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

KILLER = Path(__file__).with_name("kill_during.py")
PASSPHRASE = "crash test passphrase"
FAMILY_NAME = "Wiśniewska-Kowalczyk"  # the child's name, searched for in every file


@pytest.fixture(scope="module")
def registers(tmp_path_factory) -> dict[str, Path]:
    """A demo register holding the child, plain and encrypted, and a plain backup of it."""
    folder = tmp_path_factory.mktemp("originals")
    plain = folder / "plain.db"
    db = open_register(plain, create=True, os_user="a.officer")
    build_demo(db, "small", seed=11)
    register.add_child(db, given_name="Zoë", family_name=FAMILY_NAME)
    plain_backup = backup_register(db, folder / "backups")
    db.close()
    encrypted = folder / "encrypted.db"
    shutil.copyfile(plain, encrypted)
    encrypt_register(encrypted, PASSPHRASE)
    return {"plain": plain, "encrypted": encrypted, "plain backup": plain_backup}


def kill_during(operation: str, step: str, path: Path, backup: Path | None = None) -> None:
    env = {**os.environ, "PLACEMENT_QA_PASSPHRASE": PASSPHRASE}
    args = [sys.executable, str(KILLER), operation, step, str(path)]
    result = subprocess.run(args + ([str(backup)] if backup else []), env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == -signal.SIGKILL, result.stderr


def holding_the_name(folder: Path) -> list[str]:
    """Every file under ``folder`` whose bytes hold the child's name (as SQLite stores it)."""
    name = FAMILY_NAME.encode("utf-8")
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and name in p.read_bytes())


def check_after_restart(path: Path) -> None:
    clean_up(path)  # the next start
    folder = path.parent
    encrypted = is_encrypted(path)
    if encrypted:
        assert holding_the_name(folder) == []  # no plain copy anywhere
    else:
        assert set(holding_the_name(folder)) <= {path.name, path.name + "-wal"}
    sidecars = {path.name + side for side in ("-wal", "-shm", ".lock")}
    backups = {f"backups/{b.path.name}" for b in list_backups(default_backup_folder(path), path)}
    left = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    assert left - sidecars - backups == {path.name}
    db = open_register(path, passphrase=PASSPHRASE if encrypted else None)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM children WHERE family_name = ?",
                          [FAMILY_NAME]).fetchone()[0] == 1
    finally:
        db.close()
        forget_passphrase(path)
    for info in list_backups(default_backup_folder(path), path):  # every backup is whole
        backup = open_register(info.path, passphrase=PASSPHRASE, migrate=False)
        try:
            assert backup.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            backup.close()
            forget_passphrase(info.path)


def _working_copy(registers, which: str, tmp_path: Path) -> Path:
    path = tmp_path / "register.db"
    shutil.copyfile(registers[which], path)
    return path


@pytest.mark.parametrize("step", ["export", "link", "replace-after"])
def test_killed_while_encrypting(registers, tmp_path, step):
    path = _working_copy(registers, "plain", tmp_path)
    kill_during("encrypt", step, path)
    check_after_restart(path)
    assert is_encrypted(path) == (step == "replace-after")


@pytest.mark.parametrize("step", ["export", "link", "replace-before", "replace-after"])
def test_killed_while_decrypting(registers, tmp_path, step):
    path = _working_copy(registers, "encrypted", tmp_path)
    kill_during("decrypt", step, path)
    check_after_restart(path)
    assert is_encrypted(path) == (step != "replace-after")


@pytest.mark.parametrize("step", ["copy", "link"])
def test_killed_while_backing_up_an_encrypted_register(registers, tmp_path, step):
    path = _working_copy(registers, "encrypted", tmp_path)
    kill_during("backup", step, path)
    check_after_restart(path)
    assert is_encrypted(path)


@pytest.mark.parametrize("step", ["copy", "link", "replace-before", "replace-after"])
def test_killed_while_restoring_a_plain_backup_over_an_encrypted_register(registers, tmp_path,
                                                                         step):
    path = _working_copy(registers, "encrypted", tmp_path)
    kill_during("restore", step, path, registers["plain backup"])
    check_after_restart(path)
    assert is_encrypted(path)
