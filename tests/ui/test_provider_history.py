"""The provider's page shows its history as a timeline (newest first), and the
provider's and child's pages show a placement flagged for the manager."""

from __future__ import annotations

from datetime import date

from follow_up_register import AS_OF, EXPECTED_HISTORY, build_history
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget

from placement_qa.store.escalation import clear_manager_flag, escalate_action
from placement_qa.store.visit_notes import start_unplanned_visit
from placement_qa.ui.pages.child_page import ChildPage
from placement_qa.ui.pages.provider_page import ProviderPage


def test_the_history_tab_lists_the_events_newest_first(qtbot, register_db):
    reg, visit_id = build_history(register_db)
    page = ProviderPage(register_db, reg.provider, AS_OF)
    qtbot.addWidget(page)
    page.show()
    history = page.findChild(QListWidget, "providerHistory")
    tab = page.tabs.indexOf(history)
    assert page.tabs.tabText(tab) == f"&History ({len(EXPECTED_HISTORY)})"
    page.tabs.setCurrentIndex(tab)
    assert page.history_lines() == EXPECTED_HISTORY
    opened = []
    page.visitRequested.connect(opened.append)
    [row] = [r for r, line in enumerate(EXPECTED_HISTORY) if "overall judgement" in line]
    history.setFocus()
    history.setCurrentRow(row)
    qtbot.keyClick(history, Qt.Key.Key_Return)  # Enter opens the visit's note
    assert opened == [visit_id]
    assert not page.flags_banner.isVisibleTo(page)


def test_a_flagged_placement_shows_on_the_provider_and_child_pages(qtbot, register_db):
    reg, _ = build_history(register_db)
    follow_up = start_unplanned_visit(register_db, provider_id=reg.provider, visit_date=AS_OF,
                                      visit_type="follow_up", visitors="J. Okafor",
                                      placement_ids=reg.placements)
    escalate_action(register_db, visit_id=follow_up, action_id=reg.live[1],
                    visit_date=date(2026, 12, 23), reason="Attendance records not sent",
                    as_of=AS_OF)
    provider = ProviderPage(register_db, reg.provider, AS_OF)
    qtbot.addWidget(provider)
    assert provider.flags_banner.isVisibleTo(provider)
    assert provider.flags_banner.text.text() == (
        "Zoë Łukasiewicz: Flagged for the manager: Attendance records not sent (25/11/2026)")
    assert provider.history_lines()[1:3] == [
        "23/12/2026 — Visit: Additional (concern-led), planned",
        "25/11/2026 — Visit: Follow-up (reviewing open actions), draft"]
    zoe = register_db["placements"].get(reg.placements[1])["child_id"]
    child = ChildPage(register_db, zoe, AS_OF)
    qtbot.addWidget(child)
    assert child.flags_banner.isVisibleTo(child)
    assert child.flags_banner.text.text() == (
        "Oakfield House School: Flagged for the manager: Attendance records not sent "
        "(25/11/2026)")
    ayse = register_db["placements"].get(reg.placements[0])["child_id"]
    other = ChildPage(register_db, ayse, AS_OF)
    qtbot.addWidget(other)
    assert not other.flags_banner.isVisibleTo(other)
    clear_manager_flag(register_db, reg.placements[1])
    child.refresh()
    assert not child.flags_banner.isVisibleTo(child)
