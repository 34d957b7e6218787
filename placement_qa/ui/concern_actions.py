"""Register ▸ Provider causing concern…: set or lift the chosen placement's provider's
cause for concern (a manager's; the dialogs are :mod:`.concern_dialogs`), from the
Register menu and the register's row menu."""

from __future__ import annotations

from sqlite_utils import Database

from ..store.concerns import open_concern
from .concern_dialogs import LiftConcernDialog, SetConcernDialog
from .pages.concern_panel import MANAGERS_ONLY, may_change_concerns
from .row_actions import RowActions, RowHost


class ConcernActions(RowActions):
    """One action: set the chosen row's provider as causing concern, or lift it."""

    def __init__(self, window: RowHost, db: Database) -> None:
        super().__init__(window, db)
        self.concern_action = window.make_action(
            "Provider causing c&oncern…", "actionProviderConcern", "", self.set_or_lift)
        tip = "Set or lift a cause for concern about the chosen placement's provider (managers)"
        self.concern_action.setToolTip(tip)
        self.concern_action.setStatusTip(tip)
        window.menu("&Register").addAction(self.concern_action)
        window.register_view.set_row_actions([self.concern_action])

    def set_or_lift(self) -> SetConcernDialog | LiftConcernDialog | None:
        line = self._chosen_provider_line()
        if line is None or line.placement.provider_id is None:
            return None
        if not may_change_concerns(self._db):
            self._tell(MANAGERS_ONLY + ".")
            return None
        provider_id, name = line.placement.provider_id, line.placement.provider_name
        placement_id = line.placement.placement_id
        kind = LiftConcernDialog if open_concern(self._db, provider_id) else SetConcernDialog
        dialog = kind(self._db, provider_id, self._window.as_of, parent=self._window)
        done = "lifted" if kind is LiftConcernDialog else "set"
        return self._open(dialog, lambda: self._saved(
            f"Cause for concern about {name} {done}.", placement_id))
