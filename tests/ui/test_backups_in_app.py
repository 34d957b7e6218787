"""Backups in the app: on close, once a day, from the File menu; restoring one (the app
closes the register, restores, opens it again); a damaged register offers the latest
good backup; File ▸ Encrypt register converts the open register."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QListWidget, QMessageBox, QPushButton

from placement_qa import app, cli
from placement_qa.domain.dates import council_clock
from placement_qa.store import records
from placement_qa.store.backup import default_backup_folder, list_backups
from placement_qa.store.connection import forget_passphrase, is_encrypted
from placement_qa.store.register import add_child
from placement_qa.ui.backup_actions import RestoreDialog
from placement_qa.ui.passphrase_dialog import NewPassphraseDialog


def _backups(path):
    return list_backups(default_backup_folder(path), path)


def test_closing_the_window_backs_up(qtbot, window, register_path):
    assert _backups(register_path) == []
    window.close()
    [backup] = _backups(register_path)
    assert backup.size > 0


def test_a_failed_backup_says_so_and_never_stops_closing(qtbot, window, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("placement_qa.store.backup.backup_register", refuse)
    window.close()
    assert not window.isVisible()
    assert "not backed up: [Errno 28] No space left" in window.statusBar().currentMessage()


def test_back_up_now_and_the_daily_backup(qtbot, window, register_path):
    window.backups.backup_action.trigger()
    [first] = _backups(register_path)
    assert str(first.path) in window.statusBar().currentMessage()
    assert window.backups.back_up_if_due(council_clock()) is None  # one today already
    later = window.backups.back_up_if_due(council_clock() + timedelta(hours=25))
    assert later is not None and later.exists()
    assert window.backups.timer.isActive()


@pytest.fixture
def session_on(qtbot, tmp_path):
    """``session_on(path)``: the app started (as at start-up) on a register file."""
    sessions = []

    def _start(path):
        args = cli.AppOptions(path, as_of=date(2026, 11, 22))
        session = app.start_session(app.choose_register(path, False, tmp_path), args)
        assert not isinstance(session, int)
        sessions.append(session)
        qtbot.addWidget(session.window)
        return session

    yield _start
    for session in sessions:
        session.window.backup_on_close = False
        session.window.close()
        session.close()
        forget_passphrase(session.path)


@pytest.fixture
def plain_path(sample_db, register_path):
    """The shared sample register (conftest's), closed: the app opens it itself."""
    sample_db.close()
    return register_path


def _children(db):
    return {c.given_name for c in records.list_children(db)}


def test_restoring_a_backup_reopens_the_register_as_it_was(qtbot, session_on, plain_path):
    session = session_on(plain_path)
    session.window.backups.back_up()
    add_child(session.db, given_name="Priya", family_name="Shah")
    old_window = session.window

    dialog = session.window.backups.choose_backup()
    assert isinstance(dialog, RestoreDialog)
    backups = dialog.findChild(QListWidget, "backupList")
    assert backups.count() == 1 and "KB" in backups.item(0).text()
    qtbot.mouseClick(dialog.findChild(QPushButton, "restoreButton"), Qt.MouseButton.LeftButton)

    assert session.window is not old_window and session.window.isVisible()
    qtbot.addWidget(session.window)
    assert "Priya" not in _children(session.db)
    kept = [b for b in _backups(plain_path) if b.kept_before_restore]
    assert len(kept) == 1  # the register as it was before restoring
    assert "Restored the backup" in session.window.statusBar().currentMessage()
    assert session.lock.held


def _click_when_shown(qtbot, kind, button_name):
    def click():
        [box] = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind)
                 and w.isVisible()]
        button = box.findChild(QPushButton, button_name)
        if button is None:  # not the question expected: close it and say what it was
            box.close()
            raise AssertionError(box.text())
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click)


def _damage(path, page: int = 2):
    with path.open("r+b") as handle:  # a table's b-tree page
        handle.seek(4096 * page)
        handle.write(b"\xa5" * 4096)


# page 2: the integrity check finds the damage; page 3: SQLite finds it first ("malformed")
@pytest.mark.parametrize("page", [2, 3])
def test_a_damaged_register_offers_the_latest_good_backup(qtbot, session_on, plain_path, page):
    session = session_on(plain_path)
    session.window.close()  # backs up on close
    session.close()
    _damage(plain_path, page)

    _click_when_shown(qtbot, QMessageBox, app.RESTORE_BUTTON)
    again = session_on(plain_path)
    assert again.window.isVisible()
    assert "Amara" in _children(again.db)
    assert "damaged register is kept" in again.window.statusBar().currentMessage()


def test_a_damaged_register_and_quit_changes_nothing(qtbot, plain_path, tmp_path):
    db = app.open_chosen_register(app.RegisterChoice(plain_path, False))
    from placement_qa.store.backup import backup_register

    backup_register(db, default_backup_folder(plain_path))
    db.close()
    _damage(plain_path)
    damaged = plain_path.read_bytes()
    _click_when_shown(qtbot, QMessageBox, "quitButton")
    args = cli.AppOptions(plain_path)
    assert app.start_session(app.choose_register(plain_path, False, tmp_path), args) == 0
    assert plain_path.read_bytes() == damaged


def test_encrypting_the_open_register(qtbot, session_on, plain_path):
    session = session_on(plain_path)
    assert session.idle is None
    dialog = session.window.backups.encrypt()
    assert isinstance(dialog, NewPassphraseDialog)
    first = dialog.findChild(QLineEdit, "passphraseEdit")
    second = dialog.findChild(QLineEdit, "confirmPassphraseEdit")
    assert first.echoMode() == QLineEdit.EchoMode.Password
    error = dialog.findChild(QLabel, "newPassphraseError")
    ok = dialog.findChild(QPushButton, "okButton")
    qtbot.keyClicks(first, "short")
    qtbot.keyClicks(second, "short")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert "at least 8 characters" in error.text() and not is_encrypted(plain_path)
    first.clear()
    second.clear()
    qtbot.keyClicks(first, "a long passphrase")
    qtbot.keyClicks(second, "a long passphrose")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert "not the same" in error.text() and not is_encrypted(plain_path)
    second.clear()
    qtbot.keyClicks(second, "a long passphrase")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    assert is_encrypted(plain_path)
    assert session.window.isVisible() and session.idle is not None
    qtbot.addWidget(session.window)
    assert "Amara" in _children(session.db)
    assert "now encrypted" in session.window.statusBar().currentMessage()


def _new_passphrase(qtbot, dialog: NewPassphraseDialog, passphrase: str) -> None:
    for name in ("passphraseEdit", "confirmPassphraseEdit"):
        qtbot.keyClicks(dialog.findChild(QLineEdit, name), passphrase)
    qtbot.mouseClick(dialog.findChild(QPushButton, "okButton"), Qt.MouseButton.LeftButton)


def test_changing_the_passphrase_of_the_open_register(qtbot, session_on, plain_path):
    from placement_qa.store.connection import WrongPassphrase, open_register

    session = session_on(plain_path)
    assert not session.window.backups.passphrase_action.isEnabled()   # not encrypted yet
    _new_passphrase(qtbot, session.window.backups.encrypt(), "the first passphrase")
    qtbot.addWidget(session.window)
    backups = session.window.backups
    assert backups.passphrase_action.isEnabled() and not backups.encrypt_action.isEnabled()

    dialog = backups.change_passphrase()
    assert dialog.windowTitle() == f"New passphrase for {plain_path.name}"
    assert dialog.findChild(QPushButton, "okButton").text() == "&Change passphrase"
    _new_passphrase(qtbot, dialog, "the second passphrase")
    qtbot.addWidget(session.window)
    assert session.window.isVisible()
    assert "passphrase has been changed" in session.window.statusBar().currentMessage()
    assert "Amara" in _children(session.db)          # the reopened register works
    forget_passphrase(plain_path)
    with pytest.raises(WrongPassphrase):
        open_register(plain_path, passphrase="the first passphrase")
    forget_passphrase(plain_path)


def test_restoring_a_backup_from_before_encryption_keeps_the_register_encrypted(
        qtbot, session_on, plain_path):
    from register_contents import register_events

    session = session_on(plain_path)
    plain_backup = session.window.backups.back_up()
    on_a_stick = plain_path.with_name("on a memory stick.db")
    plain_backup.rename(on_a_stick)  # out of reach while the register is encrypted
    _new_passphrase(qtbot, session.window.backups.encrypt(), "the register's passphrase")
    qtbot.addWidget(session.window)
    add_child(session.db, given_name="Priya", family_name="Shah")
    on_a_stick.rename(plain_backup)  # copied back in

    dialog = session.window.backups.choose_backup()
    backups = dialog.findChild(QListWidget, "backupList")
    assert backups.count() == 1 and not is_encrypted(plain_backup)
    qtbot.mouseClick(dialog.findChild(QPushButton, "restoreButton"), Qt.MouseButton.LeftButton)

    qtbot.addWidget(session.window)
    assert session.window.isVisible() and session.idle is not None
    assert "Priya" not in _children(session.db) and "Amara" in _children(session.db)
    assert is_encrypted(plain_path) and b"Amara" not in plain_path.read_bytes()
    assert "encrypted with the register's passphrase" in (
        session.window.statusBar().currentMessage())
    [(event, detail, _)] = register_events(plain_path, "the register's passphrase")
    assert event == "restore" and plain_backup.name in detail


HARD_LINK_WRITER = (
    "import sys\n"
    "from placement_qa.store.connection import RegisterError\n"
    "from placement_qa.store.lock import RegisterLock\n"
    "try:\n"
    "    RegisterLock(sys.argv[1]).acquire()\n"
    "except RegisterError as exc:\n"
    "    print(exc)\n"
)


@pytest.mark.skipif(os.name != "posix", reason="hard links as POSIX has them")
def test_a_hard_link_to_the_register_encrypted_in_the_app_is_refused(
        qtbot, session_on, plain_path):
    session = session_on(plain_path)
    _new_passphrase(qtbot, session.window.backups.encrypt(), "the register's passphrase")
    qtbot.addWidget(session.window)
    link = plain_path.with_name("another name.db")
    os.link(plain_path, link)  # a name for the encrypted file the app now has open
    other = subprocess.run([sys.executable, "-c", HARD_LINK_WRITER, str(link)],
                           capture_output=True, text=True, timeout=60)
    assert "has another name on this computer (a hard link" in other.stdout, other.stderr


def test_starting_removes_what_an_interrupted_encryption_and_backup_left(
        qtbot, session_on, plain_path):
    left = [plain_path.with_name(plain_path.name + ".before-encryption"),
            plain_path.with_name(f".{plain_path.name}.converting"),
            default_backup_folder(plain_path) / f".{plain_path.name}.x7k2.part"]
    os.link(plain_path, left[0])  # the plain register, kept until the encrypted one was in place
    left[1].write_bytes(b"half an encrypted copy")
    left[2].parent.mkdir()
    left[2].write_bytes(b"half a backup")
    session = session_on(plain_path)
    assert session.window.isVisible()
    assert not any(path.exists() for path in left)


def _holding_a_name(folder) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file() and b"Okafor" in
                  p.read_bytes())


def _opens_with(path, passphrase) -> bool:
    from placement_qa.store.connection import WrongPassphrase, open_register

    try:
        open_register(path, passphrase=passphrase, migrate=False).close()
    except WrongPassphrase:
        return False
    finally:
        forget_passphrase(path)
    return True


def test_encrypting_in_the_app_encrypts_the_backups_taken_before(qtbot, session_on, plain_path):
    session = session_on(plain_path)
    taken = [session.window.backups.back_up() for _ in range(2)]
    folder = default_backup_folder(plain_path)
    assert _holding_a_name(folder) == sorted(p.name for p in taken)  # Amara Okafor's
    _new_passphrase(qtbot, session.window.backups.encrypt(), "the register's passphrase")
    qtbot.addWidget(session.window)
    assert f"Its backups in {folder} are encrypted with it too" in (
        session.window.statusBar().currentMessage())
    assert _holding_a_name(plain_path.parent) == []  # no plain copy of the register left
    assert sorted(folder.iterdir()) == sorted(taken)
    assert all(_opens_with(path, "the register's passphrase") for path in taken)


def test_a_new_passphrase_in_the_app_re_keys_the_backups(qtbot, session_on, plain_path):
    session = session_on(plain_path)
    _new_passphrase(qtbot, session.window.backups.encrypt(), "the first passphrase")
    qtbot.addWidget(session.window)
    backup = session.window.backups.back_up()
    _new_passphrase(qtbot, session.window.backups.change_passphrase(), "the second passphrase")
    qtbot.addWidget(session.window)
    assert "the register and its backups now open only with the new one" in (
        session.window.statusBar().currentMessage())
    assert not _opens_with(backup, "the first passphrase")
    assert _opens_with(backup, "the second passphrase")


def test_a_backup_made_with_another_passphrase_asks_for_it_and_keeps_the_registers(
        qtbot, session_on, plain_path):
    from placement_qa.ui.passphrase_dialog import PassphraseDialog

    session = session_on(plain_path)
    _new_passphrase(qtbot, session.window.backups.encrypt(), "the old passphrase")
    qtbot.addWidget(session.window)
    backup = session.window.backups.back_up()
    old = plain_path.with_name("kept apart.db")
    backup.rename(old)  # out of reach while the passphrase changes
    _new_passphrase(qtbot, session.window.backups.change_passphrase(), "the new passphrase")
    qtbot.addWidget(session.window)
    old.rename(backup)  # copied back in
    add_child(session.db, given_name="Priya", family_name="Shah")

    dialog = session.window.backups.restore(backup)
    assert isinstance(dialog, PassphraseDialog)
    assert "made with another passphrase" in dialog.findChild(QLabel, "passphraseIntro").text()
    edit = dialog.findChild(QLineEdit, "passphraseEdit")
    qtbot.keyClicks(edit, "the new passphrase")  # the register's: it does not open this one
    qtbot.mouseClick(dialog.findChild(QPushButton, "okButton"), Qt.MouseButton.LeftButton)
    assert f"does not open {backup.name}" in dialog.findChild(QLabel, "passphraseError").text()
    assert "Priya" in _children(session.db)  # nothing restored yet
    qtbot.keyClicks(edit, "the old passphrase")
    qtbot.mouseClick(dialog.findChild(QPushButton, "okButton"), Qt.MouseButton.LeftButton)

    qtbot.addWidget(session.window)
    assert "Priya" not in _children(session.db) and "Amara" in _children(session.db)
    assert "made with another passphrase: it now opens with the register's passphrase" in (
        session.window.statusBar().currentMessage())
    session.window.backup_on_close = False
    session.window.close()
    session.db.close()
    forget_passphrase(plain_path)
    assert _opens_with(plain_path, "the new passphrase")
    assert not _opens_with(plain_path, "the old passphrase")


@pytest.mark.parametrize("weak", [" " * 8, "a b c d e f g"])
def test_a_passphrase_of_spaces_is_refused_in_the_app_as_on_the_command_line(
        qtbot, session_on, plain_path, weak):
    session = session_on(plain_path)
    dialog = session.window.backups.encrypt()
    _new_passphrase(qtbot, dialog, weak)
    error = dialog.findChild(QLabel, "newPassphraseError")
    assert error.text() == "A passphrase needs at least 8 characters that are not spaces."
    assert dialog.isVisible() and not is_encrypted(plain_path)
    dialog.reject()
