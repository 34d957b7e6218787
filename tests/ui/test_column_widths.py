"""Column widths: natural widths from a sample, narrowed to fit, then left to the user."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView

from placement_qa.ui.column_widths import GiveWay, fit_widths, give_way
from placement_qa.ui.register_model import COL_CHILD, COL_PROVIDER, COL_STATUS, COL_TYPE


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


PLAN = GiveWay(first=(2, 3), hidden=(2,), kept=(0, 1), minimum=60, last_least=80)


def test_give_way_keeps_every_width_when_they_fit():
    assert give_way([100, 200, 150, 100, 200], 750, PLAN) == [100, 200, 150, 100, 200]


def test_the_status_detail_gives_way_first():
    # 50 too wide: the last column (200 with its detail) keeps 150, nothing else moves.
    assert give_way([100, 200, 150, 100, 200], 700, PLAN) == [100, 200, 150, 100, 150]


def test_type_narrows_then_hides_before_child_and_provider_narrow():
    narrowed = give_way([100, 200, 150, 100, 200], 560, PLAN)
    assert narrowed[:2] == [100, 200] and narrowed[2] < 150 and narrowed[4] == 80
    hidden = give_way([100, 200, 150, 100, 200], 440, PLAN)
    assert hidden == [100, 200, 0, 60, 80]
    squeezed = give_way([100, 200, 150, 100, 200], 300, PLAN)
    assert squeezed[2] == 0 and squeezed[0] < 100 and squeezed[1] < 200


def test_a_narrowing_window_cuts_type_and_the_status_detail_before_child_and_provider(
        qtbot, builder, open_window):
    """Widths read as the window narrows step by step: Child and Provider are never
    narrower than at full width while Type is still shown."""
    provider = builder.provider("The Northshire Independent Specialist College for Autism")
    builder.placement("Maximilian-Alexander Featherstonehaugh", provider,
                      start=date(2025, 1, 6))
    window = open_window(builder.db)
    window.show_register()
    view = window.findChild(QTableView, "registerTable")
    header = view.horizontalHeader()
    window.resize(1800, 700)
    qtbot.waitUntil(lambda: window.width() == 1800)
    full = {column: header.sectionSize(column) for column in (COL_CHILD, COL_PROVIDER)}
    seen = []
    for width in range(1800, window.minimumWidth() - 1, -40):
        window.resize(width, 700)
        qtbot.waitUntil(lambda w=width: window.width() == w)
        cut = [column for column, size in full.items() if header.sectionSize(column) < size]
        seen.append((width, view.isColumnHidden(COL_TYPE), cut))
    assert any(hidden for _, hidden, _ in seen)  # the window got narrow enough to hide Type
    assert [(width, cut) for width, hidden, cut in seen if cut and not hidden] == []
