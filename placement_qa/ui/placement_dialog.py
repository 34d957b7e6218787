"""Add or edit a placement: child, provider, dates, arrangement, status, cost, visit interval.

Saving a new placement walks the council's checks in order: every field's value
(refusals shown at the field), then a warning when the child already has an
active placement (dual placements exist, so it asks rather than forbids), then
the guardrail when the provider is below good (see :mod:`.guardrail_dialog`).
Every question is a window-modal dialog opened with ``open()``; its answer
comes back through a signal. Cancel at any step writes nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QPushButton, QSpinBox, QWidget
from sqlite_utils import Database

from ..domain.guardrail import GuardrailException, PlacementBlocked
from ..domain.register import (
    ARRANGEMENTS,
    AWAITING_PROVISION,
    DEFAULT_VISIT_INTERVAL_MONTHS,
    ELECTIVE_HOME_EDUCATION,
    PLACED,
    PLACEMENT_STATES,
    Child,
    Placement,
    Provider,
)
from ..domain.schedule import MAX_INTERVAL_MONTHS, MIN_INTERVAL_MONTHS
from ..domain.validation import FieldError, optional_text
from ..store import records
from ..store import register as store
from ..store.errors import DATABASE_ERRORS, in_words
from .child_dialog import ChildDialog
from .form_dialog import FormDialog
from .form_fields import (
    Checks,
    DateField,
    chosen_data,
    fill_combo,
    search_combo,
    select_data,
    set_names,
)
from .guardrail_dialog import GuardrailDialog
from .placement_checks import DualPlacementQuestion, placement_values
from .provider_dialog import ProviderDialog

START_LABEL, NEED_LABEL = "&Start date:", "&Need identified on:"
PROVIDER_PLACEHOLDER = "Type part of the provider's name or URN"
HOME_EDUCATION_PLACEHOLDER = "None — elective home education"


def child_label(child: Child) -> str:
    """"Zoë Brennan · WB000001" (or "· born 03/04/2012"), to tell namesakes apart."""
    if child.case_ref:
        return f"{child.name} · {child.case_ref}"
    if child.date_of_birth:
        return f"{child.name} · born {child.date_of_birth:%d/%m/%Y}"
    return child.name


def provider_label(provider: Provider) -> str:
    """"Hillcrest House (URN 654321) · Southvale"."""
    urn = f" (URN {provider.urn})" if provider.urn else ""
    return f"{provider.name}{urn} · {provider.host_authority}"


class PlacementDialog(FormDialog):
    """A new placement (``placement_id`` None) or an existing one; set on save."""

    def __init__(
        self, db: Database, placement_id: int | None = None, *,
        child_id: int | None = None, parent: QWidget | None = None,
    ) -> None:
        title = "Add placement" if placement_id is None else "Edit placement"
        super().__init__(title, "placementDialog", parent)
        self._db = db
        self.placement_id = placement_id
        self._existing: Placement | None = None
        self.dual_question: DualPlacementQuestion | None = None
        self.guardrail_dialog: GuardrailDialog | None = None
        self.child_dialog: ChildDialog | None = None
        self.provider_dialog: ProviderDialog | None = None
        self._make_widgets()
        self._add_rows()
        self._reload_children(child_id)
        self._reload_providers(None)
        self._connect()
        self.setMinimumWidth(620)
        if placement_id is not None:
            self._load(placement_id)
        self._state_changed()
        self._arrangement_changed()

    # --- building --------------------------------------------------------------

    def _make_widgets(self) -> None:
        self.child = search_combo("placementChild", "Child", "Type part of the child's name",
                                  self)
        self.new_child_button = self._button("newChildButton", "New c&hild…", "Add a new child")
        self.state = QComboBox(self)
        set_names(self.state, "placementStatus", "Status")
        for code, label in PLACEMENT_STATES.items():
            self.state.addItem(label, code)
        self.provider = search_combo("placementProvider", "Provider", PROVIDER_PLACEHOLDER, self)
        self.new_provider_button = self._button("newProviderButton", "Ne&w provider…",
                                                "Add a new provider")
        self.concern_box, self.concern_note = self.notice_box(
            "providerConcern", "Provider below good", error=False)
        self.arrangement = QComboBox(self)
        set_names(self.arrangement, "arrangement", "Arrangement")
        for code, label in ARRANGEMENTS.items():
            self.arrangement.addItem(label, code)
        self.start = DateField("startDate", "Start date", self)
        self.end = DateField("endDate", "End date", self)
        self.cost = QLineEdit(self)
        set_names(self.cost, "annualCost", "Annual cost in pounds")
        self.cost.setPlaceholderText("e.g. 85000 (blank if not known)")
        self.interval = QSpinBox(self)
        set_names(self.interval, "visitInterval", "Monitoring visit every (months)")
        self.interval.setRange(MIN_INTERVAL_MONTHS, MAX_INTERVAL_MONTHS)
        self.interval.setValue(DEFAULT_VISIT_INTERVAL_MONTHS)
        self.interval.setSuffix(" months")
        self.interim = QPlainTextEdit(self)
        set_names(self.interim, "interimSupport", "Interim support in place")
        self.interim.setTabChangesFocus(True)
        self.interim.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)

    def _button(self, name: str, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text, self)
        set_names(button, name, accessible)
        button.setAutoDefault(False)
        return button

    def _add_rows(self) -> None:
        self.child_row = self.add_field("&Child:", self.child, beside=self.new_child_button)
        self.add_field("S&tatus:", self.state, field="Status")
        self.provider_row = self.add_field("&Provider:", self.provider,
                                           beside=self.new_provider_button,
                                           below=self.concern_box)
        self.add_field("&Arrangement:", self.arrangement)
        self.start_row = self.add_field(START_LABEL, self.start, marked=self.start.line_edit)
        self.rows["Need identified on"] = self.start_row
        self.add_field("&End date:", self.end, marked=self.end.line_edit)
        self.add_field("Annual c&ost (£):", self.cost, field="Annual cost")
        self.add_field("&Visit every:", self.interval, field="Visit interval")
        self.interim_row = self.add_field("&Interim support:", self.interim)

    def _connect(self) -> None:
        self.state.currentIndexChanged.connect(self._state_changed)
        self.arrangement.currentIndexChanged.connect(self._arrangement_changed)
        self.provider.currentTextChanged.connect(self._show_concern)
        self.new_child_button.clicked.connect(self._new_child)
        self.new_provider_button.clicked.connect(self._new_provider)

    def _reload_children(self, select: int | None) -> None:
        children = records.list_children(self._db)
        fill_combo(self.child, ((child_label(c), c.name, c.child_id) for c in children))
        if select is not None:
            select_data(self.child, select)

    def _reload_providers(self, select: int | None) -> None:
        providers = records.list_providers(self._db)
        fill_combo(self.provider, ((provider_label(p), p.name, p.provider_id) for p in providers))
        if select is not None:
            select_data(self.provider, select)

    def _load(self, placement_id: int) -> None:
        placement = records.get_placement(self._db, placement_id)
        if placement is None:
            self.show_form_error("This placement is no longer in the register.")
            self.save_button.setEnabled(False)
            return
        self._existing = placement
        select_data(self.child, placement.child_id)
        self.child.setEnabled(False)
        self.new_child_button.setEnabled(False)
        select_data(self.state, placement.state)
        select_data(self.provider, placement.provider_id)
        select_data(self.arrangement, placement.arrangement)
        self.start.set_date(placement.start_date)
        self.end.set_date(placement.end_date)
        self.cost.setText("" if placement.annual_cost is None else f"{placement.annual_cost:g}")
        self.interval.setValue(placement.visit_interval_months)
        self.interim.setPlainText(placement.interim_support or "")

    # --- reacting --------------------------------------------------------------

    def _state_changed(self) -> None:
        awaiting = self.state.currentData() == AWAITING_PROVISION
        self.start_row.clear_error()  # it would name the field by its other label
        self.start_row.label.setText(NEED_LABEL if awaiting else START_LABEL)
        self.start.line_edit.setAccessibleName("Need identified on" if awaiting else "Start date")
        self.provider_row.label.setText("&Provider (if known):" if awaiting else "&Provider:")
        self.set_row_visible(self.interim_row, awaiting)

    def _arrangement_changed(self) -> None:
        home = self.arrangement.currentData() == ELECTIVE_HOME_EDUCATION
        self.provider.setEnabled(not home)
        self.new_provider_button.setEnabled(not home)
        if home:
            self.provider.setCurrentIndex(-1)
            self.provider.setEditText("")
        self.provider.lineEdit().setPlaceholderText(
            HOME_EDUCATION_PLACEHOLDER if home else PROVIDER_PLACEHOLDER)
        self._show_concern()

    def _show_concern(self) -> None:
        provider_id = chosen_data(self.provider) if self.provider.isEnabled() else None
        unchanged = self._existing is not None and provider_id == self._existing.provider_id
        concern = None
        if provider_id is not None and not unchanged:
            concern = store.provider_concern_for(self._db, provider_id)
        self.concern_box.setVisible(concern is not None)
        if concern is not None:
            name = records.get_provider(self._db, provider_id).name
            state = "is below good" if concern.below_good else "is causing concern"
            self.concern_note.setText(
                f"{name} {state}: {concern.reason} A new placement there needs a "
                "recorded reason and the approving manager.")
            self.fit_height()

    def _new_child(self) -> None:
        self.child_dialog = ChildDialog(self._db, parent=self)
        self.child_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog = self.child_dialog
        dialog.accepted.connect(lambda: self._reload_children(dialog.child_id))
        dialog.open()

    def _new_provider(self) -> None:
        self.provider_dialog = ProviderDialog(self._db, parent=self)
        self.provider_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog = self.provider_dialog
        dialog.accepted.connect(lambda: self._reload_providers(dialog.provider_id))
        dialog.open()

    # --- saving ----------------------------------------------------------------

    def _values(self) -> dict[str, Any] | None:
        checks = Checks()
        values = placement_values(
            checks, child=self._chosen_child(checks), provider=self._chosen_provider(checks),
            state=self.state.currentData(), arrangement=self.arrangement.currentData(),
            start=self.start.text(), end=self.end.text(), cost=self.cost.text(),
            interval=self.interval.value(),
            interim=optional_text(self.interim.toPlainText()),
        )
        self.show_errors(checks.errors)
        return None if checks.errors else values

    def _chosen_child(self, checks: Checks) -> int | None:
        return checks.run(lambda: _chosen(self.child, "Child", "child", "New child…"))

    def _chosen_provider(self, checks: Checks) -> int | None:
        if not self.provider.isEnabled():
            return None
        if not self.provider.currentText().strip():
            if self.state.currentData() == AWAITING_PROVISION:
                return None
            checks.errors.append(FieldError(
                "Provider", "a placed child needs a provider: choose it from the list, or "
                "choose Elective home education as the arrangement"))
            return None
        return checks.run(lambda: _chosen(self.provider, "Provider", "provider",
                                          "New provider…"))

    def save(self) -> None:
        self.clear_errors()
        values = self._values()
        if values is None:
            return
        if self.placement_id is None and values["state"] == PLACED:
            others = records.active_placements_of_child(
                self._db, values["child_id"], values["start_date"])
            if others:
                self._ask_dual(values, others)
                return
        self._write(values)

    def _ask_dual(self, values: dict[str, Any], others: list) -> None:
        child = records.get_child(self._db, values["child_id"])
        self.dual_question = DualPlacementQuestion(child.name, others, self)
        self.dual_question.yes.connect(lambda: self._write(values))
        self.dual_question.open()

    def _write(self, values: dict[str, Any], guardrail: GuardrailException | None = None) -> None:
        try:
            if self.placement_id is None:
                self.placement_id = store.add_placement(self._db, **values, guardrail=guardrail)
            else:
                changes = {k: v for k, v in values.items() if k != "child_id"}
                store.update_placement(self._db, self.placement_id, **changes,
                                       guardrail=guardrail)
        except PlacementBlocked as blocked:
            self._ask_guardrail(values, blocked)
            return
        except FieldError as exc:
            self.show_errors([exc])
            return
        except DATABASE_ERRORS as exc:
            self.show_form_error(f"The register could not be changed: {in_words(exc)}")
            return
        self.accept()

    def _ask_guardrail(self, values: dict[str, Any], blocked: PlacementBlocked) -> None:
        provider = records.get_provider(self._db, values["provider_id"])
        dialog = GuardrailDialog(provider.name, blocked, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._write(values, dialog.exception()))
        dialog.rejected.connect(lambda: self._guardrail_cancelled(provider.name))
        self.guardrail_dialog = dialog
        dialog.open()

    def _guardrail_cancelled(self, provider_name: str) -> None:
        self.show_errors([FieldError(
            "Provider", f"{provider_name} is below good, so the placement was not saved: "
            "choose another provider, or save again and record the reason and approver")])


def _chosen(combo: QComboBox, field: str, what: str, button: str) -> int:
    typed = combo.currentText().strip()
    if not typed:
        raise FieldError(field, f"choose the {what} from the list, or add a new {what} "
                         f"with {button}")
    found = chosen_data(combo)
    if found is None:
        raise FieldError(field, f"'{typed}' is not in the register: choose from the list, "
                         f"or add a new {what} with {button}")
    return found

