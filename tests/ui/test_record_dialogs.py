"""Editing children and providers, ending placements, cancelling, the Register menu:
through the real window like a user (steps in dialog_steps.py)."""

from __future__ import annotations

from datetime import date

import pytest
from dialog_steps import (
    ALT,
    CTRL,
    SHIFT,
    choose_row,
    click_save,
    current,
    error_text,
    field,
    modal,
    press,
    showing,
    shown,
    snapshot,
    table,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPushButton,
    QWidget,
)

from placement_qa.store import records
from placement_qa.store import register as store
from placement_qa.store.audit import change_log
from placement_qa.ui.child_dialog import ChildDialog
from placement_qa.ui.end_placement_dialog import EndPlacementDialog
from placement_qa.ui.placement_dialog import PlacementDialog
from placement_qa.ui.provider_dialog import ProviderDialog
from placement_qa.ui.register_model import COL_CHILD, COL_PROVIDER, COL_STATUS


def test_an_invalid_urn_is_refused_at_the_field_and_nothing_written(qtbot, window, sample_db):
    before = snapshot(sample_db)
    press(qtbot, window, Qt.Key.Key_P, CTRL | SHIFT)
    dialog = modal(qtbot, ProviderDialog)
    qtbot.keyClicks(field(dialog, "providerName"), "Meadowbank School")
    qtbot.keyClicks(field(dialog, "urn"), "12345")
    qtbot.keyClicks(field(dialog, "hostAuthority"), "Kent")
    click_save(qtbot, dialog)
    message = "URN: '12345' is not a URN: a URN is 6 digits, e.g. 123456"
    assert error_text(dialog, "urn") == message
    assert field(dialog, "urn").accessibleDescription() == message
    assert field(dialog, "urn").property("invalid") is True
    assert snapshot(sample_db) == before
    qtbot.keyClicks(field(dialog, "urn"), "6")
    click_save(qtbot, dialog)
    assert records.provider_with_urn(sample_db, "123456").name == "Meadowbank School"


def test_a_urn_already_used_is_refused_at_the_field(qtbot, window, sample_db):
    hillcrest = [p for p in records.list_providers(sample_db) if p.name == "Hillcrest House"][0]
    store.update_provider(sample_db, hillcrest.provider_id, urn="654321")
    before = snapshot(sample_db)
    dialog = window.editing.add_provider()
    qtbot.keyClicks(field(dialog, "providerName"), "Meadowbank School")
    qtbot.keyClicks(field(dialog, "urn"), "654321")
    qtbot.keyClicks(field(dialog, "hostAuthority"), "Kent")
    click_save(qtbot, dialog)
    assert error_text(dialog, "urn") == "URN: '654321' is already the URN of Hillcrest House"
    assert snapshot(sample_db) == before


def test_a_urn_taken_meanwhile_is_caught_when_saving(qtbot, window, sample_db, monkeypatch):
    """Another copy of the app saves the URN between the check and the save."""
    dialog = window.editing.add_provider()
    qtbot.keyClicks(field(dialog, "providerName"), "Meadowbank School")
    qtbot.keyClicks(field(dialog, "urn"), "777777")
    qtbot.keyClicks(field(dialog, "hostAuthority"), "Kent")
    store.add_provider(sample_db, name="Elsewhere", urn="777777",
                       provider_type="other", host_authority="Kent")
    monkeypatch.setattr("placement_qa.ui.provider_dialog.provider_with_urn",
                        lambda db, urn, _real=records.provider_with_urn: None)
    click_save(qtbot, dialog)
    assert error_text(dialog, "urn").startswith("URN: '777777' is already the URN of")
    assert [p.name for p in records.list_providers(sample_db)].count("Meadowbank School") == 0


def test_a_case_ref_differing_only_in_case_or_spaces_is_refused_at_the_field(
    qtbot, window, sample_db
):
    store.add_child(sample_db, given_name="Iris", family_name="Jones", case_ref="WB-1001")
    before = snapshot(sample_db)
    dialog = window.editing.add_child()
    qtbot.keyClicks(field(dialog, "givenName"), "Tilly")
    qtbot.keyClicks(field(dialog, "familyName"), "Young")
    qtbot.keyClicks(field(dialog, "caseRef"), " wb-1001 ")
    click_save(qtbot, dialog)
    assert error_text(dialog, "caseRef") == (
        "Case reference: 'wb-1001' is Iris Jones's case reference 'WB-1001': case and "
        "spaces do not make it another one")
    assert snapshot(sample_db) == before
    dialog.reject()


def test_a_case_ref_taken_meanwhile_in_another_case_is_caught_when_saving(
    qtbot, window, sample_db, monkeypatch
):
    """Another copy of the app saves WB-1001 between the check and the save."""
    dialog = window.editing.add_child()
    qtbot.keyClicks(field(dialog, "givenName"), "Tilly")
    qtbot.keyClicks(field(dialog, "familyName"), "Young")
    qtbot.keyClicks(field(dialog, "caseRef"), "wb-1001")
    store.add_child(sample_db, given_name="Iris", family_name="Jones", case_ref="WB-1001")
    monkeypatch.setattr("placement_qa.ui.child_dialog.child_with_case_ref",
                        lambda db, case_ref: None)
    before = snapshot(sample_db)
    click_save(qtbot, dialog)
    assert error_text(dialog, "caseRef") == (
        "Case reference: 'wb-1001' is already another child's case reference")
    assert snapshot(sample_db) == before
    dialog.reject()


# --- 4. editing, ending, the dual warning, cancelling ------------------------------------

def test_editing_a_childs_name_shows_at_once(qtbot, window, sample_db):
    choose_row(qtbot, window, "Amara Okafor")
    press(qtbot, window, Qt.Key.Key_C, CTRL | ALT)
    dialog = modal(qtbot, ChildDialog)
    assert dialog.windowTitle() == "Edit child"
    given = field(dialog, "givenName")
    assert given.text() == "Amara"
    given.selectAll()
    qtbot.keyClicks(given, "Amarachi")
    click_save(qtbot, dialog)
    assert "Amarachi Okafor" in shown(window) and "Amara Okafor" not in shown(window)
    assert current(window, COL_CHILD) == "Amarachi Okafor"
    update = change_log(sample_db, table="children")[-1]
    assert (update.operation, update.before["given_name"], update.after["given_name"]) == (
        "update", "Amara", "Amarachi")


def test_editing_a_providers_urn(qtbot, window, sample_db):
    choose_row(qtbot, window, "Amara Okafor")
    press(qtbot, window, Qt.Key.Key_P, CTRL | ALT)
    dialog = modal(qtbot, ProviderDialog)
    assert field(dialog, "providerName").text() == "Brookside School"
    qtbot.keyClicks(field(dialog, "urn"), "135790")
    click_save(qtbot, dialog)
    assert records.provider_with_urn(sample_db, "135790").name == "Brookside School"
    update = change_log(sample_db, table="providers")[-1]
    assert (update.before["urn"], update.after["urn"]) == (None, "135790")


def test_ending_a_placement_makes_it_ended(qtbot, window, sample_db):
    choose_row(qtbot, window, "Amara Okafor")
    press(qtbot, window, Qt.Key.Key_E, CTRL | SHIFT)
    dialog = modal(qtbot, EndPlacementDialog)
    assert dialog.findChild(QLabel, "endPlacementSummary").text() == (
        "Amara Okafor at Brookside School, started 01/09/2024.")
    end = field(dialog, "placementEndDateEdit")
    assert end.text() == "22/11/2026"  # the as-of date, selected to type over
    qtbot.keyClicks(end, "01/08/2024")
    click_save(qtbot, dialog)
    assert error_text(dialog, "placementEndDate") == (
        "End date: 01/08/2024 is before the start date 01/09/2024")
    end.selectAll()
    qtbot.keyClicks(end, "20/11/2026")
    click_save(qtbot, dialog)
    assert current(window, COL_CHILD) == "Amara Okafor"
    assert current(window, COL_STATUS) == "Ended"  # as of 22/11/2026


@pytest.mark.parametrize("how", ["cancel button", "escape"])
def test_cancelling_an_edit_changes_nothing(qtbot, window, sample_db, how):
    before = snapshot(sample_db)
    choose_row(qtbot, window, "Grace Hall")
    press(qtbot, window, Qt.Key.Key_Return)  # Enter on a row edits it
    dialog = modal(qtbot, PlacementDialog)
    assert dialog.windowTitle() == "Edit placement"
    assert field(dialog, "startDateEdit").text() == "01/02/2026"
    assert dialog.findChild(QWidget, "visitInterval").value() == 6
    assert not dialog.child.isEnabled()
    field(dialog, "startDateEdit").selectAll()
    qtbot.keyClicks(field(dialog, "startDateEdit"), "01/03/2026")
    dialog.provider.lineEdit().clear()
    qtbot.keyClicks(dialog.provider.lineEdit(), "Brookside School")
    if how == "escape":
        qtbot.keyClick(field(dialog, "startDateEdit"), Qt.Key.Key_Escape)
    else:
        qtbot.mouseClick(dialog.findChild(QPushButton, "cancelButton"),
                         Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not showing(PlacementDialog))
    assert snapshot(sample_db) == before
    assert current(window, COL_PROVIDER) == "Oakfield School"


def test_cancelling_new_child_and_provider_dialogs_writes_nothing(qtbot, window, sample_db):
    before = snapshot(sample_db)
    for dialog, name in ((window.editing.add_child(), "givenName"),
                         (window.editing.add_provider(), "providerName")):
        qtbot.keyClicks(field(dialog, name), "Somebody")
        qtbot.mouseClick(dialog.findChild(QPushButton, "cancelButton"),
                         Qt.MouseButton.LeftButton)
    assert snapshot(sample_db) == before


def test_double_click_edits_and_saving_an_edit_keeps_the_row_selected(
    qtbot, window, sample_db
):
    view = table(window)
    row = shown(window).index("Grace Hall")
    pos = view.visualRect(view.model().index(row, COL_CHILD)).center()
    # QTest's double-click is only the second click: a user's first press comes before it.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    dialog = modal(qtbot, PlacementDialog)
    interval = dialog.findChild(QWidget, "visitInterval")
    interval.setValue(3)
    click_save(qtbot, dialog)
    assert current(window, COL_CHILD) == "Grace Hall"
    [placement] = [p for p in records.register_placements(sample_db)
                   if p.child_name == "Grace Hall"]
    assert placement.visit_interval_months == 3


def test_ctrl_e_edits_the_chosen_placement(qtbot, window, sample_db):
    choose_row(qtbot, window, "Łukasz Nowak")
    press(qtbot, window, Qt.Key.Key_E, CTRL)
    dialog = modal(qtbot, PlacementDialog)
    assert dialog.child.currentText() == "Łukasz Nowak"
    arrangement = dialog.findChild(QComboBox, "arrangement")
    assert arrangement.currentText() == "Residential (52-week)"
    qtbot.keyClicks(field(dialog, "annualCost"), "250000")
    click_save(qtbot, dialog)
    placement = sample_db.execute(
        "SELECT annual_cost FROM placements p JOIN children c ON c.id = p.child_id "
        "WHERE c.given_name = 'Łukasz'").fetchone()
    assert placement == (250000.0,)
    assert current(window, COL_CHILD) == "Łukasz Nowak"


def test_edit_actions_need_a_row_and_say_so(qtbot, window):
    table(window).setCurrentIndex(table(window).model().index(-1, -1))
    assert window.editing.edit_child() is None
    assert window.statusBar().currentMessage().startswith("Choose a placement")


def test_the_date_field_calendar_picks_a_date(qtbot, window):
    dialog = window.editing.add_placement()
    edit = field(dialog, "startDateEdit")
    qtbot.keyClicks(edit, "05/01/2026")
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Down, ALT)
    calendar = dialog.findChild(QWidget, "startDateCalendar")
    qtbot.waitUntil(calendar.isVisible)
    assert calendar.selectedDate().toPython() == date(2026, 1, 5)
    calendar.setSelectedDate(calendar.selectedDate().addDays(3))
    calendar.activated.emit(calendar.selectedDate())  # Enter on the chosen day
    assert edit.text() == "08/01/2026"
    qtbot.waitUntil(lambda: not calendar.isVisible())


def test_register_menu_and_shortcuts(window):
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert list(menus)[:3] == ["&File", "&Register", "&View"]
    actions = {a.text(): a.shortcut().toString() for a in menus["&Register"].actions()
               if a.text()}
    assert actions == {
        "&Add placement…": "Ctrl+N", "&Edit placement…": "Ctrl+E",
        "E&nd placement…": "Ctrl+Shift+E", "Add &child…": "Ctrl+Shift+C",
        "Edit c&hild…": "Ctrl+Alt+C", "Add &provider…": "Ctrl+Shift+P",
        "Edit pro&vider…": "Ctrl+Alt+P", "Record &inspection…": "Ctrl+Shift+N",
        "Provider causing c&oncern…": "",
        "Recor&d an event…": "Ctrl+Alt+E",
    }
    row_menu = [a.text() for a in table(window).actions()]
    assert row_menu[:5] == ["&Edit placement…", "E&nd placement…", "Edit c&hild…",
                            "Edit pro&vider…", "Provider causing c&oncern…"]
    # then the visits' (test_plan_from_lists.py)


def test_add_page_action_is_a_hook_for_other_screens(qtbot, window):
    opened = []
    action = window.add_page_action("&Go", "&Somewhere else", "F9",
                                    lambda: opened.append(True))
    assert action.objectName() == "actionSomewhereelse"
    assert window.menu("&Go").actions() == [action]
    assert window.menu("&Go") is window.menu("&Go")  # found again, not added twice
    press(qtbot, window, Qt.Key.Key_F9)
    assert opened == [True]


@pytest.mark.parametrize("opener", ["add_placement", "add_child", "add_provider"])
def test_dialog_widgets_have_object_and_accessible_names(window, opener):
    dialog = getattr(window.editing, opener)()
    for widget in dialog.findChildren(QWidget):
        if widget.objectName().startswith("qt_") or not widget.objectName():
            continue
        assert widget.accessibleName(), widget.objectName()
    fields = [row.widget for row in dialog.rows.values()]
    assert all(w.objectName() and w.accessibleName() for w in fields)

