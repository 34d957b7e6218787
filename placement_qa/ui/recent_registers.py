"""Where registers are: the registers opened lately, newest first, kept in QSettings
(the app starts on the newest, File ▸ Open recent lists them, a missing one disabled),
and the app's own data folder, where the demo and a first register go by default."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

RECENT_KEY = "registers/recent"
MOST = 6  # registers listed
DEMO_NAME = "demo.db"  # the demo, never the user's own register
REGISTER_NAME = "register.db"  # the user's first register, unless they choose elsewhere


def app_data_folder() -> Path:
    """The app's own data folder (hidden from the user on most systems)."""
    return Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppDataLocation))


def free_register_path(folder: Path) -> Path:
    """``register.db`` in ``folder``, else the first of ``register 2.db``… not taken."""
    path, number = folder / REGISTER_NAME, 1
    while path.exists():
        number += 1
        path = folder / f"register {number}.db"
    return path


def recent_registers() -> list[Path]:
    """The registers opened lately, newest first (whether or not they are still there)."""
    kept = QSettings().value(RECENT_KEY, [])
    if isinstance(kept, str):  # QSettings gives a list of one as the one string
        kept = [kept]
    return [Path(str(path)) for path in kept or [] if path]


def remember_register(path: Path) -> None:
    """``path`` was opened: first in the list, once."""
    path = Path(path).absolute()
    others = [p for p in recent_registers() if p != path]
    QSettings().setValue(RECENT_KEY, [str(p) for p in [path, *others][:MOST]])


def last_register() -> Path | None:
    """The register opened last, if it is still there (None if not: the app then asks,
    rather than starting on an older one — perhaps the demo — unnoticed)."""
    recent = recent_registers()
    return recent[0] if recent and recent[0].is_file() else None
