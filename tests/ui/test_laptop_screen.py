"""A council laptop: 1280×720 or 1366×768, less a taskbar. Every window and dialog the
main window opens fits the room left (the screen's available geometry, less a title bar),
with every button inside it; the print preview's Print / Save / Close included."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QScreen
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QPushButton,
    QWidget,
)
from test_report_preview import three_page_pdf
from window_walk import quiet_questions, walk_windows  # noqa: F401  (a fixture)

from placement_qa.ui.report_preview import ReportPreview

TASKBAR = 48
TITLE_BAR = 30  # the desktop's, above the window's own area
LAPTOPS = {"1280x720": QSize(1280, 720), "1366x768": QSize(1366, 768)}


@pytest.fixture(params=sorted(LAPTOPS))
def laptop(request, monkeypatch) -> QSize:
    """The room a window has: the laptop's screen less a taskbar and a title bar."""
    screen = LAPTOPS[request.param]
    available = QRect(0, 0, screen.width(), screen.height() - TASKBAR)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: available)
    return QSize(available.width(), available.height() - TITLE_BAR)


def out_of_sight(window: QWidget, room: QSize) -> list[str]:
    """What does not fit: the window itself, and each button outside the window's area
    (those in a scrolling list scroll into sight, so they are not counted)."""
    problems = []
    if window.width() > room.width() or window.height() > room.height():
        problems.append(f"{window.objectName()} is {window.width()}×{window.height()}")
    area = QRect(QPoint(0, 0), window.size())
    for button in window.findChildren(QPushButton):
        if not button.isVisibleTo(window) or _scrolls(button, window):
            continue
        where = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        if not area.contains(where):
            problems.append(f"{window.objectName()}: {button.text()!r} at {where}")
    return problems


def _scrolls(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def test_the_print_preview_buttons_are_on_a_laptop_screen(qtbot, laptop):
    preview = ReportPreview(three_page_pdf(), "Visit note — Oakfield School", "note.pdf")
    qtbot.addWidget(preview)
    preview.open()
    qtbot.waitExposed(preview)
    assert out_of_sight(preview, laptop) == []
    pages_top = preview.findChild(QPdfView, "pdfView").mapTo(preview, QPoint(0, 0)).y()
    for name in ("printButton", "savePdfButton", "closeButton"):
        button = preview.findChild(QPushButton, name)
        assert button.isVisible()
        bottom = button.mapTo(preview, QPoint(0, button.height())).y()
        assert bottom <= laptop.height()
        assert bottom <= pages_top  # in a bar above the pages, however tall the window


# The smaller laptop only: 1366×768 has more room each way.
@pytest.mark.parametrize("laptop", ["1280x720"], indirect=True)
@pytest.mark.usefixtures("quiet_questions")
def test_every_window_the_main_window_opens_fits_a_laptop(qtbot, laptop, sample_db, open_window):
    window = open_window(sample_db)
    problems, walked = out_of_sight(window, laptop), []

    def look(opened):
        walked.append(opened.objectName())
        problems.extend(out_of_sight(opened, laptop))

    walk_windows(qtbot, window, look)
    assert problems == [], "\n".join(problems)
    assert {"placementDialog", "visitNoteWindow", "settingsDialog", "reportPreview",
            "frameworkEditor", "childPageDialog"} <= set(walked), walked

