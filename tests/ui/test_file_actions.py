"""The File menu: imports open from the keyboard and refresh the register; export writes a file."""

from __future__ import annotations

import csv
from datetime import date

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

from placement_qa.store.records import list_providers
from placement_qa.store.register import update_provider
from placement_qa.ui.import_dialog import ImportPlacementsDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def _rows(window) -> int:
    return window.register_view.model.rowCount()


def test_ctrl_i_opens_the_import_and_an_import_shows_at_once(qtbot, window, sample_db, tmp_path):
    [oakfield] = [p for p in list_providers(sample_db) if p.name == "Oakfield School"]
    update_provider(sample_db, oakfield.provider_id, urn="135790")
    source = tmp_path / "new.csv"
    source.write_text("Case ref,Given name,Family name,Provider URN,Start date,Arrangement\n"
                      "CS-77,Nuño,Núñez,135790,01/09/2026,Day\n", encoding="utf-8")
    before = _rows(window)
    qtbot.keyClick(window.register_view.table, Qt.Key.Key_I, CTRL)
    [dialog] = [w for w in QApplication.topLevelWidgets()
                if isinstance(w, ImportPlacementsDialog) and w.isVisible()]
    dialog.set_file(source)
    for button, signal in (("importCheck", dialog.checked), ("importApply", dialog.imported)):
        with qtbot.waitSignal(signal, timeout=10_000):
            qtbot.mouseClick(dialog.findChild(QPushButton, button), Qt.MouseButton.LeftButton)
    assert _rows(window) == before + 1
    names = {window.register_view.model.line_at(r).placement.child_name
             for r in range(_rows(window))}
    assert "Nuño Núñez" in names
    dialog.close()


def test_export_writes_the_register_as_shown(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "register"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *args, **kwargs: (str(target), "Excel workbook (*.xlsx)")))
    qtbot.keyClick(window.register_view.table, Qt.Key.Key_X,
                   CTRL | Qt.KeyboardModifier.ShiftModifier)
    workbook = openpyxl.load_workbook(target.with_suffix(".xlsx"), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Child" and len(rows) - 1 == len(window.lines)
    assert "exported to" in window.statusBar().currentMessage()


def test_export_as_csv_by_the_chosen_filter(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "register"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *args, **kwargs: (str(target), "CSV file (*.csv)")))
    window.files.export_action.trigger()
    with target.with_suffix(".csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "Child" and len(rows) - 1 == len(window.lines)


def test_export_of_a_name_holding_a_vertical_tab_is_written(qtbot, open_window, builder,
                                                            sample_db, tmp_path, monkeypatch):
    """An older register may hold a character no workbook can: the export is still
    written, the character shown as "�", never an unexpected-error message."""
    oakfield = next(p.provider_id for p in list_providers(sample_db)
                    if p.name == "Oakfield School")
    builder.placement("Ann\x0bMarie Lee", oakfield, start=date(2025, 9, 1))
    window = open_window(sample_db)
    target = tmp_path / "register.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *args, **kwargs: (str(target), "Excel workbook (*.xlsx)")))
    window.files.export_action.trigger()
    children = [row[0] for row in openpyxl.load_workbook(target).active.iter_rows(
        values_only=True)]
    assert any("Ann\ufffdMarie" in str(name) for name in children)
    assert "exported to" in window.statusBar().currentMessage()
