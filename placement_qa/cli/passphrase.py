"""Passphrases on the command line: typed when asked (not echoed), or, for scripts, from
an environment variable.

``PLACEMENT_QA_PASSPHRASE`` opens an encrypted register (and is the new one for
``encrypt``), ``PLACEMENT_QA_NEW_PASSPHRASE`` is the new one for ``change-passphrase``,
and ``PLACEMENT_QA_BACKUP_PASSPHRASE`` the own passphrase of a backup to ``restore``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import CommandError

PASSPHRASE_ENV = "PLACEMENT_QA_PASSPHRASE"
NEW_PASSPHRASE_ENV = "PLACEMENT_QA_NEW_PASSPHRASE"  # change-passphrase, from a script
BACKUP_PASSPHRASE_ENV = "PLACEMENT_QA_BACKUP_PASSPHRASE"  # restore: the backup's own


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


def unlock(path: Path) -> None:
    """An encrypted register: its passphrase is asked once, before the command runs."""
    from ..store.connection import is_encrypted, remember_passphrase

    if is_encrypted(path):
        remember_passphrase(path, ask_passphrase(
            f"Passphrase for {path.name}: ",
            why=f"{path} is encrypted (or is not a Placement QA register)"))
