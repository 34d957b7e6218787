"""The visits' part of the lists' right-click menus: the register's rows (Plan, Record,
Reschedule, Cancel visit, Open last visit note), the dashboard's lists (the same for the
listed placement) and a page's list of visits (Reschedule or Cancel a planned visit,
beside the page's own way to open or record it).

Every item's mnemonic is unique in its menu: beside the register's &Edit placement,
E&nd placement, Edit c&hild and Edit pro&vider, Reschedule is Re&schedule (the Visits
menu's R&eschedule would clash with Edit placement).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QWidget

from ..domain.register import VISIT_PLANNED

ROW_MENU_TEXTS = {"actionRescheduleVisit": "Re&schedule visit…",
                  "actionCancelVisit": "&Cancel visit…"}


def row_copy(action: QAction, parent: QWidget) -> QAction:
    """``action`` as a row's right-click menu shows it (its words from
    :data:`ROW_MENU_TEXTS`, so its mnemonic is unique there): named ``…OnRow``."""
    name = action.objectName()
    copy = QAction(ROW_MENU_TEXTS.get(name, action.text()), parent)
    copy.setObjectName(f"{name}OnRow")
    copy.setStatusTip(action.statusTip())
    copy.triggered.connect(action.trigger)
    return copy


def separator(parent: QWidget) -> QAction:
    action = QAction(parent)
    action.setSeparator(True)
    return action


def add_visit_list_actions(view: QAbstractItemView, visit_at: Callable[[int], Any],
                           reschedule: Callable[[int], object],
                           cancel: Callable[[int], object]) -> None:
    """A page's list of visits (records with ``visit_id`` and ``status``; ``visit_at``
    gives a row's): right-click a planned one to reschedule or cancel it in one step
    (``reschedule(visit_id)``, ``cancel(visit_id)``); on any other row they are greyed."""
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    added = []
    for name, act in (("actionRescheduleVisit", reschedule), ("actionCancelVisit", cancel)):
        action = QAction(ROW_MENU_TEXTS[name], view)
        action.setObjectName(f"{name}OnRow")
        action.triggered.connect(lambda _=False, a=act: _on_row(view, visit_at, a))
        view.addAction(action)
        added.append(action)

    def enable(current: QModelIndex, _previous: QModelIndex) -> None:
        planned = current.isValid() and visit_at(current.row()).status == VISIT_PLANNED
        for action in added:
            action.setEnabled(planned)
    view.selectionModel().currentChanged.connect(enable)
    enable(view.currentIndex(), QModelIndex())


def _on_row(view: QAbstractItemView, visit_at: Callable[[int], Any],
            act: Callable[[int], object]) -> None:
    index = view.currentIndex()
    if index.isValid():
        act(visit_at(index.row()).visit_id)
