"""The window opens a register the size of the large demo (20,000 children) promptly."""

from __future__ import annotations

import time
from datetime import date, timedelta

from PySide6.QtWidgets import QLineEdit, QTableView

from placement_qa.store.register import insert_many
from placement_qa.ui.register_view import SIZING_SAMPLE_ROWS

CHILDREN = 20_000
PROVIDERS = 300
# Generous: on a developer laptop the window opens in well under a second.
OPEN_SECONDS = 10.0
FILTER_SECONDS = 1.0


def fill_large_register(db, children: int = CHILDREN) -> None:
    """A plain bulk register: one placement per child, one visit per placement."""
    authorities = ("Northshire", "Eastmoor", "Southvale", "Kingsford")
    insert_many(db, "providers", (
        {"id": i, "name": f"Provider {i}", "provider_type": "independent_special",
         "host_authority": authorities[i % 4]}
        for i in range(1, PROVIDERS + 1)
    ))
    names = ("Zoë", "Łukasz", "Amara", "Siobhán", "Ben", "Grace")
    insert_many(db, "children", (
        {"id": i, "given_name": names[i % len(names)], "family_name": f"Child{i}"}
        for i in range(1, children + 1)
    ))
    start = date(2021, 9, 1)
    insert_many(db, "placements", (
        {"id": i, "child_id": i, "provider_id": 1 + i % PROVIDERS, "arrangement": "day",
         "start_date": (start + timedelta(days=i % 1500)).isoformat()}
        for i in range(1, children + 1)
    ))
    insert_many(db, "monitoring_visits", (
        {"id": i, "provider_id": 1 + i % PROVIDERS, "status": "completed",
         "visit_date": (date(2025, 6, 1) + timedelta(days=i % 500)).isoformat()}
        for i in range(1, children + 1, 2)
    ))
    insert_many(db, "visit_placements", (
        {"visit_id": i, "placement_id": i} for i in range(1, children + 1, 2)
    ))


def test_large_register_opens_and_filters_promptly(qtbot, open_window, register_db):
    fill_large_register(register_db)
    started = time.perf_counter()
    window = open_window(register_db)
    assert time.perf_counter() - started < OPEN_SECONDS
    view = window.findChild(QTableView, "registerTable")
    assert view.model().rowCount() == CHILDREN
    # Columns are fitted to a sample of rows, never to all of them.
    assert view.verticalHeader().resizeContentsPrecision() == SIZING_SAMPLE_ROWS

    box = window.findChild(QLineEdit, "registerFilter")
    started = time.perf_counter()
    qtbot.keyClicks(box, "zoe child1")
    assert time.perf_counter() - started < FILTER_SECONDS * len("zoe child1")
    names = {view.model().index(r, 0).data() for r in range(view.model().rowCount())}
    assert names and all(n.startswith("Zoë Child1") for n in names)
