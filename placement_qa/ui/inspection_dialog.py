"""Record an inspection by hand: inspectorate, framework, date and the outcome.

For an ISI, Ofsted social care or CQC inspection, or an Ofsted one not yet in
Ofsted's file. The form is built from the frameworks data
(``resources/inspection_frameworks.json``): one choice per outcome field, or per
evaluation area, each on the framework's own scale. Nothing here names a grade;
whether the outcome is below good is said, as the user chooses, by the one rule
in :mod:`placement_qa.domain.inspection`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from ..domain.dates import council_today, uk
from ..domain.glossary import explained
from ..domain.inspection import (
    Inspection,
    InspectionFramework,
    InspectionFrameworks,
    OutcomeField,
    concerns_in,
    default_frameworks,
    is_below_good,
)
from ..domain.validation import FieldError, optional_text, required_date
from ..store.downgrades import RecordedInspection, record_inspection
from ..store.inspections import provider_inspections
from ..store.records import get_provider
from .form_dialog import FormDialog
from .form_fields import Checks, DateField, set_names
from .screen_fit import fitting_height

INSPECTORATE, FRAMEWORK, INSPECTED_ON = "Inspectorate", "Framework", "Date of inspection"
NOT_RECORDED, NOT_JUDGED = "Not recorded", "Not judged"
NOTHING_RECORDED = "Choose at least one judgement of the outcome before saving."
GOOD_OR_BETTER = "Good or better."


def slug(text: str) -> str:
    """Words as part of an objectName: "Quality of education" -> "Quality_of_education"."""
    return re.sub(r"[^0-9A-Za-z]+", "_", text).strip("_")


class OutcomeForm(QGroupBox):
    """One choice per outcome field of a framework (one per area for an "areas" field).

    The first item of each is blank (None): not recorded, or area not judged.
    ``changed`` is emitted whenever a choice changes.
    """

    changed = Signal()

    def __init__(self, framework: InspectionFramework, parent: QWidget | None = None) -> None:
        super().__init__("Outcome", parent)
        set_names(self, "inspectionOutcome", f"Outcome under {framework.name}")
        self.framework = framework
        self.combos: dict[tuple[str, str | None], QComboBox] = {}
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for spec in framework.fields:
            if spec.kind == "areas":
                self._add_areas(spec)
            else:
                self._add(spec, None, NOT_RECORDED)

    def _add_areas(self, spec: OutcomeField) -> None:
        heading = QLabel(spec.label, self)
        set_names(heading, f"outcome_{spec.key}Heading", spec.label)
        heading.setToolTip(f"One judgement per area: leave an area {NOT_JUDGED} "
                           "if the report does not judge it")
        font = QFont(heading.font())
        font.setBold(True)
        heading.setFont(font)
        self.form.addRow(heading)
        for area in spec.areas:
            self._add(spec, area, NOT_JUDGED)

    def _add(self, spec: OutcomeField, area: str | None, blank: str) -> None:
        name = f"outcome_{spec.key}" + (f"_{slug(area)}" if area else "")
        combo = QComboBox(self)
        set_names(combo, name, f"{spec.label}: {area}" if area else spec.label)
        combo.addItem(blank, None)
        for value in spec.scale:
            combo.addItem(value, value)
        combo.currentIndexChanged.connect(self.changed)
        label = QLabel(f"{area or spec.label}:", self)
        set_names(label, f"{name}Label", area or spec.label)
        label.setBuddy(combo)
        self.form.addRow(label, combo)
        self.combos[(spec.key, area)] = combo

    def combo(self, key: str, area: str | None = None) -> QComboBox:
        return self.combos[(key, area)]

    def outcome(self) -> dict[str, Any]:
        """The values chosen, in the framework's terms: {key: value or {area: value}}."""
        found: dict[str, Any] = {}
        for spec in self.framework.fields:
            if spec.kind == "areas":
                areas = {area: value for area in spec.areas
                         if (value := self.combo(spec.key, area).currentData())}
                if areas:
                    found[spec.key] = areas
            elif value := self.combo(spec.key).currentData():
                found[spec.key] = value
        return found


class InspectionDialog(FormDialog):
    """Records one inspection of ``provider_id``; ``saved(inspection_id)`` once it is written.

    Open it with ``open()``. ``as_of`` (default today) is the latest date an
    inspection may have taken place. Cancel writes nothing.
    """

    saved = Signal(int)

    def __init__(
        self, db: Database, provider_id: int, parent: QWidget | None = None, *,
        as_of: date | None = None, frameworks: InspectionFrameworks | None = None,
    ) -> None:
        super().__init__("Record inspection", "inspectionDialog", parent)
        self._db, self.provider_id = db, provider_id
        self._as_of = as_of or council_today()
        self.frameworks = frameworks or default_frameworks()
        self.recorded: RecordedInspection | None = None
        self.inspection_id: int | None = None
        self.outcome_form: OutcomeForm | None = None
        self._build()
        self.setMinimumWidth(560)
        provider = get_provider(db, provider_id)
        if provider is None:
            self.show_form_error("This provider is no longer in the register.")
            self.save_button.setEnabled(False)
            return
        self.provider_label.setText(
            f"{provider.name}" + (f" (URN {provider.urn})" if provider.urn else ""))
        self._choose_latest()

    def _build(self) -> None:
        self.provider_label = QLabel(self)
        set_names(self.provider_label, "inspectionProvider", "Provider inspected")
        self.provider_label.setWordWrap(True)
        self.form.addRow("Provider:", self.provider_label)
        self.inspectorate = self._combo("inspectorate", INSPECTORATE)
        for name in self.frameworks.inspectorates:
            if self.frameworks.for_inspectorate(name):  # one with no framework cannot be judged
                self.inspectorate.addItem(name, name)
        self.framework = self._combo("framework", FRAMEWORK)
        self.inspected_on = DateField("inspectedOn", INSPECTED_ON, self)
        self.add_field("&Inspectorate:", self.inspectorate, field=INSPECTORATE)
        self.add_field("&Framework:", self.framework, field=FRAMEWORK)
        self.add_field("&Date of inspection:", self.inspected_on, field=INSPECTED_ON,
                       marked=self.inspected_on.line_edit)
        self.outcome_holder = QVBoxLayout()
        self.outcome_holder.setContentsMargins(0, 0, 0, 0)
        self.form.addRow(self.outcome_holder)
        self.notes = QPlainTextEdit(self)
        set_names(self.notes, "inspectionNotes", "Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText("Optional: where the outcome came from, report link, ...")
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.add_field("&Notes:", self.notes)
        self.verdict_box, self.verdict = self.notice_box(
            "inspectionVerdict", "Outcome judged", error=False)
        self.verdict_icon = self.verdict_box.findChild(QLabel, "inspectionVerdictIcon")
        self.layout().insertWidget(1, self.verdict_box)
        self.inspectorate.currentIndexChanged.connect(self._inspectorate_changed)
        self.framework.currentIndexChanged.connect(self._framework_changed)

    def _combo(self, name: str, accessible: str) -> QComboBox:
        combo = QComboBox(self)
        set_names(combo, name, accessible)
        return combo

    def _choose_latest(self) -> None:
        """Start from the inspectorate and framework of the provider's latest inspection."""
        latest = provider_inspections(self._db, self.provider_id)
        index = self.inspectorate.findData(latest[0].inspectorate) if latest else -1
        self.inspectorate.blockSignals(True)
        self.inspectorate.setCurrentIndex(max(index, 0))
        self.inspectorate.blockSignals(False)
        self._inspectorate_changed(preferred=latest[0].framework if latest else None)

    # --- the outcome, built from the framework ------------------------------------

    def _inspectorate_changed(self, _index: int = 0, preferred: str | None = None) -> None:
        self.framework.blockSignals(True)
        self.framework.clear()
        for framework in self.frameworks.for_inspectorate(self.inspectorate.currentData()):
            self.framework.addItem(framework.name, framework.name)
            tip = explained(framework.name) or framework.title
            if tip:
                self.framework.setItemData(self.framework.count() - 1, tip,
                                           Qt.ItemDataRole.ToolTipRole)
        self.framework.setCurrentIndex(max(self.framework.findData(preferred), 0))
        self.framework.blockSignals(False)
        self._framework_changed()

    def _framework_changed(self, _index: int = 0) -> None:
        old = self.outcome_form
        if old is not None:
            self.outcome_holder.removeWidget(old)
            old.hide()
            old.deleteLater()
        framework = self.frameworks.get(self.framework.currentData() or "")
        self.framework.setToolTip(self.framework.currentData(Qt.ItemDataRole.ToolTipRole) or "")
        self.outcome_form = OutcomeForm(framework, self) if framework else None
        if self.outcome_form is not None:
            self.outcome_holder.addWidget(self.outcome_form)
            self.outcome_form.changed.connect(self._show_verdict)
        self._show_verdict()
        self._fit()

    def outcome(self) -> dict[str, Any]:
        return self.outcome_form.outcome() if self.outcome_form else {}

    def verdict_text(self) -> tuple[str, bool]:
        """The outcome chosen so far in words, and whether it is below good (the one rule)."""
        outcome = self.outcome()
        if self.outcome_form is None or not outcome:
            return "No outcome chosen yet.", False
        framework = self.outcome_form.framework
        inspection = Inspection(self.inspectorate.currentData(), None, framework.name, outcome)
        if not is_below_good(inspection, self.frameworks):
            return GOOD_OR_BETTER, False
        return f"Below good: {'; '.join(concerns_in(outcome, framework))}.", True

    def _show_verdict(self) -> None:
        text, below_good = self.verdict_text()
        self.verdict.setText(text)
        font = QFont(self.verdict.font())
        font.setBold(below_good)
        self.verdict.setFont(font)
        self.verdict_icon.setVisible(below_good)
        self.verdict_box.setVisible(True)

    def _fit(self) -> None:
        """The height the form needs now (a framework with fewer fields makes it shorter)."""
        layout = self.layout()
        layout.activate()
        needed = (layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth()
                  else layout.totalSizeHint().height())
        self.resize(self.width(), fitting_height(self, needed))

    # --- saving ------------------------------------------------------------------

    def _inspected_on(self) -> date:
        day = required_date(INSPECTED_ON, self.inspected_on.text())
        if day > self._as_of:
            raise FieldError(INSPECTED_ON, f"{uk(day)} is after today ({uk(self._as_of)}): "
                             "record an inspection once it has taken place")
        return day

    def _values(self) -> dict[str, Any] | None:
        checks = Checks()
        day = checks.run(self._inspected_on)
        if self.outcome_form is None:
            checks.errors.append(FieldError(FRAMEWORK, "choose the framework inspected under"))
        outcome = self.outcome()
        self.show_errors(checks.errors)
        if self.outcome_form is not None and not outcome:
            self.show_form_error(NOTHING_RECORDED)
        if checks.errors or not outcome:
            return None
        return {"inspectorate": self.inspectorate.currentData(), "inspected_on": day,
                "framework": self.outcome_form.framework.name, "outcome": outcome,
                "notes": optional_text(self.notes.toPlainText())}

    def save(self) -> None:
        self.clear_errors()
        values = self._values()
        if values is None:
            return
        notes = values.pop("notes")
        if not self.write(lambda: self._record(Inspection(**values), notes)):
            return
        self.inspection_id = self.recorded.inspection_id
        self.saved.emit(self.inspection_id)
        self.accept()

    def _record(self, inspection: Inspection, notes: str | None) -> None:
        self.recorded = record_inspection(self._db, self.provider_id, inspection,
                                          as_of=self._as_of, notes=notes,
                                          frameworks=self.frameworks)

    def consequence_text(self) -> str:
        """What saving did beyond the record: placements flagged for an additional visit."""
        recorded = self.recorded
        if recorded is None or recorded.fell_below_good is None:
            return ""
        count = recorded.placements_flagged
        places = "placement" if count == 1 else "placements"
        return (f"The provider fell below good: {count} active {places} flagged for an "
                f"additional visit by {uk(recorded.due)}.")
