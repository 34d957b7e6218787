"""Opening a register for a window: the file chosen, its passphrase (asked until it
opens), a damaged file (the latest good backup offered), another register opened while
one is open (locked first; refused in words, leaving the open one as it was).

Used by the app's start-up (:mod:`.app`); Qt is imported only inside the functions.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

APP_NAME = "Placement QA"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RegisterChoice:
    path: Path
    fill_with_demo: bool



def open_chosen_register(choice: RegisterChoice, passphrase: str | None = None):
    """Open (creating if needed) the chosen register, filling a new one with the demo.

    A register always has a QA framework to record visits against: one with none
    is given the council's default framework.
    """
    from .store.connection import open_register
    from .store.frameworks import ensure_default_framework

    if choice.fill_with_demo:
        from .demo import write_demo_register

        write_demo_register(choice.path, "small")
    db = open_register(choice.path, create=True, passphrase=passphrase)
    try:
        ensure_default_framework(db)
    except Exception:
        db.close()
        raise
    return db


# --- opening: passphrase, damaged file -------------------------------------------------

@dataclass
class Opened:
    db: Database
    message: str | None = None  # what happened on the way (a backup restored)


def looks_encrypted(path: Path) -> bool:
    """An encrypted register: not plain SQLite, and a whole number of pages long
    (a letter or a spreadsheet saved as ``.db`` is neither)."""
    from .store.connection import is_encrypted

    return is_encrypted(path) and path.stat().st_size % 512 == 0


def open_for_session(choice: RegisterChoice, known: str | None = None) -> Opened | None:
    """Open the chosen register for the window (with the passphrase ``known``, if
    given, else asking it); None if the user gave up."""
    from .store.connection import RegisterDamaged, is_encrypted

    passphrase: list[str | None] = [known]
    try:
        if not looks_encrypted(choice.path):
            if is_encrypted(choice.path):
                raise ValueError(f"{choice.path} is not a Placement QA register (nor an "
                                 "encrypted one): nothing was changed")
            return Opened(open_chosen_register(choice))
        if known is not None:
            return Opened(open_chosen_register(choice, passphrase=known))
        db = ask_passphrase_and_open(choice, passphrase)
        return None if db is None else Opened(db)
    except RegisterDamaged as exc:
        return offer_latest_backup(choice, exc, passphrase[0])


def ask_passphrase_and_open(choice: RegisterChoice, tried: list[str | None]):
    """Ask the passphrase until it opens the register (or the user cancels: None).
    Anything but a wrong passphrase ends the asking and is raised."""
    from PySide6.QtWidgets import QDialog

    from .store.connection import WrongPassphrase
    from .ui.passphrase_dialog import PassphraseDialog

    failure: list[Exception] = []

    def attempt(passphrase: str):
        tried[0] = passphrase
        try:
            return open_chosen_register(choice, passphrase=passphrase)
        except WrongPassphrase:
            raise
        except Exception as exc:  # raised again once the dialog has closed
            failure.append(exc)
            return None

    dialog = PassphraseDialog(choice.path, attempt)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    if failure:
        raise failure[0]
    return dialog.result_value if accepted else None


RESTORE_BUTTON = "restoreBackupButton"


def ask_restore(text: str) -> bool:
    """"Restore the latest good backup" or "Quit": True for restore."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, text)
    box.setObjectName("damagedRegisterMessage")
    restore = box.addButton("&Restore the latest good backup",
                            QMessageBox.ButtonRole.AcceptRole)
    restore.setObjectName(RESTORE_BUTTON)
    box.addButton("&Quit", QMessageBox.ButtonRole.RejectRole).setObjectName("quitButton")
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore


def offer_latest_backup(choice: RegisterChoice, damage: Exception,
                        passphrase: str | None) -> Opened | None:
    """The register is damaged: offer the latest good backup (the damaged file is kept)."""
    from PySide6.QtWidgets import QMessageBox

    from .store.backup import default_backup_folder, latest_good_backup, restore_backup

    folder = default_backup_folder(choice.path)
    latest = latest_good_backup(folder, choice.path, passphrase)
    if latest is None:
        QMessageBox.critical(None, APP_NAME, f"{damage}\n\nThere is no good backup of it in "
                             f"{folder}: nothing was changed.")
        return None
    if not ask_restore(f"{damage}\n\nThe latest good backup is {latest.name}. Restore it? "
                       "The damaged file is kept beside the backups."):
        return None
    kept = restore_backup(latest, choice.path, keep_folder=folder, passphrase=passphrase)
    db = open_chosen_register(RegisterChoice(choice.path, False), passphrase=passphrase)
    return Opened(db, f"Restored the backup {latest.name}; the damaged register is kept as "
                      f"{kept}.")



def open_locked(choice: RegisterChoice, passphrase: str | None, parent):
    """(lock, :class:`Opened`) for another register, or None — said in words to
    ``parent`` — if it is in use, not a register, or its passphrase is not given."""
    from PySide6.QtWidgets import QMessageBox

    from .store.connection import RegisterError
    from .store.leftovers import clean_up
    from .store.lock import RegisterLock

    lock = RegisterLock(choice.path)
    try:
        lock.acquire()
        clean_up(choice.path)
        opened = open_for_session(choice, passphrase)
    except Exception as exc:  # shown in words; the traceback goes to the log
        log.warning("Another register could not be opened", exc_info=True)
        lock.release()
        reason = f"{exc}." if isinstance(exc, (RegisterError, OSError)) else str(exc)
        QMessageBox.warning(parent, APP_NAME, f"The register could not be opened: the one "
                            f"open now stays open.\n\n{reason}")
        return None
    if opened is None:
        lock.release()
        return None
    return lock, opened
