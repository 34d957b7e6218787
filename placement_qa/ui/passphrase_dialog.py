"""Asking for a register's passphrase: at start, after the idle lock, and when encrypting.

:class:`PassphraseDialog` hands what was typed to ``try_passphrase``; if that raises
:class:`WrongPassphrase` the message shows under the field, the field is cleared and
the user tries again. :class:`NewPassphraseDialog` asks for a new passphrase twice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..store.connection import WrongPassphrase
from ..store.encryption import passphrase_problem
from .screen_fit import fit_to_width

DIALOG_WIDTH = 460  # the warning about a lost passphrase reads in a few lines


def password_field(parent: QWidget, name: str, accessible: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _error_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setAccessibleName("Problem")
    label.setWordWrap(True)
    label.setStyleSheet("color: #a00000;")
    label.hide()
    return label


class PassphraseDialog(QDialog):
    """"Passphrase for <register>": OK tries it; a wrong one is said under the field."""

    def __init__(self, register_path: Path, try_passphrase: Callable[[str], Any],
                 parent: QWidget | None = None, *, intro: str | None = None,
                 cancel_text: str = "Cancel") -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(f"Passphrase for {Path(register_path).name}")
        self._try = try_passphrase
        self.result_value: Any = None
        intro_label = QLabel(intro or (
            f"The register {register_path} is encrypted. Type its passphrase to open it."),
            self)
        intro_label.setObjectName("passphraseIntro")
        intro_label.setWordWrap(True)
        self.edit = password_field(self, "passphraseEdit", "Passphrase")
        self.error = _error_label(self, "passphraseError")
        form = QFormLayout()
        form.addRow("&Passphrase:", self.edit)
        form.labelForField(self.edit).setBuddy(self.edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.setObjectName("passphraseButtons")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setObjectName("okButton")
        ok.setText("&Open")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("cancelButton")
        cancel.setText(cancel_text)
        self.buttons.accepted.connect(self.try_now)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        fit_to_width(self, DIALOG_WIDTH)
        self.edit.setFocus()

    def try_now(self) -> None:
        """Try the passphrase typed; accept if it opens the register."""
        try:
            self.result_value = self._try(self.edit.text())
        except WrongPassphrase as exc:
            self.edit.clear()
            self.error.setText(str(exc))
            self.error.show()
            self.edit.setFocus()
            return
        self.edit.clear()  # the passphrase is not kept in the widget
        self.error.hide()
        self.accept()


def check_new_passphrase(first: str, second: str) -> str | None:
    """Why the new passphrase cannot be used, or None."""
    problem = passphrase_problem(first)
    if problem is not None:
        return f"{problem}."
    if first != second:
        return "The two passphrases are not the same: type them again."
    return None


class NewPassphraseDialog(QDialog):
    """A new passphrase, typed twice (at least eight characters that are not spaces)."""

    def __init__(self, register_path: Path, parent: QWidget | None = None, *,
                 changing: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("newPassphraseDialog")
        name = Path(register_path).name
        self.setWindowTitle(f"New passphrase for {name}" if changing else f"Encrypt {name}")
        self.passphrase: str | None = None
        what = ("From now on the register and its backups open only with this new "
                "passphrase" if changing else
                "The register and its backups will be encrypted")
        intro = QLabel(
            f"{what}: without this passphrase nobody can read it — nor can you, if you "
            "forget it. Keep it somewhere safe. The register is closed, converted and "
            "opened again.", self)
        intro.setWordWrap(True)
        self.first = password_field(self, "passphraseEdit", "New passphrase")
        self.second = password_field(self, "confirmPassphraseEdit", "New passphrase again")
        self.error = _error_label(self, "newPassphraseError")
        form = QFormLayout()
        form.addRow("New &passphrase:", self.first)
        form.addRow("&Again:", self.second)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setObjectName("okButton")
        ok.setText("&Change passphrase" if changing else "&Encrypt")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setObjectName("cancelButton")
        buttons.accepted.connect(self.try_now)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        fit_to_width(self, DIALOG_WIDTH)

    def try_now(self) -> None:
        problem = check_new_passphrase(self.first.text(), self.second.text())
        if problem is not None:
            self.error.setText(problem)
            self.error.show()
            self.first.setFocus()
            return
        self.passphrase = self.first.text()
        self.first.clear()
        self.second.clear()
        self.accept()
