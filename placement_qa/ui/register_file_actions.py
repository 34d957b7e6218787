"""File ▸ New register…, Open register…, Open recent ▸: leave this register for another.

The app's start-up code gives the window a way to switch (``connect``): it closes this
register as quitting does (note drafts saved, a backup taken, the lock given back) only
once the other has opened; a file that is not a register is refused in words and this
register stays open. A window without it (tests, a window of its own) has the actions
disabled.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from .file_dialogs import ask_open_path
from .new_register_dialog import REGISTER_FILTER, NewRegisterDialog
from .recent_registers import recent_registers

#: ``switch(path, passphrase)``: open the register at ``path`` instead (True if it did).
Switch = Callable[[Path, "str | None"], bool]
OPEN_FILTER = f"{REGISTER_FILTER};;All files (*)"


class RegisterFileHost(Protocol):
    register_path: Path

    def make_action(self, text, name, shortcut, slot) -> QAction: ...


class RegisterFileActions:
    """The File menu's first lines: start a register, open one, open a recent one."""

    def __init__(self, window: RegisterFileHost) -> None:
        self._window = window
        self._switch: Switch | None = None
        make = window.make_action
        self.new_action = make("&New register…", "actionNewRegister", "", self.new_register)
        self.new_action.setStatusTip("Start a new, empty register (and leave this one)")
        self.open_action = make("Open re&gister…", "actionOpenRegister", "Ctrl+O",
                                self.open_register)
        self.open_action.setStatusTip("Open another register file (and leave this one)")
        self.recent_menu = QMenu("Open recen&t", window)  # type: ignore[arg-type]
        self.recent_menu.setObjectName("menuOpenRecent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._enable(False)

    def _enable(self, enabled: bool) -> None:
        for action in (self.new_action, self.open_action, self.recent_menu.menuAction()):
            action.setEnabled(enabled)

    def connect(self, switch: Switch) -> None:
        """Let the actions switch registers (given by the app's start-up code)."""
        self._switch = switch
        self._enable(True)

    def fill_menu(self, menu: QMenu) -> None:
        first = menu.actions()[0] if menu.actions() else None
        menu.insertActions(first, [self.new_action, self.open_action])
        menu.insertMenu(first, self.recent_menu)
        menu.insertSeparator(first)

    def _fill_recent(self) -> None:
        """The registers used lately: the one open now and any missing shown disabled."""
        self.recent_menu.clear()
        here = self._window.register_path.absolute()
        for number, path in enumerate(recent_registers(), start=1):
            missing = not path.is_file()
            words = " (open now)" if path == here else " (not found)" if missing else ""
            action = self.recent_menu.addAction(f"&{number} {path.name}{words}")
            action.setObjectName(f"actionRecent{number}")
            action.setStatusTip(str(path))
            action.setToolTip(str(path))
            action.setEnabled(not missing and path != here)
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No registers opened yet").setEnabled(False)

    def open_path(self, path: Path, passphrase: str | None = None) -> bool:
        """Open the register at ``path`` instead of this one (True if it opened)."""
        return self._switch is not None and self._switch(path, passphrase)

    def open_register(self) -> bool:
        chosen, _ = ask_open_path(self._parent(), "Open register", OPEN_FILTER)
        return bool(chosen) and self.open_path(Path(chosen))

    def new_register(self) -> QWidget:
        """The Start our register form; once created, the new register opens."""
        dialog = NewRegisterDialog(self._parent())
        dialog.accepted.connect(lambda: QTimer.singleShot(0, lambda: self._open_created(dialog)))
        dialog.open()
        return dialog

    def _open_created(self, dialog: NewRegisterDialog) -> None:
        if dialog.created is not None:
            self.open_path(dialog.created.path, dialog.created.passphrase)

    def _parent(self) -> QWidget:
        return self._window  # type: ignore[return-value]  (the main window, a QWidget)
