"""Converting a register file to a new key, and its backups with it.

A file is converted by exporting it (SQLCipher's ``sqlcipher_export``) to a new file
beside it, ``.<name>.converting``, keyed with the new passphrase ("" for plain), and
checking the copy (integrity, schema version, every table's row count) before it is
put in place.

When a register is encrypted, or given a new passphrase, its backups and the copies
kept when a backup was restored (in its backups folder) follow it, so that no copy is
left in plain text, or readable with a passphrase that was changed: every plain one,
and every one the old passphrase opens, is converted to its own ``.converting`` copy
before the register's converted copy is put in place. That swap is the moment the
change happens: before it, the copies' converted files are thrown away; after it,
they are put in place of the copies — and if the work is interrupted, the next start
(:func:`settle_copies`, under the register's lock) finishes the one or the other,
telling them apart by whether the register's own converted copy is still there.
"""

from __future__ import annotations

import os
import re
from contextlib import closing, suppress
from pathlib import Path

from .backup import (
    BackupRefused,
    backup_name_pattern,
    connect_file,
    default_backup_folder,
    list_backups,
    one_line,
    opens_with,
)
from .connection import Connection, RegisterError, is_encrypted
from .errors import DATABASE_ERRORS, sqlcipher
from .register_copies import SQLITE_SIDE_FILES, export_copy, new_private_file

CONVERTING_SUFFIX = ".converting"


class ConversionRefused(RegisterError):
    """A file cannot be converted (damaged, wrong passphrase): nothing was changed."""


# what makes a conversion fail
CONVERSION_ERRORS: tuple[type[Exception], ...] = (ConversionRefused, *DATABASE_ERRORS)


def converting_name(path: Path) -> Path:
    """The converted copy of ``path``, beside it until it is put in place."""
    return path.with_name(f".{path.name}{CONVERTING_SUFFIX}")


def side_files(path: Path) -> list[Path]:
    return [Path(f"{path}{side}") for side in SQLITE_SIDE_FILES]


def export_converted(src: Path, part: Path, open_key: str | None,
                     new_key: str) -> dict[str, int]:
    """Write ``src`` (opened with ``open_key``; None for plain) to the new file ``part``,
    keyed with ``new_key`` ("" for plain); returns what to check the copy against."""
    try:
        conn = connect_file(src, open_key, encrypted=True) if open_key \
            else sqlcipher.connect(str(src), timeout=5.0)
    except BackupRefused as exc:
        raise ConversionRefused(str(exc)) from None
    with closing(conn):
        conn.execute("PRAGMA cipher_log_level = NONE")
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise ConversionRefused(f"{src} is damaged ({one_line(result)})")
        expected = _facts(conn)
        new_private_file(part)
        export_copy(conn, part, new_key, int(expected["user_version"]))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return expected


def _facts(conn: Connection) -> dict[str, int]:
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    facts: dict[str, int] = {
        "user_version": conn.execute("PRAGMA user_version").fetchone()[0]}
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        facts[table] = conn.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0]
    return facts


def check_converted(part: Path, key: str | None, expected: dict[str, int]) -> None:
    """ConversionRefused unless the converted copy ``part`` is whole and holds what was
    exported."""
    with closing(connect_file(part, key, encrypted=key is not None)) as conn:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        found = _facts(conn)
    if result != "ok" or found != expected:
        raise ConversionRefused("The converted copy did not match (integrity "
                                f"{one_line(result)})")


# --- the register's backups and kept copies ------------------------------------------

def copies_to_convert(register: Path, old_key: str | None) -> list[Path]:
    """The backups and kept copies of ``register`` that follow its new key: every plain
    one, and (a passphrase change) every one ``old_key`` opens."""
    found: list[Path] = []
    for info in list_backups(default_backup_folder(register), register):
        if info.size == 0:
            continue
        if not is_encrypted(info.path) or opens_with(info.path, old_key):
            found.append(info.path)
    return found


def convert_copies(copies: list[Path], old_key: str | None, new_key: str) -> None:
    """Each of ``copies`` converted to its ``.converting`` file, keyed with ``new_key``
    and checked (put in place later: :func:`put_copies_in_place`)."""
    for copy in copies:
        key = old_key if is_encrypted(copy) else None
        part = converting_name(copy)
        try:
            check_converted(part, new_key, export_converted(copy, part, key, new_key))
        except CONVERSION_ERRORS as exc:
            raise RegisterError(
                f"The backup {copy.name} could not be converted with the register "
                f"({one_line(exc)}), so nothing was changed: move it out of {copy.parent} "
                "(or delete it), then try again") from None


def put_copies_in_place(register: Path) -> None:
    """Put every converted copy of a backup of ``register`` in place of the backup."""
    for part, copy in _converted_copies(register):
        os.replace(part, copy)
        for side in (*side_files(copy), *side_files(part)):  # the old copy's pages, if any
            side.unlink(missing_ok=True)


def remove_converted_copies(register: Path) -> list[Path]:
    """Remove the converted copies of ``register``'s backups (their copies stay as they
    were); what was removed."""
    removed = []
    for part, _ in _converted_copies(register):
        for path in (*side_files(part), part):
            with suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    return removed


def settle_copies(register: Path) -> list[Path]:
    """Finish what an interrupted conversion of ``register`` did to its backups: if the
    register's converted copy is still beside it, it was not put in place, so the
    backups' converted copies are removed (returned); otherwise they are put in place."""
    if converting_name(register).exists():
        return remove_converted_copies(register)
    put_copies_in_place(register)
    return []


def _converted_copies(register: Path) -> list[tuple[Path, Path]]:
    """(converted copy, the backup it replaces) in ``register``'s backups folder."""
    folder = default_backup_folder(register)
    pattern = re.compile(r"\." + backup_name_pattern(register).pattern
                         + re.escape(CONVERTING_SUFFIX))
    try:
        names = sorted(entry.name for entry in os.scandir(folder))
    except OSError:  # no backups folder
        return []
    return [(folder / name, folder / name[1:-len(CONVERTING_SUFFIX)])
            for name in names if pattern.fullmatch(name)]
