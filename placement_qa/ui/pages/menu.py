"""The main window's way in to the pages: View menu items with shortcuts.

The main window calls :func:`add_page_actions` once it has built its menus. It
needs only what every main window here has: ``add_page_action(menu, text,
shortcut, callback, name)``, ``as_of``, ``register_view.current_line()``, and a
status bar to say why nothing opened.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QStatusBar, QWidget
from sqlite_utils import Database

from ...domain.glossary import GUARDRAIL_EXCEPTION
from ...domain.pages import NotInRegister
from .actions_page import ActionsList, open_follow_up_actions
from .audit_page import open_change_log
from .awaiting_list import open_awaiting_provision
from .guardrail_exceptions import open_guardrail_exceptions
from .monthly_schedule import open_monthly_schedule
from .navigation import PageHooks, open_child_page, open_provider_page
from .trip_planner import open_trip_planner

VIEW_MENU = "&View"
AWAITING_SHORTCUT = "Ctrl+Shift+A"
GUARDRAIL_SHORTCUT = "Ctrl+Shift+G"
# Ctrl+Shift+C and Ctrl+Shift+P are the editing dialogs' "Add child" / "Add provider".
OPEN_CHILD_SHORTCUT = "Ctrl+Shift+O"
OPEN_PROVIDER_SHORTCUT = "Ctrl+Shift+R"
MONTHLY_SCHEDULE_SHORTCUT = "Ctrl+Shift+M"
TRIP_PLANNER_SHORTCUT = "Ctrl+Shift+T"
# Ctrl+F is the main window's "Filter register"; Ctrl+Shift+F is free everywhere.
# Its mnemonic is U: A is "Awaiting provision" in the same menu.
ACTIONS_SHORTCUT = "Ctrl+Shift+F"
CHANGE_LOG_SHORTCUT = "Ctrl+Shift+H"  # H for history; free in every menu
MESSAGE_MS = 6000


class PageHost(Protocol):
    """What :func:`add_page_actions` needs of the main window."""

    register_view: QWidget
    as_of: object
    # VisitActions: record_visit_id(visit_id) shows a visit's note window,
    # add_visit_list_actions gives a page's visits their right-click menu
    visits: object

    def add_page_action(self, menu_title, text, shortcut, callback, name=None) -> QAction: ...
    def statusBar(self) -> QStatusBar: ...  # noqa: N802 (Qt's name)
    def refresh(self) -> None: ...


class PageActions:
    """Opens the pages from the main window; keeps each action for tests and menus."""

    def __init__(self, window: PageHost, db: Database) -> None:
        self._window, self._db = window, db
        # one note window per visit, whichever screen opens it (a visit planned more than
        # a week ahead asks before it is recorded); a visit planned or an inspection
        # recorded on a page changes the register's statuses and counts; a page's visits
        # are rescheduled or cancelled from their right-click menu
        self.hooks = PageHooks(
            open_visit=lambda visit_id: window.visits.record_visit_id(visit_id),
            changed=window.refresh,
            visit_menu=lambda *args: window.visits.add_visit_list_actions(*args))
        add = window.add_page_action
        self.awaiting = add(VIEW_MENU, "&Awaiting provision…", AWAITING_SHORTCUT,
                            self.open_awaiting, "actionAwaitingProvision")
        self.guardrail = add(VIEW_MENU, "&Guardrail exceptions…", GUARDRAIL_SHORTCUT,
                             self.open_guardrail, "actionGuardrailExceptions")
        self.child = add(VIEW_MENU, "Open &child's page", OPEN_CHILD_SHORTCUT,
                         self.open_child, "actionOpenChild")
        self.provider = add(VIEW_MENU, "Open pro&vider's page", OPEN_PROVIDER_SHORTCUT,
                            self.open_provider, "actionOpenProvider")
        self.monthly_schedule = add(VIEW_MENU, "&Monthly schedule…", MONTHLY_SCHEDULE_SHORTCUT,
                                    self.open_monthly_schedule, "actionMonthlySchedule")
        self.trip_planner = add(VIEW_MENU, "&Trip planner…", TRIP_PLANNER_SHORTCUT,
                                self.open_trip_planner, "actionTripPlanner")
        self.actions = add(VIEW_MENU, "Follow-&up actions…", ACTIONS_SHORTCUT,
                           self.open_actions, "actionFollowUpActions")
        self.change_log = add(VIEW_MENU, "Change &log…", CHANGE_LOG_SHORTCUT, self.open_change_log,
                              "actionChangeLog")
        self.guardrail.setToolTip(GUARDRAIL_EXCEPTION.tooltip)
        self.change_log.setStatusTip("Who changed which record, when, from what to what")
        self.actions.setStatusTip("Every follow-up action across providers: due, owner, status")
        self.child.setStatusTip("Open the chosen placement's child: details, reviews, visits")
        self.provider.setStatusTip("Open the chosen placement's provider: inspections, actions")

    def open_awaiting(self) -> QDialog:
        return open_awaiting_provision(self._db, self._window.as_of, self._window)

    def open_guardrail(self) -> QDialog:
        return open_guardrail_exceptions(self._db, self._window, self._window.as_of)

    def open_monthly_schedule(self) -> QDialog:
        return open_monthly_schedule(self._db, self._window.as_of, self._window,
                                     hooks=self.hooks)

    def open_trip_planner(self) -> QDialog:
        return open_trip_planner(self._db, self._window.as_of, self._window, self.hooks)

    def open_actions(self) -> QDialog:
        dialog = open_follow_up_actions(self._db, self._window.as_of, self._window)
        # an action closed there changes the dashboard's count of open actions
        dialog.findChild(ActionsList).actionChanged.connect(self._window.refresh)
        return dialog

    def open_change_log(self) -> QDialog:
        return open_change_log(self._db, self._window)

    def open_child(self) -> QDialog | None:
        line = self._window.register_view.current_line()
        if line is None:
            return self._tell("Choose a placement in the register first.")
        return self._opened(open_child_page, line.placement.child_id)

    def open_provider(self) -> QDialog | None:
        line = self._window.register_view.current_line()
        if line is None:
            return self._tell("Choose a placement in the register first.")
        if line.placement.provider_id is None:
            return self._tell(f"{line.placement.child_name}'s placement has no provider.")
        return self._opened(open_provider_page, line.placement.provider_id)

    def _opened(self, opener, record_id: int) -> QDialog | None:
        try:
            return opener(self._db, record_id, self._window.as_of, self._window, self.hooks)
        except NotInRegister as exc:  # removed since the register was read: say so
            return self._tell(f"{exc} Press F5 to read the register again.")

    def _tell(self, message: str) -> None:
        self._window.statusBar().showMessage(message, MESSAGE_MS)
        return None


def add_page_actions(window: PageHost, db: Database) -> PageActions:
    """Add the pages' actions to ``window``'s View menu (and their shortcuts)."""
    return PageActions(window, db)
