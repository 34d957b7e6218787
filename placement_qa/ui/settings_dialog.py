"""The register's settings, one field per setting the register describes.

The settings themselves (key, label, type, default, check, help) are
:data:`placement_qa.domain.settings.REGISTER_SETTINGS`; the dialog makes one field
per setting from its type, checks each as the register will, and Save writes every
changed setting in one transaction (:func:`placement_qa.store.settings.set_values`).
Per-user preferences (the last folder, the officer's name) are QSettings, not here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Protocol, TypeVar, cast

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
from ..domain.settings import (
    COUNT,
    PERIODS,
    REGISTER_SETTINGS,
    TEXT,
    WEEKS,
    Periods,
    RegisterSetting,
    SettingError,
)
from ..domain.validation import FieldError, required_date
from ..store.settings import set_values, value_of
from .form_dialog import FormDialog
from .form_fields import DATE_PLACEHOLDER, Checks, set_names

T = TypeVar("T")


def accepted(setting: RegisterSetting[T], value: T) -> T:
    """``value`` as the register would keep it, or a FieldError at the setting's field."""
    try:
        return setting.checked(value)
    except SettingError as exc:
        raise FieldError(setting.label, exc.reason) from None


# --- one editor per type ------------------------------------------------------------

class Editor(Protocol):
    """A setting's field: the widget, the value loaded into it, the value typed."""

    @property
    def widget(self) -> QWidget: ...

    def load(self, value: Any) -> None: ...
    def value(self) -> Any: ...


class TextEditor:
    """A line of text, checked as the setting checks it (blank is refused)."""

    def __init__(self, setting: RegisterSetting[str], parent: QWidget) -> None:
        self.setting = setting
        self.widget = QLineEdit(parent)

    def load(self, value: str) -> None:
        self.widget.setText(value)

    def value(self) -> str:
        return accepted(self.setting, self.widget.text())


class CountEditor:
    """A whole number between the setting's limits, with its unit."""

    def __init__(self, setting: RegisterSetting[int], parent: QWidget) -> None:
        self.setting = setting
        self.widget = QSpinBox(parent)
        self.widget.setRange(*setting.number_range())
        self.widget.setSuffix(f" {setting.unit}")

    def load(self, value: int) -> None:
        self.widget.setValue(value)

    def value(self) -> int:
        return accepted(self.setting, self.widget.value())


class PeriodsEditor:
    """A table of (start, end) periods typed DD/MM/YYYY, with Add and Remove."""

    def __init__(self, setting: RegisterSetting[Periods], parent: QWidget) -> None:
        self.setting = setting
        self.label = setting.label
        self.widget = QWidget(parent)
        self.table = QTableWidget(0, 2, self.widget)
        set_names(self.table, f"{setting.key}Table", setting.label)
        self.table.setHorizontalHeaderLabels(["Start", "End"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(140)
        self.table.setTabKeyNavigation(False)  # Tab moves on (in a cell, to the next cell)
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

    def load(self, periods: Periods) -> None:
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
        return cast(QLineEdit, self.table.cellWidget(row, column))

    def _period(self, row: int) -> tuple[date, date]:
        start, end = (required_date(f"Period {row + 1} {word}", self.edit(row, column).text())
                      for column, word in enumerate(("start", "end")))
        return start, end

    def value(self) -> Periods:
        periods = []
        for row in range(self.table.rowCount()):
            try:
                periods.append(self._period(row))
            except FieldError as exc:
                raise FieldError(self.label, str(exc)) from None
        return accepted(self.setting, periods)


EDITORS: dict[str, Callable[[Any, QWidget], Editor]] = {
    TEXT: TextEditor, WEEKS: CountEditor, COUNT: CountEditor, PERIODS: PeriodsEditor,
}


# --- the dialog --------------------------------------------------------------------

class SettingsDialog(FormDialog):
    """One field per setting in ``settings``; Save writes the changed ones together."""

    def __init__(self, db: Database, parent: QWidget | None = None,
                 settings: tuple[RegisterSetting[Any], ...] = REGISTER_SETTINGS) -> None:
        super().__init__("Register settings", "settingsDialog", parent)
        self._db = db
        self.settings = settings
        self.editors: dict[str, Editor] = {}
        self.loaded: dict[str, Any] = {}
        for setting in settings:
            self._add_setting(setting)
        self.setMinimumWidth(560)

    def _add_setting(self, setting: RegisterSetting[Any]) -> None:
        editor = EDITORS[setting.type](setting, self)
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
        self.loaded[setting.key] = value_of(self._db, setting)
        editor.load(self.loaded[setting.key])
        self.editors[setting.key] = editor

    def changed(self) -> list[tuple[RegisterSetting[Any], Any]] | None:
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

    def _write(self, changes: list[tuple[RegisterSetting[Any], Any]]) -> None:
        """Every change in one transaction: a setting refused undoes them all."""
        labels = {setting.key: setting.label for setting, _ in changes}
        try:
            set_values(self._db, changes)
        except SettingError as exc:
            raise FieldError(labels.get(exc.key, exc.key), exc.reason) from None
