"""The dashboard's caseload table: each officer's planned, due and overdue visits, and
their draft notes waiting too long for sign-off (the rules: :mod:`...domain.caseload`).

Hidden in a register without officers. An officer with something overdue or late is
bold with a warning icon, and the tooltip says what, in words.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractItemView, QLabel, QVBoxLayout, QWidget

from ...domain.caseload import DUE_WITHIN_DAYS, Caseload
from ..pages.table_model import Column
from ..pages.widgets import fit_columns, make_model, record_table

ME = " (you)"


def concern_text(caseload: Caseload) -> str | None:
    """"2 overdue, 1 draft not signed off", or None when nothing is late."""
    parts = []
    if caseload.overdue:
        parts.append(f"{caseload.overdue} overdue")
    if caseload.drafts_late:
        drafts = "draft" if caseload.drafts_late == 1 else "drafts"
        parts.append(f"{caseload.drafts_late} {drafts} not signed off")
    return ", ".join(parts) or None


def legend(draft_days: int) -> str:
    return (f"Due: planned within {DUE_WITHIN_DAYS} days. Overdue: the planned date has "
            "passed and the visit is not recorded. Drafts late: not signed off "
            f"{draft_days} working days after the visit (File ▸ Settings…).")


class CaseloadTable(QWidget):
    """"Caseload by officer" and its table; :meth:`show_caseloads` fills it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseloads")
        self.setAccessibleName("Caseload by officer")
        self.me: str | None = None  # the uuid of the officer this user said they are
        self.heading = QLabel("Caseload by officer", self)
        self.heading.setObjectName("caseloadHeading")
        self.heading.setStyleSheet("font-weight: bold;")
        self.model = make_model(self, self._columns(), flagged=lambda c: bool(concern_text(c)))
        self.table = record_table(self, "caseloadTable", "Caseload by officer", self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)  # to read
        self.heading.setBuddy(self.table)
        self.legend = QLabel(self)
        self.legend.setObjectName("caseloadLegend")
        self.legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)
        self.setVisible(False)

    def _columns(self) -> tuple[Column, ...]:
        def name(caseload: Caseload) -> str:
            officer = caseload.officer
            if officer is None:
                return caseload.name
            ended = "" if officer.active else " (ended)"
            return officer.name + ended + (ME if self.me and officer.uuid == self.me else "")

        def number(header: str, attribute: str) -> Column:
            return Column(header, lambda c: str(getattr(c, attribute)),
                          sort=lambda c: getattr(c, attribute), numeric=True)

        return (
            Column("Officer", name, sort=lambda c: c.name, tooltip=concern_text),
            number("Planned", "planned"),
            number("Due", "due"),
            number("Overdue", "overdue"),
            number("Drafts late", "drafts_late"),
        )

    def show_caseloads(self, caseloads: Sequence[Caseload], draft_days: int) -> None:
        self.model.set_rows(caseloads)
        self.legend.setText(legend(draft_days))
        self.setVisible(bool(caseloads))
        fit_columns(self.table)
        self.table.clearSelection()  # a table to read: no row looks chosen

    def rows(self) -> list[tuple[str, ...]]:
        """The table's text, row by row (what a screen reader reads out)."""
        model = self.model
        return [tuple(model.index(row, column).data() for column in range(model.columnCount()))
                for row in range(model.rowCount())]
