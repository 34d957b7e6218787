"""Start a visit that was not planned: the same form as planning one, dated today,
opened straight away for recording."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget
from sqlite_utils import Database

from ...store.visit_notes import start_unplanned_visit
from ..plan_visit_dialog import PlanVisitDialog


class StartVisitDialog(PlanVisitDialog):
    def __init__(self, db: Database, provider_id: int, as_of: date,
                 parent: QWidget | None = None, **kwargs) -> None:
        super().__init__(db, provider_id, as_of, parent, **kwargs)
        self.setObjectName("startVisitDialog")
        self.setWindowTitle("Start unplanned visit")
        self.setAccessibleName("Start unplanned visit")
        self.visit_date.set_date(as_of)
        self.free_dates.setVisible(False)
        self.save_button.setText("&Start visit")
        self.save_button.setAccessibleName("Start visit")

    def _plan(self, day: date, ids: list[int]) -> None:
        self.visit_id = start_unplanned_visit(
            self._db, provider_id=self.provider_id, visit_date=day,
            visit_type=self.visit_type.currentData(), visitors=self.visitors.text(),
            placement_ids=ids)
