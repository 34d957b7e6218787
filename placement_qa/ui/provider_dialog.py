"""Add or edit a provider: name, URN (6 digits, unique), type, host authority, address."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget
from sqlite_utils import Database

from ..domain.glossary import URN
from ..domain.register import PROVIDER_ARRANGEMENTS, PROVIDER_TYPES, Provider
from ..domain.validation import FieldError, optional_text, printable_name, required_text, urn
from ..store.records import get_provider, host_authorities, provider_with_urn
from ..store.register import add_provider, update_provider
from .form_dialog import FormDialog
from .form_fields import Checks, select_data, set_names


def urn_taken(value: str, other: Provider) -> FieldError:
    return FieldError("URN", f"'{value}' is already the URN of {other.name}")


class ProviderDialog(FormDialog):
    """A new provider (``provider_id`` None) or an existing one; on save ``provider_id`` is set."""

    def __init__(
        self, db: Database, provider_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        title = "Add provider" if provider_id is None else "Edit provider"
        super().__init__(title, "providerDialog", parent)
        self._db = db
        self.provider_id = provider_id
        self.name = self._line("providerName", "Name")
        self.urn = self._line("urn", "URN")
        self.urn.setPlaceholderText("6 digits, e.g. 123456 (blank if it has none)")
        self.urn.setMaxLength(12)
        self.urn.setToolTip(URN.tooltip)
        self.provider_type = self._combo("providerType", "Type", PROVIDER_TYPES)
        self.host_authority = self._line("hostAuthority", "Host local authority")
        self._complete_authorities()
        self.address = self._line("address", "Address")
        self.postcode = self._line("postcode", "Postcode")
        self.arrangements = self._combo("providerArrangements", "Day or residential",
                                        PROVIDER_ARRANGEMENTS)
        self.add_field("&Name:", self.name)
        self.add_field("&URN:", self.urn, field="URN")
        self.add_field("&Type:", self.provider_type)
        self.add_field("&Host local authority:", self.host_authority, field="Host authority")
        self.add_field("&Address:", self.address)
        self.add_field("&Postcode:", self.postcode)
        self.add_field("&Day or residential:", self.arrangements)
        self.setMinimumWidth(520)
        if provider_id is not None:
            self._load(provider_id)

    def _line(self, name: str, accessible: str) -> QLineEdit:
        edit = QLineEdit(self)
        set_names(edit, name, accessible)
        return edit

    def _combo(self, name: str, accessible: str, choices: dict[str, str]) -> QComboBox:
        combo = QComboBox(self)
        set_names(combo, name, accessible)
        for code, label in choices.items():
            combo.addItem(label, code)
        return combo

    def _complete_authorities(self) -> None:
        completer = QCompleter(host_authorities(self._db), self.host_authority)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.host_authority.setCompleter(completer)

    def _load(self, provider_id: int) -> None:
        provider = get_provider(self._db, provider_id)
        if provider is None:
            self.show_form_error("This provider is no longer in the register.")
            self.save_button.setEnabled(False)
            return
        self.name.setText(provider.name)
        self.urn.setText(provider.urn or "")
        select_data(self.provider_type, provider.provider_type)
        self.host_authority.setText(provider.host_authority)
        self.address.setText(provider.address or "")
        self.postcode.setText(provider.postcode or "")
        select_data(self.arrangements, provider.arrangements)

    # --- saving ------------------------------------------------------------------

    def _values(self) -> dict | None:
        checks = Checks()
        values = {
            "name": checks.run(lambda: printable_name("Name", self.name.text())),
            "urn": checks.run(self._urn),
            "provider_type": self.provider_type.currentData(),
            "host_authority": checks.run(
                lambda: required_text("Host authority", self.host_authority.text())),
            "address": optional_text(self.address.text()),
            "postcode": optional_text(self.postcode.text().upper()),
            "arrangements": self.arrangements.currentData(),
        }
        self.show_errors(checks.errors)
        return None if checks.errors else values

    def _urn(self) -> str | None:
        value = urn(self.urn.text())
        other = provider_with_urn(self._db, value) if value else None
        if other is not None and other.provider_id != self.provider_id:
            raise urn_taken(value, other)
        return value

    def save(self) -> None:
        self.clear_errors()
        values = self._values()
        if values is None:
            return
        if self.write(lambda: self._write(values),
                      refused=lambda exc: self._refused(exc, values["urn"])):
            self.accept()

    def _write(self, values: dict) -> None:
        if self.provider_id is None:
            self.provider_id = add_provider(self._db, **values)
        else:
            update_provider(self._db, self.provider_id, **values)

    def _refused(self, exc: sqlite3.IntegrityError, value: str | None) -> None:
        """The register refused the row: a URN saved meanwhile by someone else, say."""
        other = provider_with_urn(self._db, value) if value else None
        if "urn" in str(exc) or other is not None:
            self.show_errors([urn_taken(value, other) if other else FieldError(
                "URN", f"'{value}' is already the URN of another provider")])
        else:
            self.show_form_error(f"The register refused the change: {exc}")

    def saved_provider(self) -> Provider | None:
        if self.provider_id is None:
            return None
        return get_provider(self._db, self.provider_id)
