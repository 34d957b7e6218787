"""Add or edit a child or young person: names, date of birth, case reference, EHCP reviews."""

from __future__ import annotations

import sqlite3
from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget
from sqlite_utils import Database

from ..domain.register import PRIMARY_NEEDS, Child
from ..domain.validation import FieldError, optional_date, optional_text, printable_name
from ..store.records import child_with_case_ref, get_child
from ..store.register import add_child, update_child
from .form_dialog import FormDialog
from .form_fields import Checks, DateField, select_data, set_names

CASE_REF = "Case reference"


class ChildDialog(FormDialog):
    """A new child (``child_id`` None) or an existing one; on save ``child_id`` is set."""

    def __init__(
        self, db: Database, child_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        title = "Add child" if child_id is None else "Edit child"
        super().__init__(title, "childDialog", parent)
        self._db = db
        self.child_id = child_id
        self.given_name = self._line("givenName", "Given name")
        self.family_name = self._line("familyName", "Family name")
        self.date_of_birth = DateField("dateOfBirth", "Date of birth", self)
        self.case_ref = self._line("caseRef", CASE_REF)
        self.case_ref.setPlaceholderText("The id in the case-management system")
        self.primary_need = self._need_combo()
        self.last_review = DateField("ehcpLastReview", "EHCP last annual review", self)
        self.next_review = DateField("ehcpNextReview", "EHCP next review due", self)
        self.add_field("&Given name:", self.given_name)
        self.add_field("&Family name:", self.family_name)
        self.add_field("Date of &birth:", self.date_of_birth,
                       marked=self.date_of_birth.line_edit)
        self.add_field("&Case reference:", self.case_ref)
        self.add_field("Primary &need:", self.primary_need)
        self.add_field("EHCP &last annual review:", self.last_review,
                       marked=self.last_review.line_edit)
        self.add_field("EHCP ne&xt review due:", self.next_review,
                       marked=self.next_review.line_edit)
        self.setMinimumWidth(520)
        if child_id is not None:
            self._load(child_id)

    def _line(self, name: str, accessible: str) -> QLineEdit:
        edit = QLineEdit(self)
        set_names(edit, name, accessible)
        return edit

    def _need_combo(self) -> QComboBox:
        combo = QComboBox(self)
        set_names(combo, "primaryNeed", "Primary need")
        combo.addItem("Not recorded", None)
        for code, label in PRIMARY_NEEDS.items():
            combo.addItem(f"{code} — {label}", code)
        return combo

    def _load(self, child_id: int) -> None:
        child = get_child(self._db, child_id)
        if child is None:
            self.show_form_error("This child is no longer in the register.")
            self.save_button.setEnabled(False)
            return
        self.given_name.setText(child.given_name)
        self.family_name.setText(child.family_name)
        self.date_of_birth.set_date(child.date_of_birth)
        self.case_ref.setText(child.case_ref or "")
        select_data(self.primary_need, child.primary_need)
        self.last_review.set_date(child.ehcp_last_review)
        self.next_review.set_date(child.ehcp_next_review_due)

    # --- saving ------------------------------------------------------------------

    def _values(self) -> dict | None:
        checks = Checks()
        values = {
            "given_name": checks.run(
                lambda: printable_name("Given name", self.given_name.text())),
            "family_name": checks.run(
                lambda: printable_name("Family name", self.family_name.text())),
            "date_of_birth": self._date(checks, "Date of birth", self.date_of_birth),
            "case_ref": checks.run(self._case_ref),
            "primary_need": self.primary_need.currentData(),
            "ehcp_last_review": self._date(checks, "EHCP last annual review", self.last_review),
            "ehcp_next_review_due": self._date(checks, "EHCP next review due",
                                               self.next_review),
        }
        self.show_errors(checks.errors)
        return None if checks.errors else values

    @staticmethod
    def _date(checks: Checks, field: str, widget: DateField) -> date | None:
        return checks.run(lambda: optional_date(field, widget.text()))

    def _case_ref(self) -> str | None:
        """The case reference typed; refused when another child has it, ignoring case
        and spaces (``cs-1001`` beside CS-1001 would be a second record of one child)."""
        case_ref = optional_text(self.case_ref.text())
        other = child_with_case_ref(self._db, case_ref) if case_ref else None
        if other is None or other.child_id == self.child_id:
            return case_ref
        if other.case_ref == case_ref:
            raise FieldError(CASE_REF, f"'{case_ref}' is already {other.name}'s case reference")
        raise FieldError(CASE_REF, f"'{case_ref}' is {other.name}'s case reference "
                         f"'{other.case_ref}': case and spaces do not make it another one")

    def save(self) -> None:
        self.clear_errors()
        values = self._values()
        if values is None:
            return
        if self.write(lambda: self._write(values),
                      refused=lambda exc: self._refused(exc, values.get("case_ref"))):
            self.accept()

    def _write(self, values: dict) -> None:
        if self.child_id is None:
            self.child_id = add_child(self._db, **values)
        else:
            update_child(self._db, self.child_id, **values)

    def _refused(self, exc: sqlite3.IntegrityError, case_ref: str | None) -> None:
        if "case_ref" in str(exc):
            self.show_errors([FieldError(CASE_REF, f"'{case_ref}' is already another "
                                                   "child's case reference")])
        else:
            self.show_form_error(f"The register refused the change: {exc}")

    def saved_child(self) -> Child | None:
        return get_child(self._db, self.child_id) if self.child_id is not None else None
