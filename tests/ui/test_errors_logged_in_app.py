"""A report that cannot be made, or a register that cannot be opened, is still told in
words on the screen; its traceback now goes to the app's log too, for whoever supports
the app, without the child's name the error's message quoted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from visit_note_steps import CHILDREN, planned_visit

from placement_qa import app

CHILD = CHILDREN[0]  # Zoë Łukasiewicz


def logged_without_the_child(log_file, *expected: str) -> str:
    logged = log_file.read_text(encoding="utf-8")
    for words in ("Traceback (most recent call last)", *expected):
        assert words in logged, logged
    assert "Zoë" not in logged and "Łukasiewicz" not in logged
    return logged


def fail_with_the_childs_name(*args, **kwargs):
    raise ValueError(f"{CHILD}'s views do not fit the page")


def test_a_visit_note_that_cannot_be_made_is_explained_and_logged(
        qtbot, builder, open_window, monkeypatch, app_log_file):
    pytest.importorskip("placement_qa.reports.visit_note")
    monkeypatch.setattr("placement_qa.reports.visit_note.visit_note_pdf",
                        fail_with_the_childs_name)
    _, visit_id, _ = planned_visit(builder)
    note = open_window(builder.db).visits.open_note(visit_id)
    qtbot.waitExposed(note)
    qtbot.mouseClick(note.findChild(QPushButton, "previewButton"), Qt.MouseButton.LeftButton)
    menu = note.preview_menu
    qtbot.waitUntil(menu.isVisible, timeout=2000)
    full = menu.actions()[0]
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(full).center())

    assert isinstance(note.preview, QMessageBox)
    assert note.preview.text() == ("The visit note could not be made: "
                                   f"{CHILD}'s views do not fit the page")
    note.preview.accept()
    logged_without_the_child(app_log_file, "ERROR placement_qa.ui.report_preview",
                             "A visit note could not be made", "in open_visit_note_preview",
                             "ValueError: (message withheld")


def test_a_report_that_cannot_be_made_is_explained_and_logged(
        qtbot, builder, open_window, monkeypatch, app_log_file):
    pytest.importorskip("placement_qa.reports.board")
    monkeypatch.setattr("placement_qa.reports.board.board_report_pdf",
                        fail_with_the_childs_name)
    window = open_window(builder.db)
    window.files.reports.board_action.trigger()  # Reports ▸ Board report…

    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=3000)
    box = QApplication.activeModalWidget()
    assert box.objectName() == "reportProblem"
    assert box.text() == f"The report could not be made: {CHILD}'s views do not fit the page"
    box.accept()
    logged_without_the_child(app_log_file, "A report could not be made "
                             "(placement_qa.reports.board)", "in _show")


def test_a_register_that_cannot_be_opened_is_explained_and_logged(
        qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    letter = tmp_path / f"{CHILD}.db"
    letter.write_text(f"Dear provider, about {CHILD}")
    messages = []
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda parent, title, text: messages.append(text)))

    assert app.main(["--db", str(letter)]) == 1

    assert messages[0].startswith("The register could not be opened.")
    assert "is not a Placement QA register" in messages[0]
    log_file = tmp_path / "data" / "placement-qa" / "placement-qa.log"
    logged_without_the_child(log_file, "WARNING placement_qa.app",
                             "The register could not be opened", "in open_for_session")
