"""The provider's page shows its history as a timeline (newest first), and the
provider's and child's pages show a placement flagged for the manager."""

from __future__ import annotations

from datetime import date

from follow_up_register import AS_OF, EXPECTED_HISTORY, build_history
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QMessageBox, QPushButton

from placement_qa.store.audit import change_log
from placement_qa.store.escalation import clear_manager_flag, escalate_action
from placement_qa.store.visit_notes import start_unplanned_visit
from placement_qa.ui.pages.child_page import ChildPage
from placement_qa.ui.pages.provider_page import ProviderPage


def _flag_zoe(register_db):
    reg, _ = build_history(register_db)
    follow_up = start_unplanned_visit(register_db, provider_id=reg.provider, visit_date=AS_OF,
                                      visit_type="follow_up", visitors="J. Okafor",
                                      placement_ids=reg.placements)
    escalate_action(register_db, visit_id=follow_up, action_id=reg.live[1],
                    visit_date=date(2026, 12, 23), reason="Attendance records not sent",
                    as_of=AS_OF)
    return reg


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
    reg = _flag_zoe(register_db)
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



def test_the_manager_clears_a_flag_from_the_childs_page_after_saying_yes(
        qtbot, register_db, monkeypatch):
    reg = _flag_zoe(register_db)
    zoe_placement = reg.placements[1]
    child = ChildPage(register_db, register_db["placements"].get(zoe_placement)["child_id"],
                      AS_OF)
    qtbot.addWidget(child)
    child.show()
    button = child.findChild(QPushButton, "childManagerFlagsClear")
    assert button.isVisible() and button.text() == "C&lear flag…"
    asked = []

    def answer(reply):
        def question(parent, title, text, *args):
            asked.append(text)
            return reply
        monkeypatch.setattr(QMessageBox, "question", staticmethod(question))

    def flag() -> str:
        return register_db["placements"].get(zoe_placement)["manager_flag"]

    answer(QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "Oakfield House School: Flagged for the manager: Attendance records not sent" \
        in asked[0]
    assert flag() == "Attendance records not sent"      # Cancel changes nothing
    assert child.flags_banner.isVisible()

    answer(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert flag() == ""
    assert not child.flags_banner.isVisible()
    [cleared] = [e for e in change_log(register_db, table="placements")
                 if e.before and e.before.get("manager_flag") and e.after
                 and not e.after.get("manager_flag")]
    assert cleared.before["manager_flag"] == "Attendance records not sent"
    provider = ProviderPage(register_db, reg.provider, AS_OF)
    qtbot.addWidget(provider)
    assert not provider.flags_banner.isVisibleTo(provider)


def test_a_flag_cleared_elsewhere_meanwhile_is_reported_and_the_page_catches_up(
        qtbot, register_db, monkeypatch):
    reg = _flag_zoe(register_db)
    provider = ProviderPage(register_db, reg.provider, AS_OF)
    qtbot.addWidget(provider)
    provider.show()
    clear_manager_flag(register_db, reg.placements[1])  # in another window, say
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a: QMessageBox.StandardButton.Yes))
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(
        lambda parent, title, text, *a: warned.append(text)))
    qtbot.mouseClick(provider.findChild(QPushButton, "providerManagerFlagsClear"),
                     Qt.MouseButton.LeftButton)
    assert warned == ["Nothing was changed: This placement is not flagged for the manager "
                      "(cleared meanwhile?)."]
    assert not provider.flags_banner.isVisible()
