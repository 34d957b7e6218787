"""The keyboard reaches everything: Tab leaves every list, the visit note window's Tab
order follows its buttons left to right, each weekly job has a shortcut and no two
actions share one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QApplication, QPushButton, QTableView
from test_visit_note_window import recording  # noqa: F401  (a fixture)
from window_walk import quiet_questions, walk_windows  # noqa: F401  (a fixture)

# What a user does each week, and the action that does it.
WEEKLY = {
    "record a visit": "actionRecordVisit",
    "plan a visit": "actionPlanVisit",
    "reschedule a visit": "actionRescheduleVisit",
    "export the register": "actionExportRegister",
    "sync with the team": "actionSync",
    "find / filter": "actionFilter",
    "open the child's page": "actionOpenChild",
    "open the provider's page": "actionOpenProvider",
    "the monthly schedule": "actionMonthlySchedule",
    "follow-up actions": "actionFollowUpActions",
    "the change log": "actionChangeLog",
    "open the last visit note": "actionLastVisitNote",
}


def test_tab_leaves_the_dashboard_list(qtbot, window):
    qtbot.waitUntil(lambda: window.dashboard.figures is not None, timeout=5000)
    listed = window.findChild(QTableView, "dashboardList")
    assert listed.model().rowCount() > 1  # a list with rows to trap the key in
    listed.setFocus()
    qtbot.waitUntil(listed.hasFocus, timeout=2000)
    qtbot.keyClick(listed, Qt.Key.Key_Tab)
    assert not listed.hasFocus()
    assert QApplication.focusWidget() is not None


@pytest.mark.usefixtures("quiet_questions")
def test_tab_leaves_every_list_of_every_window(qtbot, window):
    """Each table, list and tree of the main window and of every window it opens."""
    looked, trapping = [], []

    def look(opened):
        looked.append(opened.objectName())
        trapping.extend(f"{opened.objectName()}: {view.objectName() or type(view).__name__}"
                        for view in opened.findChildren(QAbstractItemView)
                        if view.tabKeyNavigation())

    look(window)
    walk_windows(qtbot, window, look)
    assert len(looked) > 20
    assert trapping == [], "\n".join(trapping)


def visual_order(buttons: list[QPushButton], window) -> list[str]:
    shown = [b for b in buttons if b.isVisibleTo(window)]
    return [b.objectName() for b in sorted(
        shown, key=lambda b: (b.mapTo(window, QPoint(0, 0)).y(),
                              b.mapTo(window, QPoint(0, 0)).x()))]


def test_the_note_windows_buttons_take_tab_left_to_right(qtbot, recording):  # noqa: F811
    _, note, _, _ = recording
    row = [note.sign_off_button, note.amend_button, note.cancel_amend_button,
           note.preview_button, note.findChild(QPushButton, "closeButton")]
    expected = visual_order(row, note)
    assert len(expected) >= 3
    first = note.findChild(QPushButton, expected[0])
    first.setFocus()
    qtbot.waitUntil(first.hasFocus, timeout=2000)
    reached = [expected[0]]
    for _ in expected[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget().objectName())
    assert reached == expected


def test_ctrl_p_in_the_note_window_offers_the_copies_to_print(qtbot, builder, open_window):
    pytest.importorskip("placement_qa.reports.visit_note")
    from test_report_preview import signed_off_visit

    window = open_window(builder.db)
    note = window.visits.open_note(signed_off_visit(builder))
    qtbot.waitExposed(note)
    note.activateWindow()
    qtbot.waitUntil(note.isActiveWindow, timeout=2000)
    qtbot.keyClick(note, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(note, "preview_menu", None) is not None
                    and note.preview_menu.isVisible(), timeout=2000)
    assert note.preview_menu.actions()[0].text() == "Full note"


def test_each_weekly_job_has_a_shortcut(window):
    actions = {action.objectName(): action for action in window.findChildren(QAction)}
    missing = [job for job, name in WEEKLY.items()
               if name not in actions or actions[name].shortcut().isEmpty()]
    assert missing == []


def test_no_two_actions_of_the_main_window_share_a_shortcut(window):
    """Every action and shortcut object of the main window, whether in a menu, on the
    toolbar or of the window alone (hidden ones too: they show in another mode)."""
    by_keys: dict[str, set[str]] = {}
    for action in window.findChildren(QAction):
        for keys in action.shortcuts():
            by_keys.setdefault(keys.toString(), set()).add(action.objectName() or action.text())
    for shortcut in window.findChildren(QShortcut):
        for keys in shortcut.keys():
            by_keys.setdefault(keys.toString(), set()).add(shortcut.objectName() or "shortcut")
    assert len(by_keys) > 20
    assert {keys: names for keys, names in by_keys.items() if len(names) > 1} == {}
