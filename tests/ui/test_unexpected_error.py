"""The last resort: an error nobody expected, from a menu action, a worker thread or
start-up, is logged with its traceback (and no child's name or note text), every open
visit note is saved, and a plain message says where the details are.

pytest-qt normally takes over ``sys.excepthook`` to fail a test on an error in a Qt
slot; the tests of the hook switch that off (``qt_no_exception_capture``) because the app's
own hook is what they test, and each checks that its log holds exactly the one error it
caused, so no other error can pass unnoticed.
"""

from __future__ import annotations

import stat
import sys
import threading

import pytest
from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from visit_note_steps import CHILDREN, planned_visit, type_into

from placement_qa import __version__, app, app_log
from placement_qa.store.visit_notes import load_visit_note
from placement_qa.ui.unexpected_error import MESSAGE_NAME, show_unexpected_errors

TYPED = "R. Singh, with Zoë's key worker"


def one_error_logged(log_file) -> str:
    logged = log_file.read_text(encoding="utf-8")
    assert logged.count("ERROR placement_qa") == 1, logged
    return logged


def answer(box: QMessageBox) -> str:
    text = box.text()
    box.button(QMessageBox.StandardButton.Ok).click()
    return text


@pytest.mark.qt_no_exception_capture
def test_an_error_from_a_menu_action_saves_the_note_being_typed_and_says_where_the_log_is(
        qtbot, qapp, builder, open_window, type_text, monkeypatch, app_log_file):
    _, visit_id, _ = planned_visit(builder)
    window = open_window(builder.db)
    note = window.visits.open_note(visit_id)
    qtbot.waitExposed(note)
    type_into(note.findChild(QLineEdit, "visitors"), TYPED, type_text)
    assert load_visit_note(builder.db, visit_id).visitors == ""  # not autosaved yet

    def broken_schedule(db, as_of):
        raise ValueError(f"no schedule for {CHILDREN[0]} ({TYPED})")

    monkeypatch.setattr("placement_qa.ui.main_window.schedule_as_of", broken_schedule)
    errors = show_unexpected_errors(qapp)
    with qtbot.waitSignal(errors.shown, timeout=5000) as shown:
        QTimer.singleShot(0, window.refresh_action.trigger)  # View ▸ Refresh, in the event loop
    monkeypatch.undo()
    box = shown.args[0]

    assert box.objectName() == MESSAGE_NAME and box.isVisible()
    assert answer(box) == (
        "Something went wrong that Placement QA did not expect (ValueError).\n\n"
        "What you typed in the visit notes you have open is still there, and every draft "
        "is saved.\n\n"
        f"The details are written to {app_log_file} for whoever supports the app (it names no "
        "child). You can carry on; if anything looks wrong, close Placement QA and start it "
        "again.")
    assert load_visit_note(builder.db, visit_id).visitors == TYPED
    assert note.isVisible() and window.isVisible()  # the app carries on
    logged = one_error_logged(app_log_file)
    assert "Unexpected error in thread MainThread" in logged
    assert "in refresh" in logged and "in broken_schedule" in logged
    assert "ValueError: (message withheld" in logged
    for words in (*CHILDREN[0].split(), "Singh", "key worker"):
        assert words not in logged
    assert stat.S_IMODE(app_log_file.stat().st_mode) == 0o600


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_worker_thread_is_shown_on_the_gui_thread(qtbot, qapp, app_log_file):
    errors = show_unexpected_errors(qapp)

    def work():
        raise KeyError(CHILDREN[1])

    worker = threading.Thread(target=work, name="import-worker")
    with qtbot.waitSignal(errors.shown, timeout=5000) as shown:
        worker.start()
    worker.join()

    assert "did not expect (KeyError)" in answer(shown.args[0])
    logged = one_error_logged(app_log_file)
    assert "Unexpected error in thread import-worker" in logged and "in work" in logged
    assert "Ayşe" not in logged


@pytest.mark.qt_no_exception_capture
def test_an_error_before_the_event_loop_waits_for_the_user_to_read_it(qtbot, qapp, app_log_file):
    """Python hands an error that escaped start-up to the hook just before the app
    ends: the message must be shown (and wait for OK) there and then."""
    errors = show_unexpected_errors(qapp)
    seen: list[str] = []

    def read_the_message():
        [box] = [w for w in QApplication.topLevelWidgets()
                 if w.objectName() == MESSAGE_NAME and w.isVisible()]
        seen.append(answer(box))

    try:
        raise RuntimeError(f"the window could not be built for {CHILDREN[0]}")
    except RuntimeError:
        QTimer.singleShot(0, read_the_message)  # runs while the message waits
        sys.excepthook(*sys.exc_info())

    assert errors.box is None
    assert seen and "did not expect (RuntimeError)" in seen[0]
    assert "Zoë" not in one_error_logged(app_log_file)


def test_starting_the_app_logs_to_the_app_data_folder_and_installs_the_hook(
        qapp, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(QApplication, "exec", staticmethod(lambda: 0))
    before = sys.excepthook

    assert app.main(["--db", str(tmp_path / "ours.db")]) == 0

    qt_folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    log_file = app_log.log_path()
    assert log_file == tmp_path / "data" / "placement-qa" / "placement-qa.log"
    assert log_file.parent == app_log.app_data_folder() and str(log_file.parent) == qt_folder
    assert f"Placement QA {__version__} started" in log_file.read_text(encoding="utf-8")
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert sys.excepthook is not before
    for widget in QApplication.topLevelWidgets():
        widget.close()
