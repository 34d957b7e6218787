"""The main window driven like a user: typing, clicking, keys; asserting what is shown."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QLabel,
    QLineEdit,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QWidget,
)

from placement_qa.store.register import add_child, add_placement
from placement_qa.ui.main_window import MainWindow
from placement_qa.ui.register_model import COL_CHILD, COL_NEXT_DUE, COL_STATUS

ALL_CHILDREN = {
    "Amara Okafor", "Ben Carter", "Zoë Brennan", "Harry Irwin", "Łukasz Nowak",
    "Grace Hall", "Chloe Davies", "Daniel Evans", "Ella Fraser", "Finn Green",
}


def filter_box(window) -> QLineEdit:
    return window.findChild(QLineEdit, "registerFilter")


def table(window) -> QTableView:
    return window.findChild(QTableView, "registerTable")


def shown(window, column: int = COL_CHILD) -> list[str]:
    """The texts a user sees in one column, top to bottom."""
    model = table(window).model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def status_counts_text(window) -> str:
    return window.findChild(QLabel, "statusCounts").text()


def click_header(qtbot, view: QTableView, column: int) -> None:
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def uk_dates(texts: list[str]) -> list[date]:
    return [date(int(t[6:]), int(t[3:5]), int(t[:2])) for t in texts if t]


def test_window_shows_every_placement_most_urgent_first(window):
    assert set(shown(window)) == ALL_CHILDREN
    assert shown(window)[:2] == ["Ben Carter", "Amara Okafor"]  # overdue, earliest due first
    assert shown(window, COL_STATUS)[:2] == ["Overdue", "Overdue"]


def test_typing_in_the_filter_narrows_the_rows(qtbot, window):
    qtbot.keyClicks(filter_box(window), "hill")
    assert sorted(shown(window)) == ["Harry Irwin", "Łukasz Nowak"]
    qtbot.keyClicks(filter_box(window), " lukasz")
    assert shown(window) == ["Łukasz Nowak"]
    assert status_counts_text(window).endswith("showing 1")


def test_filter_matches_the_host_authority_whatever_the_case(qtbot, window):
    qtbot.keyClicks(filter_box(window), "EASTMOOR")
    assert sorted(shown(window)) == ["Finn Green", "Zoë Brennan"]


@pytest.mark.parametrize(
    ("typed", "child"),
    [("Zoë", "Zoë Brennan"), ("zoe", "Zoë Brennan"), ("Łukasz", "Łukasz Nowak"),
     ("lukasz", "Łukasz Nowak")],
)
def test_non_ascii_typing_finds_accented_names(window, type_text, typed, child):
    type_text(filter_box(window), typed)
    assert filter_box(window).text() == typed
    assert shown(window) == [child]


def test_escape_in_the_filter_clears_it(qtbot, window):
    window.show_register()  # the dashboard is the landing screen
    box = filter_box(window)
    qtbot.keyClicks(box, "nobody at all")
    assert shown(window) == []
    hint = window.findChild(QLabel, "registerEmptyHint")
    assert hint.isVisible() and "Escape" in hint.text()
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == ""
    assert len(shown(window)) == 10 and not hint.isVisible()


def test_status_quick_filters_show_only_that_status(qtbot, window):
    overdue = window.findChild(QToolButton, "statusFilter_overdue")
    assert overdue.text() == "Overdue (2)"
    assert window.findChild(QToolButton, "statusFilter_all").text() == "All (10)"
    assert window.findChild(QToolButton, "statusFilter_due_soon").text() == "Due soon (2)"
    qtbot.mouseClick(overdue, Qt.MouseButton.LeftButton)
    assert sorted(shown(window)) == ["Amara Okafor", "Ben Carter"]
    assert overdue.isChecked()
    due_soon = window.findChild(QToolButton, "statusFilter_due_soon")
    qtbot.mouseClick(due_soon, Qt.MouseButton.LeftButton)
    assert sorted(shown(window)) == ["Harry Irwin", "Zoë Brennan"]
    assert due_soon.isChecked() and not overdue.isChecked()  # exclusive
    qtbot.mouseClick(window.findChild(QToolButton, "statusFilter_all"), Qt.MouseButton.LeftButton)
    assert len(shown(window)) == 10


def test_quick_filter_counts_follow_the_filter_text(qtbot, window):
    qtbot.keyClicks(filter_box(window), "brookside")
    assert window.findChild(QToolButton, "statusFilter_overdue").text() == "Overdue (1)"
    assert window.findChild(QToolButton, "statusFilter_ended").text() == "Ended (1)"
    assert window.findChild(QToolButton, "statusFilter_all").text() == "All (2)"


def test_clicking_next_due_header_sorts_by_date_then_descending(qtbot, window):
    view = table(window)
    click_header(qtbot, view, COL_NEXT_DUE)
    texts = shown(window, COL_NEXT_DUE)
    dates = uk_dates(texts)
    assert dates == sorted(dates) and len(dates) == 6
    assert texts[6:] == ["", "", "", ""]  # no date due: last
    assert view.horizontalHeader().sortIndicatorSection() == COL_NEXT_DUE
    click_header(qtbot, view, COL_NEXT_DUE)
    texts = shown(window, COL_NEXT_DUE)
    assert uk_dates(texts) == sorted(dates, reverse=True)
    assert texts[6:] == ["", "", "", ""]
    assert view.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_ctrl_f_focuses_the_filter(qtbot, window):
    view = table(window)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(filter_box(window).hasFocus)


def test_arrow_keys_move_the_current_row(qtbot, window):
    view = table(window)
    first = view.visualRect(view.model().index(0, COL_CHILD)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=first)
    assert view.currentIndex().row() == 0
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == 2
    assert [i.row() for i in view.selectionModel().selectedRows()] == [2]
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.currentIndex().row() == 1


def test_down_arrow_in_the_filter_moves_to_the_first_result(qtbot, window):
    box = filter_box(window)
    qtbot.keyClicks(box, "hillcrest")
    qtbot.keyClick(box, Qt.Key.Key_Down)
    view = table(window)
    qtbot.waitUntil(view.hasFocus)
    assert view.currentIndex().row() == 0
    assert view.currentIndex().siblingAtColumn(COL_CHILD).data() == shown(window)[0]


def test_current_placement_stays_current_while_filtering(qtbot, window):
    view = table(window)
    row = shown(window).index("Łukasz Nowak")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(view.model().index(row, 0)).center())
    qtbot.keyClicks(filter_box(window), "hill")
    assert view.currentIndex().siblingAtColumn(COL_CHILD).data() == "Łukasz Nowak"


def test_overdue_row_is_bold_and_marked_not_just_coloured(window):
    view = table(window)
    row = shown(window).index("Amara Okafor")
    option = QStyleOptionViewItem()
    view.itemDelegate().initStyleOption(option, view.model().index(row, COL_STATUS))
    assert option.text == "Overdue"
    assert option.font.bold()
    assert not option.icon.isNull()
    calm = QStyleOptionViewItem()
    view.itemDelegate().initStyleOption(calm, view.model().index(shown(window).index(
        "Grace Hall"), COL_STATUS))
    assert not calm.font.bold() and calm.icon.isNull()


def test_status_bar_shows_counts_and_kpis(qtbot, window):
    assert status_counts_text(window) == (
        "10 placements · 2 overdue · 2 due soon · showing 10"
    )
    kpis = window.findChild(QLabel, "statusKpis")
    assert kpis.text() == (
        "In schedule 66.7% · Providers visited in 12 months 75.0% · Guardrail exceptions 0")
    assert "KPI 1: 4 of 6" in kpis.toolTip()
    qtbot.mouseClick(window.findChild(QToolButton, "statusFilter_overdue"),
                     Qt.MouseButton.LeftButton)
    assert status_counts_text(window) == "10 placements · 2 overdue · 2 due soon · showing 2"


def test_window_title_names_the_register(window, register_path):
    assert window.windowTitle() == f"Placement QA — {register_path.name}"
    assert window.findChild(QLabel, "demoBanner") is None


def test_demo_register_is_announced(open_window, sample_db, register_path):
    window = open_window(sample_db, demo_created=True)
    assert window.windowTitle() == f"Placement QA — {register_path.name} (demo register)"
    banner = window.findChild(QLabel, "demoBanner")
    assert banner.isVisible() and str(register_path) in banner.text()
    assert window.findChild(QLabel, "statusDemo").isVisible()


def test_as_of_date_recomputes_the_statuses(qtbot, window):
    edit = window.findChild(QDateEdit, "asOfDate")
    assert edit.date() == QDate(2026, 11, 22)
    assert edit.displayFormat() == "dd/MM/yyyy" and edit.calendarPopup()
    edit.setDate(QDate(2026, 12, 5))  # as if picked from the calendar
    assert window.as_of == date(2026, 12, 5)
    # Zoë (due 03/12/2026) and Harry (due 30/11/2026) are now overdue.
    assert status_counts_text(window) == "10 placements · 4 overdue · 0 due soon · showing 10"
    assert window.findChild(QToolButton, "statusFilter_overdue").text() == "Overdue (4)"


def test_arrow_key_in_the_date_steps_a_day(qtbot, window):
    edit = window.findChild(QDateEdit, "asOfDate")
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert window.as_of == date(2026, 11, 23)


def test_f5_reads_the_register_again(qtbot, window, sample_db):
    child = add_child(sample_db, given_name="Iris", family_name="Jones")
    add_placement(sample_db, child_id=child, provider_id=None, start_date=date(2026, 1, 5),
                  arrangement="elective_home_education")
    table(window).setFocus()
    qtbot.keyClick(table(window), Qt.Key.Key_F5)
    assert "Iris Jones" in shown(window)
    assert status_counts_text(window).startswith("11 placements")


def test_ctrl_digit_shows_a_status(qtbot, window):
    table(window).setFocus()
    qtbot.keyClick(table(window), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert sorted(shown(window)) == ["Amara Okafor", "Ben Carter"]
    assert window.findChild(QToolButton, "statusFilter_overdue").isChecked()
    qtbot.keyClick(table(window), Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert len(shown(window)) == 10


def test_menus_and_shortcuts(window):
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert list(menus) == ["&File", "&Register", "&View", "V&isits", "&Help"]
    file_actions = {a.text(): a.shortcut().toString() for a in menus["&File"].actions()
                    if not a.isSeparator()}
    assert file_actions == {
        "&New register…": "", "Open re&gister…": "Ctrl+O", "Open recen&t": "",
        "Import &placements…": "Ctrl+I", "Import &inspection outcomes…": "Ctrl+Shift+I",
        "&Export register…": "Ctrl+Shift+X", "&Reports": "", "QA &framework…": "",
        "&Back up now": "", "Restore from bac&kup…": "", "Encr&ypt register…": "",
        "C&hange passphrase…": "", "&Join team register…": "", "&Officers…": "",
        "&Settings…": "Ctrl+,", "&Quit": "Ctrl+Q",
    }
    view_actions = {a.text(): a.shortcut().toString() for a in menus["&View"].actions()}
    assert view_actions["&Refresh"] == "F5"
    assert view_actions["&Filter register…"] == "Ctrl+F"


def test_ctrl_q_closes_the_window(qtbot, window):
    table(window).setFocus()
    qtbot.keyClick(table(window), Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_filter_box_is_set_up_for_users(window):
    box = filter_box(window)
    assert box.placeholderText() == "Filter by child, provider or authority (Ctrl+F)"
    assert box.isClearButtonEnabled()


def test_widgets_have_object_and_accessible_names(window):
    names = [
        "registerView", "registerFilter", "statusFilters", "registerTable", "asOfDate",
        "statusCounts", "statusKpis", "mainToolBar", "statusFilter_all",
        "statusFilter_overdue", "statusFilter_due_soon", "statusFilter_in_schedule",
        "statusFilter_not_started", "statusFilter_awaiting_provision",
        "statusFilter_not_required", "statusFilter_ended", "registerEmptyHint",
        "refreshButton", "asOfLabel", "syncStatus", "syncButton",
    ]
    for name in names:
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName(), name


def test_table_is_a_real_register_table(window):
    view = table(window)
    assert view.alternatingRowColors() and view.isSortingEnabled()
    assert view.selectionBehavior() == QTableView.SelectionBehavior.SelectRows
    assert view.selectionMode() == QTableView.SelectionMode.SingleSelection
    # Room for the columns, yet small enough for a 1280×720 laptop less its taskbar.
    assert 900 <= window.minimumWidth() <= 1280 - 16
    assert 540 <= window.minimumHeight() <= 720 - 48 - 30
    header = view.horizontalHeader()
    child_width = header.sectionSize(COL_CHILD)
    assert child_width >= view.fontMetrics().horizontalAdvance("Łukasz Nowak")


def test_without_a_date_the_window_is_as_of_today(qtbot, sample_db, register_path):
    window = MainWindow(sample_db, register_path=register_path)
    qtbot.addWidget(window)
    assert window.as_of == date.today()
    assert window.findChild(QDateEdit, "asOfDate").date().toPython() == date.today()
