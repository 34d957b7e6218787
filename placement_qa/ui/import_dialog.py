"""Import placements from a CSV or XLSX file: check it, see every problem, import all or nothing.

The background job, progress, cancel and problems table are :mod:`.import_base`'s;
this dialog adds the placements template, the error report and its words.
``imported`` is emitted when an import has been written, so the register view
can refresh.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QPushButton
from sqlite_utils import Database

from ..assets import resource_path
from ..atomic_file import write_atomically
from ..importing.report import ImportResult, write_error_report_file
from ..store.output_guard import not_written
from ..store.placement_import import import_placements
from .file_dialogs import ask_save_path
from .import_base import (
    FILE_FILTER,
    ImportDialog,
    ImportJob,
    ImportProblemsModel,
    names,
    register_file,
)

TEMPLATE = "placements_template.csv"

__all__ = ["FILE_FILTER", "ImportPlacementsDialog", "ImportProblemsModel", "register_file"]


class ImportPlacementsDialog(ImportDialog):
    """Choose a file, *Check file*, read the problems, *Import* when there are none."""

    OBJECT_NAME = "importPlacementsDialog"
    TITLE = "Import placements"
    INTRO_NAME = "About importing placements"
    CHOOSE_CAPTION = "Choose a placements file"

    result: ImportResult | None

    def intro(self) -> str:
        return ("Import placements from a CSV or Excel (.xlsx) file laid out like the template "
                "(<b>Save the template…</b> writes it, and the README that explains each "
                "column, where you choose). <b>Check file</b> first: the import is all or "
                "nothing.")

    def job(self, path: Path, *, dry_run: bool) -> ImportJob:
        def run(db: Database, progress, cancelled) -> ImportResult:
            return import_placements(db, path, dry_run=dry_run, progress=progress,
                                     cancelled=cancelled)
        return run

    def describe(self, result: ImportResult) -> str:
        return _outcome_words(result)

    def add_buttons(self, row: QHBoxLayout) -> None:
        self.template_button = names(QPushButton("Save the &template…", self),
                                     "importSaveTemplate", "Save the template")
        self.template_button.clicked.connect(self._ask_to_save_template)
        row.addWidget(self.template_button)
        self.save_button = names(QPushButton("&Save error report…", self), "importSaveErrors",
                                 "Save error report")
        self.save_button.clicked.connect(self._ask_to_save_report)
        row.addWidget(self.save_button)

    def update_extras(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy and self.result is not None
                                    and bool(self.result.problems))

    def _ask_to_save_report(self) -> None:
        checked = self.checked_path()
        if checked is None:
            return
        chosen, _ = ask_save_path(self, "Save error report", checked.stem + "-errors.csv",
                                  "CSV files (*.csv)")
        if chosen:
            self.save_error_report(Path(chosen))

    def _ask_to_save_template(self) -> None:
        chosen, _ = ask_save_path(self, "Save the template", TEMPLATE, "CSV files (*.csv)")
        if chosen:
            self.save_template(Path(chosen))

    def save_template(self, path: Path) -> None:
        """Write the placements template at ``path`` and its README beside it."""
        if path.suffix.lower() != ".csv":
            path = path.with_name(path.name + ".csv")
        readme = path.with_name(f"{path.stem} README.md")
        try:
            for target, source in ((path, TEMPLATE), (readme, "README.md")):
                write_atomically(target, resource_path("templates", source).read_bytes())
        except OSError as exc:
            self.summary.setText(f"The template was not saved: {not_written(target, exc)}")
            return
        self.summary.setText(f"Template saved to {path}, and the README explaining each "
                             f"column to {readme.name} beside it. Fill it in, save it, and "
                             "choose it here.")

    def save_error_report(self, path: Path) -> None:
        """Write the checked file back with Row and Errors columns (see the template README)."""
        if self.result is None:
            return
        try:
            write_error_report_file(self.result.source, self.result.problems, path)
        except OSError as exc:
            self.summary.setText(f"The error report was not saved: {not_written(path, exc)}")
            return
        self.summary.setText(f"Error report saved to {path}. Fix the rows it marks, save it, "
                             "and check it again.")


def _outcome_words(result: ImportResult) -> str:
    ignored = result.source.ignored_headers
    note = f" Columns not used: {', '.join(ignored)}." if ignored else ""
    if result.problems:
        return f"{result.summary()}. Fix the rows listed below and check again.{note}"
    if result.dry_run:
        return (f"The file is ready to import: {result.added} to add, {result.updated} to "
                f"update, {result.unchanged} unchanged"
                f"{result.children_changed_words('to change')}.{note}")
    return f"Imported: {result.summary()}.{note}"
