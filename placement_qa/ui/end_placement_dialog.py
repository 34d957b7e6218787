"""End a placement: the day it ends, not before it started."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QWidget
from sqlite_utils import Database

from ..domain.dates import uk
from ..domain.register import arrangement_label
from ..domain.validation import end_not_before_start, required_date
from ..store.records import get_child, get_placement, get_provider
from ..store.register import end_placement
from .form_dialog import FormDialog
from .form_fields import Checks, DateField, set_names

END_DATE = "End date"


class EndPlacementDialog(FormDialog):
    """Asks the end date of ``placement_id`` and saves it (the register shows it as Ended
    once that day has passed)."""

    def __init__(
        self, db: Database, placement_id: int, *, suggested: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("End placement", "endPlacementDialog", parent)
        self._db = db
        self.placement_id = placement_id
        self._placement = get_placement(db, placement_id)
        self.summary = QLabel(self)
        set_names(self.summary, "endPlacementSummary", "Placement to end")
        self.summary.setWordWrap(True)
        self.form.addRow(self.summary)
        self.end = DateField("placementEndDate", END_DATE, self)
        self.add_field("&End date:", self.end, field=END_DATE, marked=self.end.line_edit)
        self.save_button.setText("&End placement")
        self.save_button.setAccessibleName("End placement")
        self.setMinimumWidth(460)
        if self._placement is None:
            self.show_form_error("This placement is no longer in the register.")
            self.save_button.setEnabled(False)
            return
        self.summary.setText(self._describe())
        self.end.set_date(self._placement.end_date or suggested)
        self.end.line_edit.selectAll()

    def _describe(self) -> str:
        placement = self._placement
        child = get_child(self._db, placement.child_id)
        provider = get_provider(self._db, placement.provider_id) if placement.provider_id else None
        arrangement = arrangement_label(placement.arrangement).lower()
        where = f" at {provider.name}" if provider else f" ({arrangement})"
        return f"{child.name}{where}, started {uk(placement.start_date)}."

    def _end_date(self) -> date | None:
        checks = Checks()
        end = checks.run(lambda: required_date(END_DATE, self.end.text()))
        if end is not None:
            checks.run(lambda: end_not_before_start(self._placement.start_date, end))
        self.show_errors(checks.errors)
        return None if checks.errors else end

    def save(self) -> None:
        self.clear_errors()
        end = self._end_date()
        if end is None:
            return
        if self.write(lambda: end_placement(self._db, self.placement_id, end)):
            self.accept()
