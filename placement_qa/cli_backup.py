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


def add_backup_parsers(commands) -> None:
    backup = commands.add_parser("backup", help="back up the register (SQLite backup API)")
    db_option(backup)
    backup.add_argument("-o", "--output", type=Path, help="backup file to write (default: "
                        "the backups folder beside the register, oldest beyond the "
                        "number to keep deleted)")
    restore = commands.add_parser(
        "restore", help="put a backup in place of the register (checked first; the current "
        "register is kept as a backup)")
    restore.add_argument("backup", type=Path, help="the backup file")
    db_option(restore)
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
    from .domain.dates import council_clock
    from .store.backup import backup_register, backup_to_file, default_backup_folder
    from .store.connection import open_register
    from .store.register import backup_keep

    output = args.output
    if output is not None and output.resolve() == args.db.resolve():
        raise CommandError("-o is the register itself: give another file for the backup")
    db = open_register(args.db, migrate=False)
    try:
        if output is None:
            written = backup_register(db, default_backup_folder(args.db), keep=backup_keep(db))
        elif output.is_dir():
            stamp = council_clock().strftime("%Y%m%d-%H%M%S")
            written = backup_to_file(db, output / f"{args.db.stem}-{stamp}.db")
        else:
            written = backup_to_file(db, output)
    finally:
        db.close()
    print(f"Backup of {args.db} written to {written}")
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    from .store.backup import default_backup_folder, restore_backup
    from .store.connection import is_encrypted, remembered_passphrase

    key = remembered_passphrase(args.db)
    if key is None and is_encrypted(args.backup):
        key = ask_passphrase(f"Passphrase for {args.backup.name}: ")
    was_encrypted = is_encrypted(args.db)
    kept = restore_backup(args.backup, args.db, keep_folder=default_backup_folder(args.db),
                          passphrase=key)
    print(f"{args.db} restored from {args.backup}")
    if was_encrypted and not is_encrypted(args.db):
        print("The backup was not encrypted, so the register is not now either: run "
              "placement-qa encrypt to encrypt it again", file=sys.stderr)
    if kept is not None:
        print(f"The register it replaced was kept as {kept}")
    return EXIT_OK


def _encrypt(args: argparse.Namespace) -> int:
    from .store.encryption import encrypt_register

    new_passphrase = ask_passphrase(f"New passphrase for {args.db.name}: ", confirm=True)
    encrypt_register(args.db, new_passphrase)
    print(f"{args.db} is now encrypted: it opens only with its passphrase (keep it safe; "
          "it cannot be recovered). Backups taken before now are not encrypted.")
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
    print(f"{args.db} now opens only with its new passphrase. Backups taken before now "
          "still open with the old one.")
    return EXIT_OK


BACKUP_HANDLERS = {"backup": _backup, "restore": _restore, "encrypt": _encrypt,
                   "decrypt": _decrypt, "change-passphrase": _change_passphrase}
