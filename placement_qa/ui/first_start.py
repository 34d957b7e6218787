"""The first-start window: shown when the app starts with nothing to open (no ``--db``,
no register used before, no register in the app's data folder).

Four choices, each a large button: try the demo register (made-up records, in a file of
its own), start our register (new and empty: :class:`.new_register_dialog.
NewRegisterDialog`), open an existing register, or join the team's register on the
council's server (a new empty register that then takes the whole team register).
``choice`` is the one clicked (None if the window was closed: the app ends).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCommandLinkButton, QDialog, QLabel, QVBoxLayout, QWidget

from .file_dialogs import ask_open_path
from .form_fields import set_names
from .new_register_dialog import NewRegisterDialog
from .recent_registers import DEMO_NAME
from .register_file_actions import OPEN_FILTER


class StartChoice(Enum):
    DEMO = "demo"
    NEW = "new"
    OPEN = "open"
    JOIN = "join"


CHOICES = (
    (StartChoice.DEMO, "firstStartDemo", "&Try the demo register",
     "Made-up children and providers, to see how the app works. It is kept in a file of "
     "its own, apart from your register, and marked as the demo on every screen."),
    (StartChoice.NEW, "firstStartNew", "&Start our register",
     "A new, empty register: your home authority and council name, and a passphrase to "
     "encrypt it (recommended)."),
    (StartChoice.OPEN, "firstStartOpen", "&Open an existing register…",
     "A register file you or a colleague already keep (a .db file)."),
    (StartChoice.JOIN, "firstStartJoin", "&Join our team's register…",
     "When your team already keeps its register on the council's server: this computer "
     "gets a copy that syncs with it. You need the server's name and your login."),
)
WELCOME = ("<b>Welcome to Placement QA.</b> It keeps the register of children placed in "
           "out-of-borough special schools and colleges, their monitoring visits and visit "
           "notes. How would you like to start?")


class FirstStartDialog(QDialog):
    """Try the demo / Start our register / Open an existing register / Join the team's."""

    def __init__(self, parent: QWidget | None = None, *, note: str = "") -> None:
        super().__init__(parent)
        set_names(self, "firstStartDialog", "Placement QA: first start")
        self.setWindowTitle("Placement QA — how would you like to start?")
        self.choice: StartChoice | None = None
        layout = QVBoxLayout(self)
        welcome = QLabel(WELCOME, self)
        set_names(welcome, "firstStartWelcome", "Welcome")
        welcome.setWordWrap(True)
        layout.addWidget(welcome)
        self.note = QLabel(note, self)
        set_names(self.note, "firstStartNote", "Why this window shows")
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note.setVisible(bool(note))
        layout.addWidget(self.note)
        self.buttons: dict[StartChoice, QCommandLinkButton] = {}
        for choice, name, text, description in CHOICES:
            button = QCommandLinkButton(text, description, self)
            set_names(button, name, text.replace("&", "").rstrip("…"))
            button.clicked.connect(lambda _checked=False, c=choice: self.choose(c))
            layout.addWidget(button)
            self.buttons[choice] = button
        self.buttons[StartChoice.NEW].setDefault(True)
        self.setMinimumWidth(560)

    def choose(self, choice: StartChoice) -> None:
        self.choice = choice
        self.accept()


@dataclass(frozen=True)
class FirstStart:
    """What to open after the first-start window: the file, whether to fill it with
    the demo first, its passphrase if known, and whether to join the team register."""

    path: Path
    fill_with_demo: bool = False
    passphrase: str | None = None
    join: bool = False


def ask_first_start(folder: Path, note: str = "") -> FirstStart | None:
    """Show the first-start window until a choice gives a register to open (None: the
    window was closed). ``folder`` is the app's data folder, where the demo is kept
    (as ``demo.db``) and a new register goes unless the user chooses elsewhere."""
    while True:
        dialog = FirstStartDialog(note=note)
        dialog.exec()
        choice = dialog.choice
        dialog.deleteLater()
        if choice is None:
            return None
        chosen = _follow(choice, folder)
        if chosen is not None:
            return chosen


def _follow(choice: StartChoice, folder: Path) -> FirstStart | None:
    """The register the choice leads to (None: the user went back)."""
    if choice is StartChoice.DEMO:
        demo = folder / DEMO_NAME
        return FirstStart(demo, fill_with_demo=not demo.exists())
    if choice is StartChoice.OPEN:
        chosen, _ = ask_open_path(None, "Open register", OPEN_FILTER)
        return FirstStart(Path(chosen)) if chosen else None
    dialog = NewRegisterDialog(joining=choice is StartChoice.JOIN, folder=folder)
    dialog.exec()
    created = dialog.created
    dialog.deleteLater()
    if created is None:
        return None
    return FirstStart(created.path, passphrase=created.passphrase,
                      join=choice is StartChoice.JOIN)


def missing_note(recent: Sequence[Path]) -> str:
    """Why the window shows when a register was used before: it is not there now."""
    if not recent:
        return ""
    return (f"The register used last, {recent[0]}, was not found: it may have been moved "
            "or renamed, or be on a drive not connected now. Open it from where it is "
            "now, or choose below.")
