"""What the main window's menus of row actions share: find the chosen register row,
open a dialog window-modally with ``open()`` (no nested event loop), and after it
saves read the register again and say in the status bar what happened.

The actions are given the window as a :class:`RowHost` (what they use of it), so they
never import the main window that builds them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QStatusBar
from sqlite_utils import Database

from ..domain.schedule import ScheduleLine
from ..store.visit_notes import visit_to_record
from .register_view import RegisterView

MESSAGE_MS = 8000
CHOOSE_ROW = "Choose a placement in the register first (click it, or move to it with the arrows)."


class RowHost(Protocol):
    """What the row actions need of the main window (which parents their dialogs)."""

    @property
    def register_view(self) -> RegisterView: ...
    @property
    def as_of(self) -> date: ...
    @property
    def lines(self) -> list[ScheduleLine]: ...
    @property
    def register_path(self) -> Path: ...

    def make_action(self, text: str, name: str, shortcut: str,
                    slot: Callable[..., object]) -> QAction: ...
    def menu(self, title: str, name: str | None = None) -> QMenu: ...
    def refresh(self) -> None: ...
    def select_placement(self, placement_id: int) -> bool: ...
    def statusBar(self) -> QStatusBar: ...  # noqa: N802 (Qt's name)


class RowActions(QObject):
    """Base for a group of actions on the main window's chosen register row."""

    NO_PROVIDER = "{child}'s placement has no provider."

    def __init__(self, window: RowHost, db: Database) -> None:
        super().__init__(window)
        self._window = window
        self._db = db
        self.dialog: QDialog | None = None  # the dialog open now, if any

    def _chosen_line(self) -> ScheduleLine | None:
        line = self._window.register_view.current_line()
        if line is None:
            self._tell(CHOOSE_ROW)
        return line

    def _line_of(self, placement_id: int) -> ScheduleLine | None:
        """The window's line for ``placement_id`` (None if it is not in the register)."""
        return next((line for line in self._window.lines
                     if line.placement.placement_id == placement_id), None)

    def _chosen_provider_line(self) -> ScheduleLine | None:
        """The chosen row, if it has a provider (otherwise the status bar says why not)."""
        line = self._chosen_line()
        if line is not None and line.placement.provider_id is None:
            self._tell(self.NO_PROVIDER.format(child=line.placement.child_name))
            return None
        return line

    def _visit_to_record(self, then: str, line: ScheduleLine | None = None) -> int | None:
        """The draft or planned visit of ``line`` (by default the chosen row; see
        :func:`~placement_qa.store.visit_notes.visit_to_record`); otherwise the status
        bar says there is none and ``then`` what to do."""
        line = line or self._chosen_provider_line()
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
