"""Start our register: a new, empty register made from the app, in one form.

It asks the home authority and the council's name (kept as the register's settings, as
File ▸ Settings… shows them), where the file goes, and offers encryption — ticked, as
recommended for children's personal data — with the passphrase typed twice. Create
writes the whole register or nothing (:func:`~placement_qa.store.new_register.
write_new_register`); ``created`` then says where it is and its passphrase. To join a
team register (``joining``) the authority and the council's name are not asked: the
team register brings them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QWidget

from ..domain.settings import COUNCIL_NAME, HOME_AUTHORITY, SettingError, council_from_home
from ..domain.validation import FieldError
from ..store.connection import RegisterError
from ..store.errors import DATABASE_ERRORS, in_words
from .file_dialogs import ask_save_path
from .form_dialog import FormDialog
from .form_fields import set_names
from .passphrase_dialog import check_new_passphrase, password_field
from .recent_registers import app_data_folder, free_register_path

REGISTER_FILTER = "Placement QA register (*.db)"
ENCRYPT = "&Encrypt it with a passphrase (recommended)"
WHY_ENCRYPT = ("The register holds children's personal data: encrypted, nobody can read it "
               "without the passphrase — nor can you, if you forget it. Keep it somewhere safe.")


@dataclass(frozen=True)
class NewRegister:
    path: Path
    passphrase: str | None


class NewRegisterDialog(FormDialog):
    """Home authority, council name, where, encryption: Create makes the register."""

    def __init__(self, parent: QWidget | None = None, *, joining: bool = False,
                 folder: Path | None = None) -> None:
        title = "Join our team's register" if joining else "Start our register"
        super().__init__(title, "newRegisterDialog", parent)
        self.created: NewRegister | None = None
        self._joining = joining
        self.path = free_register_path(folder or app_data_folder())
        self.home = self._line("newHomeAuthority", "Home authority",
                               "the local authority whose placements these are, e.g. Kent")
        self.council = self._line("newCouncilName", "Council name",
                                  "printed at the top of every visit note")
        if joining:  # the team register brings them
            self.home.hide()
            self.council.hide()
        else:
            self.add_field("&Home authority:", self.home, field="Home authority")
            self.add_field("&Council name:", self.council, field="Council name")
        self.home.textChanged.connect(self._suggest_council)
        self._add_place()
        self._add_encryption()
        self.save_button.setText("C&reate register" if not joining else "C&reate and join…")
        self.resize(620, 0)
        self.fit_height()

    def _line(self, name: str, accessible: str, hint: str) -> QLineEdit:
        edit = QLineEdit(self)
        set_names(edit, name, accessible)
        edit.setPlaceholderText(hint)
        return edit

    def _add_place(self) -> None:
        self.place = QLabel(str(self.path), self)
        set_names(self.place, "newRegisterPath", "Where the register is kept")
        self.place.setWordWrap(True)
        change = QPushButton("Chan&ge…", self)
        set_names(change, "newRegisterChange", "Choose where the register is kept")
        change.clicked.connect(self._choose_place)
        self.add_field("Kept in:", self.place, field="File", beside=change)

    def _add_encryption(self) -> None:
        self.encrypt = QCheckBox(ENCRYPT, self)
        set_names(self.encrypt, "newRegisterEncrypt", "Encrypt the register")
        self.encrypt.setChecked(True)
        self.form.addRow(self.encrypt)
        why = QLabel(WHY_ENCRYPT, self)
        set_names(why, "newRegisterWhyEncrypt", "Why encrypt")
        why.setWordWrap(True)
        self.form.addRow(why)
        self.first = password_field(self, "newPassphrase", "Passphrase")
        self.second = password_field(self, "newPassphraseAgain", "Passphrase again")
        self.add_field("&Passphrase:", self.first, field="Passphrase")
        self.add_field("&Again:", self.second, field="Again")
        self.encrypt.toggled.connect(self._show_passphrase)

    def _show_passphrase(self, encrypt: bool) -> None:
        for name in ("Passphrase", "Again"):
            self.set_row_visible(self.rows[name], encrypt)

    def _suggest_council(self, home: str) -> None:
        made = council_from_home(home.strip()) if home.strip() else None
        self.council.setPlaceholderText(made or "printed at the top of every visit note")

    def _choose_place(self) -> None:
        chosen, _ = ask_save_path(self, "Keep the new register in", self.path.name,
                                  REGISTER_FILTER)
        if chosen:
            path = Path(chosen)
            self.path = path if path.suffix else path.with_suffix(".db")
            self.place.setText(str(self.path))

    # --- creating ---------------------------------------------------------------------

    def _settings(self) -> list:
        if self._joining:
            return []
        home = self.home.text().strip()
        council = self.council.text().strip() or council_from_home(home) or ""
        return [(HOME_AUTHORITY, home), *([(COUNCIL_NAME, council)] if council else [])]

    def _problems(self) -> list[FieldError]:
        problems = []
        if not self._joining and not self.home.text().strip():
            problems.append(FieldError("Home authority", "is required"))
        if self.path.exists():
            problems.append(FieldError("File", f"{self.path} already exists: choose a new "
                                       "name with Change…"))
        if self.encrypt.isChecked():
            problem = check_new_passphrase(self.first.text(), self.second.text())
            if problem is not None:
                problems.append(FieldError("Passphrase", problem))
        return problems

    def save(self) -> None:
        """Create the register (Create button); nothing is written if anything is refused."""
        from ..store.new_register import write_new_register

        self.clear_errors()
        problems = self._problems()
        if problems:
            self.show_errors(problems)
            return
        passphrase = self.first.text() if self.encrypt.isChecked() else None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_new_register(self.path, settings=self._settings(), passphrase=passphrase)
        except SettingError as exc:
            self.show_form_error(str(exc))
            return
        except (RegisterError, OSError, *DATABASE_ERRORS) as exc:
            self.show_form_error(f"The register was not made: {in_words(exc)}")
            return
        self.first.clear()
        self.second.clear()
        self.created = NewRegister(self.path, passphrase)
        self.accept()
