"""Import placements from a CSV or XLSX file: check it, see every problem, import all or nothing.

The check (a dry run) and the import run in a :class:`ImportWorker` thread with
its own SQLite connection (a connection must not cross threads), showing
progress; *Cancel* stops either and writes nothing. ``imported`` is emitted
when an import has been written, so the register view can refresh.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QThread,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from ..assets import resource_path
from ..importing.placements import ImportCancelled, import_placements
from ..importing.reading import ImportFileError
from ..importing.report import ImportProblem, ImportResult, write_error_report
from ..store.connection import RegisterError, open_register

FILE_FILTER = "Spreadsheets (*.csv *.xlsx);;CSV files (*.csv);;Excel workbooks (*.xlsx)"
Index = QModelIndex | QPersistentModelIndex


def _names(widget: QWidget, object_name: str, accessible_name: str) -> QWidget:
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    return widget


class ImportProblemsModel(QAbstractTableModel):
    """One row per problem: spreadsheet row, column, the value found, what is wrong."""

    COL_ROW, COL_COLUMN, COL_VALUE, COL_PROBLEM = range(4)
    HEADERS = ("Row", "Column", "Value", "Problem")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ImportProblem] = []

    def set_rows(self, problems: list[ImportProblem]) -> None:
        self.beginResetModel()
        self._rows = list(problems)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                                Qt.ItemDataRole.ToolTipRole):
            return None
        problem = self._rows[index.row()]
        values = (str(problem.row), problem.column, problem.value, problem.reason)
        return values[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


class ImportWorker(QThread):
    """Runs one check or import on its own connection; read ``outcome`` once finished.

    ``outcome`` is an :class:`ImportResult`, ``ImportCancelled`` or an error message.
    """

    progressed = Signal(int, int)

    def __init__(self, register_path: Path, file_path: Path, *, dry_run: bool,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.register_path, self.file_path, self.dry_run = register_path, file_path, dry_run
        self.outcome: ImportResult | type[ImportCancelled] | str | None = None
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            db = open_register(self.register_path)
        except RegisterError as exc:
            self.outcome = f"The register could not be opened: {exc}"
            return
        try:
            self.outcome = import_placements(
                db, self.file_path, dry_run=self.dry_run,
                progress=self.progressed.emit, cancelled=self._cancel.is_set,
            )
        except ImportCancelled:
            self.outcome = ImportCancelled
        except ImportFileError as exc:
            self.outcome = f"The file cannot be imported: {exc}"
        except (sqlite3.Error, OSError) as exc:
            self.outcome = f"The import failed and nothing was written: {exc}"
        finally:
            db.close()


def register_file(db: Database) -> Path:
    """The file behind ``db``'s main database."""
    return Path(db.execute("PRAGMA database_list").fetchone()[2])


class ImportPlacementsDialog(QDialog):
    """Choose a file, *Check file*, read the problems, *Import* when there are none."""

    checked = Signal()  # a check (dry run) has ended, whatever it found
    imported = Signal()  # an import has been written to the register
    stopped = Signal()  # any check or import has ended (written, refused, failed or cancelled)

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 register_path: Path | None = None) -> None:
        super().__init__(parent)
        _names(self, "importPlacementsDialog", "Import placements")
        self.setWindowTitle("Import placements")
        self.register_path = register_path or register_file(db)
        self.result: ImportResult | None = None
        self._checked_path: Path | None = None
        self._worker: ImportWorker | None = None
        self.problems_model = ImportProblemsModel(self)
        self._build()
        self._update_buttons()
        self.resize(760, 480)

    # --- layout ----------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        template = resource_path("templates", "placements_template.csv")
        intro = QLabel(
            "Import placements from a CSV or Excel (.xlsx) file laid out like the template "
            f"(<code>{template}</code>; its README explains each column). <b>Check file</b> "
            "first: the import is all or nothing.", self)
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(_names(intro, "importIntro", "About importing placements"))
        layout.addLayout(self._file_row())
        self.summary = _names(QLabel("Choose a file, then check it.", self),
                              "importSummary", "Check result")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = _names(QTableView(self), "importProblems", "Problems found in the file")
        self.table.setModel(self.problems_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(
            ImportProblemsModel.COL_PROBLEM, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        layout.addLayout(self._progress_row())
        layout.addLayout(self._button_row())

    def _file_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        label = QLabel("&File:", self)
        self.path_edit = _names(QLineEdit(self), "importFilePath", "File to import")
        self.path_edit.setPlaceholderText("a .csv or .xlsx file")
        label.setBuddy(self.path_edit)
        self.path_edit.textChanged.connect(self._path_changed)
        self.path_edit.returnPressed.connect(self.check)
        self.choose_button = _names(QPushButton("C&hoose…", self), "importChooseFile",
                                    "Choose a file")
        self.choose_button.clicked.connect(self._ask_for_file)
        self.check_button = _names(QPushButton("&Check file", self), "importCheck", "Check file")
        self.check_button.clicked.connect(self.check)
        for widget in (label, self.path_edit, self.choose_button, self.check_button):
            row.addWidget(widget)
        return row

    def _progress_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.progress = _names(QProgressBar(self), "importProgress", "Progress")
        self.progress.setVisible(False)
        self.cancel_button = _names(QPushButton("Cancel", self), "importCancel",
                                    "Cancel the check or import")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        return row

    def _button_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.save_button = _names(QPushButton("&Save error report…", self), "importSaveErrors",
                                  "Save error report")
        self.save_button.clicked.connect(self._ask_to_save_report)
        self.import_button = _names(QPushButton("&Import", self), "importApply", "Import")
        self.import_button.clicked.connect(self.start_import)
        self.close_button = _names(QPushButton("Close", self), "importClose", "Close")
        self.close_button.clicked.connect(self.reject)
        row.addWidget(self.save_button)
        row.addStretch(1)
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
        return self._worker is not None

    def _path_changed(self) -> None:
        if self.result is not None and self.file_path() != self._checked_path:
            self.result, self._checked_path = None, None
            self.problems_model.set_rows([])
            self.summary.setText("Check the file before importing it.")
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.running()
        checked_ok = (self.result is not None and self.result.ok and self.result.dry_run
                      and self.file_path() == self._checked_path)
        self.path_edit.setEnabled(not busy)
        self.choose_button.setEnabled(not busy)
        self.check_button.setEnabled(not busy and self.file_path() is not None)
        self.import_button.setEnabled(not busy and checked_ok)
        self.save_button.setEnabled(not busy and self.result is not None
                                    and bool(self.result.problems))
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)

    # --- actions -----------------------------------------------------------

    def _ask_for_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Choose a placements file", "", FILE_FILTER)
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
        if self._worker is not None:
            self._worker.cancel()
            self.summary.setText("Cancelling…")

    def _start(self, *, dry_run: bool) -> None:
        path = self.file_path()
        if path is None or self.running():
            return
        self._worker = ImportWorker(self.register_path, path, dry_run=dry_run, parent=self)
        self._worker.progressed.connect(self._show_progress)
        self._worker.finished.connect(self._finished)
        self.progress.setRange(0, 0)  # busy until the first report
        self.summary.setText("Checking the file…" if dry_run else "Importing…")
        self._update_buttons()
        self._worker.start()

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _finished(self) -> None:
        worker, self._worker = self._worker, None
        if worker is None:  # already handled by done()
            return
        worker.wait()
        worker.deleteLater()
        self._show_outcome(worker)
        self._update_buttons()
        if worker.dry_run:
            self.checked.emit()
        elif isinstance(worker.outcome, ImportResult) and worker.outcome.written:
            self.imported.emit()
        self.stopped.emit()

    def _show_outcome(self, worker: ImportWorker) -> None:
        outcome = worker.outcome
        if isinstance(outcome, ImportResult):
            self.result = outcome
            self._checked_path = worker.file_path
            self.problems_model.set_rows(list(outcome.problems))
            self.summary.setText(_outcome_words(outcome))
            return
        self.result, self._checked_path = None, None
        self.problems_model.set_rows([])
        if outcome is ImportCancelled:
            self.summary.setText("Cancelled: nothing was written.")
        else:
            self.summary.setText(str(outcome))

    def _ask_to_save_report(self) -> None:
        suggested = str(self._checked_path.with_name(self._checked_path.stem + "-errors.csv"))
        chosen, _ = QFileDialog.getSaveFileName(self, "Save error report", suggested,
                                                "CSV files (*.csv)")
        if chosen:
            self.save_error_report(Path(chosen))

    def save_error_report(self, path: Path) -> None:
        """Write the checked file back with Row and Errors columns (see the template README)."""
        if self.result is None:
            return
        try:
            with path.open("w", encoding="utf-8-sig", newline="") as out:
                write_error_report(self.result.source, self.result.problems, out)
        except OSError as exc:
            self.summary.setText(f"The error report could not be saved: {exc.strerror or exc}")
            return
        self.summary.setText(f"Error report saved to {path}. Fix the rows it marks, save it, "
                             "and check it again.")

    def done(self, result: int) -> None:
        """Closing while a check or import runs cancels it first (nothing is written)."""
        if self._worker is not None:
            self._worker.cancel()
            self._worker.wait()
            self._finished()
        super().done(result)


def _outcome_words(result: ImportResult) -> str:
    ignored = result.source.ignored_headers
    note = f" Columns not used: {', '.join(ignored)}." if ignored else ""
    if result.problems:
        return f"{result.summary()}. Fix the rows listed below and check again.{note}"
    if result.dry_run:
        return (f"The file is ready to import: {result.added} to add, {result.updated} to "
                f"update, {result.unchanged} unchanged.{note}")
    return f"Imported: {result.summary()}.{note}"
