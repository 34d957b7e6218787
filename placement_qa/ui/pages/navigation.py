"""Opening a child's or a provider's page in a window of its own, and from either page
the other: a provider's page lists the children placed there, a child's page the
providers of their placements.

The pages only say which record was asked for (``childRequested``,
``providerRequested``); this module, which knows both, opens it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QWidget
from sqlite_utils import Database

from .child_page import ChildPage
from .provider_page import ProviderPage
from .widgets import open_in_dialog


def open_child_page(
    db: Database, child_id: int, as_of: date, parent: QWidget | None = None
) -> QDialog:
    """The child's page in a window of its own (non-modal, already shown).

    Raises :class:`~placement_qa.domain.pages.NotInRegister` if there is no such child.
    """
    page = ChildPage(db, child_id, as_of)
    dialog = open_in_dialog(page, f"{page.child.name} — child", parent, page.refresh,
                            size=(860, 620), help_section="child-page")
    page.providerRequested.connect(
        lambda provider_id: open_provider_page(db, provider_id, as_of, dialog)
    )
    return dialog


def open_provider_page(
    db: Database, provider_id: int, as_of: date, parent: QWidget | None = None
) -> QDialog:
    """The provider's page in a window of its own (non-modal, already shown).

    Raises :class:`~placement_qa.domain.pages.NotInRegister` if there is no such provider.
    """
    page = ProviderPage(db, provider_id, as_of)
    dialog = open_in_dialog(page, f"{page.provider.name} — provider", parent, page.refresh,
                            size=(980, 680), help_section="provider-page")
    page.childRequested.connect(lambda child_id: open_child_page(db, child_id, as_of, dialog))
    return dialog
