"""The monthly schedule: a month's planned visits, what is due but not planned, its review.

The council promised "a planning schedule of monitoring visits, updated
monthly": this window shows one month at a time (previous / next), and
"Mark schedule reviewed" records who reviewed it and when.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlite_utils import Database

from ...domain.dates import uk
from ...domain.monthly_schedule import (
    due_not_planned,
    is_overdue_in,
    month_of,
    month_title,
    position_text,
    review_text,
    shift_month,
)
from ...domain.planning import ProviderDue, VisitForExport, month_days
from ...domain.register import VISIT_TYPES
from ...domain.schedule import visit_slip
from ...store.connection import current_os_user
from ...store.planning import last_schedule_review, mark_schedule_reviewed
from ...store.schedule import schedule_as_of
from ...store.settings import draft_signoff_working_days
from ...store.visit_exports import visits_between
from ..plan_visit_dialog import PlanVisitDialog
from .navigation import NO_HOOKS, PageHooks, open_provider_page
from .planning import PLAN_SHORTCUT, RECORD_SHORTCUT, open_plan_visit, row_action
from .table_model import Column, visit_state_column
from .widgets import fit_columns, heading, make_model, open_in_dialog, record_table, value_label

Clock = Callable[[], datetime]
(COL_DATE, COL_PROVIDER, COL_AUTHORITY, COL_TYPE, COL_VISITORS, COL_OFFICER, COL_COVERED,
 COL_STATE) = range(8)
COL_DUE_PROVIDER, COL_DUE_AUTHORITY, COL_DUE_CHILDREN, COL_DUE_DATE, COL_DUE_POSITION = range(5)
NEXT_MONTH_KEY, PREVIOUS_MONTH_KEY = "Alt+Right", "Alt+Left"

VISIT_COLUMNS = (
    Column("Date", lambda v: uk(v.visit_date), sort=lambda v: v.visit_date),
    Column("Provider", lambda v: v.provider_name),
    Column("Host authority", lambda v: v.host_authority),
    Column("Type", lambda v: VISIT_TYPES.get(v.visit_type, v.visit_type)),
    Column("Visitors", lambda v: v.visitors or ""),
    Column("Assigned to", lambda v: v.officer),
    Column("Placements covered", lambda v: str(v.placements_covered),
           sort=lambda v: v.placements_covered, numeric=True),
)


def visit_columns(as_of: date, draft_days: int) -> tuple[Column, ...]:
    """The month's visits with their state as of ``as_of`` (a visit whose date passed
    unrecorded says so), last."""
    return (*VISIT_COLUMNS, visit_state_column(as_of, draft_days))


def due_columns(month: Callable[[], str]) -> tuple[Column, ...]:
    """The due list's columns; ``month()`` is the month shown (the position depends on it)."""

    def position(provider: ProviderDue) -> str:
        return position_text(provider, month())

    return (
        Column("Provider", lambda p: p.provider_name),
        Column("Host authority", lambda p: p.host_authority),
        Column("Children due", lambda p: str(p.children_due), sort=lambda p: p.children_due,
               numeric=True),
        Column("Earliest due", lambda p: uk(p.earliest_due), sort=lambda p: p.earliest_due),
        Column("Position", position),
    )


def _utc_now() -> datetime:
    return datetime.now(UTC)


class MonthlySchedule(QWidget):
    """One month's planned visits and the providers due but not planned, with its review.

    Starts at ``as_of``'s month (Alt+Right / Alt+Left: the next / previous month);
    ``reviewer`` is the name "Mark schedule reviewed" records (``clock`` gives the time:
    tests fix it). Enter on a provider due but not planned plans its visit
    (``visitPlanned(visit_id)`` once planned); Enter on a planned visit emits
    ``providerRequested(provider_id)``, "Record visit" (Ctrl+R) ``visitRequested(visit_id)``.
    """

    providerRequested = Signal(int)
    visitRequested = Signal(int)
    visitPlanned = Signal(int)

    def __init__(
        self, db: Database, as_of: date, reviewer: str, parent: QWidget | None = None,
        *, clock: Clock = _utc_now,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("monthlySchedule")
        self.setAccessibleName("Monthly schedule")
        self._db, self._reviewer, self._clock, self._as_of = db, reviewer, clock, as_of
        self._draft_days = draft_signoff_working_days(db)
        self._month = month_of(as_of)
        self.heading = heading("", "monthHeading", self)
        self.previous_button = self._button("◀ &Previous month", "previousMonth")
        self.next_button = self._button("&Next month ▶", "nextMonth")
        self.previous_button.clicked.connect(lambda: self.show_month(shift_month(self._month, -1)))
        self.next_button.clicked.connect(lambda: self.show_month(shift_month(self._month, 1)))
        self._month_keys()
        self.visits_model = make_model(
            self, visit_columns(as_of, self._draft_days),
            flag_column=COL_STATE, flagged=self._slipped)
        self.visits_table = record_table(self, "plannedVisitsTable", "Planned visits",
                                         self.visits_model)
        self.visits_label = QLabel(self)
        self.visits_label.setObjectName("plannedVisitsLabel")
        self.due_label = QLabel(self)
        self.due_label.setObjectName("dueNotPlannedLabel")
        self.due_model = make_model(
            self, due_columns(lambda: self._month), flag_column=COL_DUE_POSITION,
            flagged=lambda p: is_overdue_in(p, self._month))
        self.due_table = record_table(self, "dueNotPlannedTable", "Due this month but not planned",
                                      self.due_model)
        self.visits_table.activated.connect(
            lambda index: self._open_provider(self.visits_model, index))
        self.due_table.activated.connect(lambda _index: self.plan_chosen())
        self.plan_button = self._button("Plan &visit…", "schedulePlanButton")
        self.plan_button.setToolTip("Plan a visit to the provider chosen in the list of those "
                                    f"due but not planned (Enter, or {PLAN_SHORTCUT})")
        self.plan_button.clicked.connect(self.plan_chosen)
        self._row_actions()
        self.review_label = value_label("reviewStatus", "Schedule review", self)
        self.review_button = self._button("&Mark schedule reviewed", "markReviewed")
        self.review_button.clicked.connect(self.mark_reviewed)
        self._lay_out()
        self.refresh()

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").strip("◀▶ "))
        button.setAutoDefault(False)
        return button

    def _month_keys(self) -> None:
        for button, key in ((self.next_button, NEXT_MONTH_KEY),
                            (self.previous_button, PREVIOUS_MONTH_KEY)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(button.click)
            button.setToolTip(f"{button.accessibleName()} ({key})")

    def _row_actions(self) -> None:
        self.plan_action = row_action(self.due_table, "Plan &visit…", "schedulePlanVisit",
                                      PLAN_SHORTCUT, self.plan_chosen)
        row_action(self.due_table, "Open &provider's page", "scheduleDueProvider", "",
                   lambda: self._open_current(self.due_table))
        self.record_action = row_action(self.visits_table, "&Record visit…",
                                        "scheduleRecordVisit", RECORD_SHORTCUT,
                                        self.record_chosen)
        row_action(self.visits_table, "Open &provider's page", "scheduleVisitProvider", "",
                   lambda: self._open_current(self.visits_table))

    def _lay_out(self) -> None:
        chooser = QHBoxLayout()
        chooser.addWidget(self.previous_button)
        chooser.addWidget(self.heading, 1, Qt.AlignmentFlag.AlignCenter)
        chooser.addWidget(self.next_button)
        review = QHBoxLayout()
        review.addWidget(self.review_label, 1)
        review.addWidget(self.review_button)
        layout = QVBoxLayout(self)
        layout.addLayout(chooser)
        layout.addWidget(self.visits_label)
        layout.addWidget(self.visits_table, 2)
        due = QHBoxLayout()
        due.addWidget(self.due_label, 1)
        due.addWidget(self.plan_button)
        layout.addLayout(due)
        layout.addWidget(self.due_table, 1)
        layout.addLayout(review)

    @property
    def month(self) -> str:
        return self._month

    def show_month(self, month: str) -> None:
        self._month = month
        self.refresh()

    def refresh(self) -> None:
        """Read the month's visits, what is due and its last review again."""
        first, last = month_days(self._month)
        title = month_title(self._month)
        self.heading.setText(title)
        visits: list[VisitForExport] = visits_between(self._db, first, last)
        self.visits_model.set_rows(visits)
        self.visits_label.setText(f"Planned visits in {title}: {len(visits)}")
        due = due_not_planned(schedule_as_of(self._db, last), self._month)
        self.due_model.set_rows(due)
        self.due_label.setText(f"Due this month but not planned: {len(due)} "
                               + ("provider" if len(due) == 1 else "providers"))
        self._show_review()
        fit_columns(self.visits_table)
        fit_columns(self.due_table)

    def _show_review(self) -> None:
        self.review_label.setText(review_text(last_schedule_review(self._db, self._month),
                                              self._month))

    def _slipped(self, visit: VisitForExport) -> bool:
        return visit_slip(visit.status, visit.visit_date, self._as_of, self._draft_days) is not None

    def _open_provider(self, model, index: QModelIndex) -> None:
        provider_id = model.row_at(index.row()).provider_id
        if provider_id is not None:
            self.providerRequested.emit(provider_id)

    def _open_current(self, table) -> None:
        if table.currentIndex().isValid():
            self._open_provider(table.model(), table.currentIndex())

    def plan_chosen(self) -> PlanVisitDialog | None:
        """Plan a visit to the provider chosen in the due list (its first, if none is)."""
        if self.due_model.rowCount() == 0:
            return None
        index = self.due_table.currentIndex()
        provider = self.due_model.row_at(index.row() if index.isValid() else 0)
        return open_plan_visit(self, self._db, provider.provider_id, self._as_of,
                               self._planned)

    def _planned(self, visit_id: int) -> None:
        self.refresh()
        self.visitPlanned.emit(visit_id)

    def record_chosen(self) -> None:
        """Record the planned visit chosen (its note opens where the host opens notes)."""
        index = self.visits_table.currentIndex()
        if index.isValid():
            self.visitRequested.emit(self.visits_model.row_at(index.row()).visit_id)

    def mark_reviewed(self) -> None:
        """Record that the reviewer reviewed this month's schedule, now."""
        mark_schedule_reviewed(self._db, self._month, self._reviewer, self._clock())
        self._show_review()


def open_monthly_schedule(
    db: Database, as_of: date, parent: QWidget | None = None, reviewer: str | None = None,
    hooks: PageHooks = NO_HOOKS,
) -> QDialog:
    """The monthly schedule in a window of its own (non-modal, already shown); the
    reviewer defaults to the person logged in."""
    page = MonthlySchedule(db, as_of, reviewer or current_os_user())
    dialog = open_in_dialog(page, "Monthly schedule", parent, page.refresh, size=(960, 640),
                            help_section="monthly-schedule")
    page.providerRequested.connect(
        lambda provider_id: open_provider_page(db, provider_id, as_of, dialog, hooks))
    hooks.connect_visits(page.visitRequested, page.visitPlanned)
    hooks.add_visit_menu(page.visits_table, page.visits_model.row_at, page.refresh)
    return dialog
