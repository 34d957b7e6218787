"""The Visits menu: plan a visit to the chosen row's provider, reschedule or cancel
the visit planned for the chosen placement; record it (or start one that was not
planned, or a follow-up visit reviewing the provider's open actions) in the visit
note window, asking first if it is assigned to another officer; read the last
signed-off note.

Dialogs open window-modally with ``open()`` (as the Register menu's do); when one
saves, the register is read again, the placement stays current and the status
bar says what happened ("Visit to Oakfield School planned for 04/12/2026").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QDialog, QWidget
from sqlite_utils import Database

from ..domain.dates import uk
from ..domain.register import FOLLOW_UP_VISIT, VISIT_DRAFT, VISIT_PLANNED
from ..domain.schedule import ScheduleLine, planned_far_ahead
from ..store.visit_notes import last_completed_visit
from .assigned_visit_question import AssignedVisitQuestion, FarAheadQuestion, assigned_elsewhere
from .current_officer import my_officer_uuid
from .plan_visit_dialog import (
    AssignVisitDialog,
    CancelVisitDialog,
    PlanVisitDialog,
    RescheduleVisitDialog,
    planned_visit,
    planned_visit_on,
)
from .row_actions import CHOOSE_ROW, RowActions, RowHost
from .visit_note.start_dialog import StartVisitDialog
from .visit_note.window import VisitNoteWindow

# Ctrl+Shift+V: free in the File, Register, View and Go menus and the window's own keys.
PLAN_SHORTCUT = "Ctrl+Shift+V"
RECORD_SHORTCUT = "Ctrl+R"
START_SHORTCUT = "Ctrl+Shift+U"
FOLLOW_UP_SHORTCUT = "Ctrl+Shift+L"  # free in every menu and the window's own keys


# A row's right-click menu: mnemonics unique beside the register's Edit placement (E),
# End placement (n), Edit child (h) and Edit provider (r).
ROW_MENU_TEXTS = {"actionRecordVisit": "Rec&ord visit…",
                  "actionRescheduleVisit": "Re&schedule visit…",
                  "actionCancelVisit": "&Cancel visit…"}


class VisitActions(RowActions):
    """The window's visit planning actions and the dialogs they open."""

    NO_PROVIDER = "{child}'s placement has no provider to visit."

    def __init__(self, window: RowHost, db: Database) -> None:
        super().__init__(window, db)
        make = window.make_action
        self.plan_action = make("&Plan visit…", "actionPlanVisit", PLAN_SHORTCUT,
                                self.plan_visit)
        self.reschedule_action = make("R&eschedule visit…", "actionRescheduleVisit", "",
                                      self.reschedule_visit)
        self.cancel_action = make("&Cancel visit…", "actionCancelVisit", "", self.cancel_visit)
        self.assign_action = make("&Assign visit…", "actionAssignVisit", "", self.assign_visit)
        self.record_action = make("&Record visit…", "actionRecordVisit", RECORD_SHORTCUT,
                                  self.record_visit)
        self.start_action = make("&Start unplanned visit…", "actionStartVisit", START_SHORTCUT,
                                 self.start_visit)
        self.follow_up_action = make("Start &follow-up visit…", "actionStartFollowUp",
                                     FOLLOW_UP_SHORTCUT, self.start_follow_up)
        self.last_note_action = make("Open &last visit note", "actionLastVisitNote", "",
                                     self.open_last_note)
        self.note_windows: dict[int, VisitNoteWindow] = {}
        tips = {
            self.record_action: "Record the visit planned (or being written up) for the "
                                f"chosen placement ({RECORD_SHORTCUT})",
            self.start_action: "Start recording a visit that was not planned "
                               f"({START_SHORTCUT})",
            self.follow_up_action: "Start a follow-up visit to the chosen placement's "
                                   "provider, reviewing each of its open actions "
                                   f"({FOLLOW_UP_SHORTCUT})",
            self.last_note_action: "Read (or amend) the last signed-off visit note for "
                                   "the chosen placement",
            self.plan_action: "Plan a visit to the chosen placement's provider "
                              f"({PLAN_SHORTCUT})",
            self.reschedule_action: "Move the visit planned for the chosen placement",
            self.cancel_action: "Cancel the visit planned for the chosen placement",
            self.assign_action: "Assign the visit planned for the chosen placement to an "
                                "officer",
        }
        for action, tip in tips.items():
            action.setToolTip(tip)
            action.setStatusTip(tip)
        menu = window.menu("V&isits", "menuVisits")  # Alt+V is the View menu
        menu.addActions([self.plan_action, self.reschedule_action, self.cancel_action,
                         self.assign_action])
        menu.addSeparator()
        menu.addActions([self.record_action, self.start_action, self.follow_up_action,
                        self.last_note_action])

    def add_row_actions(self, window: RowHost,
                        lists: Sequence[tuple[QAbstractItemView, int]] = ()) -> None:
        """A row's right-click menu, in the register and in ``lists`` (each a view and the
        role its rows give their placement id by, as the dashboard's list does): its
        visit (one that slipped, say) is recorded, rescheduled or cancelled in one step."""
        visit_actions = (self.record_action, self.reschedule_action, self.cancel_action)
        register = window.register_view
        separator = QAction(register)
        separator.setSeparator(True)
        register.set_row_actions(
            [separator, *(self._row_action(register.table, action) for action in visit_actions)])
        for view, role in lists:
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            view.addActions([self._row_action(view, action, role) for action in visit_actions])

    def _row_action(self, view: QAbstractItemView, action: QAction,
                    role: int | None = None) -> QAction:
        """``action`` in ``view``'s right-click menu (its words' mnemonics unique there),
        for the placement of the current row: with a ``role``, that row's placement is
        made current in the register first."""
        row_action = QAction(ROW_MENU_TEXTS[action.objectName()], view)
        row_action.setObjectName(f"{action.objectName()}OnRow")
        row_action.setStatusTip(action.statusTip())

        def act() -> None:
            placement_id = None if role is None else view.currentIndex().data(role)
            if role is None or placement_id is not None and self._window.select_placement(
                    placement_id):
                action.trigger()
            elif placement_id is None:
                self._tell(CHOOSE_ROW)
        row_action.triggered.connect(act)
        return row_action

    def add_visit_list_actions(self, view: QAbstractItemView, visit_at: Callable[[int], Any],
                               after: Callable[[], None]) -> None:
        """A page's list of visits (records with ``visit_id`` and ``status``; ``visit_at``
        gives a row's): right-click an open one to record it, a planned one to reschedule
        or cancel it, in one step; ``after`` reads the page again once a dialog saves."""
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        wanted: dict[QAction, tuple[str, ...]] = {}
        for name, act, states in (
                ("actionRecordVisit", self.record_visit_id, (VISIT_PLANNED, VISIT_DRAFT)),
                ("actionRescheduleVisit", self._reschedule_from_list, (VISIT_PLANNED,)),
                ("actionCancelVisit", self._cancel_from_list, (VISIT_PLANNED,))):
            action = QAction(ROW_MENU_TEXTS[name], view)
            action.setObjectName(f"{name}OnRow")
            action.triggered.connect(lambda _=False, a=act: self._on_visit_row(view, visit_at, a,
                                                                               after))
            view.addAction(action)
            wanted[action] = states

        def enable(current: QModelIndex, _previous: QModelIndex) -> None:
            status = visit_at(current.row()).status if current.isValid() else None
            for action, states in wanted.items():
                action.setEnabled(status in states)
        view.selectionModel().currentChanged.connect(enable)
        enable(view.currentIndex(), QModelIndex())

    def _on_visit_row(self, view: QAbstractItemView, visit_at: Callable[[int], Any],
                      act: Callable[..., object], after: Callable[[], None]) -> None:
        index = view.currentIndex()
        if not index.isValid():
            return
        visit = visit_at(index.row())
        if act == self.record_visit_id:
            act(visit.visit_id)
        else:
            act(visit.visit_id, view.window(), after)

    def _reschedule_from_list(self, visit_id: int, parent: QWidget, after: Callable[[], None]
                              ) -> RescheduleVisitDialog:
        dialog = RescheduleVisitDialog(self._db, visit_id, self._window.as_of, parent)
        return self._open(dialog, lambda: self._after_list_change(after, (
            f"Visit to {dialog.provider_name} moved to {uk(dialog.chosen_date)}.")))

    def _cancel_from_list(self, visit_id: int, parent: QWidget, after: Callable[[], None]
                          ) -> CancelVisitDialog:
        dialog = CancelVisitDialog(self._db, visit_id, parent)
        return self._open(dialog, lambda: self._after_list_change(
            after, f"Visit to {dialog.provider_name} cancelled."))

    def _after_list_change(self, after: Callable[[], None], message: str) -> None:
        after()
        self._window.refresh()
        self._tell(message)

    # --- the actions ------------------------------------------------------------

    def plan_visit(self) -> PlanVisitDialog | None:
        line = self._chosen_provider_line()
        if line is None:
            return None
        dialog = PlanVisitDialog(self._db, line.placement.provider_id, self._window.as_of,
                                 self._window, lines=self._window.lines)
        return self._on_saved(dialog, line, lambda: (
            f"Visit to {dialog.provider_name} planned for {uk(dialog.planned_date)}."))

    def reschedule_visit(self) -> RescheduleVisitDialog | None:
        found = self._chosen_visit()
        if found is None:
            return None
        line, visit_id = found
        dialog = RescheduleVisitDialog(self._db, visit_id, self._window.as_of, self._window)
        return self._on_saved(dialog, line, lambda: (
            f"Visit to {dialog.provider_name} moved to {uk(dialog.chosen_date)}."))

    def cancel_visit(self) -> CancelVisitDialog | None:
        found = self._chosen_visit()
        if found is None:
            return None
        line, visit_id = found
        dialog = CancelVisitDialog(self._db, visit_id, self._window)
        return self._on_saved(dialog, line, lambda: f"Visit to {dialog.provider_name} cancelled.")

    def assign_visit(self) -> AssignVisitDialog | None:
        found = self._chosen_visit()
        if found is None:
            return None
        line, visit_id = found
        dialog = AssignVisitDialog(self._db, visit_id, self._window)
        return self._on_saved(dialog, line, lambda: (
            f"Visit to {dialog.provider_name} assigned to {dialog.officer_name}."))

    def record_visit(self) -> VisitNoteWindow | None:
        """Record the chosen row's visit; one planned more than a week ahead asks first
        (then None, and the note opens on Yes)."""
        visit_id = self._visit_to_record(
            f"plan one, or start an unplanned visit ({START_SHORTCUT})")
        return None if visit_id is None else self.record_visit_id(visit_id)

    def record_visit_id(self, visit_id: int) -> VisitNoteWindow | None:
        """Open the visit's note to record it; one planned more than a week ahead asks
        first (then None, and the note opens on Yes)."""
        visit = planned_visit(self._db, visit_id)
        if visit is None or not planned_far_ahead(visit.status, visit.visit_date,
                                                  self._window.as_of):
            return self.open_visit(visit_id)
        question = FarAheadQuestion(visit.visit_date, self._window)
        question.yes.connect(lambda: self.open_visit(visit_id))
        question.open()
        return None

    def start_visit(self) -> StartVisitDialog | None:
        line = self._chosen_provider_line()
        if line is None:
            return None
        dialog = StartVisitDialog(self._db, line.placement.provider_id, self._window.as_of,
                                  self._window, lines=self._window.lines)
        return self._open(dialog, lambda: self.open_note(dialog.visit_id))

    def start_follow_up(self) -> StartVisitDialog | None:
        """Start a follow-up visit to the chosen row's provider: its note opens on the
        provider's open actions, each to be reviewed."""
        line = self._chosen_provider_line()
        if line is None:
            return None
        dialog = StartVisitDialog(self._db, line.placement.provider_id, self._window.as_of,
                                  self._window, lines=self._window.lines,
                                  visit_type=FOLLOW_UP_VISIT)
        return self._open(dialog, lambda: self.open_note(dialog.visit_id))

    def open_last_note(self) -> VisitNoteWindow | None:
        line = self._chosen_line()
        if line is None:
            return None
        visit_id = last_completed_visit(self._db, line.placement.placement_id)
        if visit_id is None:
            self._tell(f"No signed-off visit covers {line.placement.child_name}'s placement.")
            return None
        return self.open_note(visit_id)

    def open_visit(self, visit_id: int) -> VisitNoteWindow | None:
        """Open the visit's note, asking first if it is assigned to another officer
        (:mod:`.assigned_visit_question`): then None, and the note opens on Yes."""
        officer = None if visit_id in self.note_windows else assigned_elsewhere(
            self._db, visit_id)
        if officer is None:
            return self.open_note(visit_id)
        question = AssignedVisitQuestion(officer, me_known=my_officer_uuid(self._db) is not None,
                                         parent=self._window)
        question.yes.connect(lambda: self.open_note(visit_id))
        question.open()
        return None

    def open_note(self, visit_id: int) -> VisitNoteWindow:
        """Show the visit's note window (one per visit: an open one comes to the front)."""
        note_window = self.note_windows.get(visit_id)
        if note_window is None:
            note_window = VisitNoteWindow(self._db, visit_id, self._window.as_of, self._window)
            note_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            note_window.signed.connect(self._window.refresh)
            note_window.finished.connect(self._window.refresh)
            note_window.finished.connect(lambda: self.note_windows.pop(visit_id, None))
            self.note_windows[visit_id] = note_window
        note_window.show()
        note_window.raise_()
        note_window.activateWindow()
        return note_window

    # --- finding what to act on --------------------------------------------------

    def _chosen_visit(self) -> tuple[ScheduleLine, int] | None:
        """The chosen row and the id of the visit planned for it (else the status bar
        says why there is none)."""
        line = self._chosen_provider_line()
        if line is None:
            return None
        visit = None
        if line.planned_visit is not None and not line.planned_is_draft:
            visit = planned_visit_on(self._db, line.placement.provider_id, line.planned_visit)
        if visit is None:
            self._tell(f"No visit is planned for {line.placement.child_name}'s placement.")
            return None
        return line, visit.visit_id

    def _on_saved(self, dialog: QDialog, line: ScheduleLine, message: Callable[[], str]):
        placement_id = line.placement.placement_id
        return self._open(dialog, lambda: self._saved(message(), placement_id))
