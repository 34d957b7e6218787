"""Python's garbage collector runs only on the GUI thread.

Left automatic, the collector runs in whichever thread happens to allocate when a
threshold is crossed — for example a background job's worker thread — and may then
destroy Qt objects (a closed window's widgets in a reference cycle) that belong to
the GUI thread, which crashes the process. Here automatic collection is switched
off and a timer on the GUI thread collects each generation when its threshold has
been passed, as the automatic collector would (the pattern pyqtgraph uses).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadGarbageCollector(QObject):
    """Collects garbage from a timer on the thread it was created on (the GUI one)."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect_if_due)
        self.timer.start(interval_ms)
        self.destroyed.connect(gc.enable)

    def collect_if_due(self) -> int:
        """Collect the oldest generation whose count passed its threshold; objects freed."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                return gc.collect(generation)
        return 0


def collect_garbage_on_gui_thread(app: QObject) -> GuiThreadGarbageCollector:
    """Install the collector on ``app`` (the QApplication) once; the one installed."""
    existing = app.findChild(GuiThreadGarbageCollector)
    return existing or GuiThreadGarbageCollector(app)
