"""Locking the app after idle time, for an encrypted register.

An application-wide event filter restarts a timer on every key press, click, mouse
move or wheel turn. When the timer runs out the visit notes' drafts are saved, every
window of the app is hidden, the remembered passphrase is forgotten and a dialog asks
for it again; the right passphrase shows every window as it was (typed text and all).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from ..store.connection import forget_passphrase, open_register, remember_passphrase
from .passphrase_dialog import PassphraseDialog

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.ShortcutOverride,
})


def idle_lock_minutes(db) -> int:
    """The register's idle time before locking, in minutes (the setting; its default
    if the register cannot be read)."""
    from ..domain.settings import IDLE_LOCK_MINUTES
    from ..store.errors import DATABASE_ERRORS
    from ..store.settings import idle_lock_minutes as setting

    try:
        return setting(db)
    except DATABASE_ERRORS:
        return IDLE_LOCK_MINUTES.default


def check_passphrase(path: Path, passphrase: str) -> None:
    """Raise WrongPassphrase unless ``passphrase`` opens the register (nothing is written)."""
    db = open_register(path, passphrase=passphrase, migrate=False, check=False)
    db.close()


class IdleLock(QObject):
    """Hides the app's windows after ``timeout_ms`` without input; the passphrase unlocks."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: QWidget, register_path: Path, timeout_ms: int,
                 save_drafts: Callable[[], None] = lambda: None,
                 quit_app: Callable[[], None] | None = None) -> None:
        super().__init__(window)
        self._window, self._path = window, Path(register_path)
        self._save_drafts = save_drafts
        self._quit = quit_app or window.close
        self._hidden: list[QWidget] = []
        self._quit_on_close = True
        self.dialog: PassphraseDialog | None = None
        self.timer = QTimer(self)
        self.timer.setObjectName("idleLockTimer")
        self.timer.setSingleShot(True)
        self.timer.setInterval(timeout_ms)
        self.timer.timeout.connect(self.lock)
        QApplication.instance().installEventFilter(self)
        self.timer.start()

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def stop(self) -> None:
        """No more locking (the register is being closed); a lock dialog still open goes."""
        self.timer.stop()
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.rejected.disconnect(self._quit_locked)
            dialog.close()
            dialog.deleteLater()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in INPUT_EVENTS and self.dialog is None:
            self.timer.start()  # restarts the countdown
        return False

    def lock(self) -> None:
        """Save drafts, hide every window, forget the passphrase, ask for it again."""
        if self.dialog is not None:
            return
        self.timer.stop()
        self._save_drafts()
        self._hidden = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        app = QApplication.instance()
        self._quit_on_close = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)  # the hidden windows are still open
        for widget in reversed(self._hidden):
            widget.hide()
        forget_passphrase(self._path)
        self.dialog = PassphraseDialog(
            self._path, self._unlock_with, None, cancel_text="&Quit",
            intro=(f"Placement QA locked itself after a while without use. Type the "
                   f"passphrase of {self._path.name} to carry on where you left off."))
        self.dialog.setObjectName("idleLockDialog")
        self.dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Unlock")
        self.dialog.accepted.connect(self._restore)
        self.dialog.rejected.connect(self._quit_locked)
        self.dialog.open()
        self.locked.emit()

    def _unlock_with(self, passphrase: str) -> bool:
        check_passphrase(self._path, passphrase)
        remember_passphrase(self._path, passphrase)
        return True

    def _restore(self) -> None:
        dialog, self.dialog = self.dialog, None
        dialog.deleteLater()
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        QApplication.instance().setQuitOnLastWindowClosed(self._quit_on_close)
        self._window.activateWindow()
        self.timer.start()
        self.unlocked.emit()

    def _quit_locked(self) -> None:
        """Quit from the lock: the app closes without showing anything again."""
        dialog, self.dialog = self.dialog, None
        dialog.deleteLater()
        self._hidden = []
        self.stop()
        QApplication.instance().setQuitOnLastWindowClosed(self._quit_on_close)
        self._quit()
