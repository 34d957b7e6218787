"""The register's Overdue quick filter lists the riskiest placement first (issue 18), and
All goes back to the register's own order."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton
from test_main_window import shown

from placement_qa.domain.notifiable_events import NewEvent
from placement_qa.store.notifiable_events import record_event
from placement_qa.store.records import get_placement
from placement_qa.store.visit_notes import last_completed_visit

AS_OF = date(2026, 11, 22)


def _click(qtbot, window, slug: str) -> None:
    qtbot.mouseClick(window.findChild(QToolButton, f"statusFilter_{slug}"),
                     Qt.MouseButton.LeftButton)


def test_the_overdue_filter_puts_the_riskiest_first(qtbot, open_window, sample_db, builder):
    window = open_window(sample_db)
    window.set_as_of(AS_OF)
    window.show_register()
    all_rows = shown(window)
    assert all_rows.index("Ben Carter") < all_rows.index("Amara Okafor")  # earliest due first
    _click(qtbot, window, "overdue")
    # Ben: 205 days overdue (Medium); Amara: 52 days (Low)
    assert shown(window) == ["Ben Carter", "Amara Okafor"]

    amara = builder.placements["Amara Okafor"]
    with sample_db.conn:  # a safeguarding concern at Amara's last visit, then a restraint
        sample_db.execute("UPDATE visit_placements SET safeguarding_concern = 1 "
                          "WHERE visit_id = ? AND placement_id = ?",
                          [last_completed_visit(sample_db, amara), amara])
    record_event(sample_db, NewEvent(provider_id=get_placement(sample_db, amara).provider_id,
                                     kind="restraint", occurred_on=date(2026, 11, 2),
                                     reported_by_kind="provider", placement_id=amara),
                 as_of=AS_OF)
    window.refresh()
    assert shown(window) == ["Amara Okafor", "Ben Carter"]  # now High, though due later
    _click(qtbot, window, "all")
    assert shown(window) == all_rows
