"""View ▸ Conflicts… through the real window, against a real PostgreSQL team register: the
manager sees each conflict in words and decides it (Keep theirs; Edit… with a typed value,
a value that cannot be read refused at its field), the decision reaching another laptop at
its sync; an officer sees only their own conflicts, read-only, saying why."""

from __future__ import annotations

from contextlib import closing
from datetime import date

from dialog_steps import click_save, error_text, modal
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QTableView
from team_registers import OFFICERS
from team_window import WAIT_MS, laptop_window, screenshot, settled

from placement_qa.store import register
from placement_qa.store.server import list_conflicts
from placement_qa.ui.conflict_edit_dialog import ConflictEditDialog
from placement_qa.ui.pages.conflicts_page import OFFICER_ONLY, ConflictsPage


def open_conflicts(qtbot, window) -> ConflictsPage:
    window.sync.conflicts_action.trigger()  # View ▸ Conflicts…
    page = window.findChild(ConflictsPage)
    qtbot.waitUntil(lambda: page.isVisible() and page._loading is None, timeout=WAIT_MS)
    return page


def rows(page: ConflictsPage) -> list[tuple[str, ...]]:
    model = page.findChild(QTableView, "conflictsTable").model()
    return [tuple(model.index(r, c).data() for c in range(model.columnCount()))
            for r in range(model.rowCount())]


def choose(qtbot, page: ConflictsPage, record: str, field: str) -> None:
    view = page.findChild(QTableView, "conflictsTable")
    [row] = [r for r, line in enumerate(rows(page)) if line[:2] == (record, field)]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(view.model().index(row, 0)).center())


def press(qtbot, page: ConflictsPage, name: str) -> None:
    qtbot.mouseClick(page.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def decided(qtbot, page: ConflictsPage, window) -> None:
    qtbot.waitUntil(lambda: page._step is None and page._loading is None, timeout=WAIT_MS)
    settled(qtbot, window)


def cost_and_end(laptop) -> tuple:
    return laptop.one("SELECT annual_cost, end_date FROM placements WHERE id = ?",
                      (laptop.placement("Zoë"),))


def open_conflict_count(team) -> int:
    with closing(team.server()) as conn:
        return len(list_conflicts(conn))


ZOE = "Zoë Łukasiewicz's placement at Oakfield House School"


def test_the_manager_decides_conflicts_and_the_decision_reaches_another_laptop(
        qtbot, team, windows):
    manager = team.manager_laptop()
    amira, ben = team.officer_laptop(0), team.officer_laptop(1)
    register.update_placement(amira.db, amira.placement("Zoë"), annual_cost=50_000.0)
    register.update_placement(ben.db, ben.placement("Zoë"), annual_cost=52_000.0)
    register.end_placement(ben.db, ben.placement("Zoë"), date(2027, 3, 31))  # held back
    amira.synced(), ben.synced()
    window = laptop_window(qtbot, windows, manager)
    page = open_conflicts(qtbot, window)
    assert page.manager
    lines = rows(page)
    assert [line[:5] for line in lines] == [
        (ZOE, "annual cost", "changed on two laptops", "annual cost 50,000",
         "annual cost 52,000"),
        (ZOE, "end date", "waiting for the manager", "end date (none)", "end date 31/03/2027"),
    ]
    assert {line[5] for line in lines} == {OFFICERS[1]}  # who sent it; when, UK style
    assert all(len(line[6]) == len("22/11/2026 10:42") for line in lines)
    screenshot(page.window(), "conflicts-page")

    choose(qtbot, page, ZOE, "annual cost")
    assert page.findChild(QPushButton, "keepTheirs").isEnabled()
    press(qtbot, page, "keepTheirs")  # Amira's, which the team register had first
    decided(qtbot, page, window)
    assert page.message.text().startswith("Decided: the decision reaches every laptop")
    assert [line[1] for line in rows(page)] == ["end date"]

    choose(qtbot, page, ZOE, "end date")
    press(qtbot, page, "editConflict")
    dialog = modal(qtbot, ConflictEditDialog)
    value = dialog.findChild(QLineEdit, "conflictValue_end_date")
    assert value.text() == "31/03/2027"  # the laptop's, as it is typed
    value.selectAll()
    qtbot.keyClicks(value, "31/04/2027")
    click_save(qtbot, dialog)
    assert error_text(dialog, "conflictValue_end_date") == (
        "End date: '31/04/2027' is not a real date")
    value.selectAll()
    qtbot.keyClicks(value, "30/04/2027")
    click_save(qtbot, dialog)
    decided(qtbot, page, window)
    assert rows(page) == [] and page.note.text() == "No conflicts are waiting."
    assert open_conflict_count(team) == 0
    assert cost_and_end(manager) == (50_000.0, "2027-04-30")  # synced after deciding
    ben.synced()  # another laptop, at its next sync
    assert cost_and_end(ben) == (50_000.0, "2027-04-30")


def test_a_resolution_the_register_refuses_is_said_and_the_conflict_stays(qtbot, team,
                                                                          windows):
    manager = team.manager_laptop()
    amira = team.officer_laptop(0)
    register.end_placement(amira.db, amira.placement("Zoë"), date(2027, 3, 31))
    amira.synced()
    window = laptop_window(qtbot, windows, manager)
    page = open_conflicts(qtbot, window)
    choose(qtbot, page, ZOE, "end date")
    press(qtbot, page, "editConflict")
    dialog = modal(qtbot, ConflictEditDialog)
    value = dialog.findChild(QLineEdit, "conflictValue_end_date")
    value.selectAll()
    qtbot.keyClicks(value, "01/01/2020")  # before the placement started
    click_save(qtbot, dialog)
    decided(qtbot, page, window)
    assert page.message.text().startswith(
        "The conflict was not resolved: the register refuses it")
    assert [line[1] for line in rows(page)] == ["end date"] and open_conflict_count(team) == 1


def test_an_officer_sees_only_their_own_conflicts_and_cannot_decide_them(qtbot, team,
                                                                         windows):
    team.manager_laptop()
    amira, ben = team.officer_laptop(0), team.officer_laptop(1)
    register.end_placement(amira.db, amira.placement("Zoë"), date(2027, 3, 31))
    register.end_placement(ben.db, ben.placement("Siobhán"), date(2027, 7, 20))
    amira.synced(), ben.synced()
    window = laptop_window(qtbot, windows, amira)
    page = open_conflicts(qtbot, window)
    assert not page.manager
    assert [line[:2] for line in rows(page)] == [(ZOE, "end date")]  # not Ben's
    assert page.note.text().startswith("These are the conflicts your changes raised")
    choose(qtbot, page, ZOE, "end date")
    for name in ("keepMine", "keepTheirs", "editConflict"):
        button = page.findChild(QPushButton, name)
        assert not button.isEnabled() and button.toolTip() == OFFICER_ONLY
    page.keep_mine()  # even asked directly, nothing is decided
    assert page._step is None and open_conflict_count(team) == 2
