"""``placement-qa backup | restore | encrypt | decrypt``: keeping the register safe.

Backups use SQLite's backup API (never a copy of a live file); a restore checks the
backup first and keeps the register it replaces; encrypting converts the register
to a new file beside it, checks it, then swaps (see :mod:`.store.encryption`).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .cli import EXIT_OK, NEW_PASSPHRASE_ENV, PASSPHRASE_ENV, CommandError, db_option

BACKUP_PASSPHRASE_ENV = "PLACEMENT_QA_BACKUP_PASSPHRASE"  # restore: the backup's own


def add_backup_parsers(commands) -> None:
    backup = commands.add_parser("backup", help="back up the register (SQLite backup API)")
    db_option(backup)
    backup.add_argument("-o", "--output", type=Path, help="backup file (or folder) to write "
                        "(default: the backups folder beside the register, oldest beyond "
                        "the number to keep deleted)")
    backup.add_argument("--force", action="store_true",
                        help="with -o FILE: replace the file if it exists")
    restore = commands.add_parser(
        "restore", help="put a backup in place of the register (checked first; the current "
        "register is kept as a backup). A backup made with another passphrase: its "
        f"passphrase typed, or from {BACKUP_PASSPHRASE_ENV}")
    restore.add_argument("backup", type=Path, help="the backup file")
    db_option(restore, "the register to replace (where there is none, the backup becomes it)")
    for name, what in (("encrypt", "encrypt the register with a passphrase"),
                       ("decrypt", "remove the register's encryption")):
        db_option(commands.add_parser(
            name, help=f"{what} (passphrase typed, or from {PASSPHRASE_ENV})"))
    db_option(commands.add_parser(
        "change-passphrase", help="give the encrypted register a new passphrase (both "
        f"typed, or from {PASSPHRASE_ENV} and {NEW_PASSPHRASE_ENV})"))


def ask_passphrase(prompt: str, *, confirm: bool = False, why: str = "a passphrase is needed",
                   env: str = PASSPHRASE_ENV) -> str:
    """The passphrase from ``env`` (scripts), else typed (not echoed)."""
    given = os.environ.get(env)
    if given:
        return given
    if not sys.stdin.isatty():
        raise CommandError(f"{why}: set {env} to the passphrase, or run this in "
                           "a terminal")
    import getpass

    typed = getpass.getpass(prompt)
    if confirm and getpass.getpass("Type it again: ") != typed:
        raise CommandError("the two passphrases differ: nothing was changed")
    return typed


def _backup(args: argparse.Namespace) -> int:
    from .cli_open import open_to_read
    from .store.backup import backup_into, backup_to_file

    output = args.output
    if output is not None and output.resolve() == args.db.resolve():
        raise CommandError("-o is the register itself: give another file for the backup")
    if output is not None and not args.force and output.exists() and not output.is_dir():
        raise _already_there(output)
    db = open_to_read(args.db, migrate=False)  # read-only where it cannot be written
    try:
        if output is None:
            written = _into_backups_folder(db, args.db)
        elif output.is_dir():
            written = backup_into(db, output)
        else:
            written = backup_to_file(db, output, replace=args.force)
    except FileExistsError:  # made meanwhile by someone else
        raise _already_there(output) from None
    finally:
        db.close()
    print(f"Backup of {args.db} written to {written}", file=sys.stderr)
    return EXIT_OK


def _into_backups_folder(db, register: Path) -> Path:
    """A backup in the register's backups folder, or why it cannot be written there."""
    from .store.backup import backup_register, default_backup_folder
    from .store.settings import backup_keep

    folder = default_backup_folder(register)
    try:
        return backup_register(db, folder, keep=backup_keep(db))
    except PermissionError as exc:
        raise CommandError(f"{folder} cannot be written ({exc.strerror}): give -o FILE or "
                           "FOLDER to write the backup elsewhere; nothing was written") from None


def _already_there(output: Path) -> CommandError:
    return CommandError(f"{output} already exists: give --force to replace it, or another "
                        "file name; nothing was written")


def _restore(args: argparse.Namespace) -> int:
    from .store.backup import default_backup_folder, restore_backup
    from .store.connection import is_encrypted, remembered_passphrase

    key = remembered_passphrase(args.db)
    backup_key = _backup_passphrase(args.backup, key)
    was_encrypted = is_encrypted(args.db)
    kept = restore_backup(args.backup, args.db, keep_folder=default_backup_folder(args.db),
                          passphrase=key, backup_passphrase=backup_key)
    print(f"{args.db} restored from {args.backup}")
    if was_encrypted and not is_encrypted(args.backup):
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
    from .store.backup import opens_with
    from .store.connection import is_encrypted

    if not is_encrypted(backup) or opens_with(backup, key):
        return None
    given = os.environ.get(BACKUP_PASSPHRASE_ENV) or (
        os.environ.get(PASSPHRASE_ENV) if key is None else None)
    return given or ask_passphrase(
        f"Passphrase for the backup {backup.name}: ", env=BACKUP_PASSPHRASE_ENV,
        why=f"{backup.name} is encrypted, and the register's passphrase does not open it")


def _encrypt(args: argparse.Namespace) -> int:
    from .store.encryption import encrypt_register

    new_passphrase = ask_passphrase(f"New passphrase for {args.db.name}: ", confirm=True)
    encrypt_register(args.db, new_passphrase)
    print(f"{args.db} is now encrypted: it opens only with its passphrase (keep it safe; "
          "it cannot be recovered). Its backups in its backups folder are encrypted with it.")
    return EXIT_OK


def _decrypt(args: argparse.Namespace) -> int:
    from .store.encryption import decrypt_register

    decrypt_register(args.db, ask_passphrase(f"Passphrase for {args.db.name}: "))
    print(f"{args.db} is no longer encrypted: anyone with the file can read it")
    return EXIT_OK


def _change_passphrase(args: argparse.Namespace) -> int:
    from .store.connection import is_encrypted, remembered_passphrase
    from .store.encryption import change_passphrase

    if not is_encrypted(args.db):
        raise CommandError(f"{args.db} is not encrypted: use placement-qa encrypt")
    new_passphrase = ask_passphrase(f"New passphrase for {args.db.name}: ", confirm=True,
                                    why="a new passphrase is needed", env=NEW_PASSPHRASE_ENV)
    change_passphrase(args.db, remembered_passphrase(args.db) or "", new_passphrase)
    print(f"{args.db} now opens only with its new passphrase, and so do its backups in its "
          "backups folder.")
    return EXIT_OK


BACKUP_HANDLERS = {"backup": _backup, "restore": _restore, "encrypt": _encrypt,
                   "decrypt": _decrypt, "change-passphrase": _change_passphrase}
