"""Opening a child's or a provider's page in a window of its own, and from either page
the other: a provider's page lists the children placed there, a child's page the
providers of their placements.

The pages only say which record was asked for (``childRequested``,
``providerRequested``); this module, which knows both, opens it. What the pages ask
of the window that opened them (a visit's note, reading the register again after a
visit is planned) goes to its :class:`PageHooks`, passed on to every page opened
from them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QDialog, QWidget
from sqlite_utils import Database

from .child_page import ChildPage
from .provider_page import ProviderPage
from .widgets import open_in_dialog


@dataclass(frozen=True)
class PageHooks:
    """What the window opening the pages does for them (nothing, by default)."""

    open_visit: Callable[[int], object] | None = None  # show the visit's note window
    changed: Callable[[], object] | None = None  # the register changed: read it again

    def connect_visits(self, requested, planned=None) -> None:
        """Send a page's ``visitRequested`` (and ``visitPlanned``) signal here."""
        if self.open_visit is not None:
            requested.connect(self.open_visit)
        if planned is not None and self.changed is not None:
            planned.connect(lambda _visit_id: self.changed())


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
    if hooks.changed is not None:
        # an inspection recorded there can change statuses and the guardrail count
        page.inspectionRecorded.connect(lambda _inspection_id: hooks.changed())
        page.concernChanged.connect(lambda _provider_id: hooks.changed())  # due dates move
    return dialog
