"""Steps of the team register's window tests (tests/ui/test_team_*.py): main windows on
the laptops' registers (the ``windows`` fixture of tests/ui/conftest.py), waiting for
their syncs, reading the status line, and screenshots for the README."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from placement_qa.ui.main_window import MainWindow

AS_OF = date(2026, 11, 22)
SYNCED = re.compile(r"^Synced \d\d:\d\d · 0 waiting$")
WAIT_MS = 30_000
SHOTS = Path(os.environ.get("PQA_SCREENSHOTS", "")) if os.environ.get("PQA_SCREENSHOTS") \
    else None


def screenshot(widget, name: str) -> None:
    """Save a picture of ``widget`` where PQA_SCREENSHOTS says (for the README's)."""
    if SHOTS is not None:
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()  # laid out as the user sees it
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))


class Windows:
    """Main windows on the laptops' registers, shown; closed (each waiting for its
    jobs) by :meth:`close_all`, before the registers are."""

    def __init__(self, qtbot) -> None:
        self.qtbot, self.opened = qtbot, []

    def __call__(self, db, path) -> MainWindow:
        window = MainWindow(db, register_path=path, as_of=AS_OF)
        self.qtbot.addWidget(window)
        window.show()
        self.qtbot.waitExposed(window)
        self.opened.append(window)
        return window

    def close_all(self) -> None:
        for window in self.opened:
            window.close()
        self.opened.clear()


def settled(qtbot, window) -> None:
    """Every background job of the window (its syncs among them) has ended."""
    qtbot.waitUntil(lambda: not window.jobs.running(), timeout=WAIT_MS)


def status(window) -> str:
    """The status line, whole (on screen a long one ends in "…": see its tooltip)."""
    label = window.sync.status_label
    assert label.toolTip().startswith(window.sync.status_line)
    assert window.sync.status_line.startswith(label.text().removesuffix("…"))
    return window.sync.status_line


def laptop_window(qtbot, windows, laptop) -> MainWindow:
    """The laptop's register in the app, after its sync on start."""
    window = windows(laptop.db, laptop.path)
    settled(qtbot, window)
    return window


def press_sync(qtbot, window) -> None:
    """Ctrl+Shift+S in the window (made the active one, as a user's is): a sync starts."""
    from PySide6.QtCore import Qt

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert window.sync.running()
