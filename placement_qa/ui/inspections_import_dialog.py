"""Import inspection outcomes from Ofsted's management-information file (CSV or XLSX).

The background job, progress, cancel and problems table are :mod:`.import_base`'s;
this dialog adds the weeks within which a placement at a provider that fell
below good must be visited. *Check file* says what would change and which
providers would fall below good; *Import* writes it all in one transaction
and, when the weeks were changed, saves them as the register's setting.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget
from sqlite_utils import Database

from ..domain.dates import council_today, uk
from ..domain.inspection import additional_visit_due
from ..domain.settings import ADDITIONAL_VISIT_WEEKS
from ..importing.progress import ImportCancelled
from ..importing.report import ImportProblem
from ..store.inspection_import import InspectionsImportResult, import_inspections
from ..store.settings import additional_visit_weeks, set_value
from .import_base import ImportDialog, ImportJob, names
from .jobs import JobRunner


class ImportInspectionsDialog(ImportDialog):
    """Choose the Ofsted MI file and the weeks, *Check file*, then *Import*."""

    OBJECT_NAME = "importInspectionsDialog"
    TITLE = "Import Ofsted inspections"
    INTRO_NAME = "About importing Ofsted inspections"
    CHOOSE_CAPTION = "Choose Ofsted's management information file"

    result: InspectionsImportResult | None

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 register_path: Path | None = None, jobs: JobRunner | None = None,
                 as_of: date | None = None) -> None:
        self.as_of = as_of or council_today()
        self._saved_weeks = additional_visit_weeks(db)
        super().__init__(db, parent, register_path=register_path, jobs=jobs)

    def intro(self) -> str:
        return ("Import inspection outcomes from Ofsted's management information file "
                "(<i>latest inspections</i>, CSV or Excel .xlsx), matched to providers by "
                "URN; rows for other schools are skipped. When a provider falls below good, "
                "its current placements are flagged for an additional visit. "
                "<b>Check file</b> first: nothing is written until you import.")

    # --- the weeks -------------------------------------------------------

    def add_options(self, layout: QVBoxLayout) -> None:
        row = QHBoxLayout()
        before = QLabel("Additional &visit due within", self)
        self.weeks_spin = names(QSpinBox(self), "additionalVisitWeeks",
                                "Additional visit due within weeks of a downgrade")
        self.weeks_spin.setRange(*ADDITIONAL_VISIT_WEEKS.number_range())
        self.weeks_spin.setValue(self._saved_weeks)
        before.setBuddy(self.weeks_spin)
        after = QLabel("weeks of a downgrade", self)
        self.due_label = names(QLabel(self), "additionalVisitDue",
                               "When an additional visit would be due")
        self.weeks_spin.valueChanged.connect(self._weeks_changed)
        for widget in (before, self.weeks_spin, after, self.due_label):
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
        self._show_due()

    def weeks(self) -> int:
        return self.weeks_spin.value()

    def set_weeks(self, weeks: int) -> None:
        self.weeks_spin.setValue(weeks)

    def options(self) -> tuple:
        return (self.weeks(),)

    def update_extras(self, busy: bool) -> None:
        self.weeks_spin.setEnabled(not busy)

    def _weeks_changed(self) -> None:
        self._show_due()
        self.inputs_changed()

    def _show_due(self) -> None:
        due = additional_visit_due(self.as_of, self.weeks())
        self.due_label.setText(f"(flagged {uk(self.as_of)}, due by {uk(due)})")

    # --- the check and the import ------------------------------------------

    def job(self, path: Path, *, dry_run: bool) -> ImportJob:
        as_of, weeks = self.as_of, self.weeks()

        def run(db: Database, progress, cancelled) -> InspectionsImportResult:
            with db.atomic():  # the import and the changed setting: both or neither
                result = import_inspections(db, path, as_of=as_of, weeks=weeks,
                                            dry_run=dry_run, progress=progress,
                                            cancelled=cancelled)
                if result.cancelled:
                    raise ImportCancelled("Import cancelled: nothing was written")
                if result.written and weeks != additional_visit_weeks(db):
                    set_value(db, ADDITIONAL_VISIT_WEEKS, weeks)
            return result
        return run

    def problems(self, result: InspectionsImportResult) -> Sequence[ImportProblem]:
        return result.rejected

    def written(self, result: InspectionsImportResult) -> bool:
        return result.written

    def describe(self, result: InspectionsImportResult) -> str:
        lines = result.summary_lines()
        if result.rejected:
            return f"{lines[0]} Fix the rows listed below and check again."
        if result.dry_run:
            return "\n".join(["The file is ready to import. Importing it would give:", *lines])
        return "\n".join(["Imported:", *lines])
