"""A visitor's steps in the visit note window, shared by the visit note tests.

Each step uses the keyboard or the mouse on the real widgets: number keys pick a
rating, Y/N answer yes/no questions, text is typed a key at a time.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QListWidget, QPlainTextEdit, QWidget

from placement_qa.domain.register import VISIT_PLANNED
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.store.visits import add_visit
from placement_qa.ui.visit_note.choice_picker import ChoicePicker
from placement_qa.ui.visit_note.window import VisitNoteWindow

CHILDREN = ("Zoë Łukasiewicz", "Ayşe Yılmaz")
VISIT_DAY = date(2026, 11, 18)


def planned_visit(builder) -> tuple[int, int, dict[str, int]]:
    """Oakfield School with two children placed in 2025 (overdue as of 22/11/2026)
    and a visit planned for 18/11/2026 covering both; the default framework."""
    ensure_default_framework(builder.db)
    oakfield = builder.provider("Oakfield School")
    for child in CHILDREN:
        builder.placement(child, oakfield, start=date(2025, 9, 1))
    ids = [builder.placements[c] for c in CHILDREN]
    visit_id = add_visit(builder.db, provider_id=oakfield, visit_date=VISIT_DAY,
                         placement_ids=ids, status=VISIT_PLANNED)
    return oakfield, visit_id, dict(builder.placements)


def type_into(widget: QWidget, text: str, type_text) -> None:
    widget.setFocus()
    type_text(widget, text)


def go_to(qtbot, note: VisitNoteWindow, page_id: str) -> QWidget:
    """Click the page's line in the section checklist; the page shown."""
    checklist: QListWidget = note.findChild(QListWidget, "sectionChecklist")
    [row] = [r for r in range(checklist.count()) if checklist.item(r).data(
        Qt.ItemDataRole.UserRole) == page_id]
    rect = checklist.visualItemRect(checklist.item(row))
    checklist.scrollToItem(checklist.item(row))
    rect = checklist.visualItemRect(checklist.item(row))
    qtbot.mouseClick(checklist.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert note.current_page().page_id == page_id
    return note.current_page()


def rate(qtbot, note: VisitNoteWindow, criterion_key: str, number: int) -> None:
    picker = note.findChild(ChoicePicker, f"rating_{criterion_key}")
    picker.setFocus()
    qtbot.keyClick(picker, str(number))


def fill_details(qtbot, note, visitors: str, staff: str, type_text) -> None:
    go_to(qtbot, note, "details")
    visitors_box = note.findChild(QWidget, "visitors")
    visitors_box.selectAll()
    type_into(visitors_box, visitors, type_text)
    type_into(note.findChild(QPlainTextEdit, "providerStaffMet"), staff, type_text)


def fill_framework(qtbot, note, rating: int = 2) -> None:
    """Every criterion rated (by number key) with a line of typed evidence."""
    for section in note.framework.sections:
        go_to(qtbot, note, f"section:{section.key}")
        for criterion in section.criteria:
            rate(qtbot, note, criterion.key, rating)
            evidence = note.findChild(QPlainTextEdit, f"evidence_{criterion.key}")
            evidence.setFocus()
            qtbot.keyClicks(evidence, f"Seen: {criterion.key} log checked")


def answer(qtbot, note, placement_id: int, field: str, key: str) -> None:
    picker = note.findChild(ChoicePicker, f"child{placement_id}_{field}")
    picker.setFocus()
    qtbot.keyClick(picker, key)


def click_answer(qtbot, note, placement_id: int, field: str, index: int) -> None:
    """Click the index-th (1-based) button of a yes/no question: 1 Yes, 2 No."""
    button = note.findChild(QWidget, f"child{placement_id}_{field}_{index}")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def fill_child(qtbot, note, placement_id: int, views: str, type_text) -> None:
    go_to(qtbot, note, f"child:{placement_id}")

    def box(name):
        return note.findChild(QWidget, f"child{placement_id}_{name}")

    click_answer(qtbot, note, placement_id, "seen", 1)
    answer(qtbot, note, placement_id, "spoken_with", "y")
    type_into(box("views"), views, type_text)
    type_into(box("views_how"), "Talked in the art room with her key worker", type_text)
    type_into(box("attendance"), "94% this term", type_text)
    answer(qtbot, note, placement_id, "safeguarding_concern", "n")
    type_into(box("progress"), "On track for 3 of 4 outcomes", type_text)
    click_answer(qtbot, note, placement_id, "early_review", 2)


def fill_overall(qtbot, note, summary: str, type_text) -> None:
    go_to(qtbot, note, "overall")
    rag = note.findChild(ChoicePicker, "overallRag")
    rag.setFocus()
    qtbot.keyClick(rag, "2")  # Good
    type_into(note.findChild(QPlainTextEdit, "summary"), summary, type_text)


def shown_dialog(qtbot, name: str) -> QWidget:
    def find():
        return [w for w in QApplication.topLevelWidgets()
                if w.objectName() == name and w.isVisible()]
    qtbot.waitUntil(lambda: bool(find()), timeout=3000)
    return find()[0]
