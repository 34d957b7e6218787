"""The File ▸ Reports menu: the monthly planning schedule, the board report and the
register list (each made as a PDF and shown in a :class:`ReportPreview`), and printing
a month's visit notes into a folder.

The report code (and reportlab) is imported only when a report is asked for, never at
start-up. A report that cannot be made is explained in words, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from ..domain.dates import uk
from .form_fields import set_names
from .jobs import JobRunner
from .screen_fit import fit_to_width

log = logging.getLogger(__name__)


class ReportHost(Protocol):
    """What :class:`ReportActions` needs of the main window."""

    register_path: Path
    jobs: JobRunner

    @property
    def as_of(self) -> date: ...
    def make_action(self, text, name, shortcut, slot) -> QAction: ...


def planning_month_box(parent: QWidget, as_of: date) -> QComboBox:
    """A combo box of next month and the last 24 ("December 2026", data "2026-12"),
    newest first, ``as_of``'s month chosen: next month is one key (Up) away."""
    from ..domain.monthly_schedule import month_of, shift_month
    from .batch_notes_dialog import month_label, recent_months

    box = set_names(QComboBox(parent), "reportMonth", "Month")
    for month in [shift_month(month_of(as_of), 1), *recent_months(as_of)]:
        box.addItem(month_label(month), month)
    box.setCurrentIndex(1)
    box.setToolTip("This month; Up for next month, Down for the months before")
    return box


class MonthDialog(QDialog):
    """Asks which month a planning report is for (this month unless changed)."""

    def __init__(self, title: str, as_of: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_names(self, "reportMonthDialog", title)
        self.setWindowTitle(title)
        self.month_box = planning_month_box(self, as_of)
        label = QLabel("&Month:", self)
        label.setBuddy(self.month_box)
        form = QFormLayout()
        form.addRow(label, self.month_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.setObjectName("reportMonthButtons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        fit_to_width(self, 320)

    def month(self) -> str:
        return self.month_box.currentData()


class ReportActions:
    """The reports a manager prints: each action builds a PDF and previews it."""

    def __init__(self, window: ReportHost, db: Database) -> None:
        self._window, self._db = window, db
        make = window.make_action
        self.schedule_action = make("Monthly planning &schedule…", "actionScheduleReport", "",
                                    self.ask_schedule_month)
        self.schedule_action.setStatusTip("What is planned and overdue in a month, as a PDF")
        self.board_action = make("&Board report…", "actionBoardReport", "",
                                 self.show_board_report)
        self.board_action.setStatusTip("The KPIs and exceptions as of the window's date, "
                                       "for the SEND board (no child is named)")
        self.register_action = make("&Register list…", "actionRegisterReport", "",
                                    self.show_register_list)
        self.register_action.setStatusTip("Where every child is placed, as a PDF")
        self.batch_action = make("Print a month's &visit notes…", "actionBatchNotes", "",
                                 self.open_batch_notes)
        self.batch_action.setStatusTip("Every note of the visits completed in a month, "
                                       "one PDF per child and per provider, into a folder")

    def fill_menu(self, menu: QMenu) -> QMenu:
        """Add the "&Reports" submenu to ``menu``; the submenu."""
        reports = menu.addMenu("&Reports")
        reports.setObjectName("menuReports")
        reports.addActions([self.schedule_action, self.board_action, self.register_action])
        reports.addSeparator()
        reports.addAction(self.batch_action)
        return reports

    # --- the reports -----------------------------------------------------------------

    def ask_schedule_month(self) -> MonthDialog:
        dialog = MonthDialog("Monthly planning schedule", self._window.as_of, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.show_schedule(dialog.month()))
        dialog.open()
        return dialog

    def show_schedule(self, month: str) -> QWidget:
        from .batch_notes_dialog import month_label

        def build(module, council, marking):
            return module.schedule_pdf(self._db, month, as_of=self._window.as_of,
                                       council_name=council, marking=marking)
        return self._show("planning schedule", "schedule", "schedule_pdf", build,
                          f"Monthly planning schedule — {month_label(month)}",
                          f"Planning schedule {month}.pdf")

    def show_board_report(self) -> QWidget:
        as_of = self._window.as_of

        def build(module, council, marking):
            return module.board_report_pdf(self._db, as_of=as_of, council_name=council,
                                           marking=marking)
        return self._show("board report", "board", "board_report_pdf", build,
                          f"Board report as of {uk(as_of)}", f"Board report {as_of}.pdf")

    def show_register_list(self) -> QWidget:
        as_of = self._window.as_of

        def build(module, council, marking):
            return module.register_list_pdf(self._db, as_of=as_of, council_name=council,
                                            marking=marking)
        return self._show("register list", "register_list", "register_list_pdf", build,
                          f"Register list as of {uk(as_of)}", f"Register list {as_of}.pdf")

    def open_batch_notes(self) -> QWidget:
        from .batch_notes_dialog import BatchNotesDialog

        dialog = BatchNotesDialog(self._db, self._window, as_of=self._window.as_of,
                                  register_path=self._window.register_path,
                                  jobs=self._window.jobs)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # --- making and showing a PDF ------------------------------------------------------

    def _show(self, what: str, module_name: str, function: str, build: Callable, title: str,
              file_name: str) -> QWidget:
        """Import ``placement_qa.reports.<module_name>``, build the PDF (wait cursor),
        preview it; or say in words why it could not be made."""
        import importlib

        from ..store.settings import council_name, protective_marking
        from .report_preview import ReportPreview

        full_name = f"placement_qa.reports.{module_name}"
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            module = importlib.import_module(full_name)
            if not hasattr(module, function):
                return self._problem(title, _not_available(what))
            pdf = build(module, council_name(self._db), protective_marking(self._db))
        except ModuleNotFoundError as exc:
            if exc.name != full_name:
                return self._problem(title, f"The {what} could not be made: {exc}")
            return self._problem(title, _not_available(what))
        except Exception as exc:  # noqa: BLE001 — the user is told in words; the log has it
            log.exception("A report could not be made (%s)", full_name)
            return self._problem(title, f"The report could not be made: {exc}")
        finally:
            QGuiApplication.restoreOverrideCursor()
        preview = ReportPreview(pdf, title, file_name, self._window)
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.open()
        return preview

    def _problem(self, title: str, text: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text,
                          QMessageBox.StandardButton.Ok, self._window)
        box.setObjectName("reportProblem")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box


def _not_available(what: str) -> str:
    return f"The {what} is not available in this version of Placement QA."
