"""The guardrail in the GUI: a new placement at a below-good provider is stopped, explained,
and goes ahead only with a reason and the approving manager."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from placement_qa.domain.guardrail import EXCEPTION_REASONS, PlacementBlocked
from placement_qa.domain.inspection import Concern
from placement_qa.store import records
from placement_qa.store import register as store
from placement_qa.store.audit import change_log
from placement_qa.store.inspections import add_inspection
from placement_qa.ui.guardrail_dialog import GuardrailDialog
from placement_qa.ui.placement_dialog import PlacementDialog
from placement_qa.ui.register_model import COL_CHILD, COL_PROVIDER

EXPLANATION = (
    "Hillcrest House: Ofsted (education) inspection of 01/06/2025 (Ofsted EIF 2019 (graded)) "
    "is below good: Overall effectiveness: Inadequate. The council does not use providers "
    "below good for new placements."
)


def showing(kind: type[QWidget]) -> list[QWidget]:
    """The windows of this kind on screen now."""
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def modal(qtbot, kind: type[QWidget]) -> QWidget:
    """The one dialog of this kind on screen and modal (waiting a moment for it)."""
    qtbot.waitUntil(lambda: len(showing(kind)) == 1, timeout=2000)
    [dialog] = showing(kind)
    assert dialog.isModal() or dialog.windowModality() != Qt.WindowModality.NonModal
    return dialog


def current(window, column: int) -> str:
    view = window.findChild(QTableView, "registerTable")
    return view.currentIndex().siblingAtColumn(column).data()


def placements_of(db, child_id: int):
    return [p for p in records.register_placements(db) if p.child_id == child_id]


@pytest.fixture
def hillcrest(sample_db) -> int:
    """Hillcrest House (Good in 2019) rated Inadequate on 01/06/2025."""
    [provider] = [p for p in records.list_providers(sample_db) if p.name == "Hillcrest House"]
    add_inspection(sample_db, provider_id=provider.provider_id,
                   inspectorate="Ofsted (education)", inspected_on=date(2025, 6, 1),
                   framework="Ofsted EIF 2019 (graded)", outcome={"overall": "Inadequate"})
    return provider.provider_id


@pytest.fixture
def iris(sample_db) -> int:
    return store.add_child(sample_db, given_name="Iris", family_name="Jones")


def ask_for_hillcrest(qtbot, window) -> PlacementDialog:
    """Fill the placement dialog for Iris at Hillcrest and press Save."""
    view = window.findChild(QTableView, "registerTable")
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = modal(qtbot, PlacementDialog)
    qtbot.keyClicks(dialog.child.lineEdit(), "Iris Jones")
    qtbot.keyClicks(dialog.provider.lineEdit(), "Hillcrest House")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "startDateEdit"), "05/01/2026")
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    return dialog


def test_the_placement_dialog_warns_when_a_below_good_provider_is_chosen(
    qtbot, window, hillcrest, iris
):
    dialog = window.editing.add_placement()
    note = dialog.findChild(QLabel, "providerConcern")
    assert not note.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.provider.lineEdit(), "Hillcrest House")
    assert note.isVisibleTo(dialog)
    assert note.text().startswith("Hillcrest House is below good: Ofsted (education) "
                                  "inspection of 01/06/2025")
    dialog.provider.lineEdit().clear()
    qtbot.keyClicks(dialog.provider.lineEdit(), "Oakfield School")
    assert not note.isVisibleTo(dialog)


def test_the_guardrail_stops_the_placement_and_says_why(
    qtbot, window, sample_db, hillcrest, iris
):
    before = len(change_log(sample_db))
    ask_for_hillcrest(qtbot, window)
    guardrail = modal(qtbot, GuardrailDialog)
    assert guardrail.findChild(QLabel, "guardrailExplanation").text() == EXPLANATION
    assert placements_of(sample_db, iris) == []  # nothing written yet
    assert len(change_log(sample_db)) == before
    place = guardrail.findChild(QPushButton, "placeAnywayButton")
    assert not place.isEnabled()
    assert guardrail.findChild(QLabel, "guardrailMissing").text() == (
        "To go ahead, give the reason the placement must go ahead and name the manager "
        "who approved it.")


def test_only_a_reason_and_an_approver_let_it_through(qtbot, window, sample_db, hillcrest, iris):
    ask_for_hillcrest(qtbot, window)
    guardrail = modal(qtbot, GuardrailDialog)
    place = guardrail.findChild(QPushButton, "placeAnywayButton")
    reason = guardrail.findChild(QComboBox, "guardrailReason")
    assert [reason.itemText(i) for i in range(reason.count())] == list(EXCEPTION_REASONS)
    reason.setCurrentIndex(0)  # Tribunal order
    assert not place.isEnabled()  # a reason alone is not enough
    qtbot.mouseClick(place, Qt.MouseButton.LeftButton)
    assert placements_of(sample_db, iris) == []
    qtbot.keyClicks(guardrail.findChild(QPlainTextEdit, "guardrailDetails"),
                    "SENDIST order of 12/12/2025")
    qtbot.keyClicks(guardrail.findChild(QLineEdit, "guardrailApprover"), "Jo Manager")
    assert place.isEnabled()
    qtbot.mouseClick(place, Qt.MouseButton.LeftButton)

    [placement] = placements_of(sample_db, iris)
    stored = records.get_placement(sample_db, placement.placement_id)
    assert stored.guardrail_reason == "Tribunal order: SENDIST order of 12/12/2025"
    assert stored.guardrail_approver == "Jo Manager"
    assert "Inadequate" in stored.guardrail_concern
    assert change_log(sample_db, table="placements")[-1].after["guardrail_approver"] == (
        "Jo Manager")
    assert current(window, COL_CHILD) == "Iris Jones"  # shown in the register at once
    assert current(window, COL_PROVIDER) == "Hillcrest House"


def test_a_typed_reason_counts_too(qtbot, window, sample_db, hillcrest, iris):
    ask_for_hillcrest(qtbot, window)
    guardrail = modal(qtbot, GuardrailDialog)
    qtbot.keyClicks(guardrail.findChild(QLineEdit, "guardrailReasonEdit"),
                    "Emergency placement after a move")
    qtbot.keyClicks(guardrail.findChild(QLineEdit, "guardrailApprover"), "A. Head")
    qtbot.mouseClick(guardrail.findChild(QPushButton, "placeAnywayButton"),
                     Qt.MouseButton.LeftButton)
    [placement] = placements_of(sample_db, iris)
    assert records.get_placement(sample_db, placement.placement_id).guardrail_reason == (
        "Emergency placement after a move")


def test_cancelling_the_guardrail_writes_nothing(qtbot, window, sample_db, hillcrest, iris):
    before = (len(change_log(sample_db)), records.register_placements(sample_db))
    dialog = ask_for_hillcrest(qtbot, window)
    guardrail = modal(qtbot, GuardrailDialog)
    qtbot.keyClicks(guardrail.findChild(QLineEdit, "guardrailApprover"), "Jo Manager")
    qtbot.mouseClick(guardrail.findChild(QPushButton, "cancelButton"),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not showing(GuardrailDialog))
    error = dialog.findChild(QLabel, "placementProviderError")
    assert error.text().startswith("Provider: Hillcrest House is below good, so the placement "
                                   "was not saved")
    qtbot.mouseClick(dialog.findChild(QPushButton, "cancelButton"), Qt.MouseButton.LeftButton)
    assert (len(change_log(sample_db)), records.register_placements(sample_db)) == before


def test_a_placement_that_began_before_the_downgrade_is_not_stopped(
    qtbot, window, sample_db, hillcrest, iris
):
    dialog = window.editing.add_placement()
    qtbot.keyClicks(dialog.child.lineEdit(), "Iris Jones")
    qtbot.keyClicks(dialog.provider.lineEdit(), "Hillcrest House")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "startDateEdit"), "01/09/2024")
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    assert current(window, COL_CHILD) == "Iris Jones"
    [placement] = placements_of(sample_db, iris)
    assert records.get_placement(sample_db, placement.placement_id).guardrail_reason is None


def test_other_as_the_reason_needs_details(qtbot):
    blocked = PlacementBlocked(Concern("The provider has not been inspected yet."),
                               ["give the reason"])
    dialog = GuardrailDialog("New Horizons", blocked)
    qtbot.addWidget(dialog)
    assert dialog.findChild(QLabel, "guardrailExplanation").text() == (
        "New Horizons: The provider has not been inspected yet. The council does not use "
        "providers below good for new placements.")
    reason = dialog.findChild(QComboBox, "guardrailReason")
    reason.setCurrentIndex(len(EXCEPTION_REASONS) - 1)  # Other (explained in the notes)
    qtbot.keyClicks(dialog.findChild(QLineEdit, "guardrailApprover"), "Jo Manager")
    place = dialog.findChild(QPushButton, "placeAnywayButton")
    assert not place.isEnabled()
    assert "explain the reason in the details" in dialog.findChild(
        QLabel, "guardrailMissing").text()
    qtbot.keyClicks(dialog.findChild(QPlainTextEdit, "guardrailDetails"), "Sibling there")
    assert place.isEnabled()
    assert dialog.exception().reason == "Other (explained in the notes): Sibling there"
