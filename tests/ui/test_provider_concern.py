"""A manager marks a provider as causing concern on its page, and lifts it: the next
visits come forward and go back, the page shows it, and a new placement there goes
through the guardrail as at a below-good provider."""

from __future__ import annotations

from datetime import date

import pytest
from dialog_steps import modal
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTableView
from visit_note_steps import planned_visit

from placement_qa.domain import dashboard as d
from placement_qa.domain.officers import officer_called
from placement_qa.store import records
from placement_qa.store import register as store
from placement_qa.store.concerns import set_concern
from placement_qa.store.officers import add_officer, list_officers
from placement_qa.store.outbox import SERVER, write_state
from placement_qa.ui.concern_dialogs import LiftConcernDialog, SetConcernDialog
from placement_qa.ui.current_officer import set_my_officer
from placement_qa.ui.dashboard.list_model import COL_DUE, COL_PROVIDER, COL_SUBJECT
from placement_qa.ui.guardrail_dialog import GuardrailDialog
from placement_qa.ui.pages import ProviderPage
from placement_qa.ui.pages.provider_page import COL_C_DUE, COL_C_STATUS
from placement_qa.ui.placement_dialog import PlacementDialog
from placement_qa.ui.register_model import COL_STATUS


@pytest.fixture
def hillcrest(sample_db) -> int:
    [provider] = [p for p in records.list_providers(sample_db) if p.name == "Hillcrest House"]
    return provider.provider_id


def lukasz(page) -> tuple[str, str]:
    """Łukasz Nowak's next due date and status on the page (visited 15/06/2026)."""
    model = page.placements_model
    [row] = [r for r in range(model.rowCount())
             if model.row_at(r).placement.child_name == "Łukasz Nowak"]
    return (model.index(row, COL_C_DUE).data(), model.index(row, COL_C_STATUS).data())


def fill(qtbot, dialog, reason: str, day: str, **dates: str) -> None:
    qtbot.keyClicks(dialog.reason, reason)
    day_edit = dialog.day.line_edit
    day_edit.clear()
    qtbot.keyClicks(day_edit, day)
    for name, text in dates.items():
        qtbot.keyClicks(dialog.findChild(QLineEdit, name), text)
    qtbot.keyClicks(dialog.manager, "Jo Manager")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_set_on_the_page_brings_the_visit_forward_and_lifting_restores_it(
        qtbot, sample_db, hillcrest, as_of):
    page = ProviderPage(sample_db, hillcrest, as_of)
    qtbot.addWidget(page)
    page.show()
    assert lukasz(page) == ("15/06/2027", "In schedule")
    assert not page.concern_panel.banner.isVisibleTo(page)
    lift = page.findChild(QPushButton, "liftConcernButton")
    assert not lift.isVisibleTo(page)

    qtbot.mouseClick(page.findChild(QPushButton, "setConcernButton"), Qt.MouseButton.LeftButton)
    dialog = modal(qtbot, SetConcernDialog)
    fill(qtbot, dialog, "Two restraints not recorded", "01/08/2026",
         setConcernDialogReviewEdit="01/11/2026")
    qtbot.waitUntil(lambda: not dialog.isVisible())

    assert lukasz(page) == ("01/11/2026", "Overdue · provider causing concern")  # +3 months
    banner = page.concern_panel.banner
    assert banner.isVisibleTo(page) and banner.concern
    assert banner.text.text().startswith(
        "Provider causing concern since 01/08/2026: Two restraints not recorded. Due for "
        "review: the review date (01/11/2026) has come.")
    set_line = ("01/08/2026 — Cause for concern set: Two restraints not recorded "
                "(review by 01/11/2026) — by Jo Manager")
    assert set_line in page.history_lines()

    qtbot.mouseClick(lift, Qt.MouseButton.LeftButton)
    dialog = modal(qtbot, LiftConcernDialog)
    fill(qtbot, dialog, "Records now kept", "20/11/2026")
    qtbot.waitUntil(lambda: not dialog.isVisible())

    assert lukasz(page) == ("15/06/2027", "In schedule")
    assert not banner.isVisibleTo(page)
    assert {set_line, "20/11/2026 — Cause for concern lifted: Records now kept — by Jo Manager"
            } <= set(page.history_lines())


def test_setting_it_without_a_reason_says_so_and_writes_nothing(qtbot, sample_db, hillcrest,
                                                                as_of):
    page = ProviderPage(sample_db, hillcrest, as_of)
    qtbot.addWidget(page)
    page.show()
    dialog = page.concern_panel.set_concern()
    fill(qtbot, dialog, "", "01/08/2026", setConcernDialogReviewEdit="01/11/2026")
    assert dialog.isVisible()
    assert "Give the reason for concern." in dialog.findChild(QLabel, "formError").text()
    assert lukasz(page) == ("15/06/2027", "In schedule")
    dialog.reject()


def test_a_new_placement_there_needs_a_reason_and_an_approver(qtbot, window, sample_db,
                                                               hillcrest):
    set_concern(sample_db, hillcrest, reason="Two restraints not recorded",
                since=date(2026, 8, 1), review_on=date(2026, 12, 1), by="Jo Manager")
    iris = store.add_child(sample_db, given_name="Iris", family_name="Jones")
    dialog = window.editing.add_placement()
    qtbot.keyClicks(dialog.child.lineEdit(), "Iris Jones")
    qtbot.keyClicks(dialog.provider.lineEdit(), "Hillcrest House")
    assert dialog.findChild(QLabel, "providerConcern").text().startswith(
        "Hillcrest House is causing concern: Provider causing concern since 01/08/2026: "
        "Two restraints not recorded.")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "startDateEdit"), "01/12/2026")
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    guardrail = modal(qtbot, GuardrailDialog)
    assert guardrail.findChild(QLabel, "guardrailHeading").accessibleName() == (
        "Hillcrest House is causing concern")
    place = guardrail.findChild(QPushButton, "placeAnywayButton")
    assert not place.isEnabled()
    qtbot.keyClicks(guardrail.findChild(QLineEdit, "guardrailReasonEdit"), "Tribunal order")
    qtbot.keyClicks(guardrail.findChild(QLineEdit, "guardrailApprover"), "Jo Manager")
    qtbot.mouseClick(place, Qt.MouseButton.LeftButton)
    [placement] = [p for p in records.register_placements(sample_db) if p.child_id == iris]
    stored = records.get_placement(sample_db, placement.placement_id)
    assert (stored.guardrail_reason, stored.guardrail_approver) == ("Tribunal order",
                                                                    "Jo Manager")
    assert stored.guardrail_concern == (
        "Provider causing concern since 01/08/2026: Two restraints not recorded.")
    assert isinstance(dialog, PlacementDialog)


def test_the_register_and_the_dashboard_show_it(qtbot, open_window, sample_db, hillcrest):
    set_concern(sample_db, hillcrest, reason="Two restraints not recorded",
                since=date(2026, 8, 1), review_on=date(2026, 11, 1), by="Jo Manager")
    window = open_window(sample_db)
    qtbot.waitUntil(lambda: window.dashboard.figures is not None
                    and not window.dashboard.working, timeout=10_000)
    tile = window.findChild(QPushButton, f"tile_{d.CAUSING_CONCERN}")
    assert tile.accessibleName() == "Providers causing concern: 1, 1 due for review"
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    model = window.findChild(QTableView, "dashboardList").model()
    assert [[model.index(0, c).data() for c in (COL_PROVIDER, COL_SUBJECT, COL_DUE)]] == [
        ["Hillcrest House", "Since 01/08/2026: Two restraints not recorded · due for review",
         "01/11/2026"]]
    assert model.rowCount() == 1

    register = window.register_view.model
    statuses = {register.line_at(row).placement.child_name:
                register.index(row, COL_STATUS).data() for row in range(register.rowCount())}
    assert statuses["Łukasz Nowak"] == "Overdue · provider causing concern"
    assert statuses["Harry Irwin"] == (
        "Overdue · provider causing concern · planned 10/12/2026, after the due date")
    assert statuses["Grace Hall"] == "In schedule"


def test_the_visit_note_window_says_the_provider_is_causing_concern(qtbot, builder,
                                                                    open_window):
    oakfield, visit_id, _ = planned_visit(builder)
    set_concern(builder.db, oakfield, reason="Restraints & exclusions not reported",
                since=date(2026, 10, 1), review_on=date(2027, 1, 1), by="Jo Manager")
    window = open_window(builder.db)
    note = window.visits.open_note(visit_id)
    qtbot.waitExposed(note)
    assert ("<b>Provider causing concern since 01/10/2026: Restraints &amp; exclusions not "
            "reported</b>") in note.findChild(QLabel, "visitHeader").text()


def test_from_the_register_menu_on_the_chosen_row(qtbot, window, sample_db):
    window.select_placement(window_placement(window, "Łukasz Nowak"))
    window.concerns.concern_action.trigger()
    dialog = modal(qtbot, SetConcernDialog)
    assert dialog.summary.text() == "Hillcrest House"
    fill(qtbot, dialog, "Complaints", "01/08/2026", setConcernDialogReviewEdit="01/12/2026")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.statusBar().currentMessage() == "Cause for concern about Hillcrest House set."
    line = window.register_view.current_line()
    assert (line.placement.child_name, line.next_due) == ("Łukasz Nowak", date(2026, 11, 1))
    window.concerns.concern_action.trigger()
    dialog = modal(qtbot, LiftConcernDialog)
    fill(qtbot, dialog, "Resolved", "20/11/2026")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.register_view.current_line().next_due == date(2027, 6, 15)


def window_placement(window, child: str) -> int:
    return next(line.placement.placement_id for line in window.lines
                if line.placement.child_name == child)


def test_on_a_team_register_only_a_manager_may_set_or_lift_it(qtbot, sample_db, hillcrest,
                                                              as_of):
    write_state(sample_db, {SERVER: "host=team.example dbname=placements"})
    page = ProviderPage(sample_db, hillcrest, as_of)
    qtbot.addWidget(page)
    set_button = page.findChild(QPushButton, "setConcernButton")
    assert not set_button.isEnabled()
    assert set_button.toolTip().startswith("Only a manager may set or lift a cause for concern")
    officers = [add_officer(sample_db, name=name, initials=initials, role=role)
                for name, initials, role in (("Amira Khan", "AK", "officer"),
                                             ("Jo Manager", "JM", "manager"))]
    set_my_officer(sample_db, officer_called(list_officers(sample_db),
                                             uuid_of(sample_db, officers[0])))
    page.refresh()
    assert not set_button.isEnabled()
    set_my_officer(sample_db, officer_called(list_officers(sample_db),
                                             uuid_of(sample_db, officers[1])))
    page.refresh()
    assert set_button.isEnabled()
    assert page.concern_panel.set_concern().manager.text() == "Jo Manager"


def uuid_of(db, officer_id: int) -> str:
    return db["officers"].get(officer_id)["uuid"]
