"""Start-up: arguments, settings, open the register, show the window.

``placement-qa`` (or ``python main.py``) with no command starts the app on the
register given by ``--db``, or on the default register in the user's
application-data folder, creating a small demo register there on first run.
Commands (``new``, ``export``, ``check``, ...: see :mod:`.cli`) run headless, without Qt.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import app_log, cli
from .app_log import APP_FOLDER_NAME

if TYPE_CHECKING:
    from sqlite_utils import Database

    from .ui.main_window import MainWindow

APP_NAME = "Placement QA"
DEFAULT_REGISTER_NAME = "register.db"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RegisterChoice:
    path: Path
    fill_with_demo: bool


def choose_register(db_arg: Path | None, demo_flag: bool, app_data_dir: Path) -> RegisterChoice:
    """Which file to open, and whether to fill it with the demo register first.

    The default register is created as a demo on first run, so a new user sees
    a working register at once; a ``--db`` file that does not exist yet starts
    empty unless ``--demo`` is given.
    """
    if db_arg is not None:
        return RegisterChoice(db_arg, demo_flag and not db_arg.exists())
    path = app_data_dir / DEFAULT_REGISTER_NAME
    return RegisterChoice(path, not path.exists())


def main(argv: Sequence[str] | None = None) -> int:
    app_log.start_logging()  # the log file; an unexpected error is logged, then explained
    return cli.main(sys.argv[1:] if argv is None else argv, start_app=run_gui)


def run_gui(args: cli.AppOptions) -> int:
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QApplication

    from .ui.gc_guard import collect_garbage_on_gui_thread
    from .ui.unexpected_error import show_unexpected_errors

    app = QApplication.instance() or QApplication([sys.argv[0]])
    collect_garbage_on_gui_thread(app)  # never in a worker thread: see ui/gc_guard.py
    app.setApplicationName(APP_FOLDER_NAME)
    app.setApplicationDisplayName(APP_NAME)
    show_unexpected_errors(app)  # and the open notes are saved, the user told in a window
    app_data = Path(QStandardPaths.writableLocation(QStandardPaths.AppDataLocation))
    session = start_session(choose_register(args.db, args.demo, app_data), args)
    if isinstance(session, int):
        return session
    try:
        return app.exec()
    finally:
        session.close()


def start_session(choice: RegisterChoice, args, *, idle_ms: int | None = None):
    """Lock the register, open it (asking its passphrase if encrypted, offering the
    latest good backup if damaged) and show the main window: the :class:`Session`, or
    the exit status if the app should end here."""
    from PySide6.QtWidgets import QMessageBox

    from .store.connection import RegisterError
    from .store.lock import RegisterLock

    lock = RegisterLock(choice.path)
    try:
        choice.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock.acquire()
    except (RegisterError, OSError) as exc:  # RegisterInUse says who has it open
        QMessageBox.critical(None, APP_NAME, f"The register could not be opened.\n\n{exc}.")
        return cli.EXIT_FAILED
    from .store.leftovers import clean_up

    clean_up(choice.path)  # what an interrupted backup or encryption left beside it
    try:
        opened = open_for_session(choice)
    except Exception as exc:  # shown in words; the traceback goes to the log
        log.warning("The register could not be opened", exc_info=True)
        lock.release()
        QMessageBox.critical(None, APP_NAME, f"The register could not be opened.\n\n{exc}")
        return cli.EXIT_FAILED
    if opened is None:  # the user chose Cancel or Quit
        lock.release()
        return cli.EXIT_OK
    session = Session(choice.path, args, lock, opened.db, idle_ms=idle_ms)
    session.show(demo_created=choice.fill_with_demo, message=opened.message)
    if args.visit is not None:
        try:
            session.window.visits.open_visit(args.visit)
        except ValueError as exc:  # no such visit, or a cancelled one
            QMessageBox.warning(session.window, APP_NAME,
                                f"The visit could not be opened.\n\n{exc}")
    return session


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


def open_for_session(choice: RegisterChoice) -> Opened | None:
    """Open the chosen register for the window; None if the user gave up."""
    from .store.connection import RegisterDamaged, is_encrypted

    passphrase: list[str | None] = [None]
    try:
        if not looks_encrypted(choice.path):
            if is_encrypted(choice.path):
                raise ValueError(f"{choice.path} is not a Placement QA register (nor an "
                                 "encrypted one): nothing was changed")
            return Opened(open_chosen_register(choice))
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


# --- the open register and its window ---------------------------------------------------

class Session:
    """The open register: its lock (held until the app ends), its database, its window."""

    def __init__(self, path: Path, args, lock, db: Database, *,
                 idle_ms: int | None = None) -> None:
        self.path, self.args, self.lock, self.db = Path(path), args, lock, db
        self.idle_ms = idle_ms
        self.window: MainWindow | None = None
        self.idle = None

    def show(self, *, demo_created: bool = False, message: str | None = None) -> None:
        from .store.connection import is_encrypted
        from .ui.idle_lock import IdleLock, idle_lock_minutes
        from .ui.main_window import MainWindow

        self.lock.follow_file()  # the file may be new: created, restored, encrypted
        window = MainWindow(self.db, register_path=self.path, as_of=self.args.as_of,
                            demo_created=demo_created)
        window.reopen_register = self.reopen
        self.window = window
        if is_encrypted(self.path):
            timeout = self.idle_ms or idle_lock_minutes(self.db) * 60_000
            self.idle = IdleLock(window, self.path, timeout,
                                 save_drafts=window.save_visit_notes, quit_app=self.quit)
        window.show()
        if message:
            self._tell(message)

    def _tell(self, message: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, message,
                          parent=self.window)
        box.setObjectName("sessionMessage")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.window.statusBar().showMessage(message, 15_000)

    def _stop_idle(self) -> None:
        if self.idle is not None:
            self.idle.stop()
            self.idle = None

    def reopen(self, change: Callable[[], str], passphrase: str | None = None) -> None:
        """Close the window and the register, ``change`` the file (restore, encrypt),
        open it again and show a new window saying what happened. The lock stays held."""
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        quit_on_close = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)
        try:
            self._reopen(change, passphrase)
        finally:
            app.setQuitOnLastWindowClosed(quit_on_close)

    def _reopen(self, change: Callable[[], str], passphrase: str | None) -> None:
        from .store.connection import RegisterError
        from .store.errors import DATABASE_ERRORS

        old = self.window
        old.backup_on_close = False  # restoring keeps the register itself; encrypting: plain
        if not old.close():
            return
        self._stop_idle()
        old.deleteLater()
        self.db.close()
        try:
            message = change()
        except (RegisterError, OSError, *DATABASE_ERRORS) as exc:
            message = f"Nothing was changed: {exc}"
            passphrase = None  # the file is as it was: it opens as it did
        opened = self._open_again(passphrase)
        if opened is None:
            self.quit()
            return
        self.db = opened
        self.show(message=message)

    def _open_again(self, passphrase: str | None):
        from PySide6.QtWidgets import QMessageBox

        from .store.connection import PassphraseNeeded, WrongPassphrase, remembered_passphrase

        choice = RegisterChoice(self.path, False)
        try:
            return open_chosen_register(
                choice, passphrase=passphrase or remembered_passphrase(self.path))
        except (PassphraseNeeded, WrongPassphrase):
            try:  # e.g. a backup taken under an earlier passphrase
                return ask_passphrase_and_open(choice, [None])
            except Exception as exc:  # shown in words; the traceback goes to the log
                log.warning("The register could not be opened again", exc_info=True)
                QMessageBox.critical(None, APP_NAME, f"The register could not be opened."
                                     f"\n\n{exc}")
        except Exception as exc:  # shown in words; the traceback goes to the log
            log.warning("The register could not be opened again", exc_info=True)
            QMessageBox.critical(None, APP_NAME, f"The register could not be opened.\n\n{exc}")
        return None

    def quit(self) -> None:
        from PySide6.QtWidgets import QApplication

        if self.window is not None:
            self.window.close()
        QApplication.instance().quit()

    def close(self) -> None:
        """After the event loop: stop the idle lock, close the register, release the lock."""
        self._stop_idle()
        try:
            self.db.close()
        finally:
            self.lock.release()
