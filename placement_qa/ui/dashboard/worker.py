"""Works the dashboard's figures out off the GUI thread, on its own connection."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from ...store.connection import RegisterError, open_register
from ...store.dashboard import dashboard_as_of
from ...store.errors import DATABASE_ERRORS


class FiguresThread(QThread):
    """One computation as of a date; ``computed`` or ``failed`` carry its ``generation``.

    SQLite connections belong to the thread that opens them, so the register is
    opened (and closed) inside :meth:`run`.
    """

    computed = Signal(object, int)  # DashboardFigures, generation
    failed = Signal(str, int)

    def __init__(self, register_path: Path, as_of: date, generation: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardFiguresThread")
        self._path = Path(register_path)
        self._as_of = as_of
        self.generation = generation

    def run(self) -> None:
        try:
            db = open_register(self._path, check=False)  # checked when the app opened it
            try:
                figures = dashboard_as_of(db, self._as_of)
            finally:
                db.close()
        except (RegisterError, *DATABASE_ERRORS) as exc:
            self.failed.emit(f"The figures could not be worked out: {exc}", self.generation)
            return
        self.computed.emit(figures, self.generation)
