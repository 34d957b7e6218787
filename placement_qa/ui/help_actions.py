"""The Help menu: User guide (F1, at the screen's section), Keyboard shortcuts, About."""

from __future__ import annotations

from html import escape
from importlib import metadata
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .guide_window import HELP_KEY, GuideWindow, show_guide
from .shortcuts_dialog import ShortcutsDialog

DISTRIBUTION = "placement-qa"
APP_NAME = "Placement QA"


class HelpHost(Protocol):
    """What the Help menu needs of the main window."""

    tabs: QTabWidget
    dashboard: QWidget
    register_path: Path

    def make_action(self, text, name, shortcut, slot) -> QAction: ...
    def menu(self, title, name=None): ...


def version_text() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


def licence() -> tuple[str, str]:
    """The licence's name (SPDX, e.g. "MIT") and its text, from the package's metadata."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "MIT", ""
    name = dist.metadata.get("License-Expression") or dist.metadata.get("License") or ""
    text = dist.read_text("licenses/LICENSE") or dist.read_text("LICENSE") or ""
    return name, text


class AboutDialog(QDialog):
    """The version, the open register's path and the licence, all selectable to copy."""

    def __init__(self, register_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setAccessibleName(f"About {APP_NAME}")
        self.setWindowTitle(f"About {APP_NAME}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        name, text = licence()
        self.summary = QLabel(
            f"<h3>{APP_NAME}</h3><p>Version {escape(version_text())}</p>"
            f"<p>Register open: {escape(str(register_path))}</p>"
            f"<p>Licence: {escape(name)}</p>", self)
        self.summary.setObjectName("aboutSummary")
        self.summary.setAccessibleName("Version, register and licence")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        if text:
            licence_text = QPlainTextEdit(text, self)
            licence_text.setObjectName("aboutLicence")
            licence_text.setAccessibleName("Licence text")
            licence_text.setReadOnly(True)
            licence_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)  # as written
            layout.addWidget(licence_text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(min(700, self.screen().availableGeometry().width() - 60), 440)


class HelpActions:
    """Fills the Help menu (the last in the menu bar) and opens its windows."""

    def __init__(self, window: HelpHost) -> None:
        self._window = window
        make = window.make_action
        self.guide_action = make("&User guide", "actionUserGuide", HELP_KEY, self.open_guide)
        self.guide_action.setStatusTip("How the app works, at the screen you are on (F1)")
        self.shortcuts_action = make("&Keyboard shortcuts", "actionKeyboardShortcuts", "",
                                     self.open_shortcuts)
        self.shortcuts_action.setStatusTip("Every action and its keys")
        self.about_action = make(f"&About {APP_NAME}", "actionAbout", "", self.open_about)
        self.about_action.setStatusTip("Version, the register open and the licence")
        menu = window.menu("&Help", "menuHelp")
        menu.addActions([self.guide_action, self.shortcuts_action, self.about_action])

    def screen_section(self) -> str:
        """The help section of the main window's screen: the dashboard or the register."""
        window = self._window
        return "dashboard" if window.tabs.currentWidget() is window.dashboard else "register"

    def open_guide(self) -> GuideWindow:
        return show_guide(self._window, self.screen_section())  # type: ignore[arg-type]

    def open_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self._window)  # type: ignore[arg-type]
        dialog.show()
        return dialog

    def open_about(self) -> AboutDialog:
        dialog = AboutDialog(self._window.register_path, self._window)  # type: ignore[arg-type]
        dialog.show()
        return dialog


def add_help_menu(window: QMainWindow) -> HelpActions:
    """The Help menu of ``window``: call it after every other menu is made."""
    return HelpActions(window)  # type: ignore[arg-type]
