"""The Visits menu: plan a visit to the chosen row's provider, reschedule or cancel
the visit planned for the chosen placement; record it (or start one that was not
planned, or a follow-up visit reviewing the provider's open actions) in the visit
note window, asking first if it is planned more than a week ahead or assigned to
another officer; read the last signed-off note. The same jobs on a row's right-click
menu: the register's, the dashboard's lists' and a page's list of visits
(:mod:`.visit_row_menus`).

Dialogs open window-modally with ``open()`` (as the Register menu's do); when one
saves, the register is read again, the placement stays current and the status
bar says what happened ("Visit to Oakfield School planned for 04/12/2026").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QDialog, QWidget
from sqlite_utils import Database

from ..domain.dates import uk
from ..domain.planning import PlanningError
from ..domain.register import FOLLOW_UP_VISIT
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
from .row_actions import RowActions, RowHost
from .visit_keys import PLAN_SHORTCUT, RECORD_SHORTCUT
from .visit_note.start_dialog import StartVisitDialog
from .visit_note.window import VisitNoteWindow
from .visit_row_menus import ROW_MENU_TEXTS, add_visit_list_actions, row_copy, separator

START_SHORTCUT = "Ctrl+Shift+U"
FOLLOW_UP_SHORTCUT = "Ctrl+Shift+L"  # free in every menu and the window's own keys
RESCHEDULE_SHORTCUT = "Ctrl+Shift+D"  # D for the date it moves to
LAST_NOTE_SHORTCUT = "Ctrl+Shift+W"  # W for the written-up note (to read or print)


class VisitActions(RowActions):
    """The window's visit planning actions and the dialogs they open."""

    NO_PROVIDER = "{child}'s placement has no provider to visit."

    def __init__(self, window: RowHost, db: Database) -> None:
        super().__init__(window, db)
        make = window.make_action
        self.plan_action = make("&Plan visit…", "actionPlanVisit", PLAN_SHORTCUT,
                                self.plan_visit)
        self.reschedule_action = make("R&eschedule visit…", "actionRescheduleVisit",
                                      RESCHEDULE_SHORTCUT, self.reschedule_visit)
        self.cancel_action = make("&Cancel visit…", "actionCancelVisit", "", self.cancel_visit)
        self.assign_action = make("&Assign visit…", "actionAssignVisit", "", self.assign_visit)
        self.record_action = make("&Record visit…", "actionRecordVisit", RECORD_SHORTCUT,
                                  self.record_visit)
        self.start_action = make("&Start unplanned visit…", "actionStartVisit", START_SHORTCUT,
                                 self.start_visit)
        self.follow_up_action = make("Start &follow-up visit…", "actionStartFollowUp",
                                     FOLLOW_UP_SHORTCUT, self.start_follow_up)
        self.last_note_action = make("Open &last visit note", "actionLastVisitNote",
                                     LAST_NOTE_SHORTCUT, self.open_last_note)
        self.note_windows: dict[int, VisitNoteWindow] = {}
        # The placement chosen in another list that has the focus (the dashboard's):
        # Plan / Record visit act on it rather than on the register's row.
        self.focused_placement: Callable[[], int | None] = lambda: None
        tips = {
            self.record_action: "Record the visit planned (or being written up) for the "
                                f"chosen placement ({RECORD_SHORTCUT})",
            self.start_action: "Start recording a visit that was not planned "
                               f"({START_SHORTCUT})",
            self.follow_up_action: "Start a follow-up visit to the chosen placement's "
                                   "provider, reviewing each of its open actions "
                                   f"({FOLLOW_UP_SHORTCUT})",
            self.last_note_action: "Read (or amend) the last signed-off visit note for "
                                   f"the chosen placement ({LAST_NOTE_SHORTCUT})",
            self.plan_action: "Plan a visit to the chosen placement's provider "
                              f"({PLAN_SHORTCUT})",
            self.reschedule_action: "Move the visit planned for the chosen placement "
                                    f"({RESCHEDULE_SHORTCUT})",
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
        window.register_view.set_row_actions(self.row_menu_actions())

    def row_menu_actions(self) -> list[QAction]:
        """What the register's right-click menu offers for visits, after a separator:
        Plan, Record, Reschedule, Cancel visit, Open last visit note."""
        table = self._window.register_view.table
        return [separator(table), self.plan_action, self.record_action,
                row_copy(self.reschedule_action, table), row_copy(self.cancel_action, table),
                self.last_note_action]

    def placement_menu(self) -> list[tuple[str, str, Callable[[int], object]]]:
        """What a list of placements other than the register's (the dashboard's) offers
        on a row's right-click menu: each item's words, name and what it does with the
        row's placement id (the register's current row is left as it is)."""
        return [
            (self.plan_action.text(), "PlanVisit", self.plan_for_placement),
            (self.record_action.text(), "RecordVisit", self.record_for_placement),
            (ROW_MENU_TEXTS["actionRescheduleVisit"], "RescheduleVisit",
             lambda placement_id: self._for_visit_of(placement_id, self.reschedule_visit_id)),
            (ROW_MENU_TEXTS["actionCancelVisit"], "CancelVisit",
             lambda placement_id: self._for_visit_of(placement_id, self.cancel_visit_id)),
        ]

    def add_visit_list_actions(self, view: QAbstractItemView, visit_at: Callable[[int], Any],
                               after: Callable[[], object]) -> None:
        """A page's list of visits (``visit_at`` gives a row's record): right-click a
        planned one to reschedule or cancel it in one step; ``after`` reads the page
        again once a dialog saves."""
        add_visit_list_actions(
            view, visit_at,
            lambda visit_id: self.reschedule_visit_id(visit_id, view.window(), after),
            lambda visit_id: self.cancel_visit_id(visit_id, view.window(), after))

    # --- the actions ------------------------------------------------------------

    def plan_visit(self) -> PlanVisitDialog | None:
        focused = self.focused_placement()
        if focused is not None:
            return self.plan_for_placement(focused)
        line = self._chosen_provider_line()
        return None if line is None else self.plan_for(line)

    def plan_for(self, line: ScheduleLine, *, select: bool = True) -> PlanVisitDialog:
        """Plan a visit to ``line``'s provider; once planned, the register is read again
        (and, if ``select``, the placement made current in it)."""
        dialog = PlanVisitDialog(self._db, line.placement.provider_id, self._window.as_of,
                                 self._window, lines=self._window.lines)
        placement_id = line.placement.placement_id if select else None
        return self._open(dialog, lambda: self._saved(
            f"Visit to {dialog.provider_name} planned for {uk(dialog.planned_date)}.",
            placement_id))

    def plan_for_placement(self, placement_id: int) -> PlanVisitDialog | None:
        """Plan a visit to the placement's provider (from a list other than the
        register's: the register's current row is left as it is)."""
        line = self._line_of(placement_id)
        if line is None or line.placement.provider_id is None:
            self._tell("This placement has no provider to visit.")
            return None
        return self.plan_for(line, select=False)

    def record_for_placement(self, placement_id: int) -> VisitNoteWindow | None:
        """Record the visit planned (or being written up) for the placement (one planned
        more than a week ahead asks first)."""
        line = self._line_of(placement_id)
        if line is None:
            return None
        visit_id = self._visit_to_record("plan one first", line)
        return None if visit_id is None else self.record_visit_id(visit_id)

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

    def reschedule_visit_id(self, visit_id: int, parent: QWidget | None = None,
                            after: Callable[[], object] | None = None) -> RescheduleVisitDialog:
        """Move the visit (chosen in a list other than the register's, over ``parent``);
        once moved, ``after()`` and the register is read again."""
        dialog = RescheduleVisitDialog(self._db, visit_id, self._window.as_of,
                                       parent or self._window)
        return self._open(dialog, lambda: self._after_list_change(after, (
            f"Visit to {dialog.provider_name} moved to {uk(dialog.chosen_date)}.")))

    def cancel_visit_id(self, visit_id: int, parent: QWidget | None = None,
                        after: Callable[[], object] | None = None) -> CancelVisitDialog:
        """Cancel the visit (as :meth:`reschedule_visit_id` moves it)."""
        dialog = CancelVisitDialog(self._db, visit_id, parent or self._window)
        return self._open(dialog, lambda: self._after_list_change(
            after, f"Visit to {dialog.provider_name} cancelled."))

    def _after_list_change(self, after: Callable[[], object] | None, message: str) -> None:
        if after is not None:
            after()
        self._saved(message)

    def assign_visit(self) -> AssignVisitDialog | None:
        found = self._chosen_visit()
        if found is None:
            return None
        line, visit_id = found
        dialog = AssignVisitDialog(self._db, visit_id, self._window)
        return self._on_saved(dialog, line, lambda: (
            f"Visit to {dialog.provider_name} assigned to {dialog.officer_name}."))

    def record_visit(self) -> VisitNoteWindow | None:
        """Record the chosen row's visit (the dashboard's, while its list has the focus);
        one planned more than a week ahead asks first (then None, and the note opens on
        Yes)."""
        focused = self.focused_placement()
        if focused is not None:
            return self.record_for_placement(focused)
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
            try:
                return self.open_note(visit_id)
            except PlanningError as exc:  # e.g. a visit completed before the app had notes
                self._tell(f"The visit's note cannot be opened: {exc}.")
                return None
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

    def _chosen_visit(self, line: ScheduleLine | None = None) -> tuple[ScheduleLine, int] | None:
        """``line`` (by default the chosen row) and the id of the visit planned for it
        (else the status bar says why there is none)."""
        line = line or self._chosen_provider_line()
        if line is None:
            return None
        visit = None
        if line.planned_visit is not None and not line.planned_is_draft:
            visit = planned_visit_on(self._db, line.placement.provider_id, line.planned_visit)
        if visit is None:
            self._tell(f"No visit is planned for {line.placement.child_name}'s placement.")
            return None
        return line, visit.visit_id

    def _for_visit_of(self, placement_id: int, act: Callable[[int], object]) -> None:
        """``act(visit_id)`` on the visit planned for the placement (else the status bar
        says there is none)."""
        line = self._line_of(placement_id)
        found = None if line is None else self._chosen_visit(line)
        if found is not None:
            act(found[1])

    def _on_saved(self, dialog: QDialog, line: ScheduleLine, message: Callable[[], str]):
        placement_id = line.placement.placement_id
        return self._open(dialog, lambda: self._saved(message(), placement_id))
