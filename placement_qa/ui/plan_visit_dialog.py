"""Plan, reschedule and cancel a monitoring visit to a provider.

One visit to a provider covers all our children there, so planning starts from
the provider: the date offered is the domain's proposal (a working day, as late
as the schedule allows), the next free working days are a click away, and the
placements the visit covers are ticked for the user to confirm. A weekend or a
bank holiday is refused at the date field, saying which it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)
from sqlite_utils import Database

from ..domain.dates import uk
from ..domain.officers import OFFICER_FIELD, active_officers
from ..domain.planning import (
    PlanningError,
    VisitForExport,
    propose_dates,
    propose_visit_date,
)
from ..domain.register import PLACED, VISIT_TYPES
from ..domain.schedule import ScheduleLine, Status
from ..domain.validation import FieldError, required_date, required_text
from ..domain.working_days import SchoolHolidays, is_bank_holiday
from ..store.officers import assign_visit, list_officers
from ..store.planning import (
    active_monitored_placements_at,
    cancel_visit,
    plan_visit,
    reschedule_visit,
)
from ..store.records import get_provider
from ..store.schedule import schedule_as_of
from ..store.settings import school_holidays
from ..store.visit_exports import visits_between
from .current_officer import my_officer
from .form_dialog import FormDialog
from .form_fields import Checks, DateField, set_names, summary_label
from .officer_dialogs import chosen_officer, officer_combo

VISIT_DATE = "Visit date"
NEW_DATE = "New date"
VISIT_TYPE = "Visit type"
VISITORS = "Visitors"
PLACEMENTS = "Placements covered"
REASON = "Reason"
FREE_DATES = 3
# A live placement that a visit could cover (ended, future and awaiting ones cannot).
_COVERABLE = frozenset({Status.OVERDUE, Status.DUE_SOON, Status.IN_SCHEDULE,
                        Status.NOT_REQUIRED})


# --- reads and rules the dialogs share ------------------------------------------------

def working_day(field: str, text: str) -> date:
    """The date typed, if a visit can take place on it (a weekday, not a bank holiday)."""
    day = required_date(field, text)
    if day.weekday() >= 5:
        raise FieldError(field, f"{uk(day)} is a {day:%A}: choose a weekday")
    if is_bank_holiday(day):
        raise FieldError(field, f"{uk(day)} is a bank holiday: choose a working day")
    return day


def planned_visit(db: Database, visit_id: int) -> VisitForExport | None:
    """The planned visit ``visit_id``, or None (it is not planned, or not there)."""
    found = [v for v in visits_between(db, date.min, date.max) if v.visit_id == visit_id]
    return found[0] if found else None


def planned_visit_on(db: Database, provider_id: int, day: date) -> VisitForExport | None:
    """The first planned visit to ``provider_id`` on ``day``, or None."""
    found = [v for v in visits_between(db, day, day) if v.provider_id == provider_id]
    return found[0] if found else None


def free_dates(as_of: date, proposed: date, holidays: SchoolHolidays) -> list[date]:
    """The next working days from ``as_of``, leaving out the date already offered."""
    days = propose_dates(as_of, FREE_DATES + 1, school_holidays=holidays)
    return [day for day in days if day != proposed][:FREE_DATES]


def write_planning(dialog: FormDialog, change: Callable[[], object]) -> bool:
    """:meth:`FormDialog.write`, with the planning rules' refusals shown under the form."""
    try:
        return dialog.write(change)
    except PlanningError as exc:
        dialog.show_form_error(str(exc))
        return False


def free_dates_line(dialog: QWidget, field: DateField, days: Sequence[date]) -> QWidget:
    """"Next free dates: [23/11/2026] [24/11/2026] ...": a click puts the date in ``field``."""
    line = QWidget(dialog)
    set_names(line, "freeDates", "Next free dates")
    line.setStyleSheet("QPushButton { color: palette(link); text-decoration: underline;"
                       " border: none; padding: 0 4px; }")  # they read as links
    layout = QHBoxLayout(line)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    layout.addWidget(QLabel("Next free dates:", line))
    for number, day in enumerate(days):
        button = QPushButton(uk(day), line)
        set_names(button, f"freeDate{number}", f"Visit on {uk(day)}")
        button.setFlat(True)
        button.setAutoDefault(False)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.clicked.connect(lambda _checked=False, d=day: field.set_date(d))
        layout.addWidget(button)
    layout.addStretch(1)
    return line


def add_visitor_fields(dialog: FormDialog, db: Database) -> tuple[QComboBox, QLineEdit]:
    """The officer visiting, chosen from the active officers (this user's own, if they
    said who they are); a register without officers keeps the free text "Visitors"."""
    officers = active_officers(list_officers(db))
    officer = officer_combo(dialog, "visitOfficer", officers, my_officer(db, officers))
    visitors = QLineEdit(dialog)
    set_names(visitors, "visitors", VISITORS)
    visitors.setPlaceholderText("Who is visiting, e.g. A. Patel, J. Moss")
    if officers:
        dialog.add_field("&Who is visiting:", officer, field=OFFICER_FIELD)
        visitors.setVisible(False)
    else:
        dialog.add_field("&Visitors:", visitors, field=VISITORS)
        officer.setVisible(False)
    return officer, visitors


def visiting_officer_id(officer: QComboBox) -> int | None:
    """The officer chosen in ``officer`` (None in a register without officers); a
    FieldError if the register has officers and none is chosen."""
    if officer.count() == 0:
        return None
    return chosen_officer(officer, "choose the officer who will visit")


def visit_type_combo(dialog: FormDialog) -> QComboBox:
    """The "Visit type" field (an annual monitoring visit first)."""
    combo = QComboBox(dialog)
    set_names(combo, "visitType", VISIT_TYPE)
    for key, label in VISIT_TYPES.items():
        combo.addItem(label, key)
    dialog.add_field("Visit &type:", combo, field=VISIT_TYPE)
    return combo


# --- planning a visit ---------------------------------------------------------------

class PlanVisitDialog(FormDialog):
    """Plans a visit to ``provider_id`` covering the placements ticked.

    ``lines`` are the register's schedule lines as of ``as_of`` when the caller has
    them (the main window does); otherwise they are read here.
    """

    def __init__(
        self, db: Database, provider_id: int, as_of: date, parent: QWidget | None = None,
        *, lines: Sequence[ScheduleLine] | None = None,
    ) -> None:
        super().__init__("Plan visit", "planVisitDialog", parent)
        self._db = db
        self.provider_id = provider_id
        self.as_of = as_of
        self.visit_id: int | None = None  # set once saved
        self._holidays = school_holidays(db)
        self._lines = [line for line in (schedule_as_of(db, as_of) if lines is None else lines)
                       if _coverable_at(line, provider_id)]
        provider = get_provider(db, provider_id)
        self.provider_name = provider.name if provider else ""
        ticked = active_monitored_placements_at(db, provider_id, as_of) if provider else []
        self.proposed = self._propose(ticked)
        self.summary = summary_label(self, "planVisitProvider", "Provider to visit")
        self.form.addRow(self.summary)
        self._add_fields()
        self._fill(ticked)
        self.save_button.setText("&Plan visit")
        self.save_button.setAccessibleName("Plan visit")
        self.setMinimumWidth(520)
        if provider is None:
            self.show_form_error("This provider is no longer in the register.")
            self.save_button.setEnabled(False)
            return
        self.summary.setText(f"<b>{provider.name}</b> ({provider.host_authority})")
        self.visit_date.line_edit.selectAll()
        self.visit_date.setFocus()

    def _propose(self, ticked: Sequence[int]) -> date:
        """The domain's date for the earliest next due of the ticked placements."""
        dues = [line.next_due for line in self._lines
                if line.placement.placement_id in ticked and line.next_due is not None]
        return propose_visit_date(min(dues, default=self.as_of), self.as_of,
                                  school_holidays=self._holidays)

    def _add_fields(self) -> None:
        self.visit_date = DateField("visitDate", VISIT_DATE, self)
        self.visit_date.set_date(self.proposed)
        self.free_dates = free_dates_line(
            self, self.visit_date, free_dates(self.as_of, self.proposed, self._holidays))
        self.add_field("Visit &date:", self.visit_date, field=VISIT_DATE,
                       marked=self.visit_date.line_edit, below=self.free_dates)
        self.visit_type = visit_type_combo(self)
        self._add_visitors()
        self.placements = QListWidget(self)
        set_names(self.placements, "visitPlacements", PLACEMENTS)
        self.placements.setMaximumHeight(140)
        self.add_field("Placements &covered:", self.placements, field=PLACEMENTS)

    def _add_visitors(self) -> None:
        self.officer, self.visitors = add_visitor_fields(self, self._db)

    def chosen_officer_id(self) -> int | None:
        """The officer chosen (None in a register without officers); a FieldError if the
        register has officers and none is chosen."""
        return visiting_officer_id(self.officer)

    def _fill(self, ticked: Sequence[int]) -> None:
        for line in self._lines:
            item = QListWidgetItem(_placement_text(line), self.placements)
            item.setData(Qt.ItemDataRole.UserRole, line.placement.placement_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = line.placement.placement_id in ticked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def ticked_placements(self) -> list[int]:
        items = (self.placements.item(row) for row in range(self.placements.count()))
        return [item.data(Qt.ItemDataRole.UserRole) for item in items
                if item.checkState() == Qt.CheckState.Checked]

    def _checked(self) -> tuple[date, list[int]] | None:
        checks = Checks()
        day = checks.run(lambda: working_day(VISIT_DATE, self.visit_date.text()))
        return self._with_placements(checks, day)

    def _with_placements(self, checks: Checks, day: date | None) -> tuple[date, list[int]] | None:
        """The placements ticked and the officer chosen checked too; all refusals shown."""
        ids = self.ticked_placements()
        if not ids:
            checks.errors.append(FieldError(PLACEMENTS, "tick at least one placement"))
        checks.run(self.chosen_officer_id)
        self.show_errors(checks.errors)
        return None if checks.errors or day is None else (day, ids)

    def save(self) -> None:
        self.clear_errors()
        checked = self._checked()
        if checked is None:
            return
        self.planned_date, ids = checked
        if write_planning(self, lambda: self._plan(self.planned_date, ids)):
            self.accept()

    def _plan(self, day: date, ids: list[int]) -> None:
        self.visit_id = plan_visit(
            self._db, provider_id=self.provider_id, visit_date=day,
            visit_type=self.visit_type.currentData(), visitors=self.visitors.text(),
            placement_ids=ids, officer_id=self.chosen_officer_id())


def _coverable_at(line: ScheduleLine, provider_id: int) -> bool:
    placement = line.placement
    return (placement.provider_id == provider_id and placement.state == PLACED
            and line.status in _COVERABLE)


def _placement_text(line: ScheduleLine) -> str:
    due = f", due {uk(line.next_due)}" if line.next_due else ""
    return f"{line.placement.child_name} ({line.status}{due})"


# --- rescheduling and cancelling -----------------------------------------------------

class _PlannedVisitDialog(FormDialog):
    """A dialog about one planned visit: says which, refuses to save if it is gone."""

    def __init__(self, db: Database, visit_id: int, title: str, name: str,
                 parent: QWidget | None) -> None:
        super().__init__(title, name, parent)
        self._db = db
        self.visit_id = visit_id
        self.visit = planned_visit(db, visit_id)
        self.summary = summary_label(self, f"{name}Summary", "Visit")
        self.form.addRow(self.summary)
        self.setMinimumWidth(480)
        if self.visit is None:
            self.show_form_error("This visit is no longer planned in the register.")
            self.save_button.setEnabled(False)
            return
        visit = self.visit
        kind = VISIT_TYPES.get(visit.visit_type, visit.visit_type).lower()
        assigned = f" Assigned to {visit.officer}." if visit.officer else ""
        self.summary.setText(f"<b>{visit.provider_name}</b> ({visit.host_authority}): "
                             f"{kind} visit planned for {uk(visit.visit_date)}.{assigned}")

    @property
    def provider_name(self) -> str:
        return self.visit.provider_name if self.visit else ""


class RescheduleVisitDialog(_PlannedVisitDialog):
    """Moves a planned visit to another working day."""

    def __init__(self, db: Database, visit_id: int, as_of: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, visit_id, "Reschedule visit", "rescheduleVisitDialog", parent)
        self.new_date = DateField("newVisitDate", NEW_DATE, self)
        self.new_date.set_date(self.visit.visit_date if self.visit else None)
        current = self.visit.visit_date if self.visit else as_of
        days = free_dates(max(as_of, current + timedelta(days=1)), current, school_holidays(db))
        self.add_field("&New date:", self.new_date, field=NEW_DATE,
                       marked=self.new_date.line_edit,
                       below=free_dates_line(self, self.new_date, days))
        self.save_button.setText("&Reschedule")
        self.save_button.setAccessibleName("Reschedule visit")
        self.new_date.line_edit.selectAll()
        self.new_date.setFocus()

    def save(self) -> None:
        self.clear_errors()
        checks = Checks()
        day = checks.run(lambda: working_day(NEW_DATE, self.new_date.text()))
        self.show_errors(checks.errors)
        if day is None:
            return
        self.chosen_date = day
        if write_planning(self, lambda: reschedule_visit(self._db, self.visit_id, day)):
            self.accept()


class CancelVisitDialog(_PlannedVisitDialog):
    """Cancels a planned visit, asking why (cancelled visits never count)."""

    def __init__(self, db: Database, visit_id: int, parent: QWidget | None = None) -> None:
        super().__init__(db, visit_id, "Cancel visit", "cancelVisitDialog", parent)
        self.reason = QLineEdit(self)
        set_names(self.reason, "cancelReason", REASON)
        self.reason.setPlaceholderText("Why the visit is not going ahead")
        self.add_field("&Reason:", self.reason, field=REASON)
        self.save_button.setText("Cancel &visit")
        self.save_button.setAccessibleName("Cancel visit")
        self.buttons.button(self.buttons.StandardButton.Cancel).setText("&Keep visit")
        self.reason.setFocus()

    def save(self) -> None:
        self.clear_errors()
        checks = Checks()
        reason = checks.run(lambda: required_text(REASON, self.reason.text()))
        self.show_errors(checks.errors)
        if reason is None:
            return
        if write_planning(self, lambda: cancel_visit(self._db, self.visit_id, reason)):
            self.accept()



class AssignVisitDialog(_PlannedVisitDialog):
    """Assigns a planned visit to one of the active officers (or another one)."""

    def __init__(self, db: Database, visit_id: int, parent: QWidget | None = None) -> None:
        super().__init__(db, visit_id, "Assign visit", "assignVisitDialog", parent)
        officers = self._officers = active_officers(list_officers(db))
        assigned = self.visit.officer_id if self.visit else None
        chosen = next((o for o in officers if o.officer_id == assigned), None)
        self.officer = officer_combo(self, "assignOfficer", officers, chosen)
        self.add_field("&Officer:", self.officer, field=OFFICER_FIELD)
        self.save_button.setText("&Assign")
        self.save_button.setAccessibleName("Assign visit")
        if not officers:
            self.show_form_error("The register has no active officers: add them with "
                                 "File ▸ Officers… first.")
            self.save_button.setEnabled(False)
        self.officer.setFocus()

    def save(self) -> None:
        self.clear_errors()
        checks = Checks()
        officer_id = checks.run(lambda: chosen_officer(self.officer, "choose an officer"))
        self.show_errors(checks.errors)
        if officer_id is None:
            return
        self.officer_name = next(o.name for o in self._officers if o.officer_id == officer_id)
        if write_planning(self, lambda: assign_visit(self._db, self.visit_id, officer_id)):
            self.accept()
