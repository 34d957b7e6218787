"""Backups from the File menu, on close and once a day; restoring one; encrypting.

Backups use the SQLite backup API (``store.backup``), never a file copy. A backup
that fails says so in the status bar and never stops the app closing. Restoring a
backup, and encrypting the register, need the register closed: the app closes it,
changes the file and opens it again (``window.reopen_register``, given by the app's
start-up code); the register's lock is held throughout, so no one else opens it
meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from ..domain.dates import council_clock
from ..domain.settings import BACKUP_KEEP
from ..store.connection import (
    RegisterError,
    WrongPassphrase,
    is_encrypted,
    remembered_passphrase,
)
from ..store.errors import DATABASE_ERRORS
from ..store.settings import backup_keep as keep_setting
from .passphrase_dialog import NewPassphraseDialog, PassphraseDialog
from .screen_fit import fit_to_width

MESSAGE_MS = 8000
HOUR_MS = 60 * 60 * 1000
BACKUP_PROBLEMS = (OSError, RegisterError, *DATABASE_ERRORS)


class BackupHost(Protocol):
    register_path: Path
    reopen_register: Callable[..., None] | None

    def make_action(self, text, name, shortcut, slot) -> QAction: ...
    def statusBar(self) -> QStatusBar: ...  # noqa: N802 (Qt's name)


def backup_keep(db: Database) -> int:
    """How many backups to keep (register setting ``backup_keep``; its default if the
    register cannot be read)."""
    try:
        return keep_setting(db)
    except DATABASE_ERRORS:
        return BACKUP_KEEP.default


def size_text(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 ** 2:,.1f} MB"


class BackupActions:
    """File ▸ Back up now, Restore from backup…, Encrypt register…, Change passphrase…;
    the daily backup."""

    def __init__(self, window: BackupHost, db: Database, *, check_ms: int = HOUR_MS) -> None:
        self._window, self._db = window, db
        make = window.make_action
        self.backup_action = make("&Back up now", "actionBackUpNow", "", self.back_up)
        self.backup_action.setStatusTip("Save a copy of the register in its backups folder")
        self.restore_action = make("Restore from bac&kup…", "actionRestoreBackup", "",
                                   self.choose_backup)
        self.restore_action.setStatusTip("Put an earlier backup in place of the register")
        self.encrypt_action = make("Encr&ypt register…", "actionEncryptRegister", "",
                                   self.encrypt)
        self.encrypt_action.setStatusTip("Protect the register file with a passphrase")
        self.passphrase_action = make("C&hange passphrase…", "actionChangePassphrase", "",
                                      self.change_passphrase)
        self.passphrase_action.setStatusTip("Give the encrypted register a new passphrase")
        encrypted = is_encrypted(window.register_path)
        self.encrypt_action.setEnabled(not encrypted)
        self.passphrase_action.setEnabled(encrypted)
        self.timer = QTimer(window)
        self.timer.setObjectName("dailyBackupTimer")
        self.timer.setInterval(check_ms)
        self.timer.timeout.connect(self.back_up_if_due)
        self.timer.start()

    @property
    def folder(self) -> Path:
        from ..store.backup import default_backup_folder

        return default_backup_folder(self._window.register_path)

    def fill_menu(self, menu: QMenu, before: QAction) -> None:
        """Put the backup entries (then a separator) in ``menu`` just before ``before``."""
        menu.insertActions(before, [self.backup_action, self.restore_action,
                                    self.encrypt_action, self.passphrase_action])
        menu.insertSeparator(before)

    def _say(self, message: str) -> None:
        self._window.statusBar().showMessage(message, MESSAGE_MS)

    def back_up(self) -> Path | None:
        """Back up now; the status bar says where (or why not). Never raises."""
        from ..store.backup import backup_register

        try:
            path = backup_register(self._db, self.folder, keep=backup_keep(self._db))
        except BACKUP_PROBLEMS as exc:
            self._say(f"The register was not backed up: {exc}")
            return None
        self._say(f"Register backed up to {path}")
        return path

    def back_up_if_due(self, now: datetime | None = None) -> Path | None:
        """Back up if there is no backup from the last 24 hours."""
        from ..store.backup import backup_due

        try:
            due = backup_due(self.folder, self._window.register_path, now or council_clock())
        except OSError as exc:
            self._say(f"The backups folder could not be read: {exc.strerror or exc}")
            return None
        return self.back_up() if due else None

    def stop(self) -> None:
        self.timer.stop()

    # --- restoring -------------------------------------------------------------

    def choose_backup(self) -> QDialog:
        dialog = RestoreDialog(self.folder, self._window.register_path, self._window)
        dialog.chosen.connect(self.restore)
        dialog.open()
        return dialog

    def restore(self, backup: Path) -> QDialog | None:
        """Close the register, put ``backup`` in its place (keeping the current file as a
        backup), open it again. A backup the register's passphrase does not open (one from
        elsewhere) is restored once its own passphrase is typed: the dialog asking it."""
        from ..store.backup import opens_with

        if is_encrypted(backup) and not opens_with(
                backup, remembered_passphrase(self._window.register_path)):
            return self._ask_backup_passphrase(backup)
        self._restore_with(backup, None)
        return None

    def _ask_backup_passphrase(self, backup: Path) -> QDialog:
        from ..store.backup import opens_with

        def attempt(passphrase: str) -> str:
            if not opens_with(backup, passphrase):
                raise WrongPassphrase(f"The passphrase does not open {backup.name}: try again.")
            return passphrase

        dialog = PassphraseDialog(backup, attempt, self._window, intro=(
            f"The backup {backup.name} was made with another passphrase. Type that "
            "passphrase to restore it: the restored register will open with the "
            "register's own passphrase."))
        dialog.accepted.connect(lambda: self._restore_with(backup, dialog.result_value))
        dialog.open()
        return dialog

    def _restore_with(self, backup: Path, backup_passphrase: str | None) -> None:
        from ..store.backup import restore_backup

        path, folder = self._window.register_path, self.folder

        def change() -> str:
            was_encrypted = is_encrypted(path)
            kept = restore_backup(backup, path, keep_folder=folder,
                                  passphrase=remembered_passphrase(path),
                                  backup_passphrase=backup_passphrase)
            keys = _key_words(was_encrypted, backup, backup_passphrase)
            kept_words = f" The register as it was is kept as {kept}." if kept else ""
            return f"Restored the backup {backup.name}.{keys}{kept_words}"

        self._reopen(change, "restore a backup")

    def _reopen(self, change: Callable[[], str], doing: str,
                passphrase: str | None = None) -> None:
        reopen = getattr(self._window, "reopen_register", None)
        if reopen is None:
            QMessageBox.warning(self._window, "Not possible here",
                                f"To {doing}, start Placement QA on this register again.")
            return
        reopen(change, passphrase)

    # --- encrypting ------------------------------------------------------------

    def encrypt(self) -> QDialog:
        dialog = NewPassphraseDialog(self._window.register_path, self._window)
        dialog.accepted.connect(lambda: self._encrypt_with(dialog.passphrase))
        dialog.open()
        return dialog

    def _encrypt_with(self, passphrase: str | None) -> None:
        from ..store.backup import list_backups
        from ..store.encryption import encrypt_register

        if not passphrase:
            return
        path = self._window.register_path

        def change() -> str:
            copies = len(list_backups(self.folder, path))
            encrypt_register(path, passphrase)
            note = (f" Its backups in {self.folder} are encrypted with it too."
                    if copies else "")
            return ("The register is now encrypted: Placement QA will ask for its passphrase "
                    "each time it starts, and after a while without use." + note)

        self._reopen(change, "encrypt the register", passphrase)

    def change_passphrase(self) -> QDialog:
        dialog = NewPassphraseDialog(self._window.register_path, self._window, changing=True)
        dialog.accepted.connect(lambda: self._change_to(dialog.passphrase))
        dialog.open()
        return dialog

    def _change_to(self, new_passphrase: str | None) -> None:
        from ..store.encryption import change_passphrase

        if not new_passphrase:
            return
        path = self._window.register_path
        old = remembered_passphrase(path) or ""

        def change() -> str:
            change_passphrase(path, old, new_passphrase)
            return ("The passphrase has been changed: the register and its backups now open "
                    "only with the new one.")

        self._reopen(change, "change the passphrase", new_passphrase)


def _key_words(was_encrypted: bool, backup: Path, backup_passphrase: str | None) -> str:
    """What a restore did to the backup's encryption, in words (or nothing)."""
    if not was_encrypted:
        return ""
    if not is_encrypted(backup):
        return (" It was made before the register was encrypted, so it has been encrypted "
                "with the register's passphrase.")
    if backup_passphrase is not None:
        return (" It was made with another passphrase: it now opens with the register's "
                "passphrase.")
    return ""


class RestoreDialog(QDialog):
    """The register's backups, newest first, with date and size; Restore puts one back."""

    chosen = Signal(Path)

    def __init__(self, folder: Path, register_path: Path, parent: QWidget | None = None):
        from ..store.backup import list_backups

        super().__init__(parent)
        self.setObjectName("restoreBackupDialog")
        self.setWindowTitle("Restore from backup")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        backups = list_backups(folder, register_path)
        intro = QLabel(
            f"Backups of {register_path.name} in {folder}, newest first. Restoring closes "
            "the register, keeps it as it is now as another backup, puts the chosen "
            "backup in its place and opens it again." if backups else
            f"There are no backups of {register_path.name} in {folder} yet.", self)
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("backupList")
        self.list.setAccessibleName("Backups")
        for info in backups:
            kept = " (kept when a backup was restored)" if info.kept_before_restore else ""
            item = QListWidgetItem(
                f"{info.taken_at:%d/%m/%Y %H:%M:%S} — {size_text(info.size)}{kept}")
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setText("&Restore")
        self.restore_button.setEnabled(bool(backups))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setObjectName("cancelButton")
        buttons.accepted.connect(self._restore)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        fit_to_width(self, 520)

    def _restore(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.accept()
        self.chosen.emit(Path(item.data(Qt.ItemDataRole.UserRole)))
