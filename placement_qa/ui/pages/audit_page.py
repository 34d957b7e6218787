"""The change log, browsable: who changed which record, when, from what to what.

Filters: record type, user, from and to dates (inclusive). The newest changes come
first, a page at a time ("Show more" reads the next page), so a big log stays quick.
Export writes exactly the rows shown to a CSV file, all at once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from ...domain.change_log import ChangeLogEntry, change_summary
from ...domain.dates import InvalidDate, parse_date
from ...exports.lists_csv import (
    CHANGE_LOG_HEADER,
    change_log_row,
    operation_text,
    record_type,
    when_text,
    write_csv_file,
)
from ...store.audit import (
    PAGE_SIZE,
    ChangeFilter,
    change_log_tables,
    change_log_users,
    find_changes,
)
from ...store.errors import DATABASE_ERRORS
from ...store.output_guard import not_written
from ..file_dialogs import ask_save_path
from ..form_fields import DateField
from .table_model import Column
from .widgets import fit_columns, make_model, open_in_dialog, record_table

ANY = "(any)"

COLUMNS = (
    Column("When", when_text, sort=lambda e: e.changed_at),
    Column("Who", lambda e: e.os_user),
    Column("Record type", lambda e: record_type(e.table_name)),
    Column("Operation", operation_text),
    Column("Record", lambda e: e.record_uuid[:8], tooltip=lambda e: e.record_uuid),
    Column("Changes", change_summary),
)


class ChangeLogPage(QWidget):
    """The change log with its filters, "Show more" and "Export to CSV…"."""

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.setObjectName("changeLogPage")
        self.setAccessibleName("Change log")
        self._db, self._page_size = db, page_size
        self._more = False
        self.table_filter = self._combo("tableFilter", "Record type")
        self.user_filter = self._combo("userFilter", "User")
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
        self._lay_out()
        self._fill_choices()
        for combo in (self.table_filter, self.user_filter):
            combo.currentIndexChanged.connect(self.refresh)
        for field in (self.from_date, self.to_date):
            field.line_edit.returnPressed.connect(self.refresh)
        self.refresh()

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
        filters = QHBoxLayout()
        for text, widget in (("Record &type:", self.table_filter), ("&User:", self.user_filter),
                             ("&From:", self.from_date), ("T&o:", self.to_date)):
            label = QLabel(text, self)
            label.setBuddy(widget.line_edit if isinstance(widget, DateField) else widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addWidget(self.apply_button)
        filters.addStretch(1)
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
                label = record_type(value) if combo is self.table_filter else value
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
                            from_date=days[0], to_date=days[1])

    @staticmethod
    def _day(field: DateField, words: str) -> date | None:
        text = field.text().strip()
        return parse_date(text, field=words) if text else None

    def refresh(self) -> None:
        """Read the newest page of changes matching the filters."""
        chosen = self.chosen_filter()
        if chosen is not None:
            self._show(self._read(chosen), append=False)

    def show_more(self) -> None:
        """The next page of older changes, under those shown."""
        chosen = self.chosen_filter()
        shown = self.model.records
        if chosen is not None and shown:
            before = min(e.entry_id for e in shown)
            self._show(self._read(chosen, before), append=True)

    def _read(self, chosen: ChangeFilter, before: int | None = None) -> list[ChangeLogEntry]:
        try:
            return find_changes(self._db, chosen, limit=self._page_size + 1, before_id=before)
        except DATABASE_ERRORS as exc:
            self.problem.setText(f"The change log could not be read: {exc}")
            self.problem.show()
            return []

    def _show(self, entries: list[ChangeLogEntry], *, append: bool) -> None:
        self._more = len(entries) > self._page_size
        page = entries[: self._page_size]
        self.model.set_rows((self.model.records if append else []) + page)
        self.more_button.setEnabled(self._more)
        count = self.model.rowCount()
        more = " (older changes: Show more)" if self._more else ""
        self.count_label.setText(f"Showing {count:,} change{'s' * (count != 1)}{more}")
        fit_columns(self.table, max_width=260)

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
    dialog = open_in_dialog(page, "Change log", parent, page.refresh, size=(1150, 620))
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    return dialog
