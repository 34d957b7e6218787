"""What every import dialog shares: the background job, the problems table, the dialog
skeleton.

A check (a dry run) and an import run as a job on the app's
:class:`~.jobs.JobRunner`, on a worker thread with its own SQLite connection (a
connection must not cross threads): read-only for a check, writable for an import.
The dialog shows progress; *Cancel* stops either and writes nothing. A dialog for one
kind of file subclasses :class:`ImportDialog` and says only what differs: its words,
how to run a check or an import (:meth:`ImportDialog.job`), which problems a result
holds and how to describe it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from ..importing.progress import ImportCancelled
from ..importing.reading import ImportFileError
from ..importing.report import ImportProblem
from .file_dialogs import ask_open_path
from .import_problems_model import ImportProblemsModel
from .jobs import Job, JobCancelled, JobControl, JobFailed, JobHandle, JobRunner
from .screen_fit import fit_to_screen

FILE_FILTER = "Spreadsheets (*.csv *.xlsx);;CSV files (*.csv);;Excel workbooks (*.xlsx)"
Index = QModelIndex | QPersistentModelIndex
Progress = Callable[[int, int], object]  # what it returns is not looked at
Cancelled = Callable[[], bool]
#: A check or import on the worker's connection: ``run(db, progress, cancelled) -> result``.
#: It raises :class:`ImportCancelled` when cancelled (nothing written) and
#: :class:`ImportFileError` when the file cannot be imported at all.
ImportJob = Callable[[Database, Progress, Cancelled], Any]


def names(widget: QWidget, object_name: str, accessible_name: str) -> QWidget:
    """``widget`` with an object name (for tests) and an accessible name (for screen readers)."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    return widget


def register_file(db: Database) -> Path:
    """The file behind ``db``'s main database."""
    return Path(db.execute("PRAGMA database_list").fetchone()[2])


def import_job(run: ImportJob, *, writes: bool) -> Job[Any]:
    """``run`` as a job for the runner: an import ``writes`` (in one transaction), a
    check reads only."""

    def work(db: Database, control: JobControl) -> Any:
        try:
            return run(db, control.report, control.cancelled)
        except ImportCancelled:
            raise JobCancelled from None
        except ImportFileError as exc:
            raise JobFailed(f"The file cannot be imported: {exc}") from None

    return Job(work, failure="The import failed and nothing was written", writes=writes,
               unexpected="The import stopped unexpectedly and nothing was written.")


class ImportDialog(QDialog):
    """Choose a file, *Check file*, read the problems, *Import* when there are none.

    Subclasses set the words (class attributes, or :meth:`intro`) and implement
    :meth:`job`, :meth:`problems`, :meth:`written` and :meth:`describe`; they
    may add widgets in :meth:`add_options` and buttons in :meth:`add_buttons`
    (enabled in :meth:`update_extras`) and say in :meth:`options` what else a
    check depends on.
    """

    checked = Signal()  # a check (dry run) has ended, whatever it found
    imported = Signal()  # an import has been written to the register
    stopped = Signal()  # any check or import has ended (written, refused, failed or cancelled)

    OBJECT_NAME = "importDialog"
    TITLE = "Import"
    INTRO = ""
    INTRO_NAME = "About importing"
    CHOOSE_CAPTION = "Choose a file"
    FILE_FILTER = FILE_FILTER

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 register_path: Path | None = None, jobs: JobRunner | None = None) -> None:
        super().__init__(parent)
        names(self, self.OBJECT_NAME, self.TITLE)
        self.setWindowTitle(self.TITLE)
        self.register_path = register_path or register_file(db)
        self._jobs = jobs or JobRunner(self.register_path, self)
        self.result: Any = None
        self._checked_inputs: tuple | None = None
        self._job: JobHandle | None = None
        self._running_dry, self._running_inputs = False, ()
        self.problems_model = ImportProblemsModel(self)
        self._build()
        self._update_buttons()
        fit_to_screen(self, 760, 480)

    # --- what a kind of import says and does (override) ----------------------

    def intro(self) -> str:
        """The words at the top: what file, laid out how (rich text)."""
        return self.INTRO

    def job(self, path: Path, *, dry_run: bool) -> ImportJob:
        """The check (``dry_run``) or import of ``path``, to run on the worker's connection."""
        raise NotImplementedError

    def problems(self, result: Any) -> Sequence[ImportProblem]:
        """The rows to list in the problems table."""
        return result.problems

    def written(self, result: Any) -> bool:
        """Whether the import changed the register (then ``imported`` is emitted)."""
        return result.written

    def describe(self, result: Any) -> str:
        """The result in words, for the summary line(s)."""
        raise NotImplementedError

    def add_options(self, layout: QVBoxLayout) -> None:
        """Widgets between the file row and the summary (none by default)."""

    def add_buttons(self, row: QHBoxLayout) -> None:
        """Buttons at the left of the bottom row (none by default)."""

    def options(self) -> tuple:
        """What else, besides the file, a check depends on (changing it needs a new check)."""
        return ()

    def update_extras(self, busy: bool) -> None:
        """Enable the widgets added by :meth:`add_options` and :meth:`add_buttons`."""

    # --- layout ----------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(self.intro(), self)
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(names(intro, "importIntro", self.INTRO_NAME))
        layout.addLayout(self._file_row())
        self.add_options(layout)
        layout.addWidget(self._summary_area(), 1)
        self.table = names(QTableView(self), "importProblems", "Problems found in the file")
        self.table.setModel(self.problems_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab moves on; the arrows walk the rows
        self.table.horizontalHeader().setSectionResizeMode(
            ImportProblemsModel.COL_PROBLEM, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setVisible(False)  # shown when a result has problems
        layout.addWidget(self.table, 3)
        layout.addLayout(self._progress_row())
        layout.addLayout(self._button_row())

    def _summary_area(self) -> QScrollArea:
        """The summary, scrolling when long (in a layout, so its wrapped lines are not clipped)."""
        self.summary = names(QLabel("Choose a file, then check it.", self),
                             "importSummary", "Check result")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        holder = QWidget(self)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.summary)
        column.addStretch(1)
        area = QScrollArea(self)
        area.setWidget(holder)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        return area

    def _file_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        label = QLabel("&File:", self)
        self.path_edit = names(QLineEdit(self), "importFilePath", "File to import")
        self.path_edit.setPlaceholderText("a .csv or .xlsx file")
        label.setBuddy(self.path_edit)
        self.path_edit.textChanged.connect(self.inputs_changed)
        self.path_edit.returnPressed.connect(self.check)
        self.choose_button = names(QPushButton("C&hoose…", self), "importChooseFile",
                                   "Choose a file")
        self.choose_button.clicked.connect(self._ask_for_file)
        self.check_button = names(QPushButton("&Check file", self), "importCheck", "Check file")
        self.check_button.clicked.connect(self.check)
        for widget in (label, self.path_edit, self.choose_button, self.check_button):
            row.addWidget(widget)
        return row

    def _progress_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.progress = names(QProgressBar(self), "importProgress", "Progress")
        self.progress.setVisible(False)
        self.cancel_button = names(QPushButton("Cancel", self), "importCancel",
                                   "Cancel the check or import")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        return row

    def _button_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_buttons(row)
        row.addStretch(1)
        self.import_button = names(QPushButton("&Import", self), "importApply", "Import")
        self.import_button.clicked.connect(self.start_import)
        self.close_button = names(QPushButton("Close", self), "importClose", "Close")
        self.close_button.clicked.connect(self.reject)
        row.addWidget(self.import_button)
        row.addWidget(self.close_button)
        return row

    # --- state -------------------------------------------------------------

    def file_path(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text) if text else None

    def set_file(self, path: str | Path) -> None:
        self.path_edit.setText(str(path))

    def running(self) -> bool:
        return self._job is not None

    def checked_path(self) -> Path | None:
        """The file the shown result is about."""
        return self._checked_inputs[0] if self._checked_inputs else None

    def _inputs(self) -> tuple:
        return (self.file_path(), *self.options())

    def inputs_changed(self) -> None:
        """The file or an option changed: a result for other inputs no longer counts."""
        if self.result is not None and self._inputs() != self._checked_inputs:
            self.result, self._checked_inputs = None, None
            self._show_problems([])
            self.summary.setText("Check the file before importing it.")
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.running()
        checked_ok = (self.result is not None and self.result.ok and self.result.dry_run
                      and self._inputs() == self._checked_inputs)
        self.path_edit.setEnabled(not busy)
        self.choose_button.setEnabled(not busy)
        self.update_extras(busy)
        self.check_button.setEnabled(not busy and self.file_path() is not None)
        self.import_button.setEnabled(not busy and checked_ok)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)

    # --- actions -----------------------------------------------------------

    def _ask_for_file(self) -> None:
        chosen, _ = ask_open_path(self, self.CHOOSE_CAPTION, self.FILE_FILTER)
        if chosen:
            self.set_file(chosen)

    def check(self) -> None:
        """Check the file (a dry run): counts and every problem, nothing written."""
        self._start(dry_run=True)

    def start_import(self) -> None:
        """Import the checked file, all or nothing (it is checked again as it is written)."""
        if self.import_button.isEnabled():
            self._start(dry_run=False)

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.summary.setText("Cancelling…")

    def _start(self, *, dry_run: bool) -> None:
        path = self.file_path()
        if path is None or self.running():
            return
        self._running_dry, self._running_inputs = dry_run, self._inputs()
        self._job = self._jobs.start(import_job(self.job(path, dry_run=dry_run),
                                                writes=not dry_run))
        self._job.progressed.connect(self._show_progress)
        self._job.succeeded.connect(self._finished)
        self._job.failed.connect(self._finished)
        self._job.cancelled.connect(self._cancelled_job)
        self.progress.setRange(0, 0)  # busy until the first report
        self.summary.setText("Checking the file…" if dry_run else "Importing…")
        self._update_buttons()

    def _show_progress(self, done: int, total: int, _what: str = "") -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _cancelled_job(self) -> None:
        self._finished(ImportCancelled)

    def _finished(self, outcome: Any) -> None:
        """The job's result, ``ImportCancelled`` or why it failed, in words."""
        self._job = None
        self._show_outcome(outcome)
        self._update_buttons()
        if self._running_dry:
            self.checked.emit()
        elif self.result is not None and self.written(self.result):
            self.imported.emit()
        self.stopped.emit()

    def _show_outcome(self, outcome: Any) -> None:
        if outcome is not ImportCancelled and not isinstance(outcome, str):
            self.result, self._checked_inputs = outcome, self._running_inputs
            self._show_problems(self.problems(outcome))
            self.summary.setText(self.describe(outcome))
            return
        self.result, self._checked_inputs = None, None
        self._show_problems([])
        if outcome is ImportCancelled:
            self.summary.setText("Cancelled: nothing was written.")
        else:
            self.summary.setText(str(outcome))

    def _show_problems(self, problems: Sequence[ImportProblem]) -> None:
        self.problems_model.set_rows(problems)
        self.table.setVisible(bool(problems))

    def done(self, result: int) -> None:
        """Closing while a check or import runs cancels it first (nothing is written)."""
        if self._job is not None:
            self._job.cancel()
            self._job.wait()  # its outcome is shown now
        super().done(result)
