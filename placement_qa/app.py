"""Start-up: arguments, settings, open the register, show the window.

``placement-qa`` (or ``python main.py``) with no command starts the app on the
register given by ``--db``, or on the default register in the user's
application-data folder, creating a small demo register there on first run.
Sub-commands (``demo``, ``export``, ``check``) run headless, without Qt.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import cli

APP_NAME = "Placement QA"
# The name Qt uses for the per-user folders: ~/.local/share/placement-qa on Linux,
# %APPDATA%/placement-qa on Windows.
APP_FOLDER_NAME = "placement-qa"
DEFAULT_REGISTER_NAME = "register.db"


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
    args = cli.parse_args(sys.argv[1:] if argv is None else argv)
    if args.command:
        return cli.run(args)
    return run_gui(args)


def run_gui(args) -> int:
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_FOLDER_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app_data = Path(QStandardPaths.writableLocation(QStandardPaths.AppDataLocation))
    choice = choose_register(args.db, args.demo, app_data)
    try:
        db = open_chosen_register(choice)
    except Exception as exc:  # shown in words, never a traceback
        QMessageBox.critical(None, APP_NAME, f"The register could not be opened.\n\n{exc}")
        return cli.EXIT_FAILED

    from .ui.main_window import MainWindow

    window = MainWindow(
        db, register_path=choice.path, as_of=args.as_of, demo_created=choice.fill_with_demo
    )
    window.show()
    if args.visit is not None:
        try:
            window.visits.open_note(args.visit)
        except ValueError as exc:  # no such visit, or a cancelled one
            QMessageBox.warning(window, APP_NAME, f"The visit could not be opened.\n\n{exc}")
    status = app.exec()
    db.close()
    return status


def open_chosen_register(choice: RegisterChoice):
    """Open (creating if needed) the chosen register, filling a new one with the demo.

    A register always has a QA framework to record visits against: one with none
    is given the council's default framework.
    """
    from .store.connection import open_register
    from .store.frameworks import ensure_default_framework

    if choice.fill_with_demo:
        from .demo import write_demo_register

        write_demo_register(choice.path, "small")
    db = open_register(choice.path, create=True)
    try:
        ensure_default_framework(db)
    except Exception:
        db.close()
        raise
    return db
