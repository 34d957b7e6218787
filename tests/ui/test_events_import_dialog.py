"""File ▸ Import notifiable events…: check a file, see each problem, import all or nothing."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QPushButton
from visit_note_steps import shown_dialog

from placement_qa.store.notifiable_events import list_events

HEADER = "Provider URN,Case ref,Event,Date,Reported by\n"


def _click(qtbot, dialog, name: str, signal) -> None:
    with qtbot.waitSignal(signal, timeout=10_000):
        qtbot.mouseClick(dialog.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def test_the_file_menu_imports_events_after_a_check(qtbot, builder, open_window, tmp_path,
                                                    type_text):
    brookside = builder.provider("Brookside School")
    builder.db.execute("UPDATE providers SET urn = '123456' WHERE id = ?", [brookside])
    window = open_window(builder.db)
    [menu] = [m for m in window.findChildren(QMenu) if m.objectName() == "menuFile"]
    assert window.files.import_events_action in menu.actions()
    window.files.import_events_action.trigger()
    dialog = shown_dialog(qtbot, "importEventsDialog")
    qtbot.addWidget(dialog)  # closed at the end: it is a kind of placements import dialog
    bad = tmp_path / "events.csv"
    bad.write_text(HEADER + "123456,,Complaint,03/11/2026,Provider\n"
                   "123456,,Riot,03/11/2026,Provider\n", encoding="utf-8")
    type_text(dialog.path_edit, str(bad))
    _click(qtbot, dialog, "importCheck", dialog.checked)
    rows = dialog.problems_model
    assert rows.rowCount() == 1
    assert [rows.index(0, c).data() for c in range(2)] == ["3", "Event"]
    assert not dialog.findChild(QPushButton, "importApply").isEnabled()

    bad.write_text(HEADER + "123456,,Complaint,03/11/2026,Provider\n", encoding="utf-8")
    _click(qtbot, dialog, "importCheck", dialog.checked)
    _click(qtbot, dialog, "importApply", dialog.imported)
    [event] = list_events(builder.db)
    assert (event.kind, event.occurred_on) == ("complaint", date(2026, 11, 3))
    dialog.close()
