"""An event recorded between visits (Register ▸ Record an event…) is on the next visit's
note, in its window and its PDF, to be checked on site."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QMenu, QPlainTextEdit
from visit_note_steps import CHILDREN, planned_visit, shown_dialog, type_into

from placement_qa.domain.notifiable_events import NewEvent
from placement_qa.reports.visit_note import visit_note_pdf
from placement_qa.store.actions import list_actions
from placement_qa.store.notifiable_events import list_events, record_event

AS_OF = date(2026, 11, 22)
LINE = f"{CHILDREN[0]}, since the last visit (01/10/2025): 1 restraint, 1 fixed-term suspension"


def _choose(combo: QComboBox, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_an_event_recorded_in_the_dialog_is_on_the_next_visits_note(qtbot, builder,
                                                                      open_window, type_text):
    oakfield, visit_id, placements = planned_visit(builder)
    zoe = placements[CHILDREN[0]]
    builder.visit(oakfield, date(2025, 10, 1), CHILDREN[0])        # the last completed visit
    for day, kind in ((date(2025, 9, 20), "complaint"),            # before it: not listed
                      (date(2026, 3, 4), "restraint")):
        record_event(builder.db, NewEvent(oakfield, kind, day, "provider", placement_id=zoe),
                     as_of=AS_OF)
    window = open_window(builder.db)
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # the Register tab
    window.select_placement(zoe)
    [menu] = [m for m in window.findChildren(QMenu) if m.objectName() == "menuRegister"]
    assert "Recor&d an event…" in [a.text() for a in menu.actions()]
    qtbot.keyClick(window, Qt.Key.Key_E,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    dialog = shown_dialog(qtbot, "recordEventDialog")
    assert dialog.findChild(QComboBox, "eventChild").currentData() == zoe   # the row chosen
    _choose(dialog.findChild(QComboBox, "eventKind"), "fixed_term_suspension")
    _choose(dialog.findChild(QComboBox, "eventReporter"), "social_care")
    date_edit = dialog.findChild(QLineEdit, "eventDateEdit")
    date_edit.selectAll()
    type_into(date_edit, "03/11/2026", type_text)
    type_into(dialog.findChild(QLineEdit, "eventReporterName"), "J. Patel", type_text)
    type_into(dialog.findChild(QPlainTextEdit, "eventWhatDone"), "Two days; <re-integration> "
              "meeting & plan", type_text)
    dialog.findChild(QCheckBox, "eventRaiseAction").setChecked(True)
    type_into(dialog.findChild(QPlainTextEdit, "actionWhat"), "Send the re-integration plan",
              type_text)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    [event] = [e for e in list_events(builder.db, provider_id=oakfield)
               if e.kind == "fixed_term_suspension"]
    assert event.action_id == list_actions(builder.db, provider_id=oakfield)[0].action_id

    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # Record visit
    note = window.visits.note_windows[visit_id]
    qtbot.waitExposed(note)
    shown = note.findChild(QLabel, "eventsSinceLastVisit")
    assert shown.isVisible() and LINE in shown.text()
    assert "complaint" not in shown.text()

    pdf = visit_note_pdf(builder.db, visit_id, council_name="Westbridge", marking="OFFICIAL")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
                    .split())
    assert LINE in text
    assert "Two days; <re-integration> meeting & plan" in text   # printed as typed


def test_the_childs_and_the_providers_pages_list_their_events(qtbot, builder):
    from placement_qa.ui.pages.child_page import ChildPage
    from placement_qa.ui.pages.provider_page import ProviderPage

    oakfield, _, placements = planned_visit(builder)
    zoe, ayse = placements[CHILDREN[0]], placements[CHILDREN[1]]
    record_event(builder.db, NewEvent(oakfield, "restraint", date(2026, 11, 3), "provider",
                                      placement_id=zoe), as_of=AS_OF)
    record_event(builder.db, NewEvent(oakfield, "police", date(2026, 11, 4), "social_care",
                                      placement_id=ayse), as_of=AS_OF)
    record_event(builder.db, NewEvent(oakfield, "complaint", date(2026, 11, 5), "other"),
                 as_of=AS_OF)
    child_id = builder.db.execute("SELECT child_id FROM placements WHERE id = ?",
                                  [zoe]).fetchone()[0]
    child = ChildPage(builder.db, child_id, AS_OF)
    provider = ProviderPage(builder.db, oakfield, AS_OF)
    for page in (child, provider):
        qtbot.addWidget(page)

    def shown(model) -> list[tuple[str, str, str]]:
        return [tuple(model.index(r, c).data() for c in range(3))
                for r in range(model.rowCount())]

    assert shown(child.events_model) == [
        ("03/11/2026", "Physical intervention / restraint", CHILDREN[0])]
    assert shown(provider.events_model) == [
        ("05/11/2026", "Complaint", "The provider as a whole"),
        ("04/11/2026", "Police involvement", CHILDREN[1]),
        ("03/11/2026", "Physical intervention / restraint", CHILDREN[0])]
    assert provider.tabs.tabText(provider.tabs.count() - 1) == "&Events between visits (3)"


def test_a_provider_typed_in_lists_its_children_and_a_bad_date_is_refused_at_its_field(
        qtbot, builder, type_text):
    from placement_qa.ui.event_dialog import RecordEventDialog

    oakfield, _, placements = planned_visit(builder)
    builder.provider("Brookside School")
    dialog = RecordEventDialog(builder.db, as_of=AS_OF)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(dialog.provider.lineEdit(), "Oakfield School", type_text)
    child = dialog.findChild(QComboBox, "eventChild")
    assert [child.itemData(i) for i in range(child.count())] == [   # filed by name
        None, placements["Ayşe Yılmaz"], placements["Zoë Łukasiewicz"]]
    date_edit = dialog.findChild(QLineEdit, "eventDateEdit")
    date_edit.selectAll()
    type_into(date_edit, "23/11/2026", type_text)          # the day after today
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and list_events(builder.db) == []
    assert "after today" in dialog.rows["Date"].error_label.text()
