"""``placement-qa backup | restore | encrypt | decrypt``: keeping the register safe.

Backups use SQLite's backup API (never a copy of a live file); a restore checks the
backup first and keeps the register it replaces; encrypting converts the register
to a new file beside it, checks it, then swaps (see :mod:`.store.encryption`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .command import RegisterCommand
from .errors import EXIT_OK, CommandError
from .options import PATH, db_option
from .passphrase import (
    BACKUP_PASSPHRASE_ENV,
    NEW_PASSPHRASE_ENV,
    PASSPHRASE_ENV,
    ask_passphrase,
)
from .reading import open_to_read

if TYPE_CHECKING:
    from sqlite_utils import Database


@click.command("backup", cls=RegisterCommand, outputs=(),
               help="back up the register (SQLite backup API)")
@db_option()
@click.option("-o", "--output", type=PATH, metavar="FILE|FOLDER",
              help="backup file (or folder) to write (default: the backups folder beside the "
              "register, oldest beyond the number to keep deleted)")
@click.option("--force", is_flag=True, help="with -o FILE: replace the file if it exists")
def backup(db: Path, output: Path | None, force: bool) -> int:
    from ..store.backup import backup_into, backup_to_file

    if output is not None and output.resolve() == db.resolve():
        raise CommandError("-o is the register itself: give another file for the backup")
    if output is not None and not force and output.exists() and not output.is_dir():
        raise _already_there(output)
    register = open_to_read(db, migrate=False)  # read-only where it cannot be written
    try:
        if output is None:
            written = _into_backups_folder(register, db)
        elif output.is_dir():
            written = backup_into(register, output)
        else:
            written = backup_to_file(register, output, replace=force)
    except FileExistsError:  # made meanwhile by someone else
        raise _already_there(output or db) from None
    finally:
        register.close()
    print(f"Backup of {db} written to {written}", file=sys.stderr)
    return EXIT_OK


def _into_backups_folder(db: Database, register: Path) -> Path:
    """A backup in the register's backups folder, or why it cannot be written there."""
    from ..store.backup import backup_register, default_backup_folder
    from ..store.settings import backup_keep

    folder = default_backup_folder(register)
    try:
        return backup_register(db, folder, keep=backup_keep(db))
    except PermissionError as exc:
        raise CommandError(f"{folder} cannot be written ({exc.strerror}): give -o FILE or "
                           "FOLDER to write the backup elsewhere; nothing was written") from None


def _already_there(output: Path) -> CommandError:
    return CommandError(f"{output} already exists: give --force to replace it, or another "
                        "file name; nothing was written")


@click.command("restore", cls=RegisterCommand, writes=True,
               short_help="put a backup in place of the register",
               help="put a backup in place of the register (checked first; the current "
               "register is kept as a backup). A backup made with another passphrase: its "
               f"passphrase typed, or from {BACKUP_PASSPHRASE_ENV}")
@click.argument("backup_file", type=PATH, metavar="BACKUP")
@db_option("the register to replace (where there is none, the backup becomes it)")
def restore(backup_file: Path, db: Path) -> int:
    from ..store.backup import default_backup_folder, restore_backup
    from ..store.connection import is_encrypted, remembered_passphrase

    key = remembered_passphrase(db)
    backup_key = _backup_passphrase(backup_file, key)
    was_encrypted = is_encrypted(db)
    kept = restore_backup(backup_file, db, keep_folder=default_backup_folder(db),
                          passphrase=key, backup_passphrase=backup_key)
    print(f"{db} restored from {backup_file}")
    if was_encrypted and not is_encrypted(backup_file):
        print("The backup was made before the register was encrypted: the restored register "
              "is encrypted with the register's passphrase")
    elif was_encrypted and backup_key is not None:
        print("The backup was made with another passphrase: the restored register opens "
              "with the register's passphrase")
    if kept is not None:
        print(f"The register it replaced was kept as {kept}")
    return EXIT_OK


def _backup_passphrase(backup: Path, key: str | None) -> str | None:
    """The backup's own passphrase, if it is encrypted and the register's (``key``) does not
    open it: from PLACEMENT_QA_BACKUP_PASSPHRASE (or, for a register without a passphrase,
    PLACEMENT_QA_PASSPHRASE), else typed."""
    from ..store.backup import opens_with
    from ..store.connection import is_encrypted

    if not is_encrypted(backup) or opens_with(backup, key):
        return None
    given = os.environ.get(BACKUP_PASSPHRASE_ENV) or (
        os.environ.get(PASSPHRASE_ENV) if key is None else None)
    return given or ask_passphrase(
        f"Passphrase for the backup {backup.name}: ", env=BACKUP_PASSPHRASE_ENV,
        why=f"{backup.name} is encrypted, and the register's passphrase does not open it")


@click.command("encrypt", cls=RegisterCommand, writes=True, unlocks=False,
               short_help="encrypt the register with a passphrase",
               help=f"encrypt the register with a passphrase (passphrase typed, or from "
               f"{PASSPHRASE_ENV})")
@db_option()
def encrypt(db: Path) -> int:
    from ..store.encryption import encrypt_register

    new_passphrase = ask_passphrase(f"New passphrase for {db.name}: ", confirm=True)
    encrypt_register(db, new_passphrase)
    print(f"{db} is now encrypted: it opens only with its passphrase (keep it safe; "
          "it cannot be recovered). Its backups in its backups folder are encrypted with it.")
    return EXIT_OK


@click.command("decrypt", cls=RegisterCommand, writes=True,
               short_help="remove the register's encryption",
               help=f"remove the register's encryption (passphrase typed, or from "
               f"{PASSPHRASE_ENV})")
@db_option()
def decrypt(db: Path) -> int:
    from ..store.encryption import decrypt_register

    decrypt_register(db, ask_passphrase(f"Passphrase for {db.name}: "))
    print(f"{db} is no longer encrypted: anyone with the file can read it")
    return EXIT_OK


@click.command("change-passphrase", cls=RegisterCommand, writes=True,
               short_help="give the encrypted register a new passphrase",
               help="give the encrypted register a new passphrase (both typed, or from "
               f"{PASSPHRASE_ENV} and {NEW_PASSPHRASE_ENV})")
@db_option()
def change_passphrase(db: Path) -> int:
    from ..store.connection import is_encrypted, remembered_passphrase
    from ..store.encryption import change_passphrase as new_passphrase_for

    if not is_encrypted(db):
        raise CommandError(f"{db} is not encrypted: use placement-qa encrypt")
    new_passphrase = ask_passphrase(f"New passphrase for {db.name}: ", confirm=True,
                                    why="a new passphrase is needed", env=NEW_PASSPHRASE_ENV)
    new_passphrase_for(db, remembered_passphrase(db) or "", new_passphrase)
    print(f"{db} now opens only with its new passphrase, and so do its backups in its "
          "backups folder.")
    return EXIT_OK


COMMANDS = (backup, restore, encrypt, decrypt, change_passphrase)
