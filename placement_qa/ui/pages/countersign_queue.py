"""View ▸ Awaiting countersign…: the signed-off notes the manager has still to review.

Oldest first, each with its age in working days since sign-off. Enter (or a
double-click) opens the note; Countersign… and Return… open a dialog asking who and
any comments (:func:`...store.countersign.add_step` decides who may). A returned note
leaves the list until its author amends it; F5 reads the register again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget
from sqlite_utils import Database

from ...domain.countersign import COUNTERSIGNED, RETURNED, ReviewedNote, age, countersigners
from ...domain.dates import uk
from ...store.countersign import add_step, reviewed_notes
from ...store.officers import list_officers
from ...store.settings import countersign_deputy, countersign_working_days
from ..current_officer import my_officer
from ..form_fields import set_names
from ..visit_note.sign_off import CountersignDialog
from .table_model import Column
from .widgets import fit_columns, heading, make_model, open_in_dialog, record_table, sort_table

COL_PROVIDER, COL_VISIT, COL_SIGNED_BY, COL_SIGNED_ON, COL_AGE = range(5)


def queue_columns(as_of: date, days: int) -> tuple[Column, ...]:
    def working_days(note: ReviewedNote) -> int:
        return age(note, as_of)

    return (
        Column("Provider", lambda n: n.provider_name),
        Column("Visit date", lambda n: uk(n.visit_date), sort=lambda n: n.visit_date),
        Column("Signed off by", lambda n: n.signed_off_by),
        Column("Signed off", lambda n: uk(n.signed_off_on), sort=lambda n: n.signed_off_on),
        Column("Age (working days)", lambda n: str(working_days(n)), sort=working_days,
               numeric=True,
               tooltip=lambda n: f"Awaiting countersign for more than {days} working days"
               if working_days(n) > days else None),
    )


class CountersignQueue(QWidget):
    """The notes awaiting countersign as of a date; ``visitRequested(visit_id)`` when one
    is opened, ``changed`` once one is countersigned or returned."""

    visitRequested = Signal(int)
    changed = Signal()

    def __init__(self, db: Database, as_of: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_names(self, "countersignQueue", "Awaiting countersign")
        self._db, self._as_of = db, as_of
        self.dialog: QDialog | None = None
        self.heading = heading("", "countersignHeading", self)
        days = countersign_working_days(db)
        self.model = make_model(self, queue_columns(as_of, days), flag_column=COL_AGE,
                                flagged=lambda n: age(n, as_of) > days)
        self.table = record_table(self, "countersignTable", "Notes awaiting countersign",
                                  self.model)
        sort_table(self.table, COL_AGE, Qt.SortOrder.DescendingOrder)
        self.table.activated.connect(self._open_row)
        self.countersign_button = self._button("Counter&sign…", "countersignButton",
                                               lambda: self.review(returning=False))
        self.return_button = self._button("&Return…", "returnButton",
                                          lambda: self.review(returning=True))
        row = QHBoxLayout()
        row.addWidget(self.countersign_button)
        row.addWidget(self.return_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.refresh()

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        set_names(button, name, text.replace("&", "").rstrip("…"))
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def refresh(self) -> None:
        notes = [n for n in reviewed_notes(self._db) if n.state == "awaiting"]
        self.model.set_rows(notes)
        count = len(notes)
        self.heading.setText(f"{count} {'note' if count == 1 else 'notes'} awaiting "
                             f"countersign as of {uk(self._as_of)}")
        for button in (self.countersign_button, self.return_button):
            button.setEnabled(bool(notes))
        if notes and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        fit_columns(self.table)

    def current_note(self) -> ReviewedNote | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _open_row(self, index: QModelIndex) -> None:
        self.visitRequested.emit(self.model.row_at(index.row()).visit_id)

    def review(self, *, returning: bool) -> QDialog | None:
        """Countersign or return the chosen note: the dialog asking who (and comments)."""
        note = self.current_note()
        if note is None:
            return None
        kind = RETURNED if returning else COUNTERSIGNED
        dialog = CountersignDialog(
            lambda who, comment: add_step(self._db, note.visit_id, kind, who, comment),
            self._who(), returning,
            f"{note.provider_name}: visit of {uk(note.visit_date)}, signed off by "
            f"{note.signed_off_by} on {uk(note.signed_off_on)}", self)
        dialog.accepted.connect(self._after_step)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _who(self) -> str:
        """Whoever said "This is me", else the one manager (or deputy) there is."""
        officers = list_officers(self._db)
        me = my_officer(self._db, officers)
        if me is not None:
            return me.name
        names = countersigners(officers, countersign_deputy(self._db))
        return names[0] if len(names) == 1 else ""

    def _after_step(self) -> None:
        self.refresh()
        self.changed.emit()


def open_countersign_queue(db: Database, as_of: date, parent: QWidget | None,
                           open_visit: Callable[[int], object] | None = None,
                           changed: Callable[[], object] | None = None) -> QDialog:
    """The queue in a window of its own (non-modal, already shown); a note opened from it
    that is amended puts itself back in the list."""
    page = CountersignQueue(db, as_of)
    dialog = open_in_dialog(page, "Awaiting countersign", parent, page.refresh,
                            size=(900, 520), help_section="countersign")

    def opened(visit_id: int) -> None:
        window = open_visit(visit_id) if open_visit is not None else None
        signed = getattr(window, "signed", None)
        if signed is not None:
            signed.connect(page.refresh)

    page.visitRequested.connect(opened)
    if changed is not None:
        page.changed.connect(changed)
    return dialog
