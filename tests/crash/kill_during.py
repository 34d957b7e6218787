"""A process that works on a register file and SIGKILLs itself at a chosen step (run by
test_kills_during_file_work.py): a kill at the worst moment, every time.

Usage: ``python kill_during.py OPERATION STEP REGISTER [BACKUP]``, the passphrase (if
any) in ``PLACEMENT_QA_PASSPHRASE`` (and a new one in ``PLACEMENT_QA_NEW_PASSPHRASE``).
OPERATION is what the app or the CLI does: ``encrypt``, ``decrypt``,
``change-passphrase``, ``backup`` or ``restore`` (of BACKUP). STEP is where it dies:

- ``export``: the converted copy of the register is written, nothing else done;
- ``export-2``: then the converted copy of its first backup is written too;
- ``copy``: a backup's copy is written to its part file, not yet named;
- ``link``: a hard link was just made (a backup named; the old register kept);
- ``replace-before`` / ``replace-after``: just before / after a file is put in place;
- ``replace-after-2``: just after the second file is put in place (the register, then
  its first converted backup).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from placement_qa.store import backup, conversion, encryption
from placement_qa.store.backup import backup_register, default_backup_folder, restore_backup
from placement_qa.store.connection import open_register
from placement_qa.store.lock import RegisterLock


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def dying_after(function, calls: int = 1):
    """``function``, dying once it has been called ``calls`` times."""
    made = []

    def run(*args, **kwargs):
        function(*args, **kwargs)
        made.append(1)
        if len(made) == calls:
            die()
    return run


def arm(step: str) -> None:
    """Make the process die at ``step``."""
    if step in ("export", "export-2"):
        conversion.export_copy = dying_after(conversion.export_copy, 2 if "2" in step else 1)
    elif step == "replace-after-2":
        os.replace = dying_after(os.replace, 2)
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
            elif operation == "change-passphrase":
                encryption.change_passphrase(path, passphrase,
                                             os.environ["PLACEMENT_QA_NEW_PASSPHRASE"])
            else:
                restore_backup(Path(backup_file), path, keep_folder=default_backup_folder(path),
                               passphrase=passphrase)
    raise SystemExit(f"{operation} finished without reaching the step {step}")


if __name__ == "__main__":
    main(*sys.argv[1:])
