"""The trip planner: providers due within a window, grouped by host authority and region.

One visit to a provider covers all our children there, and one trip can cover
several providers in the same authority: each group is an authority (with its
region), its rows the providers due there, earliest due first. Tick providers (Space)
and "Plan trip…" plans a visit to each on consecutive working days, in one step;
Enter on a provider not yet planned plans its visit alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from ...domain.dates import uk
from ...domain.planning import ProviderDue, TripGroup, trip_groups
from ...domain.schedule import ScheduleLine
from ...domain.wording import slip_text
from ...store.schedule import schedule_as_of
from ..plan_trip_dialog import PlanTripDialog, TripStop
from ..plan_visit_dialog import PlanVisitDialog, planned_visit_on
from .navigation import NO_HOOKS, PageHooks, open_provider_page
from .planning import PLAN_SHORTCUT, RECORD_SHORTCUT, open_plan_visit, row_action
from .widgets import heading, open_in_dialog

DEFAULT_WINDOW = timedelta(weeks=8)
HEADERS = ("Authority / provider", "Region", "Children due", "Earliest due", "Planned")
COL_NAME, COL_REGION, COL_CHILDREN, COL_DUE, COL_PLANNED = range(len(HEADERS))
DATE_FORMAT = "dd/MM/yyyy"
PROVIDER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NOT_PLANNED = "Not planned"
NUMBER_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def plural(count: int, word: str, words: str) -> str:
    return f"{count} {word if count == 1 else words}"


def trip_summary(groups: Sequence[TripGroup], window_end: date) -> str:
    """``14 providers in 6 authorities due by 17/01/2027``."""
    providers = sum(len(group.providers) for group in groups)
    return (f"{plural(providers, 'provider', 'providers')} in "
            f"{plural(len(groups), 'authority', 'authorities')} due by {uk(window_end)}")


def _cells(texts: Sequence[str], *, bold: bool = False) -> list[QStandardItem]:
    items = []
    for column, text in enumerate(texts):
        item = QStandardItem(text)
        item.setEditable(False)
        if column == COL_CHILDREN:
            item.setTextAlignment(NUMBER_ALIGNMENT)
        if bold:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        items.append(item)
    return items


def planned_text(provider: ProviderDue) -> str:
    """"Not planned", "04/01/2027" or "Planned 27/11/2026 — date passed, not recorded"."""
    if provider.planned_visit is None:
        return NOT_PLANNED
    if provider.planned_slip is not None:
        return slip_text(provider.planned_slip, provider.planned_visit)
    return uk(provider.planned_visit)


def _provider_row(provider: ProviderDue, ticked: bool) -> list[QStandardItem]:
    row = _cells((provider.provider_name, "", str(provider.children_due),
                  uk(provider.earliest_due), planned_text(provider)))
    row[0].setData(provider.provider_id, PROVIDER_ID_ROLE)
    if provider.planned_visit is None:
        row[0].setCheckable(True)  # to put on a trip
        row[0].setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
    else:  # a trip would plan a second visit: reschedule the planned one instead
        row[0].setToolTip(f"A visit is planned for {uk(provider.planned_visit)}: "
                          "reschedule it rather than plan another")
    return row


def _group_row(group: TripGroup, ticked: frozenset[int]) -> list[QStandardItem]:
    row = _cells((group.host_authority, group.region, str(group.children_due),
                  uk(group.earliest_due), ""), bold=True)
    for provider in group.providers:
        row[0].appendRow(_provider_row(provider, provider.provider_id in ticked))
    return row


def fill_trip_model(model: QStandardItemModel, groups: Sequence[TripGroup],
                    ticked: Iterable[int] = ()) -> None:
    """The groups as top-level rows, each with its providers as child rows (a tick box
    each, ticked for the providers ``ticked``)."""
    model.clear()
    model.setHorizontalHeaderLabels(list(HEADERS))
    for group in groups:
        model.appendRow(_group_row(group, frozenset(ticked)))


def provider_items(model: QStandardItemModel) -> list[QStandardItem]:
    """The providers' first cells, in the order shown."""
    groups = (model.item(row) for row in range(model.rowCount()))
    return [group.child(row) for group in groups for row in range(group.rowCount())]


class TripPlanner(QWidget):
    """Providers due by the window's end (overdue ones too), grouped so one trip covers several.

    The window runs from ``as_of`` to an end date the user chooses (8 weeks on by default).
    Enter on a provider not planned yet plans its visit; on one planned, or with "Open
    provider's page", ``providerRequested(provider_id)`` is emitted; "Record visit"
    (Ctrl+R) on a planned one emits ``visitRequested(visit_id)``. ``visitsPlanned``
    (a list of visit ids) is emitted once the visits of a step are planned here.
    """

    providerRequested = Signal(int)
    visitRequested = Signal(int)
    visitsPlanned = Signal(list)

    def __init__(self, db: Database, as_of: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tripPlanner")
        self.setAccessibleName("Trip planner")
        self._db, self._as_of = db, as_of
        self._lines: list[ScheduleLine] = []
        self.groups: list[TripGroup] = []
        self.heading = heading(f"Trips to plan from {uk(as_of)}", "tripHeading", self)
        self.window_end_edit = self._date_edit(as_of + DEFAULT_WINDOW)
        self.summary = QLabel(self)
        self.summary.setObjectName("tripSummary")
        self.summary.setAccessibleName("Trip summary")
        self.model = QStandardItemModel(self)
        self.tree = self._tree()
        self.trip_button = QPushButton("Plan &trip…", self)
        self.trip_button.setObjectName("planTripButton")
        self.trip_button.setAccessibleName("Plan trip")
        self.trip_button.setToolTip("Plan a visit to each provider ticked (Space ticks the "
                                    "chosen one), on consecutive working days")
        self.trip_button.setAutoDefault(False)
        self.trip_button.clicked.connect(self.plan_trip)
        self.model.itemChanged.connect(self._update_trip_button)
        self._lay_out()
        self.window_end_edit.dateChanged.connect(self._show_groups)
        self.refresh()

    def _date_edit(self, day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day), self)
        edit.setObjectName("tripWindowEnd")
        edit.setAccessibleName("Due by")
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setCalendarPopup(True)
        edit.setKeyboardTracking(False)
        edit.setMinimumDate(QDate(self._as_of.year, self._as_of.month, self._as_of.day))
        return edit

    def _tree(self) -> QTreeView:
        tree = QTreeView(self)
        tree.setObjectName("tripTree")
        tree.setAccessibleName("Providers due, by authority")
        tree.setModel(self.model)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tree.setAlternatingRowColors(True)
        tree.setUniformRowHeights(True)
        tree.activated.connect(self._activated)
        row_action(tree, "Plan &visit…", "tripPlanVisit", PLAN_SHORTCUT, self.plan_chosen)
        row_action(tree, "&Record visit…", "tripRecordVisit", RECORD_SHORTCUT,
                   self.record_chosen)
        row_action(tree, "Open &provider's page", "tripOpenProvider", "",
                   lambda: self._open_provider(tree.currentIndex()))
        return tree

    def _activated(self, index: QModelIndex) -> None:
        planned = index.siblingAtColumn(COL_PLANNED).data() != NOT_PLANNED
        if planned:
            self._open_provider(index)
        else:
            self.plan_chosen()

    def _open_provider(self, index: QModelIndex) -> None:
        provider_id = index.siblingAtColumn(COL_NAME).data(PROVIDER_ID_ROLE)
        if provider_id is not None:  # a provider's row, not an authority's
            self.providerRequested.emit(provider_id)

    def plan_chosen(self) -> PlanVisitDialog | None:
        """Plan a visit to the provider of the chosen row (the plan dialog)."""
        index = self.tree.currentIndex()
        provider_id = index.siblingAtColumn(COL_NAME).data(PROVIDER_ID_ROLE)
        if provider_id is None:
            return None
        return open_plan_visit(self, self._db, provider_id, self._as_of,
                               lambda visit_id: self._planned([visit_id]))

    def record_chosen(self) -> None:
        """Record the visit planned to the chosen row's provider (its note opens where
        the host opens notes)."""
        index = self.tree.currentIndex().siblingAtColumn(COL_NAME)
        provider_id = index.data(PROVIDER_ID_ROLE)
        due = next((p for group in self.groups for p in group.providers
                    if p.provider_id == provider_id), None)
        if due is None or due.planned_visit is None:
            return
        visit = planned_visit_on(self._db, due.provider_id, due.planned_visit)
        if visit is not None:
            self.visitRequested.emit(visit.visit_id)

    def ticked(self) -> list[TripStop]:
        """The providers ticked, in the order shown."""
        return [TripStop(item.data(PROVIDER_ID_ROLE), item.text())
                for item in provider_items(self.model)
                if item.checkState() == Qt.CheckState.Checked]

    def plan_trip(self) -> PlanTripDialog | None:
        """Plan a visit to each provider ticked, on consecutive working days (one step)."""
        stops = self.ticked()
        if not stops:
            return None
        dialog = PlanTripDialog(self._db, stops, self._as_of, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._planned(dialog.visit_ids, untick=True))
        dialog.open()
        return dialog

    def _planned(self, visit_ids: list[int], *, untick: bool = False) -> None:
        if untick:
            for item in provider_items(self.model):
                item.setCheckState(Qt.CheckState.Unchecked)
        self.refresh()
        self.visitsPlanned.emit(visit_ids)

    def _update_trip_button(self, *_args: object) -> None:
        count = len(self.ticked())
        self.trip_button.setEnabled(count > 0)
        self.trip_button.setText(f"Plan &trip ({count})…" if count else "Plan &trip…")

    def _lay_out(self) -> None:
        label = QLabel("&Due by:", self)
        label.setBuddy(self.window_end_edit)
        controls = QHBoxLayout()
        controls.addWidget(label)
        controls.addWidget(self.window_end_edit)
        controls.addWidget(self.summary, 1)
        controls.addWidget(self.trip_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(controls)
        layout.addWidget(self.tree, 1)

    @property
    def window_end(self) -> date:
        return self.window_end_edit.date().toPython()

    def refresh(self) -> None:
        """Read the register's schedule again and regroup."""
        self._lines = schedule_as_of(self._db, self._as_of)
        self._show_groups()

    def _show_groups(self, *_args: object) -> None:
        end = self.window_end
        self.groups = trip_groups(self._lines, self._as_of, end)
        ticked = [stop.provider_id for stop in self.ticked()]
        fill_trip_model(self.model, self.groups, ticked)
        self._update_trip_button()
        self.tree.expandAll()
        for column in range(len(HEADERS)):
            self.tree.resizeColumnToContents(column)
        self.summary.setText(trip_summary(self.groups, end))


def open_trip_planner(db: Database, as_of: date, parent: QWidget | None = None,
                      hooks: PageHooks = NO_HOOKS) -> QDialog:
    """The trip planner in a window of its own (non-modal, already shown)."""
    page = TripPlanner(db, as_of)
    dialog = open_in_dialog(page, "Trip planner", parent, page.refresh, size=(900, 600),
                            help_section="trip-planner")
    page.providerRequested.connect(
        lambda provider_id: open_provider_page(db, provider_id, as_of, dialog, hooks))
    hooks.connect_visits(page.visitRequested)
    if hooks.changed is not None:
        page.visitsPlanned.connect(lambda _visit_ids: hooks.changed())
    return dialog
