"""Import notifiable events from a CSV or Excel file: the placements import's dialog (check,
every problem by row and column, all or nothing, the error report) with the events
template and the import's day (no event may be dated after it)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QWidget
from sqlite_utils import Database

from ..assets import resource_path
from ..importing.report import ImportResult
from ..store.event_import import import_events
from .import_base import ImportJob
from .import_dialog import ImportPlacementsDialog
from .jobs import JobRunner


class ImportEventsDialog(ImportPlacementsDialog):
    """Choose a file, *Check file*, read the problems, *Import* when there are none."""

    OBJECT_NAME = "importEventsDialog"
    TITLE = "Import events"
    INTRO_NAME = "About importing events"
    CHOOSE_CAPTION = "Choose an events file"

    def __init__(self, db: Database, parent: QWidget | None = None, *, as_of: date,
                 register_path: Path | None = None, jobs: JobRunner | None = None) -> None:
        self.as_of = as_of
        super().__init__(db, parent, register_path=register_path, jobs=jobs)

    def intro(self) -> str:
        template = resource_path("templates", "events_template.csv")
        return ("Import notifiable events reported between visits (restraints, exclusions, "
                "missing episodes, referrals…) from a CSV or Excel (.xlsx) file laid out like "
                f"the template (<code>{template}</code>). <b>Check file</b> first: the import "
                "is all or nothing.")

    def job(self, path: Path, *, dry_run: bool) -> ImportJob:
        as_of = self.as_of

        def run(db: Database, progress, cancelled) -> ImportResult:
            return import_events(db, path, as_of=as_of, dry_run=dry_run, progress=progress,
                                 cancelled=cancelled)
        return run

    def describe(self, result: ImportResult) -> str:
        if result.problems or not result.dry_run:
            return super().describe(result)
        return (f"The file is ready to import: {result.added} to add, {result.unchanged} "
                "already in the register.")
