"""An encrypted (SQLCipher) laptop register joins the team register and syncs both ways,
and no plaintext copy of what it holds is written anywhere on the laptop: not beside the
register, not in the temporary folders, not in the app's data folder."""

from __future__ import annotations

import os
import secrets
import tempfile
from datetime import date
from pathlib import Path

from team_registers import contents, server_contents

from placement_qa.store import register
from placement_qa.store.connection import is_encrypted

PASSPHRASE = "tide over Whitstable 4 ever"


def _files(folders: list[Path], leave_out: Path) -> dict[Path, tuple[int, int]]:
    """Every file under ``folders`` (not under ``leave_out``): its size and change time."""
    found: dict[Path, tuple[int, int]] = {}
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            if Path(root).is_relative_to(leave_out):
                dirs.clear()
                continue
            for name in names:
                path = Path(root) / name
                try:
                    info = path.lstat()
                except OSError:
                    continue  # gone meanwhile (another program's)
                found[path] = (info.st_size, info.st_mtime_ns)
    return found


def _plain_copies(before: dict[Path, tuple[int, int]], after: dict[Path, tuple[int, int]],
                  words: list[str]) -> list[str]:
    """The files new or changed since ``before`` that hold any of ``words`` as text."""
    hits = []
    for path, stamp in after.items():
        if before.get(path) == stamp or not path.is_file():
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        hits += [f"{path}: {w}" for w in words
                 if w.encode() in data or w.encode("utf-16-le") in data]
    return hits


def test_an_encrypted_laptop_syncs_and_writes_no_plaintext_copy(team, postgres_server):
    manager = team.manager_laptop()
    from_team = f"Teamchild{secrets.token_hex(4)}"  # names no other program could hold
    from_laptop = f"Laptopchild{secrets.token_hex(4)}"
    register.add_child(manager.db, given_name="Jonah", family_name=from_team)
    manager.synced()
    folder = team.folder / "officer-0"
    watched = [folder, Path(tempfile.gettempdir()), Path("/var/tmp"), Path("/dev/shm"),
               Path(os.environ["XDG_DATA_HOME"]), Path.home() / ".cache"]
    watched = [w for w in dict.fromkeys(watched) if w.is_dir() or w == folder]
    folder.mkdir(parents=True, exist_ok=True)
    before = _files(watched, leave_out=postgres_server.folder)  # the server's own files

    laptop = team.officer_laptop(0, passphrase=PASSPHRASE)
    assert laptop.one("SELECT count(*) FROM children WHERE family_name = ?", (from_team,)) == (1,)
    child = register.add_child(laptop.db, given_name="Ruby", family_name=from_laptop)
    register.add_placement(laptop.db, child_id=child, start_date=date(2026, 9, 1),
                           provider_id=laptop.provider("The Meadows"), arrangement="day")
    assert laptop.synced().sent == 2
    laptop.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    after = _files(watched, leave_out=postgres_server.folder)
    assert _plain_copies(before, after, [from_team, from_laptop]) == []
    assert is_encrypted(laptop.path)
    assert {p.name for p in folder.iterdir()} <= {"register.db", "register.db-wal",
                                                 "register.db-shm", ".register.db.lock"}
    manager.synced()  # and what the encrypted laptop sent is the team's
    assert manager.one("SELECT count(*) FROM children WHERE family_name = ?",
                       (from_laptop,)) == (1,)
    assert contents(laptop.db) == server_contents(team) == contents(manager.db)
