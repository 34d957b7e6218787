"""Save and open dialogs start in the user's Documents folder, then in the folder last
used — never in the app's hidden data folder or beside the register; the import dialog
saves its template where the user chooses."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton

from placement_qa.assets import resource_path
from placement_qa.ui.import_dialog import ImportPlacementsDialog


@pytest.fixture
def documents(tmp_path, monkeypatch) -> Path:
    """A home folder of the test's own, with a Documents folder in it."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    found = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    assert found == home / "Documents"
    return found


@pytest.fixture
def save_dialog(monkeypatch):
    """The folders the (replaced) save dialog was opened in; ``answer[0]`` is the file
    it answers with."""
    asked: list[Path] = []
    answer: list[Path] = []

    def save(parent, caption, suggested, filters="", *args, **kwargs):
        asked.append(Path(suggested).parent)
        return (str(answer[0]), filters.split(";;")[0]) if answer else ("", "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    save.asked, save.answer = asked, answer
    return save


def test_the_first_save_opens_in_documents_then_in_the_folder_last_used(
        qtbot, window, documents, save_dialog, register_path, tmp_path):
    window.files.export_action.trigger()  # cancelled
    assert save_dialog.asked == [documents]
    assert documents != register_path.parent
    exports = tmp_path / "board papers"
    exports.mkdir()
    save_dialog.answer.append(exports / "register.xlsx")
    window.files.export_action.trigger()
    assert (exports / "register.xlsx").exists()
    save_dialog.answer.clear()
    window.files.export_action.trigger()
    assert save_dialog.asked == [documents, documents, exports]


def test_the_apps_own_data_folder_is_never_where_a_dialog_opens(
        qtbot, window, documents, save_dialog):
    app_data = Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppDataLocation))
    app_data.mkdir(parents=True)
    save_dialog.answer.append(app_data / "register.csv")  # the user went there once
    window.files.export_action.trigger()
    save_dialog.answer.clear()
    window.files.export_action.trigger()
    assert save_dialog.asked == [documents, documents]


def test_the_import_dialog_saves_the_template_where_the_user_chooses(
        qtbot, register_db, register_path, documents, save_dialog):
    dialog = ImportPlacementsDialog(register_db)
    qtbot.addWidget(dialog)
    dialog.show()
    intro = dialog.findChild(QLabel, "importIntro").text()
    assert "Save the template" in intro and "placements_template.csv" not in intro
    save_dialog.answer.append(documents / "our placements")
    qtbot.mouseClick(dialog.findChild(QPushButton, "importSaveTemplate"),
                     Qt.MouseButton.LeftButton)
    assert save_dialog.asked == [documents]
    template = resource_path("templates", "placements_template.csv")
    assert (documents / "our placements.csv").read_bytes() == template.read_bytes()
    assert (documents / "our placements README.md").read_bytes() == (
        resource_path("templates", "README.md").read_bytes())
    assert str(documents / "our placements.csv") in dialog.summary.text()
