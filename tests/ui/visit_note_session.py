"""Run the real app in this process on a register, open a visit's note (``--visit``)
and either type into it or report what it shows. Used by the SIGKILL autosave test.

    python visit_note_session.py type   REGISTER VISIT_ID PLACEMENT_ID
    python visit_note_session.py report REGISTER VISIT_ID PLACEMENT_ID

``type`` goes to the child's page, answers and types like a user, prints one
``TYPED`` line (JSON of what it typed) and then waits to be killed. ``report``
prints one ``SHOWN`` line (JSON of what the reopened note shows) and quits.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from keyboard_input import type_text  # noqa: E402
from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QListWidget, QWidget  # noqa: E402

from placement_qa import app as placement_app  # noqa: E402

TYPED = {"views": "Ich mag Kunst — Zoë", "attendance": "91% this term",
         "progress": "Reading age up 8 months"}


def note_window() -> QWidget | None:
    found = [w for w in QApplication.topLevelWidgets()
             if w.objectName() == "visitNoteWindow" and w.isVisible()]
    return found[0] if found else None


def child_page(note: QWidget, placement_id: int) -> None:
    checklist: QListWidget = note.findChild(QListWidget, "sectionChecklist")
    for row in range(checklist.count()):
        if checklist.item(row).data(Qt.ItemDataRole.UserRole) == f"child:{placement_id}":
            checklist.setFocus()
            checklist.setCurrentRow(row)


def type_into_note(placement_id: int) -> None:
    note = note_window()
    child_page(note, placement_id)
    seen = note.findChild(QWidget, f"child{placement_id}_seen")
    seen.setFocus()
    QTest.keyClick(seen, "y")
    for field, text in TYPED.items():
        box = note.findChild(QWidget, f"child{placement_id}_{field}")
        box.setFocus()
        type_text(box, text)
    print("TYPED " + json.dumps({**TYPED, "seen": True}), flush=True)


def report_note(placement_id: int) -> None:
    note = note_window()
    shown = {"page": note.current_page().page_id,
             "seen": note.findChild(QWidget, f"child{placement_id}_seen").value()}
    for field in TYPED:
        box = note.findChild(QWidget, f"child{placement_id}_{field}")
        shown[field] = box.toPlainText() if hasattr(box, "toPlainText") else box.text()
    print("SHOWN " + json.dumps(shown), flush=True)
    QApplication.instance().quit()


def main() -> int:
    mode, register, visit_id, placement_id = sys.argv[1:5]
    app = QApplication([sys.argv[0]])
    step = type_into_note if mode == "type" else report_note
    QTimer.singleShot(300, lambda: step(int(placement_id)))
    return placement_app.main(["--db", register, "--as-of", "2026-11-22", "--visit", visit_id]
                              ) if app else 1


if __name__ == "__main__":
    sys.exit(main())
