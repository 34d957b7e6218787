"""Garbage is collected on the GUI thread only, by the timer, as the app installs it."""

from __future__ import annotations

import gc
import threading

from placement_qa.ui.gc_guard import collect_garbage_on_gui_thread


class _Cycle:
    def __init__(self, freed: list) -> None:
        self.me = self
        self.freed = freed

    def __del__(self) -> None:
        self.freed.append(threading.current_thread() is threading.main_thread())


def test_cycles_are_freed_by_the_gui_threads_timer_not_by_a_worker(qapp, qtbot):
    collector = collect_garbage_on_gui_thread(qapp)
    assert collect_garbage_on_gui_thread(qapp) is collector  # installed once
    assert not gc.isenabled()
    freed: list[bool] = []
    for _ in range(3):
        _Cycle(freed)
    worker = threading.Thread(target=lambda: [[] for _ in range(50_000)])
    worker.start()
    worker.join()  # a worker allocating a lot never collects
    assert freed == []
    kept = [[] for _ in range(4 * gc.get_threshold()[0])]  # allocations past a threshold
    qtbot.waitUntil(lambda: len(freed) > 0, timeout=3000)
    del kept
    assert all(freed)  # every cycle freed on the GUI thread
