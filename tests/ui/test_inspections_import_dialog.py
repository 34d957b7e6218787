"""The Ofsted inspections import dialog driven like a user: file, weeks, check, import."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSpinBox, QWidget

from placement_qa.store import register
from placement_qa.store.inspections import add_inspection
from placement_qa.store.schedule import schedule_as_of
from placement_qa.store.settings import additional_visit_weeks, set_setting
from placement_qa.ui.inspections_import_dialog import ImportInspectionsDialog

FIXTURE = (Path(__file__).parent.parent / "importing" / "fixtures_ofsted"
           / "state_funded_latest_inspections.csv")
AS_OF = date(2026, 2, 20)  # after Brookside's report card inspection of 12/01/2026


@pytest.fixture
def db(register_db):
    """Brookside School (URN 222222), Good in 2021, with one child placed there."""
    provider = register.add_provider(register_db, name="Brookside School", urn="222222",
                                     provider_type="maintained_special",
                                     host_authority="Surrey")
    add_inspection(register_db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2021, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    child = register.add_child(register_db, given_name="Zoë", family_name="Łukasiewicz",
                               case_ref="WB1")
    register.add_placement(register_db, child_id=child, provider_id=provider,
                           start_date=date(2025, 9, 1), arrangement="day")
    return register_db


@pytest.fixture
def open_dialog(qtbot, db):
    def _open(as_of: date = AS_OF) -> ImportInspectionsDialog:
        shown = ImportInspectionsDialog(db, as_of=as_of)
        qtbot.addWidget(shown)
        shown.show()
        qtbot.waitExposed(shown)
        return shown
    return _open


@pytest.fixture
def dialog(open_dialog):
    return open_dialog()


def button(dialog, name: str) -> QPushButton:
    return dialog.findChild(QPushButton, name)


def weeks_box(dialog) -> QSpinBox:
    return dialog.findChild(QSpinBox, "additionalVisitWeeks")


def summary(dialog) -> str:
    return dialog.findChild(QLabel, "importSummary").text()


def table_rows(dialog) -> list[list[str]]:
    model = dialog.table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def click_and_wait(qtbot, dialog, name: str, signal) -> None:
    with qtbot.waitSignal(signal, timeout=10_000):
        qtbot.mouseClick(button(dialog, name), Qt.MouseButton.LeftButton)


def changes(db) -> int:
    return db.execute("SELECT count(*) FROM change_log").fetchone()[0]


def brookside_due(db) -> tuple[str | None, date | None]:
    """The placement's additional-visit due date as stored, and its next visit due."""
    stored = db.execute("SELECT additional_visit_due FROM placements").fetchone()[0]
    [line] = schedule_as_of(db, AS_OF)
    return stored, line.next_due


def test_check_names_the_provider_that_would_fall_below_good_and_writes_nothing(
        qtbot, dialog, db):
    before = changes(db)
    assert not button(dialog, "importCheck").isEnabled()
    dialog.set_file(FIXTURE)

    click_and_wait(qtbot, dialog, "importCheck", dialog.checked)

    text = summary(dialog)
    assert text.startswith("The file is ready to import.")
    assert "5 rows read; inspections added 1, updated 0, unchanged 0." in text
    assert "1 placement(s) would be flagged for an additional visit by 03/04/2026" in text
    assert "Brookside School (URN 222222): 1 placement(s)." in text
    assert table_rows(dialog) == []
    assert button(dialog, "importApply").isEnabled()
    assert changes(db) == before
    assert brookside_due(db) == (None, date(2026, 9, 1))  # a year after the start


def test_import_flags_the_placement_and_saves_changed_weeks(qtbot, dialog, db):
    assert weeks_box(dialog).value() == 6
    weeks_box(dialog).setValue(4)
    due_label = dialog.findChild(QLabel, "additionalVisitDue")
    assert due_label.text() == "(flagged 20/02/2026, due by 20/03/2026)"
    dialog.set_file(FIXTURE)
    click_and_wait(qtbot, dialog, "importCheck", dialog.checked)
    assert "by 20/03/2026" in summary(dialog)
    assert additional_visit_weeks(db) == 6  # a check saves nothing

    click_and_wait(qtbot, dialog, "importApply", dialog.imported)

    text = summary(dialog)
    assert text.startswith("Imported:")
    assert "1 placement(s) were flagged for an additional visit by 20/03/2026" in text
    assert "Brookside School (URN 222222)" in text
    due = AS_OF + timedelta(weeks=4)
    assert brookside_due(db) == (due.isoformat(), due)
    assert additional_visit_weeks(db) == 4
    assert not button(dialog, "importApply").isEnabled()


def test_the_weeks_start_from_the_register_setting(qtbot, db, open_dialog):
    set_setting(db, "additional_visit_weeks", "8")
    dialog = open_dialog()
    box = weeks_box(dialog)
    assert (box.value(), box.minimum(), box.maximum()) == (8, 1, 52)
    assert box.accessibleName()

    dialog.set_file(FIXTURE)
    click_and_wait(qtbot, dialog, "importCheck", dialog.checked)
    click_and_wait(qtbot, dialog, "importApply", dialog.imported)

    due = AS_OF + timedelta(weeks=8)
    assert brookside_due(db) == (due.isoformat(), due)
    assert additional_visit_weeks(db) == 8


def test_changing_the_weeks_after_a_check_needs_a_new_check(qtbot, dialog):
    dialog.set_file(FIXTURE)
    click_and_wait(qtbot, dialog, "importCheck", dialog.checked)
    assert button(dialog, "importApply").isEnabled()
    weeks_box(dialog).setValue(3)
    assert not button(dialog, "importApply").isEnabled()
    assert summary(dialog) == "Check the file before importing it."


def test_a_file_that_is_not_ofsted_mi_is_explained(qtbot, dialog, db, tmp_path):
    placements = tmp_path / "placements.csv"
    placements.write_text("Case ref,Given name,Family name\nCS-1,Zoë,Brennan\n",
                          encoding="utf-8")
    dialog.set_file(placements)
    click_and_wait(qtbot, dialog, "importCheck", dialog.checked)
    assert summary(dialog) == ("The file cannot be imported: no header row with a URN column: "
                               "is this an Ofsted management information file?")
    assert not button(dialog, "importApply").isEnabled()


def test_rejected_rows_are_listed_and_cannot_be_imported(qtbot, db, open_dialog):
    dialog = open_dialog(as_of=date(2026, 1, 1))  # before Brookside's inspection
    dialog.set_file(FIXTURE)
    click_and_wait(qtbot, dialog, "importCheck", dialog.checked)
    assert summary(dialog) == ("1 problem(s) found: nothing was written. Fix the rows listed "
                               "below and check again.")
    [[row, column, value, reason]] = table_rows(dialog)
    assert (column, value, reason) == ("Inspection start date", "12/01/2026",
                                       "is after the import date 01/01/2026")
    assert row.isdigit()
    assert not button(dialog, "importApply").isEnabled()


def big_mi_file(path: Path) -> Path:
    """The fixture with 30,000 more schools not in the register: time enough to cancel."""
    text = FIXTURE.read_text(encoding="utf-8-sig")
    extra = "".join(f"https://x/{n},{n},999/{n},School {n},Special,Academy,Kent,1,S5 Inspection,"
                    f"01/03/2022,05/04/2022,2,,2,2,2,2,Yes,,,,,,,,,,,\n"
                    for n in range(300_000, 330_000))
    path.write_text(text + extra, encoding="utf-8")
    return path


def test_cancel_writes_nothing(qtbot, dialog, db, tmp_path):
    dialog.set_file(big_mi_file(tmp_path / "big.csv"))
    weeks_box(dialog).setValue(2)
    click_and_wait(qtbot, dialog, "importCheck", dialog.checked)
    assert button(dialog, "importApply").isEnabled(), summary(dialog)
    before = changes(db)

    with qtbot.waitSignal(dialog.stopped, timeout=10_000):
        qtbot.mouseClick(button(dialog, "importApply"), Qt.MouseButton.LeftButton)
        assert button(dialog, "importCancel").isVisible()
        assert not weeks_box(dialog).isEnabled()
        qtbot.mouseClick(button(dialog, "importCancel"), Qt.MouseButton.LeftButton)

    assert summary(dialog) == "Cancelled: nothing was written."
    assert changes(db) == before
    assert brookside_due(db)[0] is None
    assert db.execute("SELECT count(*) FROM inspections").fetchone()[0] == 1
    assert additional_visit_weeks(db) == 6
    assert not button(dialog, "importCancel").isVisible()
    assert weeks_box(dialog).isEnabled()


def test_widgets_have_names_for_tests_and_screen_readers(dialog):
    named = [w for w in dialog.findChildren(QWidget)
             if w.objectName().startswith(("import", "additionalVisit"))]
    assert len(named) >= 10
    assert all(w.accessibleName() for w in named)
    assert dialog.accessibleName() == "Import Ofsted inspections"
    assert dialog.findChild(QPushButton, "importSaveErrors") is None


def test_closing_during_an_import_cancels_it(qtbot, dialog, db, tmp_path):
    dialog.set_file(big_mi_file(tmp_path / "big.csv"))
    click_and_wait(qtbot, dialog, "importCheck", dialog.checked)
    before = changes(db)
    with qtbot.waitSignal(dialog.stopped, timeout=10_000):
        qtbot.mouseClick(button(dialog, "importApply"), Qt.MouseButton.LeftButton)
        dialog.reject()
    assert not dialog.isVisible()
    assert changes(db) == before
    assert brookside_due(db)[0] is None


def test_the_main_window_opens_it_as_of_its_date(open_window, db):
    window = open_window(db)
    window.set_as_of(AS_OF)
    shown = window.files.import_inspections()
    assert isinstance(shown, ImportInspectionsDialog)
    assert shown.as_of == AS_OF
    assert weeks_box(shown).value() == 6
    shown.reject()
