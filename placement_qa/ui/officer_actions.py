"""The main window's officers: File ▸ Officers…, the register's "My visits", and the
dashboard's "(you)".

"My visits" shows only the placements covered by the planned and draft visits
assigned to the officer this computer's user said they are ("This is me" in File ▸
Officers…; see :mod:`.current_officer`). It is shown in a register that has officers,
and can be ticked once the user has said who they are.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog
from sqlite_utils import Database

from ..store.officers import list_officers, placements_of_officer
from .current_officer import my_officer
from .dashboard import DashboardView
from .pages.officers_page import OfficersPage, open_officers
from .register_view import RegisterView

NOBODY_CHOSEN = ("Say who you are first: File ▸ Officers…, choose yourself and press "
                 "This is me")
MY_VISITS_TIP = "Only the placements covered by the planned and draft visits assigned to you"


class OfficerHost(Protocol):
    """What :class:`OfficerActions` needs of the main window."""

    @property
    def register_view(self) -> RegisterView: ...
    @property
    def dashboard(self) -> DashboardView: ...

    def make_action(self, text, name, shortcut, slot) -> QAction: ...
    def refresh(self) -> None: ...


class OfficerActions(QObject):
    """Opens the officers window; keeps "My visits" and "(you)" up to date."""

    def __init__(self, window: OfficerHost, db: Database) -> None:
        super().__init__(window)  # type: ignore[arg-type]  (the main window, a QObject)
        self._window, self._db = window, db
        self._filtered = False
        self.officers_action = window.make_action(
            "&Officers…", "actionOfficers", "", self.open_officers)
        self.officers_action.setStatusTip(
            "The team's officers: add, edit or end one; say which one you are")
        window.register_view.my_visits.toggled.connect(self._apply_my_visits)

    def open_officers(self) -> QDialog:
        """The officers window (non-modal); a change there is shown everywhere at once."""
        dialog = open_officers(self._db, self._window)  # type: ignore[arg-type]
        dialog.findChild(OfficersPage).officersChanged.connect(self._window.refresh)
        return dialog

    def refresh(self) -> None:
        """After the register is read again: who "I am", and "My visits" again."""
        officers = list_officers(self._db)
        me = my_officer(self._db, officers)
        box = self._window.register_view.my_visits
        box.setVisible(bool(officers))
        box.setEnabled(me is not None)
        box.setToolTip(MY_VISITS_TIP if me else NOBODY_CHOSEN)
        if me is None and box.isChecked():
            box.setChecked(False)  # unfilters, through toggled
        self._window.dashboard.set_me(me.uuid if me else None)
        self._apply_my_visits()

    def _apply_my_visits(self) -> None:
        view = self._window.register_view
        me = my_officer(self._db) if view.my_visits.isChecked() else None
        if me is None and not self._filtered:
            return  # nothing to undo: no needless reset of a large register
        ids = None if me is None else placements_of_officer(self._db, me.officer_id)
        view.model.set_placement_filter(ids)
        self._filtered = ids is not None
