"""Encrypting a plain register, decrypting an encrypted one, or changing its
passphrase, in place and safely.

The register is exported to a new file beside it and checked (:mod:`.conversion`),
and only then put in place with ``os.replace``. Until that succeeds the old file is
also kept as ``<name>.before-encryption`` (or ``.before-decryption``); an
interruption at any point leaves the register as it was, or fully converted, and
what it left beside the register is removed on the next start
(:mod:`.leftovers`). The converted copy records the change as a register event.
Encrypting, and changing the passphrase, convert the register's backups and kept
copies too (every plain one, and every one the old passphrase opens), so that no
copy outlives the change in plain text or under the old passphrase; decrypting
leaves them encrypted.

A path through a symlink converts the real file. A register with another name (a
hard link) is not converted (:mod:`.hard_links`). The register must not be open
elsewhere while it is converted.
"""

from __future__ import annotations

import os
from contextlib import closing, suppress
from pathlib import Path

from .backup import connect_file, one_line
from .connection import (
    RegisterError,
    forget_passphrase,
    is_encrypted,
    refuse_if_not_a_register,
    refuse_other_names,
)
from .conversion import (
    CONVERSION_ERRORS,
    ConversionRefused,
    check_converted,
    convert_copies,
    converting_name,
    copies_to_convert,
    export_converted,
    put_copies_in_place,
    remove_converted_copies,
    settle_copies,
    side_files,
)
from .errors import sqlcipher
from .hard_links import KEPT_SUFFIXES
from .lock import real_register_path
from .register_copies import copy_bytes, new_private_file
from .register_events import CHANGE_PASSPHRASE, DECRYPT, ENCRYPT, log_event

MINIMUM_PASSPHRASE_LENGTH = 8  # the app's rule, kept by every way of setting one


def passphrase_problem(passphrase: str) -> str | None:
    """Why ``passphrase`` cannot be a register's passphrase, or None: the one rule of the
    app and the command line (spaces do not count towards its length)."""
    if sum(not character.isspace() for character in passphrase) < MINIMUM_PASSPHRASE_LENGTH:
        return (f"A passphrase needs at least {MINIMUM_PASSPHRASE_LENGTH} characters that "
                "are not spaces")
    return None


def encrypt_register(src: Path, passphrase: str) -> None:
    """Encrypt the plain register at ``src`` with ``passphrase`` (in place), and its plain
    backups and kept copies with it."""
    src = real_register_path(src)
    _prepare(src)
    if not passphrase:
        raise RegisterError("The passphrase is empty: choose one")
    if is_encrypted(src):
        raise RegisterError(f"{src} is already encrypted")
    _refuse_weak(passphrase)
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
    like encrypting: nothing changes unless the re-keyed copy checks out), and its
    backups that the old passphrase opens (or that are plain) too."""
    src = real_register_path(src)
    _prepare(src)
    if not new_passphrase:
        raise RegisterError("The new passphrase is empty: choose one")
    if not is_encrypted(src):
        raise RegisterError(f"{src} is not encrypted: encrypt it instead")
    if new_passphrase == passphrase:
        raise RegisterError("The new passphrase is the same as the old one: nothing was "
                            "changed")
    _refuse_weak(new_passphrase)
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
    refuse_other_names(src)


def _refuse_weak(passphrase: str) -> None:
    problem = passphrase_problem(passphrase)
    if problem is not None:
        raise RegisterError(f"{problem}: nothing was changed")


def remove_conversion_leftovers(src: Path) -> list[Path]:
    """Finish what an interrupted conversion did to the backups (:func:`.settle_copies`),
    then remove the converted copy and the kept old file it left beside ``src`` (which
    is whole: as it was, or fully converted); what was removed."""
    removed = settle_copies(src)
    part = converting_name(src)
    found = [*side_files(part), part,
             *(src.with_name(src.name + suffix) for suffix in KEPT_SUFFIXES)]
    for path in found:
        with suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    return removed


def _convert(src: Path, *, open_key: str | None, new_key: str, suffix: str,
             event: tuple[str, str]) -> None:
    """Convert ``src`` (and, given a ``new_key``, its copies) and put it in place: the
    register's converted copy is made first and moved last, so while it is there the
    change has not happened (see :mod:`.conversion`)."""
    part = converting_name(src)
    kept = src.with_name(src.name + suffix)
    copies = copies_to_convert(src, open_key) if new_key else []
    try:
        counts = _export(src, part, open_key, new_key)
        check_converted(part, new_key or None, counts)
        with closing(connect_file(part, new_key or None, encrypted=bool(new_key))) as conn:
            log_event(conn, *event)
        convert_copies(copies, open_key, new_key)
        _refuse_if_open_elsewhere(src)
        _keep(src, kept)
        os.replace(part, src)  # the change happens here
        kept.unlink(missing_ok=True)
        put_copies_in_place(src)
    except CONVERSION_ERRORS as exc:
        raise RegisterError(
            f"{src} could not be converted ({one_line(exc)}): nothing was changed") from None
    finally:
        if part.exists():  # not put in place: nothing changes, the copies' conversions go
            remove_converted_copies(src)
        for path in (part, *side_files(part)):
            path.unlink(missing_ok=True)
        if src.exists():  # converted, or not: either way src is whole, so drop the spare
            kept.unlink(missing_ok=True)


def _export(src: Path, part: Path, open_key: str | None, new_key: str) -> dict[str, int]:
    try:
        return export_converted(src, part, open_key, new_key)
    except ConversionRefused as exc:
        if "damaged" in str(exc):
            raise RegisterError(f"{exc}: restore a backup first; nothing was changed") from None
        raise RegisterError(f"{exc}. Nothing was changed.") from None


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
    except FileExistsError:  # put there since the leftovers were removed: not ours
        raise
    except OSError:  # no hard links here (e.g. a FAT memory stick): a copy, not in use
        new_private_file(kept)
        copy_bytes(src, kept)
