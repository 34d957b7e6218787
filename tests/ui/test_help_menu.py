"""Help ▸ User guide (F1 at the screen's section), Keyboard shortcuts, About."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from placement_qa.domain.glossary import TERMS
from placement_qa.domain.register import VISIT_PLANNED
from placement_qa.domain.user_guide import SECTION_LEADS
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.ui.guide_window import GuideWindow
from placement_qa.ui.help_actions import AboutDialog
from placement_qa.ui.shortcuts_dialog import ShortcutsDialog

README = Path(__file__).resolve().parents[2] / "README.md"


def tour_leads() -> list[str]:
    """The bold words starting each item of the README's tour ("The dashboard", ...)."""
    tour = README.read_text(encoding="utf-8").split("## A short tour", 1)[1].split("\n## ")[0]
    return [lead.rstrip(".:") for lead in re.findall(r"(?m)^- \*\*(.+?)\*\*", tour)]


def guide_of(window) -> GuideWindow:
    guide = window.findChild(GuideWindow)
    assert guide is not None and guide.isVisible(), "the user guide did not open"
    return guide


def top_paragraph(guide: GuideWindow) -> str:
    """The paragraph at the top of the guide's visible text."""
    return guide.browser.cursorForPosition(QPoint(8, 8)).block().text()


def press_f1(qtbot, widget: QWidget) -> None:
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    qtbot.keyClick(widget, Qt.Key.Key_F1)


def test_the_user_guide_shows_the_readme_tour_and_the_words_used(window):
    window.help.guide_action.trigger()  # Help ▸ User guide
    text = guide_of(window).browser.toPlainText()
    leads = tour_leads()
    assert len(leads) >= 20
    assert [lead for lead in leads if lead not in text] == []
    assert "Words used" in text
    for term in TERMS:
        assert f"{term.word}: {term.meaning}" in text


def test_f1_on_the_register_and_the_dashboard_opens_their_sections(qtbot, window):
    window.show_register()
    press_f1(qtbot, window)
    guide = guide_of(window)
    assert top_paragraph(guide).startswith("The register (Alt+2)")
    assert guide.contents.currentItem().text().strip() == "The register"
    window.show_dashboard()
    press_f1(qtbot, window)
    assert top_paragraph(guide).startswith("The dashboard (the landing screen")


def test_f1_on_each_page_opens_the_guide_at_its_section(qtbot, window, builder):
    ensure_default_framework(builder.db)  # for the visit's note
    window.select_placement(builder.placements["Harry Irwin"])
    planned = builder.db.execute(
        "SELECT id FROM monitoring_visits WHERE status = ? ORDER BY visit_date", [VISIT_PLANNED]
    ).fetchone()[0]
    pages = {
        "child-page": window.pages.child.trigger,
        "provider-page": window.pages.provider.trigger,
        "monthly-schedule": window.pages.monthly_schedule.trigger,
        "trip-planner": window.pages.trip_planner.trigger,
        "follow-up-actions": window.pages.actions.trigger,
        "change-log": window.pages.change_log.trigger,
        "visit-note": lambda: window.visits.open_note(planned),
    }
    for section, open_page in pages.items():
        before = set(QApplication.topLevelWidgets())
        open_page()
        page = next(w for w in QApplication.topLevelWidgets()
                    if w not in before and w.isVisible() and not isinstance(w, GuideWindow))
        press_f1(qtbot, page)
        lead = SECTION_LEADS[section]
        assert top_paragraph(guide_of(window)).startswith(lead), section
        page.close()


def test_keyboard_shortcuts_lists_the_actions_and_their_keys(window):
    window.help.shortcuts_action.trigger()  # Help ▸ Keyboard shortcuts
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    rows = dialog.rows()
    assert ("Record visit…", "Ctrl+R", "Visits") in rows
    assert ("Filter register…", "Ctrl+F", "View") in rows
    assert ("Overdue", "Ctrl+1", "View ▸ Show") in rows
    assert ("User guide", "F1", "Help") in rows
    dialog.find_box.setText("ctrl+shift+m")  # what is Ctrl+Shift+M?
    assert dialog.rows() == [("Monthly schedule…", "Ctrl+Shift+M", "View")]


def test_an_action_added_later_is_listed_with_its_keys(window):
    window.add_page_action("&Go", "Wash the &car", "Ctrl+Alt+W", lambda: None)
    window.help.shortcuts_action.trigger()
    assert ("Wash the car", "Ctrl+Alt+W", "Go") in window.findChild(ShortcutsDialog).rows()


def test_about_shows_the_version_the_register_and_the_licence(window, register_path):
    window.help.about_action.trigger()  # Help ▸ About Placement QA
    about = window.findChild(AboutDialog)
    assert about is not None and about.isVisible()
    text = about.summary.text()
    assert f"Version {metadata.version('placement-qa')}" in text
    assert str(register_path) in text
    assert "Licence: MIT" in text


def shown(guide: GuideWindow, start: str) -> bool:
    """Is the paragraph starting with ``start`` within the guide's visible text?"""
    document = guide.browser.document()
    block = document.begin()
    while block.isValid() and not block.text().startswith(start):
        block = block.next()
    assert block.isValid(), f"no paragraph starts with {start!r}"
    top = document.documentLayout().blockBoundingRect(block).top()
    top -= guide.browser.verticalScrollBar().value()
    return 0 <= top < guide.browser.viewport().height()


def test_the_guides_contents_and_find_box_reach_a_word(qtbot, window):
    window.help.guide_action.trigger()
    guide = guide_of(window)
    assert not shown(guide, "RAG: red, amber, green")
    contents = guide.contents
    [rag] = [contents.item(r) for r in range(contents.count())
             if contents.item(r).text().strip() == "RAG"]
    contents.scrollToItem(rag)
    qtbot.mouseClick(contents.viewport(), Qt.MouseButton.LeftButton,
                     pos=contents.visualItemRect(rag).center())
    assert shown(guide, "RAG: red, amber, green")
    guide.find_box.setText("Social Care Common Inspection Framework")
    qtbot.keyClick(guide.find_box, Qt.Key.Key_Return)
    assert guide.browser.textCursor().selectedText() == guide.find_box.text()
    assert shown(guide, "SCCIF: Social Care")
