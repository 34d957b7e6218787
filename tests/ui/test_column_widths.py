"""Column widths: natural widths from a sample, narrowed to fit, then left to the user."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView

from placement_qa.ui.column_widths import fit_widths
from placement_qa.ui.register_model import COL_CHILD, COL_STATUS


def test_fit_widths_keeps_natural_widths_when_they_fit():
    assert fit_widths([100, 200, 50], 400, shrinkable=[0, 1], minimum=60) == [100, 200, 50]


def test_fit_widths_narrows_shrinkable_columns_in_proportion():
    widths = fit_widths([160, 260, 100, 200], 620, shrinkable=[0, 1], minimum=60)
    assert widths[2:] == [100, 200]
    assert sum(widths) == 620
    # 100 too wide; slack 100 and 200 of 300, so each gives a third of its slack.
    assert widths[:2] == [160 - 33, 260 - 67]


def test_fit_widths_never_goes_below_the_minimum():
    assert fit_widths([100, 300], 100, shrinkable=[0, 1], minimum=80) == [80, 80]


def test_status_stays_in_sight_at_the_minimum_window_size(qtbot, window):
    window.show_register()  # the dashboard is the landing screen
    window.resize(window.minimumSize())
    qtbot.waitUntil(lambda: window.width() == window.minimumWidth())
    view = window.findChild(QTableView, "registerTable")
    header = view.horizontalHeader()
    status_left = header.sectionViewportPosition(COL_STATUS)
    assert status_left + 150 <= view.viewport().width()


def test_a_column_the_user_resized_keeps_its_width(qtbot, window):
    view = window.findChild(QTableView, "registerTable")
    header = view.horizontalHeader()
    before = header.sectionSize(COL_CHILD)
    edge = header.sectionViewportPosition(COL_CHILD) + header.sectionSize(COL_CHILD) - 1
    y = header.height() // 2
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge, y))
    qtbot.mouseMove(header.viewport(), QPoint(edge + 60, y))
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge + 60, y))
    dragged = header.sectionSize(COL_CHILD)
    assert dragged > before
    window.resize(window.minimumSize())
    qtbot.waitUntil(lambda: window.width() == window.minimumWidth())
    assert header.sectionSize(COL_CHILD) == dragged
