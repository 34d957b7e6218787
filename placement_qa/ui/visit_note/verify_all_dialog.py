""""All verified except…": the provider's returned items, each ticked; the user unticks
the ones that were not as reported, and every ticked item is marked verified in one step
(the note saves them in one transaction). An item already marked not verified or
disputed starts unticked, so it is never overwritten unasked."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.provider_return import ReportedItem
from ..form_fields import set_names

ID_ROLE = Qt.ItemDataRole.UserRole


class AllVerifiedDialog(QDialog):
    """Tick what was verified (all, to begin with); Mark verified applies it."""

    def __init__(self, items: Sequence[ReportedItem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_names(self, "allVerifiedDialog", "All verified except")
        self.setWindowTitle("All verified except…")
        layout = QVBoxLayout(self)
        intro = QLabel("Every ticked item is marked Verified. Untick the items that were "
                       "not as the provider reported (Space ticks and unticks): they are "
                       "left for you to mark Not verified or Disputed, with a note.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.items = QListWidget(self)
        set_names(self.items, "verifyItems", "Items verified")
        self.items.setWordWrap(True)
        for item in items:
            row = QListWidgetItem(f"{item.label} — reported {item.shown_value or '(blank)'}",
                                  self.items)
            row.setData(ID_ROLE, item.item_id)
            row.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                         | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Unchecked if item.is_discrepancy
                              else Qt.CheckState.Checked)
        self.items.setCurrentRow(0)
        layout.addWidget(self.items, 1)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("Mark verified",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        set_names(self.save_button, "saveButton", "Mark the ticked items verified")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        set_names(cancel, "cancelButton", "Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 420)

    def ticked(self) -> list[int]:
        """The ids of the items ticked (to mark verified)."""
        return [self.items.item(r).data(ID_ROLE) for r in range(self.items.count())
                if self.items.item(r).checkState() == Qt.CheckState.Checked]
