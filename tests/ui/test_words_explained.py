"""The words users meet (KPI, Not required, URN, SCCIF, the overall judgement, guardrail
exception) are explained where they are shown, in the words of domain/glossary.py."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QPushButton, QToolTip, QWidget

from placement_qa.domain.dashboard import IN_SCHEDULE, PROVIDERS_VISITED
from placement_qa.domain.glossary import (
    GUARDRAIL_EXCEPTION,
    JUDGEMENT,
    KPI,
    NOT_REQUIRED,
    SCCIF,
    URN,
)
from placement_qa.domain.register import VISIT_PLANNED
from placement_qa.domain.schedule import Status
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.ui.inspection_dialog import InspectionDialog
from placement_qa.ui.pages.provider_page import ProviderPage


def hover(qtbot, widget: QWidget) -> str:
    """The tooltip that shows when the mouse rests on ``widget``."""
    centre = widget.rect().center()
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, centre,
                                              widget.mapToGlobal(centre)))
    qtbot.waitUntil(QToolTip.isVisible)
    text = QToolTip.text()
    QToolTip.hideText()
    return text


def test_the_status_bar_kpis_explain_kpi_and_guardrail_exception(qtbot, window):
    kpis = window.findChild(QLabel, "statusKpis")
    assert "Guardrail exceptions" in kpis.text()
    shown = hover(qtbot, kpis)
    assert KPI.tooltip in shown
    assert GUARDRAIL_EXCEPTION.tooltip in shown


def test_the_dashboard_kpi_tiles_and_the_not_required_button_explain_their_words(
        qtbot, window):
    qtbot.waitUntil(lambda: window.dashboard.figures is not None
                    and not window.dashboard.working, timeout=10_000)
    for key in (IN_SCHEDULE, PROVIDERS_VISITED):
        assert KPI.tooltip in window.findChild(QPushButton, f"tile_{key}").toolTip()
    not_required = window.register_view.status_filters.button(Status.NOT_REQUIRED)
    assert not_required.text().startswith("Not required")
    assert NOT_REQUIRED.meaning in not_required.toolTip()


def test_the_provider_page_explains_urn_and_sccif(qtbot, window, builder):
    window.select_placement(builder.placements["Harry Irwin"])
    window.pages.provider.trigger()  # View ▸ Open provider's page
    page = window.findChild(ProviderPage)
    urn = page.values["providerUrn"]
    form: QFormLayout = next(f for f in page.findChildren(QFormLayout)
                             if f.labelForField(urn) is not None)
    assert form.labelForField(urn).text() == "URN:"
    assert form.labelForField(urn).toolTip() == URN.tooltip
    inspection = InspectionDialog(builder.db, page.provider.provider_id, as_of=window.as_of)
    qtbot.addWidget(inspection)
    social_care = inspection.inspectorate.findData("Ofsted (social care)")
    inspection.inspectorate.setCurrentIndex(social_care)
    combo = inspection.framework
    assert combo.currentText() == "SCCIF"
    assert combo.toolTip() == SCCIF.tooltip
    page.window().close()


def test_the_visit_notes_overall_judgement_explains_its_words(qtbot, window, builder):
    ensure_default_framework(builder.db)
    planned = builder.db.execute(
        "SELECT id FROM monitoring_visits WHERE status = ?", [VISIT_PLANNED]).fetchone()[0]
    note = window.visits.open_note(planned)
    picker = note.overall.rag
    assert picker.accessibleName() == "Overall judgement"
    assert picker.toolTip() == JUDGEMENT.tooltip
    assert "Outstanding" in picker.toolTip() and "Inadequate" in picker.toolTip()
    note.close()


def test_the_guardrail_exceptions_page_explains_the_words(qtbot, window):
    window.pages.guardrail.trigger()
    explanation = window.findChild(QLabel, "guardrailExplanation")
    assert explanation is not None
    assert explanation.toolTip() == GUARDRAIL_EXCEPTION.tooltip
    explanation.window().close()

