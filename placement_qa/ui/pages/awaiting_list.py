"""Children awaiting specialist provision, longest wait first."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget
from sqlite_utils import Database

from ...domain.dates import uk
from ...domain.pages import AwaitingChild
from ...exports.lists_csv import interim_text
from ...store.pages import awaiting_provision
from .navigation import open_child_page
from .table_model import Column
from .widgets import fit_columns, heading, make_model, open_in_dialog, record_table, sort_table

COL_CHILD, COL_CASE_REF, COL_IDENTIFIED, COL_WEEKS, COL_INTERIM = range(5)


def awaiting_columns(as_of: date) -> tuple[Column, ...]:
    def weeks(child: AwaitingChild) -> int:
        return child.weeks_waited(as_of)

    return (
        Column("Child", lambda c: c.child_name),
        Column("Case ref", lambda c: c.case_ref or ""),
        Column("Need identified", lambda c: uk(c.need_identified),
               sort=lambda c: c.need_identified),
        Column("Weeks waited", lambda c: str(weeks(c)), sort=weeks, numeric=True),
        Column("Interim support", interim_text,
               tooltip=lambda c: c.interim_support or "No interim support is recorded"),
    )


def awaiting_heading(count: int, as_of: date) -> str:
    children = "child" if count == 1 else "children"
    return f"{count} {children} awaiting specialist provision as of {uk(as_of)}"


class AwaitingProvisionList(QWidget):
    """Children with no current placement awaiting specialist provision, as of a date.

    Sorted by how long they have waited (longest first); any column sorts.
    ``childRequested(child_id)`` is emitted when a row is opened (Enter or double-click).
    """

    childRequested = Signal(int)

    def __init__(self, db: Database, as_of: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("awaitingProvision")
        self.setAccessibleName("Awaiting provision")
        self._db, self._as_of = db, as_of
        self.heading = heading("", "awaitingHeading", self)
        self.model = make_model(self, awaiting_columns(as_of))
        self.table = record_table(self, "awaitingTable", "Children awaiting provision",
                                  self.model)
        sort_table(self.table, COL_WEEKS, Qt.SortOrder.DescendingOrder)
        self.table.activated.connect(self._open_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        self.refresh()

    @property
    def as_of(self) -> date:
        return self._as_of

    def refresh(self) -> None:
        children = awaiting_provision(self._db, self._as_of)
        self.model.set_rows(children)
        self.heading.setText(awaiting_heading(len(children), self._as_of))
        fit_columns(self.table)

    def _open_row(self, index: QModelIndex) -> None:
        self.childRequested.emit(self.model.row_at(index.row()).child_id)


def open_awaiting_provision(db: Database, as_of: date, parent: QWidget | None = None) -> QDialog:
    """The awaiting-provision list in a window of its own (non-modal, already shown)."""
    page = AwaitingProvisionList(db, as_of)
    dialog = open_in_dialog(page, "Awaiting provision", parent, page.refresh, size=(900, 520),
                            help_section="awaiting-provision")
    page.childRequested.connect(lambda child_id: open_child_page(db, child_id, as_of, dialog))
    return dialog
