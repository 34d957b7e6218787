"""The register's settings, built from a list of setting descriptions.

Each :class:`Setting` says what it is (key, label, kind, help) and how it is read
and written (store functions); the dialog makes one field per setting from its
kind, and Save writes every changed setting in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from ..domain.dates import uk
from ..domain.planning import PlanningError, check_school_holidays
from ..domain.validation import FieldError, required_date, required_text
from ..store.inspections import (
    MAX_ADDITIONAL_VISIT_WEEKS,
    additional_visit_weeks,
    set_additional_visit_weeks,
)
from ..store.planning import school_holidays, set_school_holidays
from ..store.register import (
    BACKUP_KEEP_RANGE,
    IDLE_LOCK_MINUTES_RANGE,
    backup_keep,
    council_name,
    home_authority,
    idle_lock_minutes,
    protective_marking,
    set_backup_keep,
    set_council_name,
    set_home_authority,
    set_idle_lock_minutes,
    set_protective_marking,
)
from .form_dialog import FormDialog
from .form_fields import DATE_PLACEHOLDER, Checks, set_names

TEXT, WEEKS, PERIODS, COUNT = "text", "weeks", "periods", "count"


@dataclass(frozen=True)
class Setting:
    """One register setting: what the user sees and how the register keeps it."""

    key: str
    label: str
    kind: str  # TEXT | WEEKS | PERIODS | COUNT
    help: str
    getter: Callable[[Database], Any]
    setter: Callable[[Database, Any], None]
    limits: tuple[int, int] = (1, 52)  # WEEKS, COUNT: smallest and largest
    unit: str = ""                    # WEEKS, COUNT: shown after the number


SETTINGS: tuple[Setting, ...] = (
    Setting("home_authority", "Home authority", TEXT,
            "Placements outside this local authority need monitoring visits",
            home_authority, set_home_authority),
    Setting("additional_visit_weeks", "Additional visit after a downgrade", WEEKS,
            "Weeks within which a placement must be visited after its provider "
            "falls below good",
            additional_visit_weeks, set_additional_visit_weeks,
            (1, MAX_ADDITIONAL_VISIT_WEEKS), "weeks"),
    Setting("school_holidays", "School holidays to avoid when proposing visit dates", PERIODS,
            "Proposed visit dates skip these periods (first and last day included)",
            school_holidays, set_school_holidays),
    Setting("council_name", "Council name on printed notes", TEXT,
            "Printed at the top of every page of a visit note",
            council_name, set_council_name),
    Setting("protective_marking", "Protective marking", TEXT,
            "Printed at the top and foot of every page of a visit note "
            "(e.g. OFFICIAL-SENSITIVE)",
            protective_marking, set_protective_marking),
    Setting("backup_keep", "Backups to keep", COUNT,
            "A backup is taken when the app closes and at least daily; older ones beyond "
            "this number are deleted",
            backup_keep, set_backup_keep, BACKUP_KEEP_RANGE, "backups"),
    Setting("idle_lock_minutes", "Lock an encrypted register after", COUNT,
            "Minutes without use after which the app hides the register and asks for "
            "the passphrase again",
            idle_lock_minutes, set_idle_lock_minutes, IDLE_LOCK_MINUTES_RANGE, "minutes"),
)


# --- one editor per kind ---------------------------------------------------------

class TextEditor:
    """A line of text that may not be left blank."""

    def __init__(self, setting: Setting, parent: QWidget) -> None:
        self.label = setting.label
        self.widget = QLineEdit(parent)

    def load(self, value: str) -> None:
        self.widget.setText(value)

    def value(self) -> str:
        return required_text(self.label, self.widget.text())


class CountEditor:
    """A whole number between the setting's limits, with its unit."""

    def __init__(self, setting: Setting, parent: QWidget) -> None:
        self.widget = QSpinBox(parent)
        self.widget.setRange(*setting.limits)
        self.widget.setSuffix(f" {setting.unit}")

    def load(self, value: int) -> None:
        self.widget.setValue(value)

    def value(self) -> int:
        return self.widget.value()


class PeriodsEditor:
    """A table of (start, end) periods typed DD/MM/YYYY, with Add and Remove."""

    def __init__(self, setting: Setting, parent: QWidget) -> None:
        self.label = setting.label
        self.widget = QWidget(parent)
        self.table = QTableWidget(0, 2, self.widget)
        set_names(self.table, f"{setting.key}Table", setting.label)
        self.table.setHorizontalHeaderLabels(["Start", "End"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(140)
        self.add_button = self._button(
            f"{setting.key}Add", "&Add period", lambda: self.add_period())
        self.remove_button = self._button(
            f"{setting.key}Remove", "Re&move period", self.remove_period)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def _button(self, name: str, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self.widget)
        set_names(button, name, text.replace("&", ""))
        button.clicked.connect(slot)
        return button

    def load(self, periods: list[tuple[date, date]]) -> None:
        self.table.setRowCount(0)
        for start, end in periods:
            self.add_period(start, end)

    def add_period(self, start: date | None = None, end: date | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, (day, word) in enumerate(((start, "start"), (end, "end"))):
            edit = QLineEdit(uk(day), self.table)
            set_names(edit, f"period{row}_{word}", f"Period {row + 1} {word}")
            edit.setPlaceholderText(DATE_PLACEHOLDER)
            edit.setMaxLength(10)
            self.table.setCellWidget(row, column, edit)
        self.table.setCurrentCell(row, 0)
        self.edit(row, 0).setFocus()

    def remove_period(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def edit(self, row: int, column: int) -> QLineEdit:
        return self.table.cellWidget(row, column)

    def value(self) -> list[tuple[date, date]]:
        periods = []
        for row in range(self.table.rowCount()):
            try:
                periods.append(tuple(
                    required_date(f"Period {row + 1} {word}", self.edit(row, column).text())
                    for column, word in enumerate(("start", "end"))))
            except FieldError as exc:
                raise FieldError(self.label, str(exc)) from None
        try:
            return check_school_holidays(periods)
        except PlanningError as exc:
            raise FieldError(self.label, str(exc)) from None


EDITORS = {TEXT: TextEditor, WEEKS: CountEditor, PERIODS: PeriodsEditor, COUNT: CountEditor}


# --- the dialog --------------------------------------------------------------------

class SettingsDialog(FormDialog):
    """One field per setting in ``settings``; Save writes the changed ones together."""

    def __init__(self, db: Database, parent: QWidget | None = None,
                 settings: tuple[Setting, ...] = SETTINGS) -> None:
        super().__init__("Register settings", "settingsDialog", parent)
        self._db = db
        self.settings = settings
        self.editors: dict[str, Any] = {}
        self.loaded: dict[str, Any] = {}
        for setting in settings:
            self._add_setting(setting)
        self.setMinimumWidth(560)

    def _add_setting(self, setting: Setting) -> None:
        editor = EDITORS[setting.kind](setting, self)
        set_names(editor.widget, setting.key, setting.label)
        editor.widget.setAccessibleDescription(setting.help)
        editor.widget.setToolTip(setting.help)
        note = QLabel(setting.help, self)
        set_names(note, f"{setting.key}Help", f"{setting.label}: help")
        note.setWordWrap(True)
        marked = getattr(editor, "table", None)
        if marked is not None:
            marked.setAccessibleDescription(setting.help)
        self.add_field(f"&{setting.label}:", editor.widget, field=setting.label,
                       marked=marked, below=note)
        self.loaded[setting.key] = setting.getter(self._db)
        editor.load(self.loaded[setting.key])
        self.editors[setting.key] = editor

    def changed(self) -> list[tuple[Setting, Any]] | None:
        """The settings whose value differs from the register's; None if one is refused."""
        checks = Checks()
        values = {s.key: checks.run(self.editors[s.key].value) for s in self.settings}
        self.show_errors(checks.errors)
        if checks.errors:
            return None
        return [(s, values[s.key]) for s in self.settings
                if values[s.key] != self.loaded[s.key]]

    def save(self) -> None:
        self.clear_errors()
        changes = self.changed()
        if changes is not None and self.write(lambda: self._write(changes)):
            self.accept()

    def _write(self, changes: list[tuple[Setting, Any]]) -> None:
        """Every change in one transaction: a setting refused undoes them all."""
        with self._db.atomic():
            for setting, value in changes:
                try:
                    setting.setter(self._db, value)
                except FieldError:
                    raise
                except ValueError as exc:
                    raise FieldError(setting.label, str(exc)) from None
