"""The window opens a register the size of the large demo (20,000 children)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTableView

from placement_qa.store.register import insert_many
from placement_qa.ui.register_model import RegisterModel
from placement_qa.ui.register_view import SIZING_SAMPLE_ROWS

CHILDREN = 20_000
PROVIDERS = 300


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


def test_a_large_register_opens_reading_only_a_sample_and_filters(qtbot, open_window,
                                                                  register_db, monkeypatch):
    """What keeps opening prompt (no timing here, see bench/ for that): the columns are
    fitted to a sample of rows and painting asks for the rows in sight, never for all
    20,000; the filter then finds the children typed."""
    fill_large_register(register_db)
    asked: set[int] = set()
    real_data = RegisterModel.data

    def counting_data(model, index, role=Qt.ItemDataRole.DisplayRole):
        asked.add(index.row())
        return real_data(model, index, role)

    monkeypatch.setattr(RegisterModel, "data", counting_data)
    window = open_window(register_db)
    window.show_register()
    qtbot.waitExposed(window)
    view = window.findChild(QTableView, "registerTable")
    assert view.model().rowCount() == CHILDREN
    assert asked, "the register's rows were never read"
    assert len(asked) <= 3 * SIZING_SAMPLE_ROWS

    box = window.findChild(QLineEdit, "registerFilter")
    qtbot.keyClicks(box, "zoe child1")
    names = {view.model().index(r, 0).data() for r in range(view.model().rowCount())}
    assert names and all(n.startswith("Zoë Child1") for n in names)
    # Zoë is every sixth child: those numbered 6, 12, ... whose number starts with 1.
    expected = sum(1 for i in range(6, CHILDREN + 1, 6) if str(i).startswith("1"))
    assert view.model().rowCount() == expected
