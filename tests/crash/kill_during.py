"""A process that works on a register file and SIGKILLs itself at a chosen step (run by
test_kills_during_file_work.py): a kill at the worst moment, every time.

Usage: ``python kill_during.py OPERATION STEP REGISTER [BACKUP]``, the passphrase (if
any) in ``PLACEMENT_QA_PASSPHRASE``. OPERATION is what the app or the CLI does:
``encrypt``, ``decrypt``, ``backup`` or ``restore`` (of BACKUP). STEP is where it dies:

- ``export``: the converted copy of an encryption is written, nothing else done;
- ``copy``: a backup's copy is written to its part file, not yet named;
- ``link``: a hard link was just made (a backup named; the old register kept);
- ``replace-before`` / ``replace-after``: just before / after a file is put in place.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from placement_qa.store import backup, encryption
from placement_qa.store.backup import backup_register, default_backup_folder, restore_backup
from placement_qa.store.connection import open_register
from placement_qa.store.lock import RegisterLock


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def dying_after(function):
    def run(*args, **kwargs):
        function(*args, **kwargs)
        die()
    return run


def arm(step: str) -> None:
    """Make the process die at ``step``."""
    if step == "export":
        encryption.export_copy = dying_after(encryption.export_copy)
    elif step == "copy":
        backup.copy_with_backup_api = dying_after(backup.copy_with_backup_api)
    elif step == "link":
        os.link = dying_after(os.link)
    elif step == "replace-after":
        os.replace = dying_after(os.replace)
    elif step == "replace-before":
        os.replace = lambda *args, **kwargs: die()
    else:
        raise SystemExit(f"no such step: {step}")


def main(operation: str, step: str, register: str, backup_file: str | None = None) -> None:
    path = Path(register)
    passphrase = os.environ.get("PLACEMENT_QA_PASSPHRASE")
    if operation == "backup":  # a reading command: no lock, the app may be running
        db = open_register(path, passphrase=passphrase)
        arm(step)
        backup_register(db, default_backup_folder(path))
    else:
        with RegisterLock(path):
            arm(step)
            if operation == "encrypt":
                encryption.encrypt_register(path, passphrase)
            elif operation == "decrypt":
                encryption.decrypt_register(path, passphrase)
            else:
                restore_backup(Path(backup_file), path, keep_folder=default_backup_folder(path),
                               passphrase=passphrase)
    raise SystemExit(f"{operation} finished without reaching the step {step}")


if __name__ == "__main__":
    main(*sys.argv[1:])
