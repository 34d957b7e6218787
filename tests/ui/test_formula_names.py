"""Children named like formulas, imported in the window: the register shows their names
exactly, and File ▸ Export writes them so no spreadsheet runs them (quoted in CSV, text
cells in XLSX)."""

from __future__ import annotations

import csv

import openpyxl
from formula_names import (
    FORMULA_CHILDREN,
    add_good_provider,
    formula_children_csv,
    starts_like_a_formula,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

from placement_qa.ui.import_dialog import ImportPlacementsDialog


def _import_through_the_dialog(qtbot, window, source) -> None:
    window.files.import_placements_action.trigger()  # File ▸ Import placements…
    [dialog] = [w for w in QApplication.topLevelWidgets()
                if isinstance(w, ImportPlacementsDialog) and w.isVisible()]
    dialog.set_file(source)
    for button, signal in (("importCheck", dialog.checked), ("importApply", dialog.imported)):
        with qtbot.waitSignal(signal, timeout=10_000):
            qtbot.mouseClick(dialog.findChild(QPushButton, button), Qt.MouseButton.LeftButton)
    dialog.close()


def _shown_children(window) -> list[str]:
    model = window.register_view.table.model()
    [child] = [c for c in range(model.columnCount())
               if model.headerData(c, Qt.Orientation.Horizontal) == "Child"]
    return [model.index(row, child).data() for row in range(model.rowCount())]


def _export(qtbot, window, monkeypatch, target, chosen_filter) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *args, **kwargs: (str(target), chosen_filter)))
    window.files.export_action.trigger()  # File ▸ Export register…


def test_formula_names_show_exactly_and_export_as_text(qtbot, open_window, register_db,
                                                      tmp_path, monkeypatch):
    add_good_provider(register_db)
    window = open_window(register_db)
    _import_through_the_dialog(qtbot, window, formula_children_csv(tmp_path / "children.csv"))
    assert sorted(_shown_children(window)) == sorted(FORMULA_CHILDREN)

    _export(qtbot, window, monkeypatch, tmp_path / "register", "CSV file (*.csv)")
    with (tmp_path / "register.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [cell for row in rows for cell in row if starts_like_a_formula(cell)] == []
    assert sorted(row[0] for row in rows[1:]) == sorted(f"'{n}" for n in FORMULA_CHILDREN)

    _export(qtbot, window, monkeypatch, tmp_path / "register", "Excel workbook (*.xlsx)")
    sheet = openpyxl.load_workbook(tmp_path / "register.xlsx", data_only=False).active
    assert [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"] == []
    assert sorted(c.value for c in sheet["A"][1:]) == sorted(FORMULA_CHILDREN)
    assert sorted(_shown_children(window)) == sorted(FORMULA_CHILDREN)
