"""Print a month's visit notes: every note of the visits completed in a month, one PDF
for each child's case file and one for the provider's file, into a chosen folder.

The notes are made by a job on the app's :class:`~.jobs.JobRunner` (on a worker
thread, with its own read-only connection to the register), a file at a time; *Cancel*
stops after the file being written, which is kept whole. Closing the dialog while it
runs cancels and waits.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from ..reports.batch import BatchResult, describe_result, month_files
from ..store.output_guard import OutputRefused, refuse_backups_folder
from ..store.settings import council_name, protective_marking
from .file_dialogs import ask_folder
from .form_fields import set_names
from .jobs import EXPECTED_ERRORS, Job, JobControl, JobHandle, JobRunner
from .screen_fit import fit_to_screen

FOLDER_KEY = "reports/batchNotesFolder"
MONTHS_SHOWN = 24


def month_label(month: str) -> str:
    """"2026-10" → "October 2026"."""
    return date.fromisoformat(f"{month}-01").strftime("%B %Y")


def recent_months(as_of: date, count: int = MONTHS_SHOWN) -> list[str]:
    """The ``count`` months up to and including ``as_of``'s, newest first ("YYYY-MM")."""
    months, year, month = [], as_of.year, as_of.month
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months


def month_notes_job(month: str, folder: Path) -> Job[BatchResult]:
    """Write the notes of the visits completed in ``month`` into ``folder``, reporting
    each file written; stops after the file being written once cancelled."""

    def work(db: Database, control: JobControl) -> BatchResult:
        from ..reports.batch import write_month_notes  # reportlab loads here, off the GUI

        return write_month_notes(db, month, folder, council_name=council_name(db),
                                 marking=protective_marking(db), progress=control.report)

    return Job(work, failure="The notes could not be made",
               expected=(*EXPECTED_ERRORS, ImportError, ValueError),
               unexpected="The notes stopped unexpectedly; the files written so far are "
                          "complete.")


class BatchNotesDialog(QDialog):
    """Choose a month and a folder, *Start*, watch the progress, *Cancel* if need be."""

    finished_batch = Signal(object)  # the BatchResult or the message, once the run ends

    def __init__(self, db: Database, parent: QWidget | None = None, *, as_of: date,
                 register_path: Path | None = None, jobs: JobRunner | None = None) -> None:
        super().__init__(parent)
        set_names(self, "batchNotesDialog", "Print a month's visit notes")
        self.setWindowTitle("Print a month's visit notes")
        self._db = db
        self.register_path = register_path or Path(
            db.execute("PRAGMA database_list").fetchone()[2])
        self._jobs = jobs or JobRunner(self.register_path, self)
        self._job: JobHandle | None = None
        self.result: Any = None
        self._files: list = []
        self._build(as_of)
        self._month_changed()
        fit_to_screen(self, 620, 300)

    # --- layout ---------------------------------------------------------------------

    def _build(self, as_of: date) -> None:
        form = QFormLayout()
        self.month_box = set_names(QComboBox(self), "batchMonth", "Month")
        for month in recent_months(as_of):
            self.month_box.addItem(month_label(month), month)
        self.month_box.setCurrentIndex(1)  # the month before as_of's
        self.month_box.currentIndexChanged.connect(self._month_changed)
        month_label_ = QLabel("&Month:", self)
        month_label_.setBuddy(self.month_box)
        form.addRow(month_label_, self.month_box)
        form.addRow(self._folder_label(), self._folder_row())
        self.summary = set_names(QLabel(self), "batchSummary", "Notes to write")
        self.progress = set_names(QProgressBar(self), "batchProgress", "Progress")
        self.progress.setFormat("%v of %m")
        self.progress_text = set_names(QLabel(self), "batchProgressText", "Note being written")
        self.message = set_names(QLabel(self), "batchMessage", "Result")
        for label in (self.summary, self.progress_text, self.message):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for widget in (self.summary, self.progress, self.progress_text, self.message):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addLayout(self._button_row())

    def _folder_label(self) -> QLabel:
        label = QLabel("&Folder:", self)
        self.folder_edit = set_names(QLineEdit(self), "batchFolder", "Folder to write the notes to")
        self.folder_edit.setPlaceholderText("the folder the PDF files go into")
        self.folder_edit.setText(str(QSettings().value(FOLDER_KEY, "") or ""))
        self.folder_edit.textChanged.connect(self._update)
        label.setBuddy(self.folder_edit)
        return label

    def _folder_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.browse_button = set_names(QPushButton("&Browse…", self), "batchBrowse",
                                       "Choose the folder")
        self.browse_button.clicked.connect(self._ask_for_folder)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.browse_button)
        return row

    def _button_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.open_folder_button = self._button("&Open folder", "batchOpenFolder",
                                               self.open_folder)
        row.addWidget(self.open_folder_button)
        row.addStretch(1)
        self.start_button = self._button("&Start", "batchStart", self.start)
        self.start_button.setDefault(True)
        self.cancel_button = self._button("&Cancel", "batchCancel", self.cancel)
        self.close_button = self._button("C&lose", "batchClose", self.reject)
        for button in (self.start_button, self.cancel_button, self.close_button):
            row.addWidget(button)
        return row

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = set_names(QPushButton(text, self), name, text.replace("&", ""))
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # --- state ----------------------------------------------------------------------

    def month(self) -> str:
        return self.month_box.currentData()

    def set_month(self, month: str) -> None:
        self.month_box.setCurrentIndex(self.month_box.findData(month))

    def folder(self) -> Path | None:
        text = self.folder_edit.text().strip()
        return Path(text) if text else None

    def running(self) -> bool:
        return self._job is not None

    def _month_changed(self) -> None:
        """Count the notes the chosen month would write (a quick query on this thread)."""
        self._files = month_files(self._db, self.month())
        self.summary.setText(self._summary(self._files))
        self._update()

    def _update(self) -> None:
        busy = self.running()
        for widget in (self.month_box, self.folder_edit, self.browse_button):
            widget.setEnabled(not busy)
        self.start_button.setEnabled(not busy and bool(self._files) and self.folder() is not None)
        self.cancel_button.setEnabled(busy)
        self.progress.setVisible(busy or self.result is not None)
        self.open_folder_button.setVisible(isinstance(self.result, BatchResult))

    def _summary(self, files) -> str:
        month = month_label(self.month())
        if not files:
            return f"No visits were completed in {month}: there are no notes to write."
        visits = len({f.visit_id for f in files})
        visit_words = "1 visit" if visits == 1 else f"{visits} visits"
        file_words = "1 file" if len(files) == 1 else f"{len(files)} files"
        return f"{visit_words} completed in {month}: {file_words}"

    # --- actions --------------------------------------------------------------------

    def _ask_for_folder(self) -> None:
        chosen = ask_folder(self, "Folder for the notes", self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    def start(self) -> None:
        """Write the month's notes on the worker thread (the count worked out again first,
        in case visits were signed off since the month was chosen)."""
        self._month_changed()
        folder = self.folder()
        if self.running() or folder is None or not self._files:
            return
        if not folder.is_dir():
            self.message.setText(f"⚠ There is no folder {folder}: choose one that exists.")
            return
        try:
            refuse_backups_folder(folder, self.register_path)
        except OutputRefused as exc:
            self.message.setText(f"⚠ {exc}")
            return
        QSettings().setValue(FOLDER_KEY, str(folder))
        self.result = None
        self._job = self._jobs.start(month_notes_job(self.month(), folder))
        self._job.progressed.connect(self._show_progress)
        self._job.succeeded.connect(self._finished)
        self._job.failed.connect(self._finished)
        self._job.cancelled.connect(self._cancelled_before_start)
        self.progress.setRange(0, len(self._files))
        self.progress.setValue(0)
        self.progress_text.setText("Starting…")
        self.message.clear()
        self._update()

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.progress_text.setText("Cancelling after the note being written…")

    def _show_progress(self, done: int, total: int, what: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress_text.setText(f"{done} of {total}: {what}")

    def _cancelled_before_start(self) -> None:
        self._finished("Cancelled before any note was written.")

    def _finished(self, outcome: BatchResult | str) -> None:
        """The batch's result, or why it could not run, in words."""
        self._job = None
        self.result = outcome
        self.message.setText(describe_result(outcome) if isinstance(outcome, BatchResult)
                             else f"⚠ {outcome}")
        self._update()
        self.finished_batch.emit(outcome)

    def open_folder(self) -> None:
        if isinstance(self.result, BatchResult):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.folder)))

    def done(self, result: int) -> None:
        """Closing while notes are being written cancels first (the files written stay
        whole) and waits for the note being made."""
        if self._job is not None:
            self._job.cancel()
            self._job.wait()  # its outcome is shown now
        super().done(result)
