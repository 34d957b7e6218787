"""Plan one trip: a visit to each of several providers, on consecutive working days.

The trip planner passes the providers ticked (in the order it lists them); the
dialog offers the first working day from the day after ``as_of`` as the start,
shows which provider is visited on which day (weekends, bank holidays and the
register's school holidays are skipped, as the plan dialog's "next free dates"
are), and plans every visit in one transaction: all of them, or none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from PySide6.QtWidgets import QLabel, QWidget
from sqlite_utils import Database

from ..domain.dates import uk
from ..domain.planning import next_working_day, propose_dates
from ..domain.validation import FieldError
from ..store.planning import plan_trip
from ..store.settings import school_holidays
from .form_dialog import FormDialog
from .form_fields import Checks, DateField, set_names
from .plan_visit_dialog import (
    add_visitor_fields,
    visit_type_combo,
    visiting_officer_id,
    working_day,
    write_planning,
)

START_DATE = "First day"


@dataclass(frozen=True)
class TripStop:
    """A provider the trip visits."""

    provider_id: int
    provider_name: str


def trip_days(start: date, count: int, holidays: Sequence[tuple[date, date]] = ()) -> list[date]:
    """``count`` consecutive working days from ``start`` (``start`` itself if it is one)."""
    return propose_dates(start, count, school_holidays=holidays)


class PlanTripDialog(FormDialog):
    """Plans a visit to each of ``stops``, one a working day from the first day chosen."""

    def __init__(self, db: Database, stops: Sequence[TripStop], as_of: date,
                 parent: QWidget | None = None) -> None:
        super().__init__("Plan trip", "planTripDialog", parent)
        self._db, self.stops, self.as_of = db, list(stops), as_of
        self._holidays = school_holidays(db)
        self.visit_ids: list[int] = []  # set once saved
        self.start_date = DateField("tripStartDate", START_DATE, self)
        self.start_date.set_date(
            next_working_day(as_of + timedelta(days=1), self._holidays))
        self.add_field("&First day:", self.start_date, field=START_DATE,
                       marked=self.start_date.line_edit)
        self.visit_type = visit_type_combo(self)
        self.officer, self.visitors = add_visitor_fields(self, db)
        self.plan_label = QLabel(self)
        set_names(self.plan_label, "tripDays", "Which provider on which day")
        self.plan_label.setWordWrap(True)
        self.form.addRow("Visits:", self.plan_label)
        self.start_date.textChanged.connect(self._show_days)
        self.save_button.setText("&Plan trip")
        self.save_button.setAccessibleName("Plan trip")
        self.setMinimumWidth(520)
        self._show_days()
        self.start_date.line_edit.selectAll()
        self.start_date.setFocus()

    def days(self) -> list[date] | None:
        """The day of each stop, or None while the first day is not a working day."""
        try:
            start = working_day(START_DATE, self.start_date.text())
        except FieldError:
            return None
        return trip_days(start, len(self.stops), self._holidays)

    def _show_days(self, *_args: object) -> None:
        days = self.days()
        if days is None:
            self.plan_label.setText("Type the first day of the trip, a working day.")
            return
        self.plan_label.setText("<br>".join(
            f"{day:%a} {uk(day)} — {escape(stop.provider_name)}"
            for day, stop in zip(days, self.stops, strict=True)))

    def save(self) -> None:
        self.clear_errors()
        checks = Checks()
        start = checks.run(lambda: working_day(START_DATE, self.start_date.text()))
        officer_id = checks.run(lambda: visiting_officer_id(self.officer))
        self.show_errors(checks.errors)
        if checks.errors or start is None:
            return
        days = trip_days(start, len(self.stops), self._holidays)
        stops = [(stop.provider_id, day) for stop, day in zip(self.stops, days, strict=True)]
        self.days_planned = days
        if write_planning(self, lambda: self._plan(stops, officer_id)):
            self.accept()

    def _plan(self, stops: list[tuple[int, date]], officer_id: int | None) -> None:
        self.visit_ids = plan_trip(
            self._db, stops, as_of=self.as_of, visit_type=self.visit_type.currentData(),
            visitors=self.visitors.text(), officer_id=officer_id)
