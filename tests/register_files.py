"""Files a register must not be mistaken for, made for real in a test's folder, and a
fingerprint of a folder to show that refusing one changed nothing."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

PAGE = 4096  # the page size of every register (SQLite's and SQLCipher's default)


def folder_fingerprint(folder: Path) -> dict[str, str]:
    """Every entry in ``folder`` (side files such as ``-wal``, ``-shm`` and ``-journal``
    included) with the SHA-256 of its bytes; a folder is shown as ``<folder>``."""
    return {entry.name: hashlib.sha256(entry.read_bytes()).hexdigest() if entry.is_file()
            else "<folder>" for entry in sorted(Path(folder).iterdir())}


def another_programs_database(path: Path, *, journal_mode: str = "delete") -> Path:
    """A small SQLite database of another program (a recipe book), closed."""
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal_mode}")
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
    conn.execute("INSERT INTO recipes (name) VALUES ('Bara brith')")
    conn.commit()
    conn.close()
    return path


def damage_pages(path: Path, pages: range | list[int]) -> None:
    """Flip 16 bytes in the middle of each of ``pages`` (0 is the first page; its first 16
    bytes, an encrypted register's salt, are never touched)."""
    with path.open("r+b") as handle:
        for page in pages:
            handle.seek(page * PAGE + 200)
            old = handle.read(16)
            handle.seek(page * PAGE + 200)
            handle.write(bytes(b ^ 0xFF for b in old))
