"""Planning and recording from the lists the pages show: a row's right-click menu
(with the keys the main window uses for the same jobs) and the plan dialog opened
over the page.

The pages plan with :class:`~placement_qa.ui.plan_visit_dialog.PlanVisitDialog`
(one transaction, as from the register) and then say so with their signals; a
visit's note is opened by whoever shows the page (one note window per visit).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QWidget
from sqlite_utils import Database

from ..plan_visit_dialog import PlanVisitDialog
from ..visit_keys import PLAN_SHORTCUT, RECORD_SHORTCUT

__all__ = ["PLAN_SHORTCUT", "RECORD_SHORTCUT", "open_plan_visit", "row_action"]


def row_action(view: QAbstractItemView, text: str, name: str, shortcut: str,
               slot: Callable[[], object]) -> QAction:
    """An action in ``view``'s right-click menu; its key works while the list has focus."""
    action = QAction(text, view)
    action.setObjectName(name)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(slot)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    view.addAction(action)
    return action


def open_plan_visit(parent: QWidget, db: Database, provider_id: int, as_of: date,
                    planned: Callable[[int], object]) -> PlanVisitDialog:
    """The plan dialog for ``provider_id`` over ``parent`` (window-modal); once the visit
    is planned, ``planned(visit_id)``.

    It shows once the event that asked for it is handled: the Enter that opened it
    from a list, passed on to the window (a QDialog), would otherwise press the
    dialog's own default button, "Plan visit", at once.
    """
    dialog = PlanVisitDialog(db, provider_id, as_of, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: planned(dialog.visit_id))
    QTimer.singleShot(0, dialog, dialog.open)
    return dialog
