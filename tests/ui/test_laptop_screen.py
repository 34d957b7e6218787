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
    QApplication,
    QFileDialog,
    QMessageBox,
    QPushButton,
    QWidget,
)
from test_menu_mnemonics import menus_of
from test_report_preview import three_page_pdf

from placement_qa.ui.report_preview import ReportPreview

TASKBAR = 48
TITLE_BAR = 30  # the desktop's, above the window's own area
LAPTOPS = {"1280x720": QSize(1280, 720), "1366x768": QSize(1366, 768)}
# Not walked: they close the app, or write files with no dialog first.
NOT_WALKED = {"actionQuit", "actionBackUpNow", "actionLastVisitNote"}


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


def other_windows(main: QWidget) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets()
            if w.isVisible() and w is not main and w.isWindow() and w.objectName()]


def close_all(qtbot, main: QWidget) -> None:
    for _ in range(5):  # a dialog can open one more as it closes
        opened = other_windows(main)
        if not opened:
            return
        for window in opened:
            window.close()
        qtbot.wait(1)


@pytest.fixture
def quiet_questions(monkeypatch) -> list[str]:
    """Message boxes and file choosers answered "no" / cancelled; what was asked."""
    asked: list[str] = []

    def answer(no):
        def box(_parent, title, *_args, **_kwargs):
            asked.append(title)
            return no
        return staticmethod(box)

    for kind in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, answer(QMessageBox.StandardButton.No))
    for kind in ("getSaveFileName", "getOpenFileName"):
        monkeypatch.setattr(QFileDialog, kind, answer(("", "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", answer(""))
    return asked


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


def test_every_window_the_main_window_opens_fits_a_laptop(
        qtbot, laptop, quiet_questions, sample_db, open_window):
    window = open_window(sample_db)
    qtbot.waitUntil(lambda: window.dashboard.figures is not None, timeout=5000)
    problems, walked = out_of_sight(window, laptop), []
    [zoe] = [line.placement.placement_id for line in window.lines
             if line.placement.child_name == "Zoë Brennan"]
    for _path, menu in menus_of(window):
        for action in menu.actions():
            if (action.menu() is not None or action.isSeparator() or not action.isEnabled()
                    or action.objectName() in NOT_WALKED):
                continue
            window.select_placement(zoe)  # a visit planned, for the visit actions
            action.trigger()
            qtbot.wait(5)
            for opened in other_windows(window):
                walked.append(opened.objectName())
                problems += out_of_sight(opened, laptop)
            close_all(qtbot, window)
    assert problems == [], "\n".join(problems + walked + quiet_questions)
    assert {"placementDialog", "visitNoteWindow", "settingsDialog"} <= set(walked), walked
