"""Start-up: arguments, settings, open the register, show the window.

``placement-qa`` (or ``python main.py``) with no command starts the app on the
register given by ``--db``, else on the register used last, else on the default
register in the user's application-data folder (made there by earlier versions); with
none of these it shows the first-start window (try the demo, start our register, open
one, join the team's: :mod:`.ui.first_start`).
Commands (``new``, ``export``, ``check``, ...: see :mod:`.cli`) run headless, without Qt.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from . import app_log, cli
from .app_log import APP_FOLDER_NAME
from .opening import (  # noqa: F401  (RESTORE_BUTTON, open_chosen_register: for tests)
    APP_NAME,
    RESTORE_BUTTON,
    RegisterChoice,
    ask_passphrase_and_open,
    open_chosen_register,
    open_for_session,
    open_locked,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

    from .ui.main_window import MainWindow

DEFAULT_REGISTER_NAME = "register.db"
log = logging.getLogger(__name__)


def choose_register(db_arg: Path | None, demo_flag: bool, app_data_dir: Path,
                    recent: Sequence[Path] = ()) -> RegisterChoice | None:
    """Which file to open, and whether to fill it with the demo register first; None
    when there is nothing to open (the first-start window asks).

    A ``--db`` file that does not exist yet starts empty unless ``--demo`` is given.
    Without ``--db``: the register used last (``recent``, newest first) if it is still
    there — never an older one in its place, unnoticed — else the default register.
    """
    if db_arg is not None:
        return RegisterChoice(db_arg, demo_flag and not db_arg.exists())
    if recent:
        return RegisterChoice(recent[0], False) if recent[0].is_file() else None
    path = app_data_dir / DEFAULT_REGISTER_NAME
    return RegisterChoice(path, False) if path.exists() else None


def main(argv: Sequence[str] | None = None) -> int:
    app_log.start_logging()  # the log file; an unexpected error is logged, then explained
    return cli.main(sys.argv[1:] if argv is None else argv, start_app=run_gui)


def run_gui(args: cli.AppOptions) -> int:
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QApplication

    from .ui.gc_guard import collect_garbage_on_gui_thread
    from .ui.recent_registers import recent_registers
    from .ui.unexpected_error import show_unexpected_errors

    app = QApplication.instance() or QApplication([sys.argv[0]])
    collect_garbage_on_gui_thread(app)  # never in a worker thread: see ui/gc_guard.py
    app.setApplicationName(APP_FOLDER_NAME)
    app.setApplicationDisplayName(APP_NAME)
    show_unexpected_errors(app)  # and the open notes are saved, the user told in a window
    app_data = Path(QStandardPaths.writableLocation(QStandardPaths.AppDataLocation))
    recent = recent_registers()
    choice = choose_register(args.db, args.demo, app_data, recent)
    session = (start_session(choice, args) if choice is not None else
               start_first_time(args, app_data, recent))
    if isinstance(session, int):
        return session
    try:
        return app.exec()
    finally:
        session.close()


def start_first_time(args, app_data: Path, recent: Sequence[Path]):
    """The first-start window until a register opens (the :class:`Session`), or the
    exit status once it is closed. A register that does not open (not a register, in
    use, its passphrase not given) is explained and the window shows again."""
    from .ui.first_start import ask_first_start, missing_note

    while True:
        chosen = ask_first_start(app_data, missing_note(recent))
        if chosen is None:
            return cli.EXIT_OK
        session = start_session(RegisterChoice(chosen.path, chosen.fill_with_demo), args,
                                passphrase=chosen.passphrase)
        if not isinstance(session, int):
            if chosen.join:
                session.window.sync.open_join()
            return session


def start_session(choice: RegisterChoice, args, *, idle_ms: int | None = None,
                  passphrase: str | None = None):
    """Lock the register, open it (with ``passphrase``, else asking it if encrypted;
    offering the latest good backup if damaged) and show the main window: the
    :class:`Session`, or the exit status if the app should end here."""
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
        opened = open_for_session(choice, passphrase)
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


# --- the open register and its window ---------------------------------------------------

@contextmanager
def _app_kept_running() -> Iterator[None]:
    """While one window closes and the next opens, the app does not end."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    try:
        yield
    finally:
        app.setQuitOnLastWindowClosed(quit_on_close)


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
        from .ui.recent_registers import remember_register

        self.lock.follow_file()  # the file may be new: created, restored, encrypted
        window = MainWindow(self.db, register_path=self.path, as_of=self.args.as_of,
                            demo_created=demo_created)
        window.reopen_register = self.reopen
        window.register_files.connect(self.open_other)
        remember_register(self.path)  # the next start opens it
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
        with _app_kept_running():
            self._reopen(change, passphrase)

    def open_other(self, path: Path, passphrase: str | None = None) -> bool:
        """File ▸ New register, Open register, Open recent: open the register at
        ``path`` (locked, its passphrase asked if not given), then close this one as
        quitting does (note drafts saved, backed up, its lock given back) and show the
        other's window. A file that does not open is explained, and this register stays
        open as it was; so it does if a note window is kept open. True if it switched."""
        from PySide6.QtWidgets import QMessageBox

        path = Path(path)
        if path.absolute() == self.path.absolute():
            self.window.statusBar().showMessage(f"{path} is the register open now.", 8000)
            return False
        opened = open_locked(RegisterChoice(path, False), passphrase, self.window)
        if opened is None:
            return False
        lock, other = opened
        with _app_kept_running():
            if not self.window.close():  # a note window kept open: stay here
                other.db.close()
                lock.release()
                QMessageBox.information(self.window, APP_NAME, f"{path.name} was not opened: "
                                        "this register stays open while a note is open.")
                return False
            self._stop_idle()
            self.window.deleteLater()
            self.db.close()
            self.lock.release()
            self.path, self.lock, self.db = path, lock, other.db
            self.show(message=other.message)
        return True

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
