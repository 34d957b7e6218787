"""Start a visit that was not planned: the same form as planning one, dated today,
opened straight away for recording. A follow-up visit (``visit_type="follow_up"``)
starts from the provider's open actions, each to be reviewed.

Unlike a planned visit it may fall on a weekend or a bank holiday (residential
homes are visited then), but not after today: it is happening, or has happened.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget
from sqlite_utils import Database

from ...domain.dates import uk
from ...domain.register import FOLLOW_UP_VISIT
from ...domain.validation import FieldError, required_date
from ...store.visit_notes import start_unplanned_visit
from ..form_fields import Checks
from ..plan_visit_dialog import VISIT_DATE, PlanVisitDialog


class StartVisitDialog(PlanVisitDialog):
    def __init__(self, db: Database, provider_id: int, as_of: date,
                 parent: QWidget | None = None, *, visit_type: str | None = None,
                 **kwargs) -> None:
        super().__init__(db, provider_id, as_of, parent, **kwargs)
        follow_up = visit_type == FOLLOW_UP_VISIT
        title = "Start follow-up visit" if follow_up else "Start unplanned visit"
        self.setObjectName("startFollowUpDialog" if follow_up else "startVisitDialog")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        if visit_type is not None:
            self.visit_type.setCurrentIndex(self.visit_type.findData(visit_type))
        self.visit_date.set_date(as_of)
        self.free_dates.setVisible(False)
        self.save_button.setText("&Start visit")
        self.save_button.setAccessibleName("Start visit")

    def _checked(self) -> tuple[date, list[int]] | None:
        checks = Checks()
        day = checks.run(lambda: self._day(self.visit_date.text()))
        return self._with_placements(checks, day)

    def _day(self, text: str) -> date:
        day = required_date(VISIT_DATE, text)
        if day > self.as_of:
            raise FieldError(VISIT_DATE, f"is after today ({uk(self.as_of)}): plan a future "
                                         "visit with Plan visit instead")
        return day

    def _plan(self, day: date, ids: list[int]) -> None:
        self.visit_id = start_unplanned_visit(
            self._db, provider_id=self.provider_id, visit_date=day,
            visit_type=self.visit_type.currentData(), visitors=self.visitors.text(),
            placement_ids=ids, officer_id=self.chosen_officer_id())
