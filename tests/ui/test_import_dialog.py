"""The import dialog driven like a user: pick a file, check it, read the problems, import."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from placement_qa.store.inspections import add_inspection
from placement_qa.store.register import add_provider
from placement_qa.ui.import_dialog import ImportPlacementsDialog, ImportProblemsModel

HEADER = "Case ref,Given name,Family name,Provider URN,Start date,Arrangement\n"
GOOD = ("CS-1,Zoë,Łukasiewicz,123456,01/09/2024,Day\n"
        "CS-2,Ayşe,Yılmaz,,2025-05-01,Elective home education\n"
        "CS-3,Șerban,Popescu,123456,01/09/2025,Residential (52-week)\n")
BAD = "CS-4,Kai,Wilson,123456,31/02/2026,Day\nCS-5,,Evans,999999,01/09/2025,Day\n"


@pytest.fixture
def db(register_db):
    provider = add_provider(register_db, name="Brookside School", urn="123456",
                            provider_type="independent_special", host_authority="Kent")
    add_inspection(register_db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    return register_db


@pytest.fixture
def dialog(qtbot, db):
    shown = ImportPlacementsDialog(db)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def button(dialog, name: str) -> QPushButton:
    return dialog.findChild(QPushButton, name)


def summary(dialog) -> str:
    return dialog.findChild(QLabel, "importSummary").text()


def table_rows(dialog) -> list[list[str]]:
    model = dialog.findChild(type(dialog.table), "importProblems").model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def click_and_wait(qtbot, dialog, name: str, signal) -> None:
    with qtbot.waitSignal(signal, timeout=10_000):
        qtbot.mouseClick(button(dialog, name), Qt.MouseButton.LeftButton)


def placements(db) -> int:
    return db.execute("SELECT count(*) FROM placements").fetchone()[0]


def test_a_bad_file_lists_every_problem_and_cannot_be_imported(qtbot, dialog, db, tmp_path,
                                                               type_text):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + GOOD + BAD, encoding="utf-8-sig")
    assert not button(dialog, "importCheck").isEnabled()
    type_text(dialog.path_edit, str(bad))

    click_and_wait(qtbot, dialog, "importCheck", dialog.checked)

    assert summary(dialog).startswith("3 problems in 2 rows: nothing imported.")
    assert table_rows(dialog) == [
        ["5", "Start date", "31/02/2026", "'31/02/2026' is not a real date"],
        ["6", "Given name", "", "is required"],
        ["6", "Provider URN", "999999", "no provider with this URN in the register: add the "
                                        "provider first, then import again"],
    ]
    assert not button(dialog, "importApply").isEnabled()
    assert button(dialog, "importSaveErrors").isEnabled()
    report = tmp_path / "bad-errors.csv"
    dialog.save_error_report(report)
    with report.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[3]["Errors"] == "Start date: '31/02/2026' is not a real date"
    assert placements(db) == 0


def test_a_good_file_is_checked_then_imported_off_the_gui_thread(qtbot, dialog, db, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(HEADER + GOOD, encoding="utf-8")
    dialog.set_file(good)
    click_and_wait(qtbot, dialog, "importCheck", dialog.checked)
    assert summary(dialog) == "The file is ready to import: 3 to add, 0 to update, 0 unchanged."
    assert table_rows(dialog) == []
    assert placements(db) == 0

    click_and_wait(qtbot, dialog, "importApply", dialog.imported)

    assert summary(dialog) == "Imported: 3 added, 0 updated, 0 unchanged."
    names = {r[0] for r in db.execute("SELECT given_name FROM children")}
    assert names == {"Zoë", "Ayşe", "Șerban"}
    assert placements(db) == 3
    assert not button(dialog, "importApply").isEnabled()


def test_the_check_says_when_a_registered_childs_details_change(qtbot, dialog, db, tmp_path):
    """A row adding a placement for a child already in the register, with the child's
    date of birth, changes that child too: the check and the import say so."""
    first = tmp_path / "first.csv"
    first.write_text(HEADER + GOOD, encoding="utf-8")
    dialog.set_file(first)
    click_and_wait(qtbot, dialog, "importCheck", dialog.checked)
    click_and_wait(qtbot, dialog, "importApply", dialog.imported)
    more = tmp_path / "more.csv"
    more.write_text("Case ref,Given name,Family name,Date of birth,Provider URN,Start date,"
                    "Arrangement\ncs-1,ZOE,Lukasiewicz,14/03/2011,123456,01/09/2025,Day\n",
                    encoding="utf-8")
    dialog.set_file(more)
    click_and_wait(qtbot, dialog, "importCheck", dialog.checked)
    assert summary(dialog) == ("The file is ready to import: 1 to add, 0 to update, "
                               "0 unchanged; 1 child's details to change.")
    click_and_wait(qtbot, dialog, "importApply", dialog.imported)
    assert summary(dialog) == "Imported: 1 added, 0 updated, 0 unchanged; 1 child's details " \
        "changed."
    assert db.execute("SELECT given_name, family_name, date_of_birth FROM children WHERE "
                      "case_ref = 'CS-1'").fetchone() == ("Zoë", "Łukasiewicz", "2011-03-14")


def test_changing_the_file_after_a_check_needs_a_new_check(qtbot, dialog, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(HEADER + GOOD, encoding="utf-8")
    dialog.set_file(good)
    click_and_wait(qtbot, dialog, "importCheck", dialog.checked)
    assert button(dialog, "importApply").isEnabled()
    dialog.set_file(tmp_path / "other.csv")
    assert not button(dialog, "importApply").isEnabled()


def test_a_file_that_is_not_a_spreadsheet_is_explained(qtbot, dialog, tmp_path):
    notes = tmp_path / "notes.csv"
    notes.write_text("Name,Notes\nZoë,hello\n", encoding="utf-8")
    dialog.set_file(notes)
    click_and_wait(qtbot, dialog, "importCheck", dialog.checked)
    assert summary(dialog).startswith("The file cannot be imported: the file has no column for "
                                      "Case ref, Given name, Family name")
    assert not button(dialog, "importApply").isEnabled()


def test_cancel_writes_nothing(qtbot, dialog, db, tmp_path):
    many = tmp_path / "many.csv"
    many.write_text(HEADER + "".join(
        f"CS-{i},Zoë,Łukasiewicz,123456,01/09/2024,Day\n" for i in range(3000)), encoding="utf-8")
    dialog.set_file(many)
    click_and_wait(qtbot, dialog, "importCheck", dialog.checked)
    assert button(dialog, "importApply").isEnabled()
    before = db.execute("SELECT count(*) FROM change_log").fetchone()[0]

    with qtbot.waitSignal(dialog.stopped, timeout=10_000):
        qtbot.mouseClick(button(dialog, "importApply"), Qt.MouseButton.LeftButton)
        assert button(dialog, "importCancel").isVisible()
        qtbot.mouseClick(button(dialog, "importCancel"), Qt.MouseButton.LeftButton)

    assert summary(dialog) == "Cancelled: nothing was written."
    assert placements(db) == 0
    assert db.execute("SELECT count(*) FROM change_log").fetchone()[0] == before
    assert not button(dialog, "importCancel").isVisible()


def test_widgets_have_names_for_tests_and_screen_readers(dialog):
    named = [w for w in dialog.findChildren(QWidget) if w.objectName().startswith("import")]
    assert len(named) >= 10
    assert all(w.accessibleName() for w in named)
    assert dialog.accessibleName() == "Import placements"


def test_problems_model_passes_qt_model_checks(qtmodeltester):
    from placement_qa.importing.report import ImportProblem

    model = ImportProblemsModel()
    qtmodeltester.check(model)
    model.set_rows([ImportProblem(5, "Start date", "31/02/2026", "is not a real date")])
    qtmodeltester.check(model)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Row"
