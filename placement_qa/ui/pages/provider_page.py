"""A provider's page: details, inspection position and history, placements, visits,
actions, placements flagged for the manager, and the provider's whole history as a
timeline (newest first)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from ...domain.dates import uk
from ...domain.glossary import URN, explained
from ...domain.inspection import (
    default_frameworks,
    latest_by_inspectorate,
    outcome_summary,
    provider_concern,
)
from ...domain.pages import (
    FollowUpAction,
    InspectionLine,
    ProviderDetails,
    action_state_label,
    inspection_lines,
    provider_arrangements_label,
)
from ...domain.register import (
    VISIT_CANCELLED,
    VISIT_TYPES,
    arrangement_label,
    provider_type_label,
)
from ...domain.schedule import ScheduleLine, Status
from ...domain.timeline import VISIT, TimelineEvent
from ...domain.wording import status_explanation, status_text
from ...store.inspections import provider_inspections
from ...store.pages import (
    manager_flags,
    provider_current_placements,
    provider_details,
    provider_open_actions,
    provider_visits,
)
from ...store.settings import draft_signoff_working_days
from ...store.timeline import provider_timeline
from ..inspection_dialog import InspectionDialog
from ..plan_visit_dialog import PlanVisitDialog
from .flags_banner import FlagsBanner
from .planning import PLAN_SHORTCUT, RECORD_SHORTCUT, open_plan_visit, row_action
from .table_model import Column, visit_state_column
from .widgets import (
    Banner,
    details_form,
    fit_columns,
    heading,
    make_model,
    record_table,
    sort_table,
)

BELOW_GOOD = "Below good"

COL_I_DATE, COL_I_INSPECTORATE, COL_I_JUDGED, COL_I_FRAMEWORK, COL_I_OUTCOME = range(5)
INSPECTION_COLUMNS = (
    Column("Date", lambda i: uk(i.inspection.inspected_on) or "Not inspected",
           sort=lambda i: i.inspection.inspected_on),
    Column("Inspectorate", lambda i: i.inspection.inspectorate),
    Column("Judged", lambda i: BELOW_GOOD if i.below_good else "Good or better",
           tooltip=lambda i: "; ".join(i.concerns) or None),
    Column("Framework", lambda i: i.inspection.framework,
           tooltip=lambda i: explained(i.inspection.framework)),
    Column("Outcome", lambda i: outcome_summary(i.inspection)),
)

COL_C_CHILD, COL_C_ARRANGEMENT, COL_C_START, COL_C_LAST, COL_C_DUE, COL_C_STATUS = range(6)
PLACEMENT_COLUMNS = (
    Column("Child", lambda line: line.placement.child_name),
    Column("Arrangement", lambda line: arrangement_label(line.placement.arrangement)),
    Column("Start", lambda line: uk(line.placement.start_date),
           sort=lambda line: line.placement.start_date),
    Column("Last visit", lambda line: uk(line.last_visit), sort=lambda line: line.last_visit),
    Column("Next due", lambda line: uk(line.next_due), sort=lambda line: line.next_due),
    Column("Status", status_text, tooltip=status_explanation),
)

COL_V_DATE, COL_V_TYPE, COL_V_STATUS, COL_V_VISITORS, COL_V_CHILDREN = range(5)


def visit_columns(as_of: date, draft_days: int) -> tuple[Column, ...]:
    """The visits list's columns; a visit that slipped says so in its status."""
    return (
        Column("Date", lambda v: uk(v.visit_date), sort=lambda v: v.visit_date),
        Column("Type", lambda v: VISIT_TYPES.get(v.visit_type, v.visit_type)),
        visit_state_column(as_of, draft_days),
        Column("Visitors", lambda v: v.visitors),
        Column("Children", lambda v: str(v.children_covered), sort=lambda v: v.children_covered,
               numeric=True),
    )

COL_A_DUE, COL_A_STATUS, COL_A_OWNER, COL_A_DESCRIPTION = range(4)


def action_columns(as_of: date) -> tuple[Column, ...]:
    def state(action: FollowUpAction) -> str:
        return "Overdue" if action.is_overdue(as_of) else action_state_label(action.status)

    return (
        Column("Due", lambda a: uk(a.due_date) or "No date", sort=lambda a: a.due_date),
        Column("Status", state),
        Column("Owner", lambda a: a.owner or a.owner_label, tooltip=lambda a: a.owner_label),
        Column("Action", lambda a: a.description,
               tooltip=lambda a: f"{a.description} ({a.priority_label} priority)"),
    )


def address_text(provider: ProviderDetails) -> str:
    parts = [p.strip() for p in (provider.address or "", provider.postcode or "") if p]
    return ", ".join(p for p in parts if p) or "Not recorded"


def position_text(lines: list[InspectionLine]) -> tuple[str, bool]:
    """The provider's current inspection position in words, and whether it is a concern."""
    inspections = [line.inspection for line in lines]
    concern = provider_concern(inspections, default_frameworks())
    if concern is not None:
        return (f"{concern.reason} New placements here go ahead only with a recorded "
                "reason and the approving manager's name.", True)
    latest = "; ".join(
        f"{i.inspectorate} {uk(i.inspected_on)}: {outcome_summary(i)}"
        for i in latest_by_inspectorate(inspections)
    )
    return f"Good or better at the latest inspection ({latest}).", False


class ProviderPage(QWidget):
    """Everything the register holds about one provider, as of a date.

    ``childRequested(child_id)`` is emitted when the user opens a current placement,
    ``visitRequested(visit_id)`` when they open a visit, any visit past or planned, to
    read or record its note (not a cancelled one); ``inspectionRecorded(inspection_id)``
    when an inspection is recorded here and ``visitPlanned(visit_id)`` when a visit is
    planned here (the page has already refreshed; a window showing the whole register
    may want to).
    """

    childRequested = Signal(int)
    visitRequested = Signal(int)
    inspectionRecorded = Signal(int)
    visitPlanned = Signal(int)

    def __init__(
        self, db: Database, provider_id: int, as_of: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("providerPage")
        self.setAccessibleName("Provider's page")
        self._db, self._provider_id, self._as_of = db, provider_id, as_of
        self.provider: ProviderDetails = provider_details(db, provider_id)
        self.heading = heading("", "providerName", self)
        self.banner = Banner("providerConcern", "Inspection position", self)
        self.flags_banner = FlagsBanner("providerManagerFlags", db,
                                        lambda f: f"{f.child_name}: {f.text}", self)
        self.flags_banner.cleared.connect(self.refresh)
        self.inspections_model = make_model(
            self, INSPECTION_COLUMNS, flagged=lambda i: i.below_good, flag_column=COL_I_JUDGED)
        self.placements_model = make_model(
            self, PLACEMENT_COLUMNS, flagged=lambda line: line.status == Status.OVERDUE,
            flag_column=COL_C_STATUS)
        self.visits_model = make_model(
            self, visit_columns(as_of, draft_signoff_working_days(db)))
        self.actions_model = make_model(
            self, action_columns(as_of), flagged=lambda a: a.is_overdue(as_of),
            flag_column=COL_A_STATUS)
        self.inspection_dialog: InspectionDialog | None = None  # open now, if any
        self._build()
        self.refresh()

    @property
    def as_of(self) -> date:
        return self._as_of

    def _build(self) -> None:
        form, self.values = details_form(self, (
            ("URN", "providerUrn", "URN"),
            ("Type", "providerType", "Provider type"),
            ("Host authority", "providerHostAuthority", "Host local authority"),
            ("Address", "providerAddress", "Address"),
            ("Arrangements", "providerArrangements", "Day or residential arrangements"),
        ))
        urn = self.values["providerUrn"]
        for widget in (urn, form.labelForField(urn)):
            widget.setToolTip(URN.tooltip)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("providerTabs")
        self.tabs.setAccessibleName("Provider records")
        self.tables = {}
        newest, soonest = Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder
        for name, accessible, model, sort in (
            ("providerInspections", "Inspection history", self.inspections_model,
             (COL_I_DATE, newest)),
            ("providerPlacements", "Current placements", self.placements_model,
             (COL_C_START, newest)),
            ("providerVisits", "Monitoring visits", self.visits_model, (COL_V_DATE, newest)),
            ("providerActions", "Open follow-up actions", self.actions_model,
             (COL_A_DUE, soonest)),
        ):
            table = record_table(self.tabs, name, accessible, model)
            sort_table(table, *sort)
            self.tables[name] = table
            self.tabs.addTab(table, accessible)
        self.history = QListWidget(self.tabs)
        self.history.setObjectName("providerHistory")
        self.history.setAccessibleName("History, newest first")
        self.history.setWordWrap(True)
        self.history.setAlternatingRowColors(True)
        self.history.itemActivated.connect(self._open_history_visit)
        self.tabs.addTab(self.history, "History")
        self.tables["providerPlacements"].activated.connect(self._open_placement)
        self.tables["providerVisits"].activated.connect(self._open_visit)
        self.tabs.setCornerWidget(self._corner_buttons(), Qt.Corner.TopRightCorner)
        row_action(self.tables["providerVisits"], "Open &note", "providerVisitNote",
                   RECORD_SHORTCUT, self._open_current_visit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addWidget(self.flags_banner)
        layout.addLayout(form)
        layout.addWidget(self.tabs, 1)

    def _corner_buttons(self) -> QWidget:
        corner = QWidget(self.tabs)
        line = QHBoxLayout(corner)
        line.setContentsMargins(0, 0, 0, 0)
        self.plan_button = QPushButton("Pla&n visit…", corner)
        self.plan_button.setObjectName("providerPlanButton")
        self.plan_button.setAccessibleName("Plan visit")
        self.plan_button.setToolTip(f"Plan a visit to this provider ({PLAN_SHORTCUT})")
        self.plan_button.setShortcut(PLAN_SHORTCUT)
        self.plan_button.setAutoDefault(False)
        self.plan_button.clicked.connect(self.plan_visit)
        line.addWidget(self.plan_button)
        line.addWidget(self._record_button(corner))
        return corner

    def plan_visit(self) -> PlanVisitDialog:
        """Plan a visit to this provider (the plan dialog, window-modal)."""
        return open_plan_visit(self, self._db, self._provider_id, self._as_of, self._planned)

    def _planned(self, visit_id: int) -> None:
        self.refresh()
        self.tabs.setCurrentWidget(self.tables["providerVisits"])
        self.visitPlanned.emit(visit_id)

    def _open_current_visit(self) -> None:
        index = self.tables["providerVisits"].currentIndex()
        if index.isValid():
            self._open_visit(index)

    def _record_button(self, parent: QWidget) -> QPushButton:
        button = QPushButton("&Record inspection…", parent)
        button.setObjectName("recordInspectionButton")
        button.setAccessibleName("Record inspection")
        button.setToolTip("Record an inspection by hand: ISI, Ofsted social care, CQC, "
                          "or an Ofsted one not yet in Ofsted's file")
        button.setAutoDefault(False)  # Enter opens the current row, not this
        button.clicked.connect(self.record_inspection)
        return button

    def record_inspection(self) -> InspectionDialog:
        """Open the dialog to record an inspection of this provider (window-modal)."""
        dialog = InspectionDialog(self._db, self._provider_id, self, as_of=self._as_of)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._inspection_saved)
        dialog.destroyed.connect(self._forget_dialog)
        self.inspection_dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        self.inspection_dialog = None

    def _inspection_saved(self, inspection_id: int) -> None:
        self.refresh()
        self.tabs.setCurrentWidget(self.tables["providerInspections"])
        self.inspectionRecorded.emit(inspection_id)

    def refresh(self) -> None:
        """Read the provider's record, inspections, placements, visits and actions again."""
        self.provider = provider_details(self._db, self._provider_id)
        self._show_details(self.provider)
        inspections = inspection_lines(
            provider_inspections(self._db, self._provider_id), default_frameworks())
        text, concern = position_text(inspections)
        self.banner.show_text(text, concern=concern)
        self.inspections_model.set_rows(inspections)
        self.placements_model.set_rows(
            provider_current_placements(self._db, self._provider_id, self._as_of))
        self.visits_model.set_rows(provider_visits(self._db, self._provider_id))
        self.actions_model.set_rows(provider_open_actions(self._db, self._provider_id))
        self._show_flags()
        self._show_history(provider_timeline(self._db, self._provider_id))
        self._title_tabs()
        for table in self.tables.values():
            fit_columns(table)

    def _title_tabs(self) -> None:
        overdue = self.actions_model.flagged_count()
        actions = f"Open &actions ({self.actions_model.rowCount()}"
        actions += f", {overdue} overdue)" if overdue else ")"
        titles = (
            f"&Inspections ({self.inspections_model.rowCount()})",
            f"Current &placements ({self.placements_model.rowCount()})",
            f"&Visits ({self.visits_model.rowCount()})",
            actions,
            f"&History ({self.history.count()})",
        )
        for index, title in enumerate(titles):
            self.tabs.setTabText(index, title)

    def _show_flags(self) -> None:
        self.flags_banner.show_flags(manager_flags(self._db, provider_id=self._provider_id))

    def _show_history(self, events: list[TimelineEvent]) -> None:
        self.history.clear()
        for event in events:
            item = QListWidgetItem(event.line, self.history)
            if event.kind == VISIT and event.visit_id:
                item.setData(Qt.ItemDataRole.UserRole, event.visit_id)
        if not events:
            QListWidgetItem("Nothing has happened with this provider yet.", self.history)

    def history_lines(self) -> list[str]:
        return [self.history.item(row).text() for row in range(self.history.count())]

    def _open_history_visit(self, item: QListWidgetItem) -> None:
        visit_id = item.data(Qt.ItemDataRole.UserRole)
        visit = next((v for v in self.visits_model.records if v.visit_id == visit_id), None)
        if visit is not None and visit.status != VISIT_CANCELLED:
            self.visitRequested.emit(visit_id)

    def _show_details(self, provider: ProviderDetails) -> None:
        self.heading.setText(provider.name)
        self.values["providerUrn"].setText(provider.urn or "None (no DfE URN)")
        self.values["providerType"].setText(provider_type_label(provider.provider_type))
        self.values["providerHostAuthority"].setText(provider.host_authority)
        self.values["providerAddress"].setText(address_text(provider))
        self.values["providerArrangements"].setText(
            provider_arrangements_label(provider.arrangements))

    def _open_placement(self, index) -> None:
        line: ScheduleLine = self.placements_model.row_at(index.row())
        self.childRequested.emit(line.placement.child_id)

    def _open_visit(self, index) -> None:
        visit = self.visits_model.row_at(index.row())
        if visit.status != VISIT_CANCELLED:
            self.visitRequested.emit(visit.visit_id)
