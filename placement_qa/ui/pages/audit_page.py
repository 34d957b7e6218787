"""The change log, browsable as an audit trail: when, who (the officer where this account
is known to be one), the child, the record in words, what changed (labels and values as
users see them: see :mod:`placement_qa.domain.change_log`).

Filters: record type, who, child, provider (part of a name, any accents or case), from
and to dates (inclusive). The newest changes come first, a page at a time ("Show more"
reads the next page), so a big log stays quick. Export writes exactly the rows shown
(so it follows the filters) to a CSV file, all at once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from ...domain.change_log import WordedChange, record_type, worded
from ...domain.dates import InvalidDate, parse_date
from ...exports.lists_csv import CHANGE_LOG_HEADER, change_log_row, write_csv_file
from ...store.audit import (
    PAGE_SIZE,
    ChangeFilter,
    change_log_tables,
    change_log_users,
    find_changes,
)
from ...store.change_log_register import LoggedRegister
from ...store.connection import current_os_user
from ...store.errors import DATABASE_ERRORS
from ...store.output_guard import not_written
from ..current_officer import my_officer
from ..file_dialogs import ask_save_path
from ..form_fields import DateField
from .table_model import Column
from .widgets import fit_columns, make_model, open_in_dialog, record_table

ANY = "(any)"
TYPING_PAUSE_MS = 300   # a name filter applies once typing pauses

COLUMNS = (
    Column("When", lambda c: c.words.when, sort=lambda c: c.entry.changed_at),
    Column("Who", lambda c: c.words.who),
    Column("Child", lambda c: c.words.child),
    Column("Record", lambda c: c.words.record,
           tooltip=lambda c: f"Record id {c.entry.record_uuid}"),
    Column("Change", lambda c: c.words.operation),
    Column("What changed", lambda c: c.words.changes, tooltip=lambda c: c.words.line),
)


def accounts_known(db: Database) -> dict[str, str]:
    """The accounts known to be officers: this computer's account is the officer chosen
    as "This is me" (File ▸ Officers…), if one is."""
    officer = my_officer(db)
    return {current_os_user(): officer.name} if officer is not None else {}


class ChangeLogPage(QWidget):
    """The change log with its filters, "Show more" and "Export to CSV…"."""

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.setObjectName("changeLogPage")
        self.setAccessibleName("Change log")
        self._db, self._page_size = db, page_size
        self._register = LoggedRegister(db, accounts_known(db))
        self._more = False
        self.table_filter = self._combo("tableFilter", "Record type")
        self.user_filter = self._combo("userFilter", "Who")
        self.child_filter = self._name_filter("childFilter", "Child", "Part of a child's name")
        self.provider_filter = self._name_filter("providerFilter", "Provider",
                                                 "Part of a provider's name")
        self.from_date = DateField("fromDate", "From date", self)
        self.to_date = DateField("toDate", "To date", self)
        self.problem = QLabel(self)
        self.problem.setObjectName("changeLogProblem")
        self.problem.setStyleSheet("color: #a00000;")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("changeLogCount")
        self.model = make_model(self, COLUMNS)
        self.table = record_table(self, "changeLogTable", "Changes", self.model)
        self.more_button = self._button("Show &more", "showMoreButton", self.show_more)
        self.apply_button = self._button("&Apply filters", "applyFiltersButton", self.refresh)
        self.export_button = self._button("E&xport to CSV…", "exportButton", self.export)
        self._typing = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.refresh)
        self._lay_out()
        self._fill_choices()
        for combo in (self.table_filter, self.user_filter):
            combo.currentIndexChanged.connect(self.refresh)
        for edit in (self.child_filter, self.provider_filter):
            edit.textChanged.connect(self._typing.start)
        for edit in (self.from_date.line_edit, self.to_date.line_edit, self.child_filter,
                     self.provider_filter):
            edit.returnPressed.connect(self.refresh)
        self.refresh()

    def _name_filter(self, name: str, accessible: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        return edit

    def _combo(self, name: str, accessible: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        return combo

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _lay_out(self) -> None:
        filters = QGridLayout()
        for number, (text, widget) in enumerate((
                ("Record &type:", self.table_filter), ("&Who:", self.user_filter),
                ("&From:", self.from_date), ("C&hild:", self.child_filter),
                ("&Provider:", self.provider_filter), ("T&o:", self.to_date))):
            label = QLabel(text, self)
            label.setBuddy(widget.line_edit if isinstance(widget, DateField) else widget)
            row, column = divmod(number, 3)
            filters.addWidget(label, row, 2 * column)
            filters.addWidget(widget, row, 2 * column + 1)
        filters.addWidget(self.apply_button, 1, 6)
        filters.setColumnStretch(7, 1)
        below = QHBoxLayout()
        below.addWidget(self.count_label, 1)
        below.addWidget(self.more_button)
        below.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        layout.addLayout(below)

    def _fill_choices(self) -> None:
        for combo, values in ((self.table_filter, change_log_tables(self._db)),
                              (self.user_filter, change_log_users(self._db))):
            combo.blockSignals(True)
            chosen = combo.currentData()
            combo.clear()
            combo.addItem(ANY, None)
            for value in values:
                label = (record_type(value) if combo is self.table_filter
                         else self._register.who(value))
                combo.addItem(label, value)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.blockSignals(False)

    def chosen_filter(self) -> ChangeFilter | None:
        """The filters as chosen; None (and the problem said) if a date is not a date."""
        try:
            days = [self._day(field, words) for field, words in
                    ((self.from_date, "From"), (self.to_date, "To"))]
        except InvalidDate as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return None
        self.problem.hide()
        return ChangeFilter(table=self.table_filter.currentData(),
                            os_user=self.user_filter.currentData(),
                            from_date=days[0], to_date=days[1],
                            child=self.child_filter.text().strip() or None,
                            provider=self.provider_filter.text().strip() or None)

    @staticmethod
    def _day(field: DateField, words: str) -> date | None:
        text = field.text().strip()
        return parse_date(text, field=words) if text else None

    def refresh(self) -> None:
        """Read the newest page of changes matching the filters."""
        self._typing.stop()
        chosen = self.chosen_filter()
        if chosen is not None:
            self._show(self._read(chosen), append=False)

    def show_more(self) -> None:
        """The next page of older changes, under those shown."""
        chosen = self.chosen_filter()
        shown = self.model.records
        if chosen is not None and shown:
            before = min(c.entry.entry_id for c in shown)
            self._show(self._read(chosen, before), append=True)

    def _read(self, chosen: ChangeFilter, before: int | None = None) -> list[WordedChange]:
        try:
            entries = find_changes(self._db, chosen, limit=self._page_size + 1,
                                   before_id=before)
            return worded(entries, LoggedRegister(self._db, self._register.accounts))
        except DATABASE_ERRORS as exc:
            self.problem.setText(f"The change log could not be read: {exc}")
            self.problem.show()
            return []

    def _show(self, entries: list[WordedChange], *, append: bool) -> None:
        self._more = len(entries) > self._page_size
        page = entries[: self._page_size]
        self.model.set_rows((self.model.records if append else []) + page)
        self.more_button.setEnabled(self._more)
        count = self.model.rowCount()
        more = " (older changes: Show more)" if self._more else ""
        self.count_label.setText(f"Showing {count:,} change{'s' * (count != 1)}{more}")
        fit_columns(self.table, max_width=320)

    def export(self) -> None:
        chosen, _ = ask_save_path(self, "Export change log", "change-log.csv",
                                  "CSV file (*.csv)")
        if chosen:
            path = Path(chosen)
            self.export_to(path if path.suffix else path.with_suffix(".csv"))

    def export_to(self, path: Path) -> int | None:
        """Write the rows shown (in the order shown) to ``path``; how many, or None."""
        entries = self.model.records
        try:
            write_csv_file(path, CHANGE_LOG_HEADER, map(change_log_row, entries))
        except OSError as exc:
            QMessageBox.warning(self, "Change log not exported", not_written(path, exc))
            return None
        self.count_label.setText(f"{len(entries):,} changes exported to {path}")
        return len(entries)


def open_change_log(db: Database, parent: QWidget | None = None) -> QDialog:
    """The change log in a window of its own (non-modal, already shown)."""
    page = ChangeLogPage(db)
    dialog = open_in_dialog(page, "Change log", parent, page.refresh, size=(1150, 620),
                            help_section="change-log")
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    return dialog
