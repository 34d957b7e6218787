"""The team's officers: name, initials, role, active or ended; add, edit, end; "This is me".

Opened from File ▸ Officers…. Visits planned from now on are assigned to one of the
active officers listed here. "This is me" remembers, for this computer's user, which
officer they are (see :mod:`placement_qa.ui.current_officer`): the register's
"My visits" then shows theirs.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlite_utils import Database

from ...domain.officers import Officer, officer_called
from ...store.officers import list_officers
from ..current_officer import my_officer_uuid, set_my_officer
from ..form_dialog import FormDialog
from ..officer_dialogs import EndOfficerDialog, OfficerDialog
from .table_model import Column
from .widgets import fit_columns, heading, make_model, open_in_dialog, record_table

COL_NAME, COL_INITIALS, COL_ROLE, COL_STATUS = range(4)
ME = " (you)"


def officer_columns(me: Callable[[], str | None]) -> tuple[Column, ...]:
    """The list's columns; ``me()`` is the uuid of the officer this user said they are."""

    def name(officer: Officer) -> str:
        return officer.name + (ME if officer.uuid == me() else "")

    return (
        Column("Name", name, sort=lambda o: o.name),
        Column("Initials", lambda o: o.initials),
        Column("Role", lambda o: o.role_label),
        Column("Status", lambda o: "Active" if o.active else "Ended"),
    )


def me_text(me: Officer | None) -> str:
    if me is None:
        return ("Choose yourself in the list and press This is me: the register's "
                "My visits then shows the visits assigned to you.")
    return f"You are {me.name}: the register's My visits shows the visits assigned to you."


class OfficersPage(QWidget):
    """Every officer, active first; ``officersChanged`` is emitted after a change here."""

    officersChanged = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("officersPage")
        self.setAccessibleName("Officers")
        self._db = db
        self.officers: list[Officer] = []
        self._me: str | None = None
        self.dialog: FormDialog | None = None  # the add, edit or end dialog open now
        self.heading = heading("Officers", "officersHeading", self)
        self.me_label = QLabel(self)
        self.me_label.setObjectName("officersMe")
        self.me_label.setAccessibleName("Who you are")
        self.me_label.setWordWrap(True)
        self.model = make_model(self, officer_columns(lambda: self._me))
        self.table = record_table(self, "officersTable", "Officers", self.model)
        self.table.activated.connect(lambda _index: self.edit_officer())
        self.table.selectionModel().currentRowChanged.connect(self._enable)
        self.buttons = {name: self._button(text, name) for text, name in (
            ("&Add officer…", "addOfficer"), ("&Edit…", "editOfficer"),
            ("E&nd…", "endOfficer"), ("This is &me", "thisIsMe"))}
        self.buttons["addOfficer"].clicked.connect(self.add_officer)
        self.buttons["editOfficer"].clicked.connect(self.edit_officer)
        self.buttons["endOfficer"].clicked.connect(self.end_officer)
        self.buttons["thisIsMe"].clicked.connect(self.choose_me)
        self._lay_out()
        self.refresh()

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setAutoDefault(False)
        return button

    def _lay_out(self) -> None:
        line = QHBoxLayout()
        for button in self.buttons.values():
            line.addWidget(button)
        line.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.me_label)
        layout.addLayout(line)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        """Read the officers again: active ones first, each group by name order kept."""
        chosen = self.current()
        self._me = my_officer_uuid(self._db)
        self.officers = sorted(list_officers(self._db), key=lambda o: not o.active)
        self.model.set_rows(self.officers)
        self.me_label.setText(me_text(officer_called(self.officers, self._me)))
        if chosen is not None:
            self.select(chosen.officer_id)
        fit_columns(self.table)
        self._enable()

    def select(self, officer_id: int) -> None:
        rows = [row for row, o in enumerate(self.model.records) if o.officer_id == officer_id]
        if rows:
            self.table.setCurrentIndex(self.model.index(rows[0], 0))

    def current(self) -> Officer | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _enable(self) -> None:
        officer = self.current()
        for name in ("editOfficer", "thisIsMe"):
            self.buttons[name].setEnabled(officer is not None)
        self.buttons["endOfficer"].setEnabled(officer is not None and officer.active)

    # --- the buttons --------------------------------------------------------------

    def add_officer(self) -> OfficerDialog:
        return self._open(OfficerDialog(self._db, None, self))

    def edit_officer(self) -> OfficerDialog | None:
        officer = self.current()
        return None if officer is None else self._open(
            OfficerDialog(self._db, officer.officer_id, self))

    def end_officer(self) -> EndOfficerDialog | None:
        officer = self.current()
        if officer is None or not officer.active:
            return None
        return self._open(EndOfficerDialog(self._db, officer, self))

    def choose_me(self) -> None:
        officer = self.current()
        if officer is not None:
            set_my_officer(self._db, officer)
            self.refresh()
            self.officersChanged.emit()

    def _open(self, dialog):
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._saved(dialog))
        dialog.destroyed.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        self.dialog = None

    def _saved(self, dialog: OfficerDialog | EndOfficerDialog) -> None:
        self.refresh()
        self.select(dialog.officer_id)
        self.officersChanged.emit()
        self.table.setFocus()


def open_officers(db: Database, parent: QWidget | None = None) -> QDialog:
    """The officers in a window of their own (non-modal, already shown)."""
    page = OfficersPage(db)
    return open_in_dialog(page, "Officers", parent, page.refresh, size=(640, 420))
