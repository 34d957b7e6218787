"""Guard against PySide6 releases that drop references to None from Python overrides.

PySide6 6.12.0 on Python 3.11 decrements ``None``'s reference count each time Qt
calls a Python ``data()``/``headerData()`` override that returns None (every role
a model does not handle), until the interpreter aborts. pyproject pins
``PySide6<6.12``; this test fails on any PySide6 that brings the bug back,
whatever its version number. (On Python 3.12+ None is immortal and its count
never changes, so the test passes trivially there.)
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QSortFilterProxyModel, Qt

from placement_qa.store.schedule import schedule_as_of
from placement_qa.ui.register_model import RegisterModel

CALLS = 10_000
UNHANDLED_ROLE = Qt.ItemDataRole.UserRole + 999


def test_none_refcount_does_not_fall_when_qt_calls_data(qtbot, sample_db, as_of):
    model = RegisterModel()
    model.set_rows(schedule_as_of(sample_db, as_of))
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    index = proxy.index(0, 0)
    horizontal = Qt.Orientation.Horizontal
    assert proxy.data(index, UNHANDLED_ROLE) is None  # Qt calls our override via the proxy

    before = sys.getrefcount(None)
    for _ in range(CALLS):
        proxy.data(index, UNHANDLED_ROLE)
        proxy.headerData(0, horizontal, UNHANDLED_ROLE)
    after = sys.getrefcount(None)

    # Equal or higher is fine (other objects may hold None); lower means a leak of
    # decrements, which on the broken release is about 2 x CALLS.
    assert after >= before, f"None's refcount fell by {before - after} over {CALLS} calls"
