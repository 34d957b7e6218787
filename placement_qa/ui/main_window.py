"""The main window: menus, the "as of" date, the dashboard and register tabs, the status bar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDateEdit,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from ..domain.dates import council_today
from ..domain.schedule import ScheduleLine, Status, status_counts
from ..store.errors import DATABASE_ERRORS
from ..store.output_guard import guard_register
from ..store.pages import guardrail_exception_count
from ..store.risk import risk_rank
from ..store.schedule import kpis_as_of, schedule_as_of
from ..store.settings import is_demo
from .backup_actions import BackupActions
from .concern_actions import ConcernActions
from .dashboard import DashboardView
from .file_actions import FileActions
from .help_actions import add_help_menu
from .jobs import JobRunner
from .officer_actions import OfficerActions
from .pages import add_page_actions
from .provider_return_actions import ProviderReturnActions
from .register_actions import RegisterEditing
from .register_columns import STATUS_ORDER
from .register_file_actions import RegisterFileActions
from .register_summary import counts_text, demo_notice, kpi_explanation, kpi_text, window_title
from .register_view import RegisterView
from .screen_fit import fit_to_screen
from .status_filter_bar import status_slug
from .sync_actions import SyncActions
from .visit_actions import VisitActions

MINIMUM_SIZE = (960, 560)  # fits a 1280×720 laptop's screen less its taskbar
DEFAULT_SIZE = (1300, 800)
DATE_FORMAT = "dd/MM/yyyy"


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class MainWindow(QMainWindow):
    """The provision manager's screen: every placement and what is overdue, as of a date.

    ``as_of`` None means today; every line comes from the store's schedule, worked
    out for the date in the toolbar.
    """

    def __init__(
        self,
        db: Database,
        register_path: Path,
        as_of: date | None = None,
        demo_created: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setAccessibleName("Placement QA")
        self._db = db
        self._register_path = Path(register_path)
        guard_register(self._register_path)  # no export or report is ever written over it
        self._demo_created = demo_created
        self._demo = demo_created or is_demo(db)  # marked on every screen while open
        self._as_of = as_of if as_of is not None else council_today()
        self._lines: list[ScheduleLine] = []
        self._status_counts: dict[Status, int] = status_counts(())  # of _lines, once per read
        # Given by the app's start-up code: close the register, change the file, open it
        # again (restoring a backup, encrypting). None: not possible in this window.
        self.reopen_register: Callable[..., None] | None = None
        self.backup_on_close = True
        self.register_view = RegisterView(self)
        self.jobs = JobRunner(self._register_path, self)  # every background job's
        self.dashboard = DashboardView(self.jobs, self)
        self._build_central()
        self._build_actions()
        self.editing = RegisterEditing(self, db)
        self.files = FileActions(self, db)
        self.register_files = RegisterFileActions(self)
        self.backups = BackupActions(self, db)
        self.officers = OfficerActions(self, db)
        self.sync = SyncActions(self, db)  # the team register (nothing shows alone)
        self._build_menus()
        self.pages = add_page_actions(self, db)
        self.concerns = ConcernActions(self, db)  # in the row menu before the visits'
        self.visits = VisitActions(self, db)
        self._plan_from_dashboard()
        self.provider_returns = ProviderReturnActions(self, db)
        self.help = add_help_menu(self)  # the last menu
        self._build_toolbar()
        self._build_status_bar()
        self.setWindowTitle(window_title(self._register_path, self._demo))
        self.setMinimumSize(*MINIMUM_SIZE)
        fit_to_screen(self, *DEFAULT_SIZE)
        self.register_view.rowsChanged.connect(self._update_counts)
        self.dashboard.placementRequested.connect(self.select_placement)
        self.refresh()
        if self.sync.joined:
            self.sync.sync_now(asked=False)  # on start

    @property
    def as_of(self) -> date:
        return self._as_of

    @property
    def lines(self) -> list[ScheduleLine]:
        return self._lines

    @property
    def register_path(self) -> Path:
        return self._register_path

    # --- building -------------------------------------------------------------

    def _build_central(self) -> None:
        central = QWidget(self)
        central.setObjectName("centralWidget")
        central.setAccessibleName("Register")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        if self._demo:
            layout.addWidget(self._make_demo_banner(central))
        layout.addWidget(self._build_tabs(central))
        self.setCentralWidget(central)

    def _build_tabs(self, parent: QWidget) -> QTabWidget:
        """The dashboard (the landing screen, Alt+1) and the register (Alt+2)."""
        self.tabs = QTabWidget(parent)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setAccessibleName("Screens")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.dashboard, "Dashboard")
        self.tabs.addTab(self.register_view, "Register")
        self.tabs.setTabToolTip(0, "What needs doing, as of the date in the toolbar (Alt+1)")
        self.tabs.setTabToolTip(1, "Every placement and its status (Alt+2)")
        return self.tabs

    def show_dashboard(self) -> None:
        self.tabs.setCurrentWidget(self.dashboard)

    def show_register(self) -> None:
        self.tabs.setCurrentWidget(self.register_view)

    def _focus_filter(self) -> None:
        self.show_register()
        self.register_view.focus_filter()

    def _show_status(self, status: Status | None) -> None:
        self.show_register()
        self.register_view.set_status(status)

    def _make_demo_banner(self, parent: QWidget) -> QLabel:
        banner = QLabel(demo_notice(self._register_path, self._demo_created), parent)
        banner.setObjectName("demoBanner")
        banner.setAccessibleName("Demo register notice")
        banner.setWordWrap(True)
        banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        banner.setStyleSheet(
            "QLabel#demoBanner { background: #e3eefb; color: #10304f; padding: 6px 10px;"
            " border-bottom: 1px solid #a9c4e4; }"
        )
        return banner

    def make_action(
        self, text: str, name: str, shortcut: str, slot: Callable[..., object]
    ) -> QAction:
        """An action of the whole window (its shortcut works wherever the focus is)."""
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.quit_action = self.make_action("&Quit", "actionQuit", "Ctrl+Q", self.close)
        self.refresh_action = self.make_action("&Refresh", "actionRefresh", "F5", self.refresh)
        self.refresh_action.setToolTip("Read the register again (F5)")
        self.find_action = self.make_action(
            "&Filter register…", "actionFilter", "Ctrl+F", self._focus_filter
        )
        self.dashboard_action = self.make_action(
            "&Dashboard", "actionShowDashboard", "Alt+1", self.show_dashboard
        )
        self.register_action = self.make_action(
            "R&egister", "actionShowRegister", "Alt+2", self.show_register
        )
        self.show_actions: list[QAction] = []
        # Ctrl+0 shows all placements, Ctrl+1 overdue, Ctrl+2 due soon, ...
        for number, status in enumerate((None, *STATUS_ORDER)):
            label = "&All" if status is None else status.value
            action = self.make_action(
                label, f"actionShow_{status_slug(status)}", f"Ctrl+{number}",
                lambda _checked=False, s=status: self._show_status(s),
            )
            button = self.register_view.status_filters.button(status)
            button.setToolTip(f"{button.toolTip()} (Ctrl+{number})")
            self.show_actions.append(action)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.setObjectName("menuBar")
        bar.setAccessibleName("Menu bar")
        file_menu = self.menu("&File", "menuFile")
        self.files.fill_menu(file_menu)
        self.register_files.fill_menu(file_menu)
        self.backups.fill_menu(file_menu, before=self.files.framework_action)
        file_menu.insertAction(self.files.settings_action, self.officers.officers_action)
        file_menu.addAction(self.quit_action)
        self.editing.fill_menu(self.menu("&Register", "menuRegister"))
        view_menu = self.menu("&View", "menuView")
        view_menu.addAction(self.dashboard_action)
        view_menu.addAction(self.register_action)
        view_menu.addSeparator()
        view_menu.addAction(self.refresh_action)
        view_menu.addAction(self.find_action)
        show_menu = view_menu.addMenu("&Show")
        show_menu.setObjectName("menuShow")
        show_menu.addActions(self.show_actions)
        self.sync.fill_menus(file_menu, view_menu, before=self.officers.officers_action)

    def menu(self, title: str, name: str | None = None) -> QMenu:
        """The menu-bar menu called ``title`` ("&Register"), added at the end if new."""
        for action in self.menuBar().actions():
            if action.menu() is not None and action.text() == title:
                return action.menu()
        menu = self.menuBar().addMenu(title)
        menu.setObjectName(name or "menu" + "".join(c for c in title if c.isalnum()))
        return menu

    def add_page_action(
        self, menu_title: str, text: str, shortcut: str, callback: Callable[..., object],
        name: str | None = None,
    ) -> QAction:
        """Hook for other screens: an action with a shortcut in the menu ``menu_title``.

        E.g. ``window.add_page_action("&Go", "&Awaiting provision", "Ctrl+Shift+A", show)``.
        """
        words = "".join(c for c in text if c.isalnum())
        action = self.make_action(text, name or f"action{words}", shortcut, callback)
        self.menu(menu_title).addAction(action)
        return action

    def _plan_from_dashboard(self) -> None:
        """The dashboard's lists plan, record, reschedule and cancel visits as the
        register's rows do."""
        self.dashboard.planRequested.connect(self.visits.plan_for_placement)
        self.dashboard.set_row_actions(self.visits.placement_menu())
        self.visits.focused_placement = self.dashboard.focused_placement

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Register", self)
        toolbar.setObjectName("mainToolBar")
        toolbar.setAccessibleName("Register toolbar")
        toolbar.setMovable(False)
        label = QLabel("As of ", toolbar)
        label.setObjectName("asOfLabel")
        label.setAccessibleName("As of")
        self.as_of_edit = QDateEdit(to_qdate(self._as_of), toolbar)
        self.as_of_edit.setObjectName("asOfDate")
        self.as_of_edit.setAccessibleName("As of date")
        self.as_of_edit.setToolTip("Work out every status as of this date")
        self.as_of_edit.setDisplayFormat(DATE_FORMAT)
        self.as_of_edit.setCalendarPopup(True)
        self.as_of_edit.setKeyboardTracking(False)
        label.setBuddy(self.as_of_edit)
        self.as_of_edit.dateChanged.connect(self._on_as_of_changed)
        toolbar.addWidget(label)
        toolbar.addWidget(self.as_of_edit)
        toolbar.addSeparator()
        toolbar.addAction(self.refresh_action)
        self._name_button(toolbar, self.refresh_action, "refreshButton", "Refresh")
        toolbar.addSeparator()
        editing = self.editing
        for action, name, accessible in (
            (editing.add_placement_action, "addPlacementButton", "Add placement"),
            (editing.edit_placement_action, "editPlacementButton", "Edit placement"),
            (editing.end_placement_action, "endPlacementButton", "End placement"),
            (editing.add_child_action, "addChildButton", "Add child"),
            (editing.add_provider_action, "addProviderButton", "Add provider"),
            (None, "", ""),
            (self.visits.plan_action, "planVisitButton", "Plan visit"),
            (self.visits.record_action, "recordVisitButton", "Record visit"),
        ):
            if action is None:
                toolbar.addSeparator()
                continue
            toolbar.addAction(action)
            self._name_button(toolbar, action, name, accessible)
        toolbar.addSeparator()
        toolbar.addAction(self.sync.sync_action)  # shown for a team register
        self._name_button(toolbar, self.sync.sync_action, "syncButton", "Sync")
        self.addToolBar(toolbar)

    @staticmethod
    def _name_button(toolbar: QToolBar, action: QAction, name: str, accessible: str) -> None:
        button = toolbar.widgetForAction(action)
        button.setObjectName(name)
        button.setAccessibleName(accessible)

    def _status_label(self, name: str, accessible: str) -> QLabel:
        label = QLabel(self.statusBar())
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        return label

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("statusBar")
        bar.setAccessibleName("Status bar")
        self.counts_label = self._status_label("statusCounts", "Placement counts")
        self.kpi_label = self._status_label("statusKpis", "Key performance indicators")
        bar.addWidget(self.counts_label, 1)
        if self._demo:
            demo = self._status_label("statusDemo", "Demo register")
            demo.setText("<b>Demo register</b>")
            demo.setToolTip(demo_notice(self._register_path, self._demo_created))
            bar.addPermanentWidget(demo)
        bar.addPermanentWidget(self.kpi_label)
        bar.addPermanentWidget(self.sync.status_label)  # a team register's status line

    # --- behaviour -------------------------------------------------------------

    def set_as_of(self, day: date) -> None:
        """Work the schedule out as of ``day``, as if picked in the toolbar."""
        self.as_of_edit.setDate(to_qdate(day))

    def _on_as_of_changed(self, qdate: QDate) -> None:
        self._as_of = qdate.toPython()
        self.refresh()

    def select_placement(self, placement_id: int) -> bool:
        """Make the placement's row current in the register (clearing filters that hide it)."""
        self.show_register()
        return self.register_view.select_placement(placement_id)

    def refresh(self) -> None:
        """Read the register again and work out every line as of the chosen date."""
        try:
            lines = schedule_as_of(self._db, self._as_of)
            kpis = kpis_as_of(self._db, lines, self._as_of)
        except DATABASE_ERRORS as exc:
            QMessageBox.warning(
                self, "Register not read",
                f"The register {self._register_path} could not be read: {exc}",
            )
            return
        self._lines = lines
        self._status_counts = status_counts(lines)
        self.kpi_label.setText(kpi_text(kpis, guardrail_exception_count(self._db)))
        self.kpi_label.setToolTip(kpi_explanation(kpis))
        self.register_view.set_lines(lines, self._risk_order(lines, self._as_of))
        self.sync.refresh_marks()
        self.officers.refresh()
        self.dashboard.refresh(self._as_of)

    def _risk_order(self, lines: list[ScheduleLine], day: date) -> Callable[[], dict[int, int]]:
        """What gives the overdue lines' risk order when the Overdue filter first needs it
        (none: the register's order, if the register cannot be read then)."""
        def order() -> dict[int, int]:
            try:
                return risk_rank(self._db, lines, day)
            except DATABASE_ERRORS:
                return {}
        return order

    def save_visit_notes(self) -> None:
        """Write the draft of every open visit note window (before locking or closing)."""
        for note_window in list(self.visits.note_windows.values()):
            note_window.save_now()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Close the visit notes (each saves its draft, and asks before losing an
        amendment or a draft the register refused), back up (a failure only says
        so), stop work. A note kept open keeps this window open too."""
        for note_window in list(self.visits.note_windows.values()):
            if not note_window.try_close():
                event.ignore()
                return
        self.backups.stop()
        self.sync.stop()
        self.jobs.stop()  # cancelled, waited for: no job has the register open after
        if self.backup_on_close:
            self.backups.back_up()
        super().closeEvent(event)

    def _update_counts(self) -> None:
        counts = self._status_counts
        showing = self.register_view.model.rowCount()
        self.counts_label.setText(counts_text(counts, showing))
