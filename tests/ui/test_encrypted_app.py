"""An encrypted register through the app's own start-up: the passphrase is asked (a
wrong one refused in words), the window then works fully; the idle lock hides every
window and the passphrase brings them back as they were; one instance per register."""

from __future__ import annotations

from datetime import date

import pytest
from dialog_steps import ALT, CTRL, choose_row, click_save, field, modal, press, shown
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
)
from register_files import PAGE, damage_pages
from visit_note_steps import go_to

from placement_qa import app, cli
from placement_qa.store.audit import change_log
from placement_qa.store.backup import backup_register, default_backup_folder
from placement_qa.store.connection import (
    forget_passphrase,
    is_encrypted,
    open_register,
    remembered_passphrase,
)
from placement_qa.store.lock import RegisterLock
from placement_qa.store.settings import set_setting
from placement_qa.store.visit_notes import load_visit_note
from placement_qa.ui.child_dialog import ChildDialog
from placement_qa.ui.main_window import MainWindow
from placement_qa.ui.passphrase_dialog import PassphraseDialog

PASSPHRASE = "correct horse battery"


@pytest.fixture
def register_db(register_path):
    """The shared sample register (conftest's ``sample_db``), made encrypted from the start."""
    db = open_register(register_path, create=True, passphrase=PASSPHRASE)
    set_setting(db, "home_authority", "Westbridge")
    yield db
    db.close()


@pytest.fixture
def secret_path(sample_db, register_path):
    sample_db.close()
    forget_passphrase(register_path)
    assert is_encrypted(register_path)
    yield register_path
    forget_passphrase(register_path)


@pytest.fixture
def start(qtbot, secret_path):
    """``start(*passphrases, idle_ms=None)``: start the app on the encrypted register,
    typing each passphrase into the dialog it shows (then Cancel if still asked)."""
    sessions = []
    tried: list[dict] = []

    def _start(*passphrases: str, idle_ms: int | None = None):
        QTimer.singleShot(0, lambda: answer(qtbot, passphrases, tried))
        args = cli.AppOptions(secret_path, as_of=date(2026, 11, 22))
        session = app.start_session(app.choose_register(secret_path, False, secret_path.parent),
                                    args, idle_ms=idle_ms)
        if not isinstance(session, int):
            qtbot.addWidget(session.window)
            sessions.append(session)
            qtbot.waitExposed(session.window)
            with qtbot.waitActive(session.window):
                session.window.activateWindow()
        return session

    _start.tried = tried
    yield _start
    for session in sessions:
        session.window.backup_on_close = False
        session.window.close()
        session.close()


def answer(qtbot, passphrases, tried) -> None:
    asking = [w for w in QApplication.topLevelWidgets()
              if isinstance(w, PassphraseDialog) and w.isVisible()
              and w.objectName() == "passphraseDialog"]
    if len(asking) != 1:  # refused before asking
        return
    [dialog] = asking
    edit = dialog.findChild(QLineEdit, "passphraseEdit")
    try:
        assert edit.echoMode() == QLineEdit.EchoMode.Password
        for passphrase in passphrases:
            qtbot.keyClicks(edit, passphrase)
            qtbot.keyClick(edit, Qt.Key.Key_Return)
            error = dialog.findChild(QLabel, "passphraseError")
            tried.append({"error": error.text() if error.isVisibleTo(dialog) else "",
                          "field": edit.text()})
    finally:
        if dialog.isVisible():
            qtbot.mouseClick(dialog.findChild(QPushButton, "cancelButton"),
                             Qt.MouseButton.LeftButton)


def test_wrong_passphrase_is_refused_then_the_right_one_opens_and_works(qtbot, start,
                                                                        secret_path):
    session = start("not the passphrase", PASSPHRASE)
    first, second = start.tried
    assert first["error"].startswith(f"The passphrase does not open {secret_path.name}")
    assert first["field"] == ""  # cleared for the next try
    assert second["error"] == ""
    window = session.window
    assert isinstance(window, MainWindow) and window.isVisible()
    assert "Amara Okafor" in shown(window)

    choose_row(qtbot, window, "Amara Okafor")
    press(qtbot, window, Qt.Key.Key_C, CTRL | ALT)
    dialog = modal(qtbot, ChildDialog)
    given = field(dialog, "givenName")
    given.selectAll()
    qtbot.keyClicks(given, "Amarachi")
    click_save(qtbot, dialog)
    assert "Amarachi Okafor" in shown(window)

    again = open_register(secret_path, passphrase=PASSPHRASE)  # another connection
    try:
        assert change_log(again, table="children")[-1].after["given_name"] == "Amarachi"
    finally:
        again.close()
    assert not secret_path.read_bytes().startswith(b"SQLite format 3")


def test_cancel_at_the_passphrase_quits_cleanly(start, secret_path):
    assert start() == cli.EXIT_OK
    assert not any(isinstance(w, MainWindow) and w.isVisible()
                   for w in QApplication.topLevelWidgets())
    assert not secret_path.with_name(secret_path.name + ".lock").exists()  # the lock was released


def test_a_register_open_elsewhere_is_refused_in_words(start, secret_path, monkeypatch):
    messages = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.critical",
                        staticmethod(lambda parent, title, text: messages.append(text)))
    with RegisterLock(secret_path, user="b.manager"):
        assert start(PASSPHRASE) == cli.EXIT_FAILED
        QApplication.processEvents()  # (the answering step finds nothing to answer)
    assert "is open in Placement QA by b.manager" in messages[0]
    assert start.tried == []  # refused before asking anything


def test_idle_lock_hides_every_window_and_the_passphrase_restores_them(qtbot, start,
                                                                      secret_path):
    session = start(PASSPHRASE, idle_ms=600_000)  # long enough to open a note and type
    assert session.idle.timer.interval() == 600_000
    window = session.window
    visit_id = session.db.execute(
        "SELECT id FROM monitoring_visits WHERE status = 'planned' ORDER BY visit_date"
    ).fetchone()[0]
    note = window.visits.open_note(visit_id)
    go_to(qtbot, note, "details")
    staff = note.findChild(QPlainTextEdit, "providerStaffMet")
    staff.setFocus()
    qtbot.keyClicks(staff, "Ms Head")
    session.idle.timer.setInterval(50)  # then nothing is touched for 50 ms
    session.idle.timer.start()

    qtbot.waitUntil(lambda: session.idle.is_locked, timeout=5000)
    lock_dialog = session.idle.dialog
    assert load_visit_note(session.db, visit_id).provider_staff_met == "Ms Head"  # saved first
    assert not window.isVisible() and not note.isVisible()
    assert lock_dialog.isVisible()
    assert remembered_passphrase(secret_path) is None

    edit = lock_dialog.findChild(QLineEdit, "passphraseEdit")
    qtbot.keyClicks(edit, "wrong passphrase")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert lock_dialog.isVisible() and not window.isVisible()
    assert "does not open" in lock_dialog.findChild(QLabel, "passphraseError").text()
    qtbot.keyClicks(edit, PASSPHRASE)
    qtbot.keyClick(edit, Qt.Key.Key_Return)

    assert not session.idle.is_locked and not lock_dialog.isVisible()
    assert session.idle.timer.isActive()  # counting again
    session.idle.timer.setInterval(600_000)
    assert window.isVisible() and note.isVisible()
    assert staff.toPlainText() == "Ms Head"
    assert remembered_passphrase(secret_path) == PASSPHRASE
    note.reject()


def test_the_idle_time_is_the_registers_setting(start, secret_path):
    db = open_register(secret_path, passphrase=PASSPHRASE)
    set_setting(db, "idle_lock_minutes", "3")
    db.close()
    forget_passphrase(secret_path)
    session = start(PASSPHRASE)
    assert session.idle.timer.interval() == 3 * 60_000
    assert session.idle.timer.isActive()


def restore_when_asked(qtbot) -> QTimer:
    """Clicks "Restore the latest good backup" once the damaged-register question shows
    (after the passphrase dialog has closed); stop the timer returned at the end."""
    timer = QTimer()
    timer.setInterval(20)

    def look() -> None:
        for box in QApplication.topLevelWidgets():
            if (isinstance(box, QMessageBox) and box.isVisible()
                    and box.objectName() == "damagedRegisterMessage"):
                timer.stop()
                qtbot.mouseClick(box.findChild(QPushButton, app.RESTORE_BUTTON),
                                 Qt.MouseButton.LeftButton)
                return

    timer.timeout.connect(look)
    timer.start()
    return timer


@pytest.mark.parametrize("where", ["the first page", "every later page"])
def test_a_damaged_encrypted_register_is_told_apart_and_the_backup_offered(qtbot, start,
                                                                          secret_path,
                                                                          where):
    db = open_register(secret_path, passphrase=PASSPHRASE)
    backup_register(db, default_backup_folder(secret_path))
    db.close()
    forget_passphrase(secret_path)
    pages = secret_path.stat().st_size // PAGE
    damage_pages(secret_path, [0] if where == "the first page" else range(1, pages))
    damaged = secret_path.read_bytes()

    asked = restore_when_asked(qtbot)
    try:
        session = start("not the passphrase", PASSPHRASE)
    finally:
        asked.stop()
    wrong, right = start.tried
    assert wrong["error"].startswith(f"The passphrase does not open {secret_path.name}")
    assert right["error"] == ""  # the right passphrase: the damage is said, not "wrong"
    assert not isinstance(session, int) and session.window.isVisible()
    assert "Amara Okafor" in shown(session.window)
    assert "damaged register is kept" in session.window.statusBar().currentMessage()
    assert is_encrypted(secret_path)
    [kept] = default_backup_folder(secret_path).glob("*-before-restore.db")
    assert kept.read_bytes() == damaged
