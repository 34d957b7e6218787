"""Recording an inspection by hand, from the provider's page and from the Register menu."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QPushButton, QTableView, QWidget

from placement_qa.domain.guardrail import PlacementBlocked
from placement_qa.domain.inspection import default_frameworks
from placement_qa.store import records
from placement_qa.store import register as store
from placement_qa.store.audit import change_log
from placement_qa.store.inspections import provider_inspections
from placement_qa.ui.inspection_dialog import InspectionDialog
from placement_qa.ui.pages import ProviderPage
from placement_qa.ui.register_model import COL_CHILD

AS_OF = date(2026, 11, 22)
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
LEFT = Qt.MouseButton.LeftButton


# --- a user's steps ------------------------------------------------------------------

def provider_id(db, name: str) -> int:
    return next(p.provider_id for p in records.list_providers(db) if p.name == name)


def count(db) -> tuple[int, int]:
    """Inspections and change-log rows: what a refused or cancelled dialog must not add."""
    return db["inspections"].count, len(change_log(db))


def choose(qtbot, combo: QComboBox, text: str) -> None:
    """Pick ``text`` in a combo from the keyboard: Home, then Down until it shows."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def showing(kind: type[QWidget]) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def opened(qtbot) -> InspectionDialog:
    qtbot.waitUntil(lambda: len(showing(InspectionDialog)) == 1, timeout=2000)
    [dialog] = showing(InspectionDialog)
    assert dialog.windowModality() != Qt.WindowModality.NonModal
    return dialog


def type_date(qtbot, dialog: InspectionDialog, text: str) -> None:
    dialog.inspected_on.line_edit.clear()
    qtbot.keyClicks(dialog.inspected_on.line_edit, text)


def click(qtbot, dialog: QWidget, name: str) -> None:
    qtbot.mouseClick(dialog.findChild(QPushButton, name), LEFT)


def verdict(dialog: InspectionDialog) -> str:
    return dialog.findChild(QLabel, "inspectionVerdict").text()


def date_error(dialog: InspectionDialog) -> str:
    label = dialog.findChild(QLabel, "inspectedOnError")
    return label.text() if label.isVisibleTo(dialog) else ""


def judged_column(page: ProviderPage) -> list[tuple[str, str, str]]:
    model = page.findChild(QTableView, "providerInspections").model()
    return [tuple(model.index(r, c).data() for c in (0, 2, 3)) for r in range(model.rowCount())]


@pytest.fixture
def page(qtbot, sample_db) -> ProviderPage:
    page = ProviderPage(sample_db, provider_id(sample_db, "Oakfield School"), AS_OF)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def dialog_for(qtbot, db, name: str = "Oakfield School") -> InspectionDialog:
    dialog = InspectionDialog(db, provider_id(db, name), as_of=AS_OF)
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


# --- recording ------------------------------------------------------------------------

def test_a_report_card_with_urgent_improvement_is_below_good_and_blocks_placements(
    qtbot, page, sample_db
):
    oakfield = provider_id(sample_db, "Oakfield School")
    recorded = []
    page.inspectionRecorded.connect(recorded.append)
    click(qtbot, page, "recordInspectionButton")
    dialog = opened(qtbot)
    assert dialog.findChild(QLabel, "inspectionProvider").text() == "Oakfield School"
    choose(qtbot, dialog.inspectorate, "Ofsted (education)")
    choose(qtbot, dialog.framework, "Ofsted report card 2025")
    type_date(qtbot, dialog, "03/10/2026")
    choose(qtbot, dialog.outcome_form.combo("areas", "Achievement"), "Urgent improvement")
    assert verdict(dialog) == "Below good: Achievement: Urgent improvement."
    with qtbot.waitSignal(dialog.saved) as saved:
        click(qtbot, dialog, "saveButton")

    assert recorded == [saved.args[0]]
    assert not dialog.isVisible()
    [latest, *_] = provider_inspections(sample_db, oakfield)
    assert (latest.framework, latest.inspected_on) == ("Ofsted report card 2025",
                                                      date(2026, 10, 3))
    assert latest.outcome == {"areas": {"Achievement": "Urgent improvement"}}
    assert judged_column(page)[0] == ("03/10/2026", "Below good", "Ofsted report card 2025")
    assert page.banner.concern
    assert "Achievement: Urgent improvement" in page.banner.text.text()
    child = store.add_child(sample_db, given_name="Iris", family_name="Jones")
    with pytest.raises(PlacementBlocked):
        store.add_placement(sample_db, child_id=child, provider_id=oakfield,
                            start_date=date(2026, 11, 23), arrangement="day")


def test_an_isi_standards_met_is_good_or_better(qtbot, sample_db):
    dialog = dialog_for(qtbot, sample_db)
    choose(qtbot, dialog.inspectorate, "ISI")
    assert verdict(dialog) == "No outcome chosen yet."
    choose(qtbot, dialog.outcome_form.combo("standards"), "Met")
    assert verdict(dialog) == "Good or better."
    assert not dialog.findChild(QLabel, "inspectionVerdictIcon").isVisibleTo(dialog)
    type_date(qtbot, dialog, "12/06/2026")
    click(qtbot, dialog, "saveButton")
    inspection = provider_inspections(sample_db, provider_id(sample_db, "Oakfield School"))[0]
    assert (inspection.inspectorate, inspection.framework, inspection.outcome) == (
        "ISI", "ISI 2023", {"standards": "Met"})


def test_choices_follow_the_inspectorate_and_framework(qtbot, sample_db):
    frameworks = default_frameworks()
    dialog = dialog_for(qtbot, sample_db)
    # starts from the provider's latest inspection (Ofsted EIF 2019)
    assert dialog.framework.currentText() == "Ofsted EIF 2019 (graded)"
    assert ("judgements", "Quality of education") in dialog.outcome_form.combos
    choose(qtbot, dialog.inspectorate, "ISI")
    isi = [dialog.framework.itemText(i) for i in range(dialog.framework.count())]
    assert isi == [f.name for f in frameworks.for_inspectorate("ISI")]
    assert list(dialog.outcome_form.combos) == [("standards", None)]
    standards = dialog.outcome_form.combo("standards")
    assert [standards.itemText(i) for i in range(standards.count())] == [
        "Not recorded", "Met", "Not met"]
    choose(qtbot, dialog.inspectorate, "CQC")
    choose(qtbot, dialog.framework, "CQC key lines of enquiry")
    assert list(dialog.outcome_form.combos) == [("overall", None)]
    choose(qtbot, dialog.outcome_form.combo("overall"), "Inadequate")
    assert verdict(dialog) == "Below good: Overall rating: Inadequate."
    # only inspectorates with a framework to judge by are offered
    offered = [dialog.inspectorate.itemText(i) for i in range(dialog.inspectorate.count())]
    assert offered == [i for i in frameworks.inspectorates if frameworks.for_inspectorate(i)]


# --- refused, cancelled ---------------------------------------------------------------

@pytest.mark.parametrize("typed, message", [
    ("31/02/2026", "Date of inspection: '31/02/2026' is not a real date"),
    ("23/11/2026", "Date of inspection: 23/11/2026 is after today (22/11/2026): "
                   "record an inspection once it has taken place"),
    ("", "Date of inspection: is required (DD/MM/YYYY)"),
])
def test_a_bad_date_is_refused_at_the_field_and_nothing_written(
    qtbot, sample_db, typed, message
):
    before = count(sample_db)
    dialog = dialog_for(qtbot, sample_db)
    choose(qtbot, dialog.outcome_form.combo("overall"), "Good")
    type_date(qtbot, dialog, typed)
    click(qtbot, dialog, "saveButton")
    assert date_error(dialog) == message
    assert dialog.inspected_on.line_edit.property("invalid") is True
    assert dialog.focusWidget() is dialog.inspected_on.line_edit
    assert dialog.isVisible()
    assert count(sample_db) == before


def test_nothing_judged_is_refused_at_the_form(qtbot, sample_db):
    before = count(sample_db)
    dialog = dialog_for(qtbot, sample_db)
    type_date(qtbot, dialog, "01/11/2026")
    click(qtbot, dialog, "saveButton")
    form_error = dialog.findChild(QLabel, "formError")
    assert form_error.isVisible()
    assert form_error.text().startswith("Choose at least one judgement")
    assert count(sample_db) == before


def test_cancel_writes_nothing(qtbot, sample_db):
    before = count(sample_db)
    dialog = dialog_for(qtbot, sample_db)
    choose(qtbot, dialog.outcome_form.combo("overall"), "Inadequate")
    type_date(qtbot, dialog, "01/11/2026")
    with qtbot.assertNotEmitted(dialog.saved):
        click(qtbot, dialog, "cancelButton")
    assert not dialog.isVisible()
    assert count(sample_db) == before


# --- from the Register menu ------------------------------------------------------------

def choose_row(qtbot, window, child: str) -> None:
    view = window.findChild(QTableView, "registerTable")
    model = view.model()
    row = [model.index(r, COL_CHILD).data() for r in range(model.rowCount())].index(child)
    qtbot.mouseClick(view.viewport(), LEFT,
                     pos=view.visualRect(model.index(row, COL_CHILD)).center())


def test_the_register_menu_records_for_the_chosen_rows_provider(qtbot, window, sample_db):
    register = window.menu("&Register")
    action = window.editing.record_inspection_action
    assert action in register.actions()
    assert (action.text(), action.objectName(), action.shortcut().toString()) == (
        "Record &inspection…", "actionRecordInspection", "Ctrl+Shift+N")
    choose_row(qtbot, window, "Grace Hall")
    qtbot.keyClick(window.findChild(QTableView, "registerTable"), Qt.Key.Key_N, CTRL_SHIFT)
    dialog = opened(qtbot)
    assert dialog.provider_id == provider_id(sample_db, "Oakfield School")
    choose(qtbot, dialog.outcome_form.combo("overall"), "Inadequate")
    type_date(qtbot, dialog, "01/11/2026")
    click(qtbot, dialog, "saveButton")
    assert window.statusBar().currentMessage() == (
        "Inspection of Oakfield School recorded. Below good: Overall effectiveness: Inadequate. "
        "The provider fell below good: 1 active placement flagged for an additional visit by "
        "03/01/2027.")
    line = window.register_view.current_line()
    assert line.placement.child_name == "Grace Hall"
    # as of 22/11/2026 + 6 weeks: the next visit has come forward
    assert line.next_due == date(2027, 1, 3)


def test_a_row_without_a_provider_is_told_in_the_status_bar(qtbot, window):
    choose_row(qtbot, window, "Ben Carter")  # home education: no provider
    assert window.editing.record_inspection() is None
    assert window.statusBar().currentMessage() == "Ben Carter's placement has no provider."
    assert showing(InspectionDialog) == []


def test_every_named_widget_has_an_accessible_name(qtbot, sample_db):
    dialog = dialog_for(qtbot, sample_db)
    for widget in dialog.findChildren(QWidget):
        if widget.objectName() and not widget.objectName().startswith("qt_"):
            assert widget.accessibleName(), widget.objectName()
