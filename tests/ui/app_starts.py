"""Starting the app as a user does (``app.main``), offscreen: the event loop is replaced by
one that runs the test's steps on the window shown, then notes and closes what is shown;
the modal windows the start-up shows (first start, new register…) are answered in turn."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QTableView, QWidget

from placement_qa.ui.main_window import MainWindow


def main_windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible()]


def seen(window: MainWindow) -> dict:
    table = window.findChild(QTableView, "registerTable")
    return {"title": window.windowTitle(), "rows": table.model().rowCount(),
            "path": window.register_path}


@dataclass
class Started:
    """What each start showed (title, rows, register path of each main window when the
    event loop would have run), and steps to run on the window then (``during``)."""

    shown: list[dict] = field(default_factory=list)
    during: list[Callable[[MainWindow], None]] = field(default_factory=list)

    def fake_exec(self) -> int:
        for step in self.during:
            [window] = main_windows()
            step(window)
        self.during.clear()
        for window in main_windows():
            self.shown.append(seen(window))
            window.close()
            window.deleteLater()
        return 0


def visible(kind: type[QWidget]) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


class Answers:
    """Answer the modal windows shown, in turn: ``(kind, act)`` runs ``act(window)`` on
    the first window of that kind on screen. If the next one never shows, every open
    dialog is closed (so the test ends, failing on ``missed``); a step that raised is in
    ``failed``, a dialog left open at the end (a form refused) in ``left_open``."""

    def __init__(self, steps: list[tuple[type[QWidget], Callable[[QWidget], None]]],
                 tries: int = 300) -> None:
        self.steps, self.tries = list(steps), tries
        self.missed: list[str] = []
        self.left_open: list[str] = []
        self.failed: list[str] = []
        QTimer.singleShot(0, self._poll)

    def _poll(self) -> None:
        if not self.steps:
            self._close_leftovers()
            return
        kind, act = self.steps[0]
        found = visible(kind)
        if found:
            self.steps.pop(0)
            try:
                act(found[0])
            except Exception as exc:  # noted (the test fails on it); the answering goes on
                self.failed.append(f"{kind.__name__}: {exc!r}")
        else:
            self.tries -= 1
            if self.tries <= 0:
                self.missed = [step[0].__name__ for step in self.steps]
                self.steps.clear()
                self._close_leftovers()
                return
        QTimer.singleShot(10, self._poll)

    def _close_leftovers(self) -> None:
        """A dialog still open once every step is done (a form refused) is closed after
        a while, noted in ``left_open``, so the start-up goes on and the test ends."""
        left = visible(QDialog)
        if not left:
            return
        self.tries -= 1
        if self.tries > 0:
            QTimer.singleShot(10, self._close_leftovers)
            return
        for dialog in left:
            self.left_open.append(type(dialog).__name__)
            dialog.reject()
        self.tries = 100  # the start-up may show another (the first-start window again)
        QTimer.singleShot(10, self._close_leftovers)
