"""Every menu of the main window can be driven by Alt+letter without two actions clashing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QWidget


def mnemonic(text: str) -> str | None:
    """The letter after a single '&' ('&&' is a literal ampersand), lower-cased."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return None


def menus_of(window) -> list[tuple[str, QMenu]]:
    """The menu bar (as one menu of titles) and every menu under it, recursively, each filled
    the way it is when a user opens it (menus built on aboutToShow included)."""
    found: list[tuple[str, QMenu]] = []

    def walk(path: str, menu: QMenu) -> None:
        menu.aboutToShow.emit()
        found.append((path, menu))
        for action in menu.actions():
            if action.menu() is not None:
                walk(f"{path} ▸ {action.text()}", action.menu())

    for action in window.menuBar().actions():
        if action.menu() is not None:
            walk(action.text(), action.menu())
    return found


def clashes(actions) -> dict[str, list[str]]:
    """Letters used by more than one action. Hidden actions count too: they show in another
    mode (Conflicts… in a team register), where they must not clash either."""
    by_letter: dict[str, list[str]] = {}
    for action in actions:
        if action.isSeparator():
            continue
        letter = mnemonic(action.text())
        if letter is not None:
            by_letter.setdefault(letter, []).append(action.text())
    return {letter: texts for letter, texts in by_letter.items() if len(texts) > 1}


def test_mnemonic_reads_the_letter_after_a_single_ampersand():
    assert mnemonic("V&isits") == "i"
    assert mnemonic("Save && &close") == "c"
    assert mnemonic("Refresh") is None


def test_no_two_actions_in_one_menu_share_a_mnemonic(window):
    problems = {"menu bar": clashes(window.menuBar().actions())}
    menus = menus_of(window)
    assert len(menus) >= 4
    for path, menu in menus:
        problems[path] = clashes(menu.actions())
    assert {path: found for path, found in problems.items() if found} == {}


def test_no_two_actions_in_a_right_click_menu_share_a_mnemonic(window):
    """The lists' right-click menus (the register's rows, the dashboard's lists) are menus
    too: Alt+letter, or the letter alone once open, must pick one action."""
    menus = {view.objectName(): view.actions() for view in window.findChildren(QWidget)
             if view.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu}
    assert {"registerTable", "dashboardList"} <= set(menus)
    problems = {name: clashes(actions) for name, actions in menus.items()}
    assert {name: found for name, found in problems.items() if found} == {}
