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
    dialog is closed (so the test ends, failing on ``missed``)."""

    def __init__(self, steps: list[tuple[type[QWidget], Callable[[QWidget], None]]],
                 tries: int = 300) -> None:
        self.steps, self.tries = list(steps), tries
        self.missed: list[str] = []
        QTimer.singleShot(0, self._poll)

    def _poll(self) -> None:
        if not self.steps:
            return
        kind, act = self.steps[0]
        found = visible(kind)
        if found:
            self.steps.pop(0)
            act(found[0])
        else:
            self.tries -= 1
            if self.tries <= 0:
                self.missed = [step[0].__name__ for step in self.steps]
                self.steps.clear()
                for dialog in visible(QDialog):
                    dialog.reject()
                return
        QTimer.singleShot(10, self._poll)
