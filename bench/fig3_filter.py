"""Figure 3: filter as you type, from a key press in the register filter to the view painted.

The real MainWindow is built offscreen on a scratch copy of the register (the
window's dashboard works its figures out first, and is waited for). With the
register tab showing, each keystroke is a ``QTest.keyClick`` on the filter box
(the key event, ``textChanged``, the model reset, the counts and the empty
hint), then ``processEvents`` so the queued repaint of the table runs. A paint
event on the table's viewport is checked for; if none came, the viewport is
repainted within the timing. The filter has no debounce timer: ``textChanged``
goes straight to the model, so nothing deliberate is excluded.

Keys: "o", "a", "k" (narrowing) then three Backspaces (widening back to all). The
filter narrows its last match as you type and remembers its last few matches, so the
Backspaces reuse what the same round typed; before each round the remembered matches
are dropped (the model re-sorted to register order, as a refresh does), so "o" always
scans every line.
There is no baseline: the target is absolute (≤ 16 ms large, ≤ 100 ms national),
met when every key's median is within it.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import date
from pathlib import Path

from .common import AS_OF, Figure, Options, scratch_copy

TARGETS_MS = {"large": 16.0, "national": 100.0}
KEYS = ("o", "a", "k", "\b", "\b", "\b")


def _qt():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


class _PaintCounter:
    """Counts paint events reaching a widget (an event filter)."""

    def __init__(self, widget) -> None:
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            count = 0

            def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
                if event.type() == QEvent.Type.Paint:
                    Filter.count += 1
                return False

        self.filter = Filter()
        self.filter_class = Filter
        widget.installEventFilter(self.filter)

    @property
    def count(self) -> int:
        return self.filter_class.count


def open_window(path: Path, as_of: date):
    """The app's main window on ``path``, shown, its dashboard worked out."""
    from placement_qa.store.connection import open_register
    from placement_qa.ui.main_window import MainWindow

    app = _qt()
    db = open_register(path, check=False)
    window = MainWindow(db, register_path=path, as_of=as_of)
    window.backup_on_close = False
    window.backups.stop()
    window.show()
    window.show_register()
    deadline = time.monotonic() + 600
    while window.dashboard._threads and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()
    return window, db


def press(app, edit, key: str, viewport, painted: _PaintCounter) -> tuple[float, bool]:
    """One keystroke to the view updated: milliseconds, and whether Qt painted by itself."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    before = painted.count
    start = time.perf_counter()
    if key == "\b":
        QTest.keyClick(edit, Qt.Key.Key_Backspace)
    else:
        QTest.keyClick(edit, key)
    app.processEvents()
    by_itself = painted.count > before
    if not by_itself:
        viewport.repaint()
    return (time.perf_counter() - start) * 1000, by_itself


def measure(path: Path, runs: int, as_of: date) -> tuple[dict[str, list[float]], str]:
    """Each key's times (ms) over ``runs`` rounds of typing, and a note."""
    from PySide6.QtCore import Qt

    app = _qt()
    window, db = open_window(path, as_of)
    view = window.register_view
    edit, viewport = view.filter_edit, view.table.viewport()
    painted = _PaintCounter(viewport)
    per_key: list[list[float]] = [[] for _ in KEYS]
    self_painted, shown = 0, []
    try:
        edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        for round_ in range(runs + 1):  # the first round warms up
            edit.clear()
            # Forget the filter's remembered matches (as any refresh of the lines does),
            # so every round's first key scans every line, as the first key of a session.
            view.model.sort(-1)
            app.processEvents()
            for i, key in enumerate(KEYS):
                ms, by_itself = press(app, edit, key, viewport, painted)
                shown.append(view.model.rowCount())
                if round_:
                    per_key[i].append(ms)
                    self_painted += by_itself
        total = view.model.total
    finally:
        window.close()
        db.close()
    labels = _labels()
    rows = ", ".join(f"{lab}→{n:,}" for lab, n in zip(labels, shown[:len(KEYS)], strict=True))
    note = (f"{total:,} lines; rows shown {rows}; no debounce timer; "
            f"Qt painted by itself on {self_painted} of {runs * len(KEYS)} keys")
    return {lab: ms for lab, ms in zip(labels, per_key, strict=True)}, note


def _labels() -> list[str]:
    """Each key with the filter text it leaves: 'o', 'oa', 'oak', ⌫'oa', ⌫'o', ⌫''."""
    text, labels = "", []
    for key in KEYS:
        text = text[:-1] if key == "\b" else text + key
        labels.append(("⌫" if key == "\b" else "") + repr(text))
    return labels


def figure_for(size: str, options: Options, *, number: int = 3) -> Figure:
    path = scratch_copy(size)
    try:
        per_key, note = measure(path, options.runs, date.fromisoformat(AS_OF))
    finally:
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
    target = TARGETS_MS[size]
    medians = {key: statistics.median(ms) for key, ms in per_key.items()}
    detail = ", ".join(f"{key} {ms:.1f}" for key, ms in medians.items())
    fig = Figure(number, f"Filter keystroke to view updated ({size})",
                 [ms for times in per_key.values() for ms in times], None,
                 f"every key ≤ {target:g} ms", note=f"median ms per key: {detail}; {note}")
    fig.met = max(medians.values()) <= target
    return fig


def figures(options: Options) -> list[Figure]:
    sizes = ["large"] if options.quick else ["large", "national"]
    return [figure_for(size, options) for size in sizes]
