"""Every file dialog of the app opens in the folder the user last chose a file in
(remembered in QSettings), else in their Documents folder — never in the app's hidden
data folder, where the register lives by default and nobody would find an export.

:func:`ask_save_path`, :func:`ask_open_path` and :func:`ask_folder` wrap QFileDialog's
static functions (tests replace those, as before) and remember the folder chosen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

LAST_FOLDER_KEY = "fileDialogs/lastFolder"


def _location(kind: QStandardPaths.StandardLocation) -> Path | None:
    found = QStandardPaths.writableLocation(kind)
    return Path(found) if found else None


def _hidden(folder: Path) -> bool:
    """Inside the app's own data folder (the default register's, its backups')."""
    app_data = _location(QStandardPaths.StandardLocation.AppDataLocation)
    return app_data is not None and folder.resolve().is_relative_to(app_data.resolve())


def documents_folder() -> Path:
    """The user's Documents folder (their home folder where there is none)."""
    documents = _location(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents is not None and documents.is_dir() else Path.home()


def start_folder() -> Path:
    """Where a file dialog opens: the folder last used, else Documents."""
    last = QSettings().value(LAST_FOLDER_KEY, "")
    if last:
        folder = Path(str(last))
        if folder.is_dir() and not _hidden(folder):
            return folder
    return documents_folder()


def remember_folder(chosen: str | Path) -> None:
    """The folder of a file (or the folder) the user chose, for the next dialog."""
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    if folder.is_dir() and not _hidden(folder):
        QSettings().setValue(LAST_FOLDER_KEY, str(folder))


def ask_save_path(parent: QWidget | None, caption: str, file_name: str,
                  filters: str) -> tuple[str, str]:
    """(path chosen or "", filter chosen): the dialog suggests ``file_name`` in
    :func:`start_folder`."""
    chosen, chosen_filter = QFileDialog.getSaveFileName(
        parent, caption, str(start_folder() / file_name), filters)
    if chosen:
        remember_folder(Path(chosen).parent)
    return chosen, chosen_filter


def ask_open_path(parent: QWidget | None, caption: str, filters: str) -> tuple[str, str]:
    """(file chosen or "", filter chosen), the dialog opening in :func:`start_folder`."""
    chosen, chosen_filter = QFileDialog.getOpenFileName(
        parent, caption, str(start_folder()), filters)
    if chosen:
        remember_folder(Path(chosen).parent)
    return chosen, chosen_filter


def ask_folder(parent: QWidget | None, caption: str, folder: str = "") -> str:
    """A folder chosen ("" if none), the dialog opening in ``folder`` if given (and
    not the app's own), else in :func:`start_folder`."""
    start = Path(folder) if folder and not _hidden(Path(folder)) else start_folder()
    chosen = QFileDialog.getExistingDirectory(parent, caption, str(start))
    if chosen:
        remember_folder(chosen)
    return chosen
