"""What an interrupted backup, restore, encryption or demo left beside the register is
removed at the next start; everything else, and a part file still being written, stays."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from placement_qa.store.connection import open_register
from placement_qa.store.leftovers import clean_up

HALF_MADE = [
    ".register.db.converting",             # an encryption's converted copy
    ".register.db.converting-journal",
    "register.db.before-decryption",       # the old file, kept until the new was in place
    "register.db.before-new-passphrase",
    ".register.db.k2j4x9.part",            # a restore's copy
    "register.db.part",                    # a demo being built
    "register.db.part-wal",
    "backups/.register.db.a8b7c6.part",    # a backup's copy
    "backups/.register.db.a8b7c6.part-journal",
]
NOT_OURS = [
    "north.db",
    ".north.db.converting",
    "register.db2.before-encryption",
    "backups/.north.db.a8b7c6.part",
    "backups/.register.db2.a8b7c6.part",
    "backups/register-20261125-120000.db",
    "backups/register-20261125-120000-before-restore.db",
    "minutes.part",
]


@pytest.fixture
def register(new_register, tmp_path):
    path = tmp_path / "register.db"
    new_register(path, os_user="a.officer").close()
    (tmp_path / "backups").mkdir()
    return path


def _files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_every_half_made_file_is_removed_and_nothing_else(register, tmp_path):
    for name in HALF_MADE + NOT_OURS:
        (tmp_path / name).write_bytes(b"Zo\xc3\xab Lukasiewicz")
    os.link(register, tmp_path / "register.db.before-encryption")  # the plain register
    before = register.read_bytes()
    removed = clean_up(register)
    assert sorted(str(p.relative_to(tmp_path)) for p in removed) == sorted(
        HALF_MADE + ["register.db.before-encryption"])
    assert _files(tmp_path) == sorted(NOT_OURS + ["register.db"])
    assert register.read_bytes() == before
    assert clean_up(register) == []  # nothing more the second time


@pytest.mark.skipif(os.name != "posix", reason="symlinks as POSIX has them")
def test_through_a_symlink_the_real_registers_leftovers_are_removed(register, tmp_path):
    (tmp_path / ".register.db.converting").write_bytes(b"half")
    (tmp_path / "backups" / ".register.db.x1.part").write_bytes(b"half")
    (tmp_path / "desktop").mkdir()
    shortcut = tmp_path / "desktop" / "my register.db"
    shortcut.symlink_to(register)
    clean_up(shortcut)
    assert _files(tmp_path) == ["desktop/my register.db", "register.db"]


def test_a_register_missing_but_kept_by_a_conversion_is_put_back(register, tmp_path):
    kept = tmp_path / "register.db.before-new-passphrase"
    os.replace(register, kept)
    clean_up(register)
    assert register.exists() and not kept.exists()
    open_register(register).close()


WRITER = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from placement_qa.store.register_copies import part_file
    with part_file(Path(sys.argv[1]), Path(sys.argv[2])) as part:
        part.write_bytes(b"a backup being written")
        print(part, flush=True)
        sys.stdin.read()
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the part lock is flock")
def test_a_backup_still_being_written_by_another_process_is_left_alone(register, tmp_path):
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path / "backups"),
                               str(register)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        part = tmp_path / "backups" / os.path.basename(writer.stdout.readline().strip())
        assert part.name.startswith(".register.db.") and part.exists()
        assert clean_up(register) == []
        assert part.exists()
    finally:
        writer.stdin.close()
        writer.wait()
    assert not part.exists()  # the writer's own clean-up
