"""Opening a child's or a provider's page in a window of its own, and from either page
the other: a provider's page lists the children placed there, a child's page the
providers of their placements.

The pages only say which record was asked for (``childRequested``,
``providerRequested``); this module, which knows both, opens it. What the pages ask
of the window that opened them (a visit's note, reading the register again after a
visit is planned, the right-click menu of a list of visits) goes to its
:class:`PageHooks`, passed on to every page opened from them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QDialog, QWidget
from sqlite_utils import Database

from .child_page import ChildPage
from .provider_page import ProviderPage
from .widgets import open_in_dialog


@dataclass(frozen=True)
class PageHooks:
    """What the window opening the pages does for them (nothing, by default)."""

    open_visit: Callable[[int], object] | None = None  # show the visit's note window
    changed: Callable[[], object] | None = None  # the register changed: read it again
    # a page's list of visits (the view, its row's record, the page's refresh): its
    # right-click menu reschedules or cancels a planned visit
    visit_menu: Callable[[QAbstractItemView, Callable[[int], Any], Callable[[], object]],
                         object] | None = None

    def connect_visits(self, requested, planned=None) -> None:
        """Send a page's ``visitRequested`` (and ``visitPlanned``) signal here."""
        if self.open_visit is not None:
            requested.connect(self.open_visit)
        if planned is not None and self.changed is not None:
            planned.connect(lambda _visit_id: self.changed())

    def add_visit_menu(self, view: QAbstractItemView, visit_at: Callable[[int], Any],
                       refresh: Callable[[], object]) -> None:
        """Give a page's list of visits its right-click menu (if this window gives one)."""
        if self.visit_menu is not None:
            self.visit_menu(view, visit_at, refresh)


NO_HOOKS = PageHooks()


def open_child_page(
    db: Database, child_id: int, as_of: date, parent: QWidget | None = None,
    hooks: PageHooks = NO_HOOKS,
) -> QDialog:
    """The child's page in a window of its own (non-modal, already shown).

    Raises :class:`~placement_qa.domain.pages.NotInRegister` if there is no such child.
    """
    page = ChildPage(db, child_id, as_of)
    dialog = open_in_dialog(page, f"{page.child.name} — child", parent, page.refresh,
                            size=(860, 620), help_section="child-page")
    page.providerRequested.connect(
        lambda provider_id: open_provider_page(db, provider_id, as_of, dialog, hooks)
    )
    hooks.connect_visits(page.visitRequested)
    hooks.add_visit_menu(page.visits_table, page.visits_model.row_at, page.refresh)
    return dialog


def open_provider_page(
    db: Database, provider_id: int, as_of: date, parent: QWidget | None = None,
    hooks: PageHooks = NO_HOOKS,
) -> QDialog:
    """The provider's page in a window of its own (non-modal, already shown).

    Raises :class:`~placement_qa.domain.pages.NotInRegister` if there is no such provider.
    """
    page = ProviderPage(db, provider_id, as_of)
    dialog = open_in_dialog(page, f"{page.provider.name} — provider", parent, page.refresh,
                            size=(980, 680), help_section="provider-page")
    page.childRequested.connect(
        lambda child_id: open_child_page(db, child_id, as_of, dialog, hooks))
    hooks.connect_visits(page.visitRequested, page.visitPlanned)
    hooks.add_visit_menu(page.tables["providerVisits"], page.visits_model.row_at, page.refresh)
    if hooks.changed is not None:
        # an inspection recorded there can change statuses and the guardrail count
        page.inspectionRecorded.connect(lambda _inspection_id: hooks.changed())
    return dialog
