"""The dashboard's Overdue list puts the riskiest placement first and says why, and an
event recorded between visits raises that placement's risk (issue 18)."""

from __future__ import annotations

from datetime import date

from test_dashboard import AS_OF, click_tile, list_column, refresh, tile, wait_for_figures

from placement_qa.domain import dashboard as d
from placement_qa.domain.notifiable_events import NewEvent
from placement_qa.store.notifiable_events import record_event
from placement_qa.store.records import get_placement
from placement_qa.store.visit_notes import last_completed_visit
from placement_qa.ui.dashboard.list_model import COL_RISK


def _rows(window) -> list[tuple[str, str]]:
    return list(zip(list_column(window), list_column(window, COL_RISK), strict=True))


def test_the_overdue_list_is_riskiest_first_and_an_event_raises_a_placement(
    qtbot, open_window, sample_db, builder
):
    amara = builder.placements["Amara Okafor"]
    with sample_db.conn:  # the last visit recorded a safeguarding concern about Amara
        sample_db.execute("UPDATE visit_placements SET safeguarding_concern = 1 "
                          "WHERE visit_id = ? AND placement_id = ?",
                          [last_completed_visit(sample_db, amara), amara])
    window = open_window(sample_db)
    wait_for_figures(qtbot, window)
    click_tile(qtbot, window, d.OVERDUE)
    assert tile(window, d.OVERDUE).accessibleName() == (
        "Overdue visits: 2, of which 2 not planned, 0 date passed")
    assert _rows(window) == [
        ("Ben Carter", "Medium · 205 days overdue"),
        ("Amara Okafor", "Medium · Safeguarding concern at last visit · 52 days overdue"),
    ]

    provider = get_placement(sample_db, amara).provider_id
    record_event(sample_db, NewEvent(provider_id=provider, kind="restraint",
                                     occurred_on=date(2026, 11, 2), reported_by_kind="provider",
                                     placement_id=amara), as_of=AS_OF)
    refresh(qtbot, window)
    assert tile(window, d.OVERDUE).accessibleName() == (
        "Overdue visits: 2, of which 2 not planned, 0 date passed, 1 high risk")
    assert _rows(window) == [
        ("Amara Okafor", "High · Safeguarding concern at last visit · "
                         "1 restraint in the last 90 days · 52 days overdue"),
        ("Ben Carter", "Medium · 205 days overdue"),
    ]
    assert not window.findChild(type(window.dashboard.list_view), "dashboardList"
                                ).isColumnHidden(COL_RISK)
