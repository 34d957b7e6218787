"""The change log page: a change made in the window is listed (newest first), filters by
user, record type and date narrow it, Show more reads older pages, Export writes the
rows shown to a CSV file."""

from __future__ import annotations

import csv
import io

from dialog_steps import ALT, CTRL, choose_row, click_save, field, modal, press
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QPushButton, QTableView

from placement_qa.domain.dates import council_now
from placement_qa.store.connection import open_register
from placement_qa.store.register import add_child
from placement_qa.ui.child_dialog import ChildDialog
from placement_qa.ui.pages.audit_page import ChangeLogPage


def _rows(page: ChangeLogPage) -> list[list[str]]:
    model = page.findChild(QTableView, "changeLogTable").model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def _choose(qtbot, combo: QComboBox, text: str) -> None:
    combo.setFocus()
    index = combo.findText(text)
    assert index >= 0, f"{text} not offered"
    combo.setCurrentIndex(index)


def _open_log(qtbot, window) -> ChangeLogPage:
    menu = window.findChild(QDialog, "changeLogPageDialog")
    assert menu is None
    window.pages.change_log.trigger()
    dialog = window.findChild(QDialog, "changeLogPageDialog")
    qtbot.waitExposed(dialog)
    return dialog.findChild(ChangeLogPage)


def test_a_change_in_the_window_is_listed_first_and_filters_narrow(qtbot, window, sample_db,
                                                                   register_path, tmp_path,
                                                                   monkeypatch):
    choose_row(qtbot, window, "Amara Okafor")
    press(qtbot, window, Qt.Key.Key_C, CTRL | ALT)
    dialog = modal(qtbot, ChildDialog)
    given = field(dialog, "givenName")
    given.selectAll()
    qtbot.keyClicks(given, "Amarachi")
    click_save(qtbot, dialog)
    other = open_register(register_path, os_user="b.manager")
    try:
        add_child(other, given_name="Priya", family_name="Shah")
    finally:
        other.close()

    page = _open_log(qtbot, window)
    newest, second = _rows(page)[:2]
    assert newest[1:5] == ["b.manager", "Priya Shah", "child's details", "Added"]
    assert "given name Priya" in newest[5]
    assert second[2:5] == ["Amarachi Okafor", "child's details", "Changed"]
    assert second[5] == "given name Amara → Amarachi"

    _choose(qtbot, page.findChild(QComboBox, "userFilter"), "b.manager")
    assert [row[1] for row in _rows(page)] == ["b.manager"]
    _choose(qtbot, page.findChild(QComboBox, "userFilter"), "(any)")
    _choose(qtbot, page.findChild(QComboBox, "tableFilter"), "Placements")
    assert _rows(page) and all(row[3].startswith("placement") for row in _rows(page))
    _choose(qtbot, page.findChild(QComboBox, "tableFilter"), "Children")

    from_edit = page.from_date.line_edit
    qtbot.keyClicks(from_edit, "01/01/2099")
    qtbot.keyClick(from_edit, Qt.Key.Key_Return)
    assert _rows(page) == []
    from_edit.clear()
    qtbot.keyClicks(from_edit, "31/02/2026")
    qtbot.keyClick(from_edit, Qt.Key.Key_Return)
    assert "not a real date" in page.findChild(QLabel, "changeLogProblem").text()
    from_edit.clear()
    qtbot.keyClicks(from_edit, council_now().strftime("%d/%m/%Y"))  # the log's days are UK days
    qtbot.mouseClick(page.findChild(QPushButton, "applyFiltersButton"),
                     Qt.MouseButton.LeftButton)
    shown = _rows(page)
    assert shown and all(row[3] == "child's details" for row in shown)

    target = tmp_path / "log.csv"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "CSV file (*.csv)")))
    qtbot.mouseClick(page.findChild(QPushButton, "exportButton"), Qt.MouseButton.LeftButton)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle))
    assert written[0] == ["When", "Who", "Child", "Record", "Change", "What changed",
                          "Record id"]
    assert len(written) == len(shown) + 1
    assert [row[5] for row in written[1:]] == [row[5] for row in shown]
    assert not list(tmp_path.glob("*.part"))


def test_show_more_reads_older_pages(qtbot, sample_db):
    for number in range(7):
        add_child(sample_db, given_name=f"Child{number}", family_name="Test")
    page = ChangeLogPage(sample_db, page_size=5)
    qtbot.addWidget(page)
    page.show()
    _choose(qtbot, page.findChild(QComboBox, "tableFilter"), "Children")
    first = [row[5] for row in _rows(page)]
    assert len(first) == 5 and "Child6" in first[0]
    more = page.findChild(QPushButton, "showMoreButton")
    assert more.isEnabled()
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    second = [row[5] for row in _rows(page)]
    assert second[:5] == first and len(second) == 10
    while more.isEnabled():
        qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    everything = [row[5] for row in _rows(page)]
    assert len(everything) == len(set(everything))  # no row twice
    assert "Showing" in page.findChild(QLabel, "changeLogCount").text()


def test_the_exported_log_never_hands_a_spreadsheet_a_formula(sample_db):
    from placement_qa.domain.change_log import ChangeLogEntry, worded
    from placement_qa.exports.lists_csv import CHANGE_LOG_HEADER, change_log_row, write_csv
    from placement_qa.store.change_log_register import LoggedRegister

    entry = ChangeLogEntry("children", "0f6c1c1e-1111", "insert", None,
                           {"given_name": "=HYPERLINK(\"http://x\",\"y\")"}, "-admin",
                           "2026-11-22T10:00:00+00:00", "app")
    out = io.StringIO()
    [change] = worded([entry], LoggedRegister(sample_db))
    write_csv(out, CHANGE_LOG_HEADER, [change_log_row(change)])
    [header, row] = list(csv.reader(out.getvalue().splitlines()))
    assert row[header.index("Who")] == "'-admin"
    assert row[header.index("Child")] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert row[header.index("What changed")] == "given name =HYPERLINK(\"http://x\",\"y\")"
