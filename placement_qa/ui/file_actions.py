"""The File menu's imports and exports, opened from the main window."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QStatusBar, QWidget
from sqlite_utils import Database

from ..domain.schedule import ScheduleLine
from ..store.output_guard import not_written
from .file_dialogs import ask_save_path
from .jobs import JobRunner
from .report_actions import ReportActions
from .row_actions import MESSAGE_MS

EXPORT_FILTERS = "Excel workbook (*.xlsx);;CSV file (*.csv)"


class FileHost(Protocol):
    """What :class:`FileActions` needs of the main window."""

    lines: list[ScheduleLine]
    register_path: Path
    jobs: JobRunner

    def make_action(self, text, name, shortcut, slot) -> QAction: ...
    def refresh(self) -> None: ...
    def statusBar(self) -> QStatusBar: ...  # noqa: N802 (Qt's name)


class FileActions:
    """Import placements or inspection outcomes; export the register as shown; settings;
    the QA framework."""

    def __init__(self, window: FileHost, db: Database) -> None:
        self._window, self._db = window, db
        make = window.make_action
        self.import_placements_action = make(
            "Import &placements…", "actionImportPlacements", "Ctrl+I", self.import_placements)
        self.import_inspections_action = make(
            "Import &inspection outcomes…", "actionImportInspections", "Ctrl+Shift+I",
            self.import_inspections)
        self.export_action = make(
            "&Export register…", "actionExportRegister", "Ctrl+Shift+X", self.export_register)
        self.export_action.setStatusTip("Save the register as of the chosen date (XLSX or CSV)")
        self.settings_action = make(
            "&Settings…", "actionSettings", "Ctrl+,", self.open_settings)
        self.settings_action.setStatusTip(
            "Home authority, additional visits after a downgrade, school holidays")
        self.framework_action = make(
            "QA &framework…", "actionEditFramework", "", self.open_framework_editor)
        self.framework_action.setStatusTip(
            "Change the QA framework visits are recorded against (each save a new version); "
            "import or export a framework file")
        self.reports = ReportActions(window, db)

    def fill_menu(self, menu: QMenu) -> None:
        menu.addActions([self.import_placements_action, self.import_inspections_action])
        menu.addSeparator()
        menu.addAction(self.export_action)
        self.reports.fill_menu(menu)
        menu.addSeparator()
        menu.addActions([self.framework_action, self.settings_action])
        menu.addSeparator()

    def import_placements(self) -> QWidget:
        from .import_dialog import ImportPlacementsDialog

        return self._open(ImportPlacementsDialog(
            self._db, self._window, register_path=self._window.register_path,
            jobs=self._window.jobs))

    def import_inspections(self) -> QWidget:
        from .inspections_import_dialog import ImportInspectionsDialog

        return self._open(ImportInspectionsDialog(
            self._db, self._window, register_path=self._window.register_path,
            jobs=self._window.jobs, as_of=self._window.as_of))

    def open_settings(self) -> QWidget:
        """The register settings; once saved, every line is worked out again."""
        from .settings_dialog import SettingsDialog

        dialog = SettingsDialog(self._db, self._window)
        dialog.accepted.connect(self._window.refresh)
        dialog.open()
        return dialog

    def open_framework_editor(self) -> QWidget:
        """The QA framework editor (saving there never changes visits already recorded)."""
        from .framework_editor import FrameworkEditorDialog

        dialog = FrameworkEditorDialog(self._db, self._window)
        dialog.open()
        return dialog

    def _open(self, dialog) -> QWidget:
        dialog.imported.connect(self._window.refresh)
        dialog.open()
        return dialog

    def export_register(self) -> None:
        chosen, chosen_filter = ask_save_path(
            self._window, "Export register", "register.xlsx", EXPORT_FILTERS)
        if chosen:
            path = Path(chosen)
            if not path.suffix:
                path = path.with_suffix(".csv" if "csv" in chosen_filter.lower() else ".xlsx")
            self.export_register_to(path)

    def export_register_to(self, path: Path) -> int | None:
        """Write every placement (as of the window's date) to ``path``; say so in the status bar."""
        from ..store.exports import write_register_file

        try:
            count = write_register_file(self._db, self._window.lines, path)
        except OSError as exc:
            QMessageBox.warning(self._window, "Register not exported", not_written(path, exc))
            return None
        self._window.statusBar().showMessage(
            f"{count:,} placements exported to {path}", MESSAGE_MS)
        return count
