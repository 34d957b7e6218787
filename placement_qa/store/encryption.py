"""Encrypting a plain register, decrypting an encrypted one, or changing its
passphrase, in place and safely.

The register is exported to a new file beside it (SQLCipher's ``sqlcipher_export``),
the new file is checked (integrity, schema version, every table's row count) and
only then put in place with ``os.replace``. Until that succeeds the old file is
also kept as ``<name>.before-encryption`` (or ``.before-decryption``); an
interruption at any point leaves the register as it was, or fully converted, and
what it left beside the register is removed on the next start
(:mod:`.leftovers`). The converted copy records the change as a register event.

A path through a symlink converts the real file. A register with another name (a
hard link) is not encrypted or given a new passphrase: its old contents would stay
readable under that name. The register must not be open elsewhere while it is
converted.
"""

from __future__ import annotations

import os
import shutil
from contextlib import closing, suppress
from pathlib import Path

from .backup import BackupRefused, connect_file, one_line
from .connection import (
    RegisterError,
    forget_passphrase,
    is_encrypted,
    refuse_if_not_a_register,
)
from .errors import DATABASE_ERRORS, sqlcipher
from .lock import real_register_path
from .register_copies import SQLITE_SIDE_FILES, export_copy
from .register_events import CHANGE_PASSPHRASE, DECRYPT, ENCRYPT, log_event

MINIMUM_PASSPHRASE_LENGTH = 8  # the app's rule, kept by every way of setting one
CONVERTING_SUFFIX = ".converting"
KEPT_SUFFIXES = (".before-encryption", ".before-decryption", ".before-new-passphrase")


def converting_name(src: Path) -> Path:
    """The converted copy, beside the register until it is put in place."""
    return src.with_name(f".{src.name}{CONVERTING_SUFFIX}")


def encrypt_register(src: Path, passphrase: str) -> None:
    """Encrypt the plain register at ``src`` with ``passphrase`` (in place)."""
    src = real_register_path(src)
    _prepare(src)
    if not passphrase:
        raise RegisterError("The passphrase is empty: choose one")
    if is_encrypted(src):
        raise RegisterError(f"{src} is already encrypted")
    _refuse_short(passphrase)
    _refuse_other_names(src, "its unencrypted contents would stay readable under that name")
    _convert(src, open_key=None, new_key=passphrase, suffix=".before-encryption",
             event=(ENCRYPT, "Encrypted: the register now opens only with its passphrase"))


def decrypt_register(src: Path, passphrase: str) -> None:
    """Decrypt the encrypted register at ``src`` (opened with ``passphrase``), in place."""
    src = real_register_path(src)
    _prepare(src)
    if not is_encrypted(src):
        raise RegisterError(f"{src} is not encrypted")
    _convert(src, open_key=passphrase, new_key="", suffix=".before-decryption",
             event=(DECRYPT, "Decrypted: the register now opens without a passphrase"))
    forget_passphrase(src)


def change_passphrase(src: Path, passphrase: str, new_passphrase: str) -> None:
    """Give the encrypted register at ``src`` a new passphrase (in place, converted
    like encrypting: nothing changes unless the re-keyed copy checks out). Backups
    taken before keep the passphrase they were taken with."""
    src = real_register_path(src)
    _prepare(src)
    if not new_passphrase:
        raise RegisterError("The new passphrase is empty: choose one")
    if not is_encrypted(src):
        raise RegisterError(f"{src} is not encrypted: encrypt it instead")
    if new_passphrase == passphrase:
        raise RegisterError("The new passphrase is the same as the old one: nothing was "
                            "changed")
    _refuse_short(new_passphrase)
    _refuse_other_names(src, "the old passphrase would still open it under that name")
    _convert(src, open_key=passphrase, new_key=new_passphrase, suffix=".before-new-passphrase",
             event=(CHANGE_PASSPHRASE, "Given a new passphrase"))
    forget_passphrase(src)


def _prepare(src: Path) -> None:
    """Refuse a file that cannot be converted here; remove what an interrupted conversion
    left beside it."""
    if sqlcipher is None:
        raise RegisterError("Encrypting needs the sqlcipher3 package, which is not installed "
                            "on this computer")
    if not src.is_file() or src.stat().st_size == 0:
        raise RegisterError(f"{src} does not exist (or is empty)")
    refuse_if_not_a_register(src)
    remove_conversion_leftovers(src)  # from an interrupted conversion: src is whole


def _refuse_short(passphrase: str) -> None:
    if len(passphrase) < MINIMUM_PASSPHRASE_LENGTH:
        raise RegisterError(f"A passphrase needs at least {MINIMUM_PASSPHRASE_LENGTH} "
                            "characters: nothing was changed")


def _refuse_other_names(src: Path, why: str) -> None:
    if src.stat().st_nlink > 1:
        raise RegisterError(f"{src} has another name on this computer (a hard link): {why}. "
                            "Remove the other name first; nothing was changed")


def remove_conversion_leftovers(src: Path) -> list[Path]:
    """Remove the converted copy and the kept old file an interrupted conversion left
    beside ``src`` (which is whole: as it was, or fully converted); what was removed."""
    part = converting_name(src)
    found = [part, *(part.with_name(part.name + side) for side in SQLITE_SIDE_FILES),
             *(src.with_name(src.name + suffix) for suffix in KEPT_SUFFIXES)]
    removed = []
    for path in found:
        with suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    return removed


def _convert(src: Path, *, open_key: str | None, new_key: str, suffix: str,
             event: tuple[str, str]) -> None:
    part = converting_name(src)
    kept = src.with_name(src.name + suffix)
    try:
        counts = _export(src, part, open_key, new_key)
        _check_export(part, new_key or None, counts)
        with closing(connect_file(part, new_key or None, encrypted=bool(new_key))) as conn:
            log_event(conn, *event)
        _refuse_if_open_elsewhere(src)
        _keep(src, kept)
        os.replace(part, src)
    except DATABASE_ERRORS as exc:
        raise RegisterError(
            f"{src} could not be converted ({one_line(exc)}): nothing was changed") from None
    finally:
        for side in ("", *SQLITE_SIDE_FILES):
            Path(f"{part}{side}").unlink(missing_ok=True)
        if src.exists():  # converted, or not: either way src is whole, so drop the spare
            kept.unlink(missing_ok=True)


def _export(src: Path, part: Path, open_key: str | None, new_key: str) -> dict[str, object]:
    """Write ``src`` to ``part`` (keyed with ``new_key``; "" for plain); returns what to check."""
    try:
        conn = connect_file(src, open_key, encrypted=open_key is not None) if open_key \
            else sqlcipher.connect(str(src), timeout=5.0)
    except BackupRefused as exc:
        raise RegisterError(f"{exc}. Nothing was changed.") from None
    with closing(conn):
        conn.execute("PRAGMA cipher_log_level = NONE")
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise RegisterError(f"{src} is damaged ({one_line(result)}): restore a backup first; "
                                "nothing was changed")
        expected = _facts(conn)
        export_copy(conn, part, new_key, int(expected["user_version"]))
        part.chmod(0o600)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return expected


def _facts(conn) -> dict[str, object]:
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    facts: dict[str, object] = {
        "user_version": conn.execute("PRAGMA user_version").fetchone()[0]}
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        facts[table] = conn.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0]
    return facts


def _check_export(part: Path, key: str | None, expected: dict[str, object]) -> None:
    with closing(connect_file(part, key, encrypted=key is not None)) as conn:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        found = _facts(conn)
    if result != "ok" or found != expected:
        raise RegisterError("The converted copy did not match the register (integrity "
                            f"{one_line(result)}): nothing was changed")


def _refuse_if_open_elsewhere(src: Path) -> None:
    wal = src.with_name(src.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise RegisterError(f"{src} is open in another program (close Placement QA first): "
                            "nothing was changed")
    with suppress(FileNotFoundError):
        src.with_name(src.name + "-shm").unlink()


def _keep(src: Path, kept: Path) -> None:
    """The old file also under ``kept`` until the new one is in place."""
    try:
        os.link(src, kept)
    except OSError:  # no hard links here (e.g. a FAT memory stick): a copy, not in use
        shutil.copy2(src, kept)
