"""Placements that went ahead at providers below good: the guardrail exceptions."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget
from sqlite_utils import Database

from ...domain.dates import council_today, uk
from ...domain.glossary import GUARDRAIL_EXCEPTION
from ...store.pages import guardrail_exceptions
from .navigation import open_child_page
from .table_model import Column
from .widgets import fit_columns, heading, make_model, open_in_dialog, record_table, sort_table

COL_CHILD, COL_PROVIDER, COL_START, COL_REASON, COL_APPROVER, COL_CONCERN = range(6)
COLUMNS = (
    Column("Child", lambda g: g.child_name),
    Column("Provider", lambda g: g.provider_name),
    Column("Start", lambda g: uk(g.start_date), sort=lambda g: g.start_date),
    Column("Reason", lambda g: g.reason, tooltip=lambda g: g.reason or None),
    Column("Approved by", lambda g: g.approver),
    Column("Concern at the time", lambda g: g.concern, tooltip=lambda g: g.concern or None),
)
EXPLANATION = (
    "The council does not use providers rated below good (or never inspected) for new "
    "placements. These placements went ahead with a recorded reason and the approving "
    "manager's name."
)


def exceptions_heading(count: int) -> str:
    if count == 1:
        return "1 placement made as a guardrail exception"
    return f"{count} placements made as guardrail exceptions"


class GuardrailExceptionsList(QWidget):
    """Every guardrail exception, newest first: child, provider, concern, reason, approver.

    ``childRequested(child_id)`` is emitted when a row is opened (Enter or double-click).
    """

    childRequested = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guardrailExceptions")
        self.setAccessibleName("Guardrail exceptions")
        self._db = db
        self.heading = heading("", "guardrailHeading", self)
        self.explanation = QLabel(EXPLANATION, self)
        self.explanation.setObjectName("guardrailExplanation")
        self.explanation.setAccessibleName("What a guardrail exception is")
        self.explanation.setWordWrap(True)
        self.explanation.setToolTip(GUARDRAIL_EXCEPTION.tooltip)
        self.model = make_model(self, COLUMNS)
        self.table = record_table(self, "guardrailTable", "Guardrail exceptions", self.model)
        sort_table(self.table, COL_START, Qt.SortOrder.DescendingOrder)
        self.table.activated.connect(self._open_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        rows = guardrail_exceptions(self._db)
        self.model.set_rows(rows)
        self.heading.setText(exceptions_heading(len(rows)))
        fit_columns(self.table, max_width=360)

    def _open_row(self, index: QModelIndex) -> None:
        self.childRequested.emit(self.model.row_at(index.row()).child_id)


def open_guardrail_exceptions(
    db: Database, parent: QWidget | None = None, as_of: date | None = None
) -> QDialog:
    """The guardrail exceptions in a window of its own (non-modal, already shown).

    ``as_of`` is the date a child's page opened from the list works from (today if None).
    """
    day = as_of or council_today()
    page = GuardrailExceptionsList(db)
    dialog = open_in_dialog(page, "Guardrail exceptions", parent, page.refresh, size=(1100, 520),
                            help_section="guardrail-exceptions")
    page.childRequested.connect(lambda child_id: open_child_page(db, child_id, day, dialog))
    return dialog
