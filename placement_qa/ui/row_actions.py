"""What the main window's menus of row actions share: find the chosen register row,
open a dialog window-modally with ``open()`` (no nested event loop), and after it
saves read the register again and say in the status bar what happened."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog
from sqlite_utils import Database

from ..domain.schedule import ScheduleLine
from ..store.visit_notes import visit_to_record

if TYPE_CHECKING:
    from .main_window import MainWindow

MESSAGE_MS = 8000
CHOOSE_ROW = "Choose a placement in the register first (click it, or move to it with the arrows)."


class RowActions(QObject):
    """Base for a group of actions on the main window's chosen register row."""

    NO_PROVIDER = "{child}'s placement has no provider."

    def __init__(self, window: MainWindow, db: Database) -> None:
        super().__init__(window)
        self._window = window
        self._db = db
        self.dialog: QDialog | None = None  # the dialog open now, if any

    def _chosen_line(self) -> ScheduleLine | None:
        line = self._window.register_view.current_line()
        if line is None:
            self._tell(CHOOSE_ROW)
        return line

    def _chosen_provider_line(self) -> ScheduleLine | None:
        """The chosen row, if it has a provider (otherwise the status bar says why not)."""
        line = self._chosen_line()
        if line is not None and line.placement.provider_id is None:
            self._tell(self.NO_PROVIDER.format(child=line.placement.child_name))
            return None
        return line

    def _visit_to_record(self, then: str) -> int | None:
        """The draft or planned visit of the chosen row (see
        :func:`~placement_qa.store.visit_notes.visit_to_record`); otherwise the status
        bar says there is none and ``then`` what to do."""
        line = self._chosen_provider_line()
        if line is None:
            return None
        visit_id = visit_to_record(self._db, line.placement.placement_id)
        if visit_id is None:
            self._tell(f"No visit is planned for {line.placement.child_name}'s placement: "
                       f"{then}.")
        return visit_id

    def _open(self, dialog: QDialog, on_saved: Callable[[], None]):
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(on_saved)
        dialog.destroyed.connect(self._forget)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget(self) -> None:
        self.dialog = None

    def _saved(self, message: str, placement_id: int | None = None) -> None:
        """Read the register again, keep ``placement_id`` current, say ``message``."""
        self._window.refresh()
        if placement_id is not None:
            self._window.select_placement(placement_id)
        self._tell(message)

    def _tell(self, message: str) -> None:
        self._window.statusBar().showMessage(message, MESSAGE_MS)
