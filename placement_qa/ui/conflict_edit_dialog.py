"""The conflicts page's *Edit…*: the manager types the value to keep for each of the
conflict's fields (filled in with the laptop's; both sides' values shown under it). A
value that cannot be read is refused at its field (see
:mod:`placement_qa.domain.conflict_edit`); Cancel keeps the conflict as it is."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from ..domain.conflict_edit import edited_values, typed_text
from ..domain.conflict_words import field_name
from ..domain.validation import FieldError
from .form_dialog import FormDialog
from .form_fields import set_names, summary_label
from .screen_fit import fit_to_screen

if TYPE_CHECKING:
    from ..store.server_conflicts import ConflictView


class ConflictEditDialog(FormDialog):
    """One line per field of ``conflict``; ``values`` holds what was typed, once saved."""

    def __init__(self, conflict: ConflictView, parent: QWidget | None = None) -> None:
        super().__init__("Edit the value to keep", "conflictEditDialog", parent)
        self._conflict = conflict
        self.values: dict[str, Any] | None = None
        summary = summary_label(self, "conflictSummary", "The conflict")
        summary.setText(conflict.words)
        self.layout().insertWidget(0, summary)  # type: ignore[attr-defined]
        self.edits: dict[str, QLineEdit] = {}
        for field in conflict.fields:
            self.edits[field] = self._edit(field)
        self.save_button.setText("&Keep this value")
        fit_to_screen(self, 560, 0)

    def _edit(self, field: str) -> QLineEdit:
        label = field_name(field).capitalize()
        parts = self._conflict.parts
        edit = QLineEdit(typed_text((self._conflict.laptop_value or {}).get(field)), self)
        set_names(edit, f"conflictValue_{field}", label)
        both = QLabel(f"Team register: {parts.team_value} · Sent: {parts.laptop_value}", self)
        set_names(both, f"conflictBoth_{field}", f"{label}: both values")
        both.setWordWrap(True)
        self.add_field(f"{label}:", edit, field=label, below=both)
        return edit

    def save(self) -> None:
        self.clear_errors()
        conflict = self._conflict
        try:
            self.values = edited_values(conflict.fields, conflict.server_value,
                                        conflict.laptop_value,
                                        {f: edit.text() for f, edit in self.edits.items()})
        except FieldError as exc:
            self.show_errors([exc])
            return
        self.accept()
