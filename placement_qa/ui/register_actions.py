"""The Register menu: add, edit and end placements; add and edit children and providers;
record an inspection of the chosen placement's provider.

Each action opens its dialog window-modally with ``open()`` (no nested event
loop); when the dialog saves, the register is read again and the placement
concerned is made current, so every change is visible at once.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu
from sqlite_utils import Database

from .child_dialog import ChildDialog
from .end_placement_dialog import EndPlacementDialog
from .event_dialog import RecordEventDialog
from .inspection_dialog import InspectionDialog
from .placement_dialog import PlacementDialog
from .provider_dialog import ProviderDialog
from .row_actions import RowActions, RowHost


class RegisterEditing(RowActions):
    """The editing actions of the main window and the dialogs they open."""

    def __init__(self, window: RowHost, db: Database) -> None:
        super().__init__(window, db)
        make = window.make_action
        self.add_placement_action = make(
            "&Add placement…", "actionAddPlacement", "Ctrl+N", self.add_placement)
        self.edit_placement_action = make(
            "&Edit placement…", "actionEditPlacement", "Ctrl+E", self.edit_chosen_placement)
        self.end_placement_action = make(
            "E&nd placement…", "actionEndPlacement", "Ctrl+Shift+E", self.end_placement)
        self.add_child_action = make(
            "Add &child…", "actionAddChild", "Ctrl+Shift+C", self.add_child)
        self.edit_child_action = make(
            "Edit c&hild…", "actionEditChild", "Ctrl+Alt+C", self.edit_child)
        self.add_provider_action = make(
            "Add &provider…", "actionAddProvider", "Ctrl+Shift+P", self.add_provider)
        self.edit_provider_action = make(
            "Edit pro&vider…", "actionEditProvider", "Ctrl+Alt+P", self.edit_provider)
        # Ctrl+Shift+N: free in the File, Register and View menus and the window's own keys.
        self.record_inspection_action = make(
            "Record &inspection…", "actionRecordInspection", "Ctrl+Shift+N",
            self.record_inspection)
        # Ctrl+Alt+E: free in every menu and the window's own keys.
        self.record_event_action = make(
            "Recor&d an event…", "actionRecordEvent", "Ctrl+Alt+E", self.record_event)
        self._describe_actions()
        window.register_view.editRequested.connect(self.edit_placement)
        window.register_view.set_row_actions(self.row_actions)

    def _describe_actions(self) -> None:
        tips = {
            self.add_placement_action: "Add a placement, or a child awaiting provision",
            self.edit_placement_action: "Edit the chosen placement (or press Enter on it)",
            self.end_placement_action: "Record the day the chosen placement ends",
            self.add_child_action: "Add a child or young person",
            self.edit_child_action: "Edit the chosen placement's child",
            self.add_provider_action: "Add a school, college or other provider",
            self.edit_provider_action: "Edit the chosen placement's provider",
            self.record_inspection_action:
                "Record an inspection of the chosen placement's provider by hand",
            self.record_event_action: "Record a restraint, exclusion, missing episode or "
                "other notifiable event reported between visits",
        }
        for action, tip in tips.items():
            shortcut = action.shortcut().toString(action.shortcut().SequenceFormat.NativeText)
            action.setToolTip(f"{tip} ({shortcut})")
            action.setStatusTip(tip)

    @property
    def row_actions(self) -> list[QAction]:
        return [self.edit_placement_action, self.end_placement_action,
                self.edit_child_action, self.edit_provider_action]

    def fill_menu(self, menu: QMenu) -> None:
        menu.addActions([self.add_placement_action, self.edit_placement_action,
                         self.end_placement_action])
        menu.addSeparator()
        menu.addActions([self.add_child_action, self.edit_child_action])
        menu.addSeparator()
        menu.addActions([self.add_provider_action, self.edit_provider_action,
                         self.record_inspection_action])
        menu.addSeparator()
        menu.addAction(self.record_event_action)

    # --- the actions ------------------------------------------------------------

    def add_placement(self) -> PlacementDialog:
        dialog = PlacementDialog(self._db, parent=self._window)
        return self._open(dialog, lambda: self._placement_saved(dialog.placement_id, "added"))

    def edit_chosen_placement(self) -> PlacementDialog | None:
        line = self._chosen_line()
        return self.edit_placement(line.placement.placement_id) if line else None

    def edit_placement(self, placement_id: int) -> PlacementDialog:
        dialog = PlacementDialog(self._db, placement_id, parent=self._window)
        return self._open(dialog, lambda: self._placement_saved(placement_id, "saved"))

    def end_placement(self) -> EndPlacementDialog | None:
        line = self._chosen_line()
        if line is None:
            return None
        placement_id = line.placement.placement_id
        dialog = EndPlacementDialog(self._db, placement_id, suggested=self._window.as_of,
                                    parent=self._window)
        return self._open(dialog, lambda: self._placement_saved(placement_id, "ended"))

    def add_child(self) -> ChildDialog:
        dialog = ChildDialog(self._db, parent=self._window)
        return self._open(dialog, lambda: self._saved(
            f"{dialog.saved_child().name} added. Add their placement with Ctrl+N."))

    def edit_child(self) -> ChildDialog | None:
        line = self._chosen_line()
        if line is None:
            return None
        dialog = ChildDialog(self._db, line.placement.child_id, parent=self._window)
        return self._open(dialog, lambda: self._saved(f"{dialog.saved_child().name} saved."))

    def add_provider(self) -> ProviderDialog:
        dialog = ProviderDialog(self._db, parent=self._window)
        return self._open(dialog, lambda: self._saved(
            f"{dialog.saved_provider().name} added."))

    def edit_provider(self) -> ProviderDialog | None:
        line = self._chosen_provider_line()
        if line is None:
            return None
        dialog = ProviderDialog(self._db, line.placement.provider_id, parent=self._window)
        return self._open(dialog, lambda: self._saved(
            f"{dialog.saved_provider().name} saved."))

    def record_inspection(self) -> InspectionDialog | None:
        line = self._chosen_provider_line()
        if line is None:
            return None
        dialog = InspectionDialog(self._db, line.placement.provider_id, parent=self._window,
                                  as_of=self._window.as_of)
        placement_id, provider = line.placement.placement_id, line.placement.provider_name
        return self._open(dialog, lambda: self._inspection_saved(dialog, placement_id, provider))

    def record_event(self) -> RecordEventDialog:
        """The event dialog, about the chosen row's child and provider when there is one."""
        line = self._window.register_view.current_line()
        placement = line.placement if line is not None else None
        dialog = RecordEventDialog(
            self._db, as_of=self._window.as_of, parent=self._window,
            provider_id=placement.provider_id if placement else None,
            placement_id=placement.placement_id if placement else None)
        return self._open(dialog, lambda: self._saved("Event recorded: the provider's next "
                                                      "visit note lists it."))

    # --- after saving ----------------------------------------------------------

    def _placement_saved(self, placement_id: int | None, what: str) -> None:
        self._window.refresh()
        if placement_id is not None:
            self._window.select_placement(placement_id)
        line = self._window.register_view.current_line()
        name = line.placement.child_name if line else "The"
        self._tell(f"{name}'s placement {what}." if line else f"Placement {what}.")

    def _inspection_saved(self, dialog: InspectionDialog, placement_id: int,
                          provider: str) -> None:
        """Read the register again (statuses and the guardrail count may change)."""
        judged, _ = dialog.verdict_text()
        self._saved(f"Inspection of {provider} recorded. {judged} {dialog.consequence_text()}"
                    .strip(), placement_id)
