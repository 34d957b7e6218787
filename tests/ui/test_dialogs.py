"""Adding placements through the dialog, driven like a user through the real window:
press the shortcut, take the dialog that is now modal, type, click, then check what
the register view and the register file show (steps in dialog_steps.py)."""

from __future__ import annotations

from datetime import date

import pytest
from dialog_steps import (
    CTRL,
    click_save,
    current,
    error_text,
    field,
    fill_placement,
    modal,
    press,
    shown,
    snapshot,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from placement_qa.store import records
from placement_qa.store import register as store
from placement_qa.store.audit import change_log
from placement_qa.ui.child_dialog import ChildDialog
from placement_qa.ui.placement_dialog import PlacementDialog
from placement_qa.ui.register_model import COL_CHILD, COL_PROVIDER, COL_STATUS


@pytest.fixture
def iris(sample_db) -> int:
    return store.add_child(sample_db, given_name="Iris", family_name="Jones")


# --- 1. adding a placement ----------------------------------------------------------

def test_adding_a_placement_puts_it_in_the_register(qtbot, window, sample_db, iris):
    press(qtbot, window, Qt.Key.Key_N, CTRL)
    dialog = modal(qtbot, PlacementDialog)
    assert dialog.windowTitle() == "Add placement"
    fill_placement(qtbot, dialog, child="Iris Jones", provider="Oakfield School",
                   start="05/01/2026")
    qtbot.keyClicks(field(dialog, "annualCost"), "£85,000")
    click_save(qtbot, dialog)

    assert "Iris Jones" in shown(window)
    assert current(window, COL_CHILD) == "Iris Jones"  # the new row is selected
    assert current(window, COL_PROVIDER) == "Oakfield School"
    assert window.statusBar().currentMessage() == "Iris Jones's placement added."
    [placement] = [p for p in records.register_placements(sample_db) if p.child_id == iris]
    stored = records.get_placement(sample_db, placement.placement_id)
    assert (stored.start_date, stored.annual_cost, stored.visit_interval_months) == (
        date(2026, 1, 5), 85000.0, 12)
    assert change_log(sample_db)[-1].after["start_date"] == "2026-01-05"


def test_a_child_is_found_by_typing_part_of_a_name_with_accents(
    qtbot, window, sample_db, type_text
):
    dialog = window.editing.add_placement()
    type_text(dialog.child.lineEdit(), "zoë brennan")  # any case: matched ignoring it
    qtbot.keyClicks(dialog.provider.lineEdit(), "oakfield school")
    qtbot.keyClicks(field(dialog, "startDateEdit"), "2026-01-05")  # ISO is fine too
    click_save(qtbot, dialog)
    question = modal(qtbot, QMessageBox)  # Zoë is placed at Riverside already
    qtbot.mouseClick(question.findChild(QPushButton, "dualYesButton"), Qt.MouseButton.LeftButton)
    assert shown(window).count("Zoë Brennan") == 2


def test_awaiting_provision_needs_no_provider_and_asks_when_the_need_was_found(
    qtbot, window, sample_db, iris
):
    dialog = window.editing.add_placement()
    status = dialog.findChild(QComboBox, "placementStatus")
    status.setFocus()
    qtbot.keyClick(status, Qt.Key.Key_Down)  # Placed -> Awaiting provision
    assert dialog.findChild(QLabel, "startDateLabel").text() == "&Need identified on:"
    interim = dialog.findChild(QWidget, "interimSupport")
    assert interim.isVisible()
    qtbot.keyClicks(dialog.child.lineEdit(), "Iris Jones")
    qtbot.keyClicks(field(dialog, "startDateEdit"), "31/02/2026")
    click_save(qtbot, dialog)
    assert error_text(dialog, "startDate") == (
        "Need identified on: '31/02/2026' is not a real date")
    field(dialog, "startDateEdit").clear()
    qtbot.keyClicks(field(dialog, "startDateEdit"), "01/10/2026")
    qtbot.keyClicks(interim, "Tutoring 10 hours a week")
    click_save(qtbot, dialog)
    assert current(window, COL_CHILD) == "Iris Jones"
    assert current(window, COL_PROVIDER) == "Awaiting provision"
    assert current(window, COL_STATUS) == "Awaiting provision"


def test_elective_home_education_has_no_provider(qtbot, window, iris):
    dialog = window.editing.add_placement()
    arrangement = dialog.findChild(QComboBox, "arrangement")
    arrangement.setCurrentIndex(arrangement.findData("elective_home_education"))
    assert not dialog.provider.isEnabled()
    assert dialog.provider.lineEdit().placeholderText() == "None — elective home education"
    qtbot.keyClicks(dialog.child.lineEdit(), "Iris Jones")
    qtbot.keyClicks(field(dialog, "startDateEdit"), "05/01/2026")
    click_save(qtbot, dialog)
    assert current(window, COL_PROVIDER) == "Elective home education"


def test_new_child_from_the_placement_dialog_is_chosen_at_once(
    qtbot, window, sample_db, type_text
):
    dialog = window.editing.add_placement()
    qtbot.mouseClick(dialog.findChild(QPushButton, "newChildButton"), Qt.MouseButton.LeftButton)
    child_dialog = modal(qtbot, ChildDialog)
    type_text(field(child_dialog, "givenName"), "Ayşe")
    type_text(field(child_dialog, "familyName"), "Yılmaz")
    qtbot.keyClicks(field(child_dialog, "caseRef"), "WB000123")
    click_save(qtbot, child_dialog)
    assert dialog.child.currentText() == "Ayşe Yılmaz · WB000123"
    qtbot.keyClicks(dialog.provider.lineEdit(), "Brookside School")
    qtbot.keyClicks(field(dialog, "startDateEdit"), "05/01/2026")
    click_save(qtbot, dialog)
    assert current(window, COL_CHILD) == "Ayşe Yılmaz"


# --- 2. refused at the field ---------------------------------------------------------

def test_an_impossible_date_is_refused_at_the_field_and_nothing_written(
    qtbot, window, sample_db, iris
):
    before = snapshot(sample_db)
    dialog = window.editing.add_placement()
    fill_placement(qtbot, dialog, child="Iris Jones", provider="Oakfield School",
                   start="31/02/2026")
    qtbot.keyClicks(field(dialog, "endDateEdit"), "1/1/2026")
    click_save(qtbot, dialog)

    message = "Start date: '31/02/2026' is not a real date"
    assert error_text(dialog, "startDate") == message
    edit = field(dialog, "startDateEdit")
    assert edit.accessibleDescription() == message
    assert edit.property("invalid") is True
    assert dialog.findChild(QLabel, "startDateErrorIcon").isVisible()  # not colour alone
    assert dialog.focusWidget() is edit
    assert error_text(dialog, "endDate") == ""  # checked against a start it does not have
    assert dialog.isVisible()
    assert snapshot(sample_db) == before


def test_an_end_before_the_start_and_an_unknown_provider_are_refused(
    qtbot, window, sample_db, iris
):
    before = snapshot(sample_db)
    dialog = window.editing.add_placement()
    fill_placement(qtbot, dialog, child="Iris Jones", provider="Nowhere Academy",
                   start="05/01/2026")
    qtbot.keyClicks(field(dialog, "endDateEdit"), "04/01/2026")
    qtbot.keyClicks(field(dialog, "annualCost"), "lots")
    click_save(qtbot, dialog)
    assert error_text(dialog, "endDate") == (
        "End date: 04/01/2026 is before the start date 05/01/2026")
    assert error_text(dialog, "placementProvider").startswith(
        "Provider: 'Nowhere Academy' is not in the register")
    assert error_text(dialog, "annualCost").startswith("Annual cost: 'lots' is not an amount")
    assert snapshot(sample_db) == before
    # Put right, the messages go and the placement is saved.
    dialog.provider.lineEdit().clear()
    qtbot.keyClicks(dialog.provider.lineEdit(), "Oakfield School")
    field(dialog, "endDateEdit").clear()
    field(dialog, "annualCost").clear()
    click_save(qtbot, dialog)
    assert current(window, COL_CHILD) == "Iris Jones"


def test_the_dual_placement_warning_asks_and_no_writes_nothing(qtbot, window, sample_db):
    before = snapshot(sample_db)
    dialog = window.editing.add_placement()
    dialog.child.setCurrentIndex(dialog.child.findText("Harry Irwin"))  # picked from the list
    qtbot.keyClicks(dialog.provider.lineEdit(), "Oakfield School")
    qtbot.keyClicks(field(dialog, "startDateEdit"), "05/01/2026")
    click_save(qtbot, dialog)
    question = modal(qtbot, QMessageBox)
    assert question.objectName() == "dualPlacementQuestion"
    assert question.text() == ("Harry Irwin already has an active placement at Hillcrest House "
                               "(since 08/01/2024). Add a second (dual) placement?")
    assert question.defaultButton() is question.findChild(QPushButton, "dualNoButton")
    qtbot.mouseClick(question.findChild(QPushButton, "dualNoButton"), Qt.MouseButton.LeftButton)
    assert snapshot(sample_db) == before
    assert dialog.isVisible()  # back to the form
    click_save(qtbot, dialog)
    question = modal(qtbot, QMessageBox)
    qtbot.mouseClick(question.findChild(QPushButton, "dualYesButton"), Qt.MouseButton.LeftButton)
    assert shown(window).count("Harry Irwin") == 2


def test_a_child_whose_placement_has_ended_is_not_asked(qtbot, window, sample_db):
    dialog = window.editing.add_placement()
    dialog.child.setCurrentIndex(dialog.child.findText("Ella Fraser"))  # ended 20/07/2026
    qtbot.keyClicks(dialog.provider.lineEdit(), "Oakfield School")
    qtbot.keyClicks(field(dialog, "startDateEdit"), "01/09/2026")
    click_save(qtbot, dialog)
    assert shown(window).count("Ella Fraser") == 2


