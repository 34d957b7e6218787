"""Add, edit or end an officer, and the list of active officers a visit is assigned from.

The rules (a name and initials nobody active has, a role) are the domain's
(:func:`~placement_qa.domain.officers.checked_officer`), refused at the field. Ending
an officer keeps them and their visits; the dialog says how many open visits they
still hold, for the manager to assign to someone else.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget
from sqlite_utils import Database

from ..domain.caseload import open_visit_ids
from ..domain.officers import (
    INITIALS,
    MAX_INITIALS,
    NAME,
    OFFICER,
    OFFICER_FIELD,
    ROLE,
    ROLES,
    Officer,
    suggested_initials,
)
from ..domain.validation import FieldError
from ..store.officers import add_officer, edit_officer, end_officer, get_officer, open_visits
from .form_dialog import FormDialog
from .form_fields import select_data, set_names, summary_label

CHOOSE_OFFICER = "Choose the officer"


def officer_combo(parent: QWidget, name: str, officers: Sequence[Officer],
                  chosen: Officer | None = None) -> QComboBox:
    """The active ``officers`` to choose from, ``chosen`` (if one of them) chosen."""
    combo = QComboBox(parent)
    set_names(combo, name, OFFICER_FIELD)
    combo.setPlaceholderText(CHOOSE_OFFICER)
    for officer in officers:
        combo.addItem(officer.label, officer.officer_id)
    combo.setCurrentIndex(combo.findData(chosen.officer_id) if chosen else -1)
    return combo


def chosen_officer(combo: QComboBox, why: str) -> int:
    """The officer chosen in ``combo``; a FieldError saying ``why`` one is needed if none."""
    officer_id = combo.currentData()
    if officer_id is None:
        raise FieldError(OFFICER_FIELD, why)
    return int(officer_id)


class OfficerDialog(FormDialog):
    """A new officer (``officer_id`` None) or an existing one; on save ``officer_id`` is set."""

    def __init__(self, db: Database, officer_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        title = "Add officer" if officer_id is None else "Edit officer"
        super().__init__(title, "officerDialog", parent)
        self._db = db
        self.officer_id = officer_id
        self.name = set_names(QLineEdit(self), "officerName", NAME)
        self.name.setPlaceholderText("As colleagues know them, e.g. Amira Patel")
        self.initials = set_names(QLineEdit(self), "officerInitials", INITIALS)
        self.initials.setMaxLength(MAX_INITIALS)
        self.initials.setPlaceholderText("e.g. AP")
        self.role = set_names(QComboBox(self), "officerRole", ROLE)
        for code, label in ROLES.items():
            self.role.addItem(label, code)
        self.add_field("&Name:", self.name, field=NAME)
        self.add_field("&Initials:", self.initials, field=INITIALS)
        self.add_field("&Role:", self.role, field=ROLE)
        self._initials_typed = False
        self.initials.textEdited.connect(self._on_initials_typed)
        self.name.textEdited.connect(self._suggest_initials)
        self.setMinimumWidth(440)
        if officer_id is not None:
            self._load(officer_id)
        self.name.setFocus()

    def _load(self, officer_id: int) -> None:
        officer = get_officer(self._db, officer_id)
        if officer is None:
            self.show_form_error("This officer is no longer in the register.")
            self.save_button.setEnabled(False)
            return
        self.name.setText(officer.name)
        self.initials.setText(officer.initials)
        select_data(self.role, officer.role)
        self._initials_typed = True  # renaming someone keeps their initials

    def _on_initials_typed(self, text: str) -> None:
        self._initials_typed = bool(text)

    def _suggest_initials(self, name: str) -> None:
        if not self._initials_typed:
            self.initials.setText(suggested_initials(name))

    def save(self) -> None:
        self.clear_errors()
        name, initials = self.name.text(), self.initials.text()
        role = self.role.currentData() or OFFICER
        if self.write(lambda: self._save(name, initials, role)):
            self.accept()

    def _save(self, name: str, initials: str, role: str) -> None:
        if self.officer_id is None:
            self.officer_id = add_officer(self._db, name=name, initials=initials, role=role)
        else:
            edit_officer(self._db, self.officer_id, name=name, initials=initials, role=role)


def end_text(officer: Officer, open_count: int) -> str:
    """What ending ``officer`` means, in the words the End dialog shows."""
    text = (f"<b>{officer.name}</b> will no longer be offered for new visits. "
            "Their visits and notes stay in the register under their name.")
    if open_count:
        visits = "1 planned or draft visit" if open_count == 1 else \
            f"{open_count} planned or draft visits"
        text += (f"<br>They still hold {visits}: assign each to someone else "
                 "(Visits ▸ Assign visit…).")
    return text


class EndOfficerDialog(FormDialog):
    """Ends an officer (someone who left the team), saying what that means first."""

    def __init__(self, db: Database, officer: Officer, parent: QWidget | None = None) -> None:
        super().__init__("End officer", "endOfficerDialog", parent)
        self._db = db
        self.officer = officer
        self.officer_id: int | None = officer.officer_id
        self.open_count = len(open_visit_ids(open_visits(db), officer.officer_id))
        self.summary = summary_label(self, "endOfficerSummary", "What ending means")
        self.summary.setText(end_text(officer, self.open_count))
        self.form.addRow(self.summary)
        self.save_button.setText("&End officer")
        self.save_button.setAccessibleName("End officer")
        self.setMinimumWidth(480)

    def save(self) -> None:
        if self.write(lambda: end_officer(self._db, self.officer.officer_id)):
            self.accept()
