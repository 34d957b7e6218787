"""Killed during an encryption, a decryption, a passphrase change, a backup or a restore,
then started again: the register is whole, no backup is lost and nothing half-made is
left beside it — above all no copy of an encrypted register in plain text (its backups
included: those taken before it was encrypted are encrypted with it), checked by
scanning every file's bytes for a child's name, and no backup left that only the old
passphrase opens once a new one is in place.

kill_during.py does the work as the app and the CLI do, and SIGKILLs itself at one
chosen step: after a converted copy is written, after a hard link is made, just
before or just after a file is put in place. The next start is the clean-up that the
app's start-up and every writing command run once they hold the register's lock.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from placement_qa.demo import build_demo
from placement_qa.store import register
from placement_qa.store.backup import (
    KEPT_SUFFIX,
    backup_into,
    backup_register,
    default_backup_folder,
    list_backups,
)
from placement_qa.store.connection import (
    WrongPassphrase,
    forget_passphrase,
    is_encrypted,
    open_register,
)
from placement_qa.store.encryption import encrypt_register
from placement_qa.store.leftovers import clean_up

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

KILLER = Path(__file__).with_name("kill_during.py")
PASSPHRASE = "crash test passphrase"
NEW_PASSPHRASE = "the passphrase after it leaked"
FAMILY_NAME = "Wiśniewska-Kowalczyk"  # the child's name, searched for in every file


def _take_backups(db, path: Path) -> None:
    """Two backups of the register at ``path``, and a copy kept when one was restored."""
    folder = default_backup_folder(path)
    for day in (1, 2):
        backup_into(db, folder, now=datetime(2026, 11, day, 9, 0))
    backup_into(db, folder, now=datetime(2026, 11, 3, 9, 0), suffix=KEPT_SUFFIX)


@pytest.fixture(scope="module")
def registers(tmp_path_factory) -> dict[str, Path]:
    """Folders holding ``register.db`` (with the child) and its backups folder: "plain",
    with plain backups; "encrypted", with encrypted ones. And "plain backup": a plain
    backup of the register kept elsewhere."""
    originals = tmp_path_factory.mktemp("originals")
    plain = originals / "plain" / "register.db"
    plain.parent.mkdir()
    db = open_register(plain, create=True, os_user="a.officer")
    build_demo(db, "small", seed=11)
    register.add_child(db, given_name="Zoë", family_name=FAMILY_NAME)
    _take_backups(db, plain)
    plain_backup = backup_register(db, originals / "elsewhere")
    db.close()
    encrypted = originals / "encrypted" / "register.db"
    encrypted.parent.mkdir()
    shutil.copyfile(plain, encrypted)
    encrypt_register(encrypted, PASSPHRASE)
    db = open_register(encrypted, passphrase=PASSPHRASE)
    _take_backups(db, encrypted)
    db.close()
    forget_passphrase(encrypted)
    return {"plain": plain.parent, "encrypted": encrypted.parent, "plain backup": plain_backup}


def kill_during(operation: str, step: str, path: Path, backup: Path | None = None) -> None:
    env = {**os.environ, "PLACEMENT_QA_PASSPHRASE": PASSPHRASE,
           "PLACEMENT_QA_NEW_PASSPHRASE": NEW_PASSPHRASE}
    args = [sys.executable, str(KILLER), operation, step, str(path)]
    result = subprocess.run(args + ([str(backup)] if backup else []), env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == -signal.SIGKILL, result.stderr


def holding_the_name(folder: Path) -> list[str]:
    """Every file under ``folder`` whose bytes hold the child's name (as SQLite stores it)."""
    name = FAMILY_NAME.encode("utf-8")
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and name in p.read_bytes())


def _backup_names(path: Path) -> set[str]:
    return {f"backups/{b.path.name}" for b in list_backups(default_backup_folder(path), path)}


def _opened(path: Path) -> tuple[object, str | None]:
    """The register or backup at ``path`` opened, and the passphrase that opened it."""
    if not is_encrypted(path):
        return open_register(path, migrate=False), None
    for passphrase in (PASSPHRASE, NEW_PASSPHRASE):
        try:
            return open_register(path, passphrase=passphrase, migrate=False), passphrase
        except WrongPassphrase:
            forget_passphrase(path)
    raise AssertionError(f"neither passphrase opens {path.name}")


def check_after_restart(path: Path, backups_before: set[str]) -> str | None:
    """Start again on the register at ``path`` and check it, and its backups (of which
    ``backups_before`` were there before the kill); the register's passphrase."""
    clean_up(path)  # the next start
    folder = path.parent
    backups = _backup_names(path)
    assert backups_before <= backups  # no backup lost
    if is_encrypted(path):
        assert holding_the_name(folder) == []  # no plain copy anywhere, backups included
    else:
        assert set(holding_the_name(folder)) <= {path.name, path.name + "-wal"} | backups
    sidecars = {path.name + side for side in ("-wal", "-shm", ".lock")}
    left = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    assert left - sidecars - backups == {path.name}
    db, passphrase = _opened(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM children WHERE family_name = ?",
                          [FAMILY_NAME]).fetchone()[0] == 1
    finally:
        db.close()
        forget_passphrase(path)
    for name in sorted(backups):  # every backup is whole, and follows the register's key
        backup, key = _opened(folder / name)
        try:
            assert backup.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            backup.close()
            forget_passphrase(folder / name)
        assert key == passphrase or passphrase is None, name
    return passphrase


def _working_copy(registers, which: str, tmp_path: Path) -> tuple[Path, set[str]]:
    """A copy of the register ``which`` and its backups folder; the backups' names."""
    shutil.copytree(registers[which], tmp_path / "work")
    path = tmp_path / "work" / "register.db"
    return path, _backup_names(path)


@pytest.mark.parametrize("step", ["export", "export-2", "link", "replace-after",
                                  "replace-after-2"])
def test_killed_while_encrypting(registers, tmp_path, step):
    path, backups = _working_copy(registers, "plain", tmp_path)
    assert len(backups) == 3 and not any(is_encrypted(path.parent / b) for b in backups)
    kill_during("encrypt", step, path)
    passphrase = check_after_restart(path, backups)
    assert passphrase == (PASSPHRASE if step.startswith("replace-after") else None)


@pytest.mark.parametrize("step", ["export", "link", "replace-before", "replace-after"])
def test_killed_while_decrypting(registers, tmp_path, step):
    path, backups = _working_copy(registers, "encrypted", tmp_path)
    kill_during("decrypt", step, path)
    check_after_restart(path, backups)
    assert is_encrypted(path) == (step != "replace-after")


@pytest.mark.parametrize("step", ["export", "export-2", "link", "replace-after",
                                  "replace-after-2"])
def test_killed_while_changing_the_passphrase(registers, tmp_path, step):
    path, backups = _working_copy(registers, "encrypted", tmp_path)
    kill_during("change-passphrase", step, path)
    passphrase = check_after_restart(path, backups)  # and every backup opens with it
    assert passphrase == (NEW_PASSPHRASE if step.startswith("replace-after") else PASSPHRASE)


@pytest.mark.parametrize("step", ["copy", "link"])
def test_killed_while_backing_up_an_encrypted_register(registers, tmp_path, step):
    path, backups = _working_copy(registers, "encrypted", tmp_path)
    kill_during("backup", step, path)
    check_after_restart(path, backups)
    assert is_encrypted(path)


@pytest.mark.parametrize("step", ["copy", "link", "replace-before", "replace-after"])
def test_killed_while_restoring_a_plain_backup_over_an_encrypted_register(registers, tmp_path,
                                                                         step):
    path, backups = _working_copy(registers, "encrypted", tmp_path)
    kill_during("restore", step, path, registers["plain backup"])
    check_after_restart(path, backups)
    assert is_encrypted(path)
