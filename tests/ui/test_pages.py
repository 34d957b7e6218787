"""The child's and provider's pages and the two lists, as a user sees them."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from placement_qa.domain.guardrail import GuardrailException
from placement_qa.domain.pages import NotInRegister
from placement_qa.domain.register import (
    AWAITING_PROVISION,
    ELECTIVE_HOME_EDUCATION,
    RESIDENTIAL_52_WEEK,
    VISIT_CANCELLED,
    VISIT_COMPLETED,
    VISIT_PLANNED,
)
from placement_qa.store.inspections import add_inspection
from placement_qa.store.register import add_child, add_placement, add_provider
from placement_qa.store.visits import add_visit
from placement_qa.ui.pages import (
    AwaitingProvisionList,
    ChildPage,
    GuardrailExceptionsList,
    ProviderPage,
    open_awaiting_provision,
    open_child_page,
    open_guardrail_exceptions,
    open_provider_page,
)
from placement_qa.ui.pages.table_model import FLAG_MARKER, Column, RecordTableModel

D = date
ROLE = Qt.ItemDataRole


def cells(table) -> list[list[str]]:
    model = table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def label(widget, name: str) -> QLabel:
    found = widget.findChild(QLabel, name)
    assert found is not None, name
    return found


def below_good(db, name="Hawthorn Lodge") -> int:
    provider_id = add_provider(db, name=name, provider_type="independent_special",
                               host_authority="Kent", urn="123456", address="1 Lodge Lane, Ash",
                               postcode="TN1 2AB", arrangements="day_and_residential")
    add_inspection(db, provider_id=provider_id, inspectorate="Ofsted (education)",
                   inspected_on=D(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    add_inspection(db, provider_id=provider_id, inspectorate="Ofsted (education)",
                   inspected_on=D(2025, 3, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Requires improvement"})
    return provider_id


@pytest.fixture
def register(builder):
    """Zoë at Hillcrest (overdue review, two placements); Hawthorn below good with actions."""
    db = builder.db
    hillcrest = builder.provider("Hillcrest House")
    oakfield = builder.provider("Oakfield School")
    zoe = add_child(db, given_name="Zoë", family_name="Brennan", date_of_birth=D(2012, 2, 29),
                    case_ref="WB000123", primary_need="ASD", ehcp_last_review=D(2025, 10, 1),
                    ehcp_next_review_due=D(2026, 10, 1))
    earlier = add_placement(db, child_id=zoe, provider_id=oakfield, start_date=D(2019, 9, 2),
                            end_date=D(2023, 7, 21), arrangement="day")
    current = add_placement(db, child_id=zoe, provider_id=hillcrest, start_date=D(2023, 9, 4),
                            arrangement=RESIDENTIAL_52_WEEK)
    add_visit(db, provider_id=oakfield, visit_date=D(2022, 6, 1), placement_ids=[earlier],
              status=VISIT_COMPLETED, visitors="Tom Hughes")
    add_visit(db, provider_id=hillcrest, visit_date=D(2025, 11, 30), placement_ids=[current],
              status=VISIT_COMPLETED, visitors="Grace Adeyemi, Imran Qureshi")
    add_visit(db, provider_id=hillcrest, visit_date=D(2026, 12, 10), placement_ids=[current],
              status=VISIT_PLANNED)
    hawthorn = below_good(db)
    amara = add_child(db, given_name="Amara", family_name="Okafor")
    add_placement(db, child_id=amara, provider_id=hawthorn, start_date=D(2026, 9, 7),
                  arrangement="day", guardrail=GuardrailException("Tribunal order", "J. Okonjo"))
    add_visit(db, provider_id=hawthorn, visit_date=D(2026, 10, 1), placement_ids=[],
              status=VISIT_CANCELLED, visitors="Tom Hughes")
    with db.atomic():
        db["follow_up_actions"].insert_all([
            {"provider_id": hawthorn, "description": "Send the restraint log",
             "owner": "Head teacher", "due_date": "2026-10-15", "status": "open"},
            {"provider_id": hawthorn, "description": "Update the curriculum plan",
             "owner": "SENCO", "due_date": "2027-01-31", "status": "open"},
            {"provider_id": hawthorn, "description": "Closed already", "owner": "SENCO",
             "due_date": "2026-01-31", "status": "done"},
        ])
    return dict(db=db, zoe=zoe, amara=amara, hillcrest=hillcrest, hawthorn=hawthorn)


# --- the child's page ----------------------------------------------------------


def test_child_page_shows_who_the_child_is(qtbot, register, as_of):
    page = ChildPage(register["db"], register["zoe"], as_of)
    qtbot.addWidget(page)
    assert page.heading.text() == "Zoë Brennan"
    assert label(page, "childDateOfBirth").text() == "29/02/2012 (age 14)"
    assert label(page, "childCaseRef").text() == "WB000123"
    assert label(page, "childPrimaryNeed").text() == "Autistic spectrum disorder (ASD)"
    assert label(page, "childLastReview").text() == "01/10/2025"
    assert label(page, "childNextReview").text() == "01/10/2026"


def test_an_overdue_review_is_flagged_in_words_and_with_an_icon(qtbot, register, as_of):
    page = ChildPage(register["db"], register["zoe"], as_of)
    qtbot.addWidget(page)
    flag = page.review_flag
    assert flag.isVisibleTo(page)
    assert flag.text.text() == "Overdue" and flag.text.font().bold()
    assert not flag.icon.pixmap().isNull()
    assert "12 months after the last" in flag.toolTip()


def test_a_review_in_time_is_not_flagged(qtbot, register):
    page = ChildPage(register["db"], register["zoe"], D(2026, 6, 1))
    qtbot.addWidget(page)
    assert not page.review_flag.isVisibleTo(page)
    assert label(page, "childReviewNote").text() == "In time"


def test_no_review_recorded_is_flagged(qtbot, register, as_of):
    page = ChildPage(register["db"], register["amara"], as_of)
    qtbot.addWidget(page)
    assert label(page, "childLastReview").text() == "Not recorded"
    assert label(page, "childNextReview").text() == "Not known"
    assert page.review_flag.isVisibleTo(page)
    assert page.review_flag.text.text() == "No review recorded"


def test_child_page_lists_placements_and_visits(qtbot, register, as_of):
    page = ChildPage(register["db"], register["zoe"], as_of)
    qtbot.addWidget(page)
    assert cells(page.placements_table) == [
        ["Hillcrest House", "Residential (52-week)", "04/09/2023", "",
         "Due soon · planned 10/12/2026, after the due date"],
        ["Oakfield School", "Day", "02/09/2019", "21/07/2023", "Ended"],
    ]
    assert cells(page.visits_table) == [
        ["10/12/2026", "Hillcrest House", "Annual monitoring", "Planned", ""],
        ["30/11/2025", "Hillcrest House", "Annual monitoring", "Completed",
         "Grace Adeyemi, Imran Qureshi"],
        ["01/06/2022", "Oakfield School", "Annual monitoring", "Completed", "Tom Hughes"],
    ]
    assert page.placements_title.text() == "&Placements (2)"
    assert page.visits_title.text() == "Monitoring &visits that covered Zoë (3)"


def test_home_education_and_awaiting_show_in_words(qtbot, builder, as_of):
    db = builder.db
    child_id = add_child(db, given_name="Ben", family_name="Carter")
    add_placement(db, child_id=child_id, provider_id=None, start_date=D(2025, 1, 6),
                  end_date=D(2025, 4, 30), arrangement="day", state=AWAITING_PROVISION)
    add_placement(db, child_id=child_id, provider_id=None, start_date=D(2025, 5, 1),
                  arrangement=ELECTIVE_HOME_EDUCATION)
    page = ChildPage(db, child_id, as_of)
    qtbot.addWidget(page)
    assert [row[0] for row in cells(page.placements_table)] == [
        "Elective home education", "Awaiting provision"]


# --- the provider's page ---------------------------------------------------------


def test_provider_page_details_and_below_good_banner(qtbot, register, as_of):
    page = ProviderPage(register["db"], register["hawthorn"], as_of)
    qtbot.addWidget(page)
    assert page.heading.text() == "Hawthorn Lodge"
    assert label(page, "providerUrn").text() == "123456"
    assert label(page, "providerType").text() == "Independent special school"
    assert label(page, "providerHostAuthority").text() == "Kent"
    assert label(page, "providerAddress").text() == "1 Lodge Lane, Ash, TN1 2AB"
    assert label(page, "providerArrangements").text() == "Day and residential"
    assert page.banner.concern and page.banner.icon.isVisibleTo(page)
    text = page.banner.text.text()
    assert "is below good: Overall effectiveness: Requires improvement" in text
    assert "01/03/2025" in text


def test_inspection_history_flags_below_good_rows(qtbot, register, as_of):
    page = ProviderPage(register["db"], register["hawthorn"], as_of)
    qtbot.addWidget(page)
    table = page.tables["providerInspections"]
    assert cells(table) == [
        ["01/03/2025", "Ofsted (education)", "Below good", "Ofsted EIF 2019 (graded)",
         "Requires improvement"],
        ["01/05/2019", "Ofsted (education)", "Good or better", "Ofsted EIF 2019 (graded)",
         "Good"],
    ]
    model = table.model()
    flagged, good = model.index(0, 2), model.index(1, 2)
    assert flagged.data(ROLE.FontRole).bold() and flagged.data(ROLE.DecorationRole) is not None
    assert good.data(ROLE.FontRole) is None and good.data(ROLE.DecorationRole) is None
    assert flagged.data(ROLE.ToolTipRole) == "Overall effectiveness: Requires improvement"


def test_a_good_provider_has_a_clear_banner(qtbot, register, as_of):
    page = ProviderPage(register["db"], register["hillcrest"], as_of)
    qtbot.addWidget(page)
    assert not page.banner.concern and not page.banner.icon.isVisibleTo(page)
    assert page.banner.text.text() == (
        "Good or better at the latest inspection (Ofsted (education) 01/05/2019: Good).")


def test_provider_page_placements_visits_and_actions(qtbot, register, as_of):
    page = ProviderPage(register["db"], register["hawthorn"], as_of)
    qtbot.addWidget(page)
    assert cells(page.tables["providerPlacements"]) == [
        ["Amara Okafor", "Day", "07/09/2026", "", "07/09/2027", "In schedule"]]
    assert cells(page.tables["providerVisits"]) == [
        ["01/10/2026", "Annual monitoring", "Cancelled", "Tom Hughes", "0"]]
    actions = page.tables["providerActions"]
    assert cells(actions) == [
        ["15/10/2026", "Overdue", "Head teacher", "Send the restraint log"],
        ["31/01/2027", "Open", "SENCO", "Update the curriculum plan"],
    ]
    assert actions.model().index(0, 1).data(ROLE.FontRole).bold()
    assert [page.tabs.tabText(i) for i in range(4)] == [
        "&Inspections (2)", "Current &placements (1)", "&Visits (1)",
        "Open &actions (2, 1 overdue)"]


# --- the lists -----------------------------------------------------------------------


def awaiting(db, name: str, since: date, interim: str | None) -> int:
    given, _, family = name.partition(" ")
    child_id = add_child(db, given_name=given, family_name=family, case_ref=f"WB{since:%y%m%d}")
    add_placement(db, child_id=child_id, provider_id=None, start_date=since, arrangement="day",
                  state=AWAITING_PROVISION, interim_support=interim)
    return child_id


@pytest.fixture
def waiting_db(builder):
    db = builder.db
    awaiting(db, "Chloe Davies", D(2026, 9, 1), "Tuition 10 hours a week")
    awaiting(db, "Ali Khan", D(2026, 1, 10), "Outreach teacher")
    awaiting(db, "Maya Patel", D(2026, 6, 1), None)
    return db


def test_awaiting_list_longest_wait_first(qtbot, waiting_db, as_of):
    page = AwaitingProvisionList(waiting_db, as_of)
    qtbot.addWidget(page)
    assert page.heading.text() == "3 children awaiting specialist provision as of 22/11/2026"
    assert cells(page.table) == [
        ["Ali Khan", "WB260110", "10/01/2026", "45", "Outreach teacher"],
        ["Maya Patel", "WB260601", "01/06/2026", "24", "None recorded"],
        ["Chloe Davies", "WB260901", "01/09/2026", "11", "Tuition 10 hours a week"],
    ]


def test_awaiting_list_sorts_by_any_column(qtbot, waiting_db, as_of):
    page = AwaitingProvisionList(waiting_db, as_of)
    qtbot.addWidget(page)
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [row[0] for row in cells(page.table)] == ["Ali Khan", "Chloe Davies", "Maya Patel"]
    page.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    assert [row[3] for row in cells(page.table)] == ["11", "24", "45"]  # numbers, not text


def test_guardrail_exceptions_list(qtbot, register):
    page = GuardrailExceptionsList(register["db"])
    qtbot.addWidget(page)
    assert page.heading.text() == "1 placement made as a guardrail exception"
    [row] = cells(page.table)
    assert row[:5] == ["Amara Okafor", "Hawthorn Lodge", "07/09/2026", "Tribunal order",
                       "J. Okonjo"]
    assert "Requires improvement" in row[5]


# --- table models and windows ----------------------------------------------------------


def test_every_page_model_passes_qt_checks(qtbot, qtmodeltester, register, waiting_db, as_of):
    db = register["db"]
    child = ChildPage(db, register["zoe"], as_of)
    provider = ProviderPage(db, register["hawthorn"], as_of)
    lists = [AwaitingProvisionList(waiting_db, as_of), GuardrailExceptionsList(db)]
    for page in (child, provider, *lists):
        qtbot.addWidget(page)
    models = [child.placements_model, child.visits_model, provider.inspections_model,
              provider.placements_model, provider.visits_model, provider.actions_model,
              *(page.model for page in lists)]
    for model in models:
        qtmodeltester.check(model)
        model.sort(0, Qt.SortOrder.DescendingOrder)
        qtmodeltester.check(model)
    qtmodeltester.check(RecordTableModel([Column("A", str)]))


def test_a_flag_without_an_icon_is_marked_in_the_text(qtbot):
    model = RecordTableModel([Column("Status", str)], flagged=lambda r: r == "Overdue")
    model.set_rows(["Overdue", "Open"])
    assert [model.index(r, 0).data() for r in range(2)] == [FLAG_MARKER + "Overdue", "Open"]


def dialogs_showing(page_type) -> list[QDialog]:
    """Visible windows showing a page of this type (each page sits right in its window)."""
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible()
            and any(isinstance(c, page_type) for c in w.children())]


def test_each_page_opens_in_a_window_of_its_own(qtbot, register, waiting_db, as_of):
    db = register["db"]
    opened = [
        (open_child_page(db, register["zoe"], as_of), "Zoë Brennan — child"),
        (open_provider_page(db, register["hawthorn"], as_of), "Hawthorn Lodge — provider"),
        (open_awaiting_provision(db, as_of), "Awaiting provision"),
        (open_guardrail_exceptions(db, None, as_of), "Guardrail exceptions"),
    ]
    for dialog, title in opened:
        qtbot.addWidget(dialog)
        assert dialog.isVisible() and not dialog.isModal()
        assert dialog.windowTitle() == title


def test_escape_closes_a_page(qtbot, register, as_of):
    dialog = open_child_page(register["db"], register["zoe"], as_of)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_enter_on_a_placement_opens_the_provider_then_the_child(qtbot, register, as_of):
    dialog = open_child_page(register["db"], register["zoe"], as_of)
    qtbot.addWidget(dialog)
    table = dialog.findChild(ChildPage).placements_table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)  # the first row: Hillcrest House
    [provider_dialog] = dialogs_showing(ProviderPage)
    assert provider_dialog.windowTitle() == "Hillcrest House — provider"
    page = provider_dialog.findChild(ProviderPage)
    page.tabs.setCurrentIndex(1)
    placements = page.tables["providerPlacements"]
    placements.setFocus()
    qtbot.keyClick(placements, Qt.Key.Key_Return)
    assert len(dialogs_showing(ChildPage)) == 2


def test_enter_on_the_awaiting_list_opens_the_child(qtbot, waiting_db, as_of):
    dialog = open_awaiting_provision(waiting_db, as_of)
    qtbot.addWidget(dialog)
    table = dialog.findChild(AwaitingProvisionList).table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    [child] = dialogs_showing(ChildPage)
    assert child.windowTitle() == "Ali Khan — child"


def test_f5_reads_the_register_again(qtbot, waiting_db, as_of):
    dialog = open_awaiting_provision(waiting_db, as_of)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    page = dialog.findChild(AwaitingProvisionList)
    awaiting(waiting_db, "Noah Smith", D(2025, 11, 1), "Home tuition")
    qtbot.keyClick(page.table, Qt.Key.Key_F5)
    assert page.heading.text().startswith("4 children")
    assert cells(page.table)[0][0] == "Noah Smith"


def test_a_child_or_provider_not_in_the_register_is_said_in_words(qtbot, builder, as_of):
    with pytest.raises(NotInRegister, match="no child with id 999"):
        open_child_page(builder.db, 999, as_of)
    with pytest.raises(NotInRegister, match="no provider with id 999"):
        open_provider_page(builder.db, 999, as_of)


def test_a_child_whose_placements_all_ended_is_not_flagged(qtbot, builder, as_of):
    db = builder.db
    school = builder.provider("Brookside School")
    child_id = add_child(db, given_name="Ella", family_name="Fraser",
                         ehcp_last_review=D(2024, 3, 1))
    add_placement(db, child_id=child_id, provider_id=school, start_date=D(2021, 9, 1),
                  end_date=D(2024, 7, 20), arrangement="day")
    page = ChildPage(db, child_id, as_of)
    qtbot.addWidget(page)
    assert not page.review_flag.isVisibleTo(page)
    assert label(page, "childReviewNote").text() == "Not tracked (no current placement)"


# --- from the main window -------------------------------------------------------------


def test_the_main_window_opens_the_pages_from_the_keyboard(qtbot, window, sample_db, as_of):
    actions = window.pages
    view_menu = window.menu("&View")
    assert actions.awaiting in view_menu.actions() and actions.child in view_menu.actions()
    table = window.register_view.table
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(table, Qt.Key.Key_A, ctrl_shift)
    [awaiting_dialog] = dialogs_showing(AwaitingProvisionList)
    assert cells(awaiting_dialog.findChild(AwaitingProvisionList).table)[0][0] == "Chloe Davies"
    awaiting_dialog.close()
    window.select_placement(builder_placement(sample_db, "Grace Hall"))
    qtbot.keyClick(table, Qt.Key.Key_O, ctrl_shift)
    qtbot.keyClick(table, Qt.Key.Key_R, ctrl_shift)
    assert [d.windowTitle() for d in dialogs_showing(ChildPage)] == ["Grace Hall — child"]
    assert [d.windowTitle() for d in dialogs_showing(ProviderPage)] == [
        "Oakfield School — provider"]
    window.select_placement(builder_placement(sample_db, "Ben Carter"))
    assert actions.open_provider() is None  # home education: no provider
    assert window.statusBar().currentMessage() == "Ben Carter's placement has no provider."


def builder_placement(db, child_name: str) -> int:
    given, _, family = child_name.partition(" ")
    return db.execute(
        "SELECT p.id FROM placements p JOIN children c ON c.id = p.child_id "
        "WHERE c.given_name = ? AND c.family_name = ?", [given, family]).fetchone()[0]
