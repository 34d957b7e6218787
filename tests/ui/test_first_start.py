"""Starting our own register from the app, with the demo beside it untouched; File ▸
Open recent and Open register… leaving one register for another properly."""

from __future__ import annotations

import pytest
from app_starts import Answers, Started
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QCommandLinkButton,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
)

from placement_qa import app
from placement_qa.demo import write_demo_register
from placement_qa.store.backup import default_backup_folder
from placement_qa.store.connection import is_encrypted, open_register
from placement_qa.store.new_register import write_new_register
from placement_qa.store.settings import council_name, home_authority, is_demo
from placement_qa.ui.first_start import FirstStartDialog
from placement_qa.ui.new_register_dialog import NewRegisterDialog

PASSPHRASE = "kettle orchard lantern"


@pytest.fixture
def started(qapp, monkeypatch, tmp_path) -> Started:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    made = Started()
    monkeypatch.setattr(QApplication, "exec", staticmethod(made.fake_exec))
    return made


@pytest.fixture
def app_data(tmp_path):
    folder = tmp_path / "data" / "placement-qa"
    folder.mkdir(parents=True)
    return folder


def click(dialog, name: str, kind=QPushButton) -> None:
    """A click on the button (on a check box: on its box, at the left)."""
    button = dialog.findChild(kind, name)
    where = QPoint(8, button.height() // 2) if kind is QCheckBox else QPoint()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=where)


def start_our_register(home: str, council: str, passphrase: str | None):
    """The steps: Start our register, then the form typed in and Create clicked."""
    def fill(dialog) -> None:
        QTest.keyClicks(dialog.findChild(QLineEdit, "newHomeAuthority"), home)
        QTest.keyClicks(dialog.findChild(QLineEdit, "newCouncilName"), council)
        if passphrase is None:
            click(dialog, "newRegisterEncrypt", QCheckBox)  # one click: not encrypted
        else:
            QTest.keyClicks(dialog.findChild(QLineEdit, "newPassphrase"), passphrase)
            QTest.keyClicks(dialog.findChild(QLineEdit, "newPassphraseAgain"), passphrase)
        click(dialog, "saveButton")

    return [(FirstStartDialog, lambda d: click(d, "firstStartNew", QCommandLinkButton)),
            (NewRegisterDialog, fill)]


def test_start_our_register_makes_it_empty_with_its_settings_and_leaves_the_demo(
        started, app_data):
    demo = app_data / "demo.db"
    write_demo_register(demo, "small")  # tried earlier (never opened since)
    demo_before = (demo.read_bytes(), demo.stat().st_mtime_ns)
    answers = Answers(start_our_register("Kent", "Kent County Council", PASSPHRASE))
    assert app.main([]) == 0
    assert (answers.missed, answers.failed, answers.left_open) == ([], [], [])
    ours = app_data / "register.db"
    [window] = started.shown
    assert window == {"title": "Placement QA — register.db", "rows": 0, "path": ours}
    assert is_encrypted(ours)  # as recommended
    db = open_register(ours, passphrase=PASSPHRASE)
    try:
        assert home_authority(db) == "Kent"
        assert council_name(db) == "Kent County Council"
        assert not is_demo(db)
        assert db.execute("SELECT COUNT(*) FROM placements").fetchone()[0] == 0
    finally:
        db.close()
    assert (demo.read_bytes(), demo.stat().st_mtime_ns) == demo_before


def test_our_register_without_encryption_is_one_click_and_opens_on_the_next_start(
        started, app_data):
    answers = Answers(start_our_register("Westbridge", "Westbridge Borough Council", None))
    app.main([])
    assert (answers.missed, answers.failed, answers.left_open) == ([], [], [])
    ours = app_data / "register.db"
    assert not is_encrypted(ours)
    app.main([])  # the register used last: no first-start window
    first, second = started.shown
    assert first["path"] == second["path"] == ours
    assert "demo" not in second["title"]


def test_a_new_register_needs_the_home_authority_and_a_passphrase_typed_twice(
        qtbot, app_data):
    dialog = NewRegisterDialog(folder=app_data)
    qtbot.addWidget(dialog)
    dialog.show()
    QTest.keyClicks(dialog.findChild(QLineEdit, "newPassphrase"), PASSPHRASE)
    QTest.keyClicks(dialog.findChild(QLineEdit, "newPassphraseAgain"), "something else")
    click(dialog, "saveButton")
    errors = [dialog.rows[name].error_label.text() for name in ("Home authority", "Passphrase")]
    assert errors == ["Home authority: is required",
                      "Passphrase: The two passphrases are not the same: type them again."]
    assert dialog.created is None and list(app_data.iterdir()) == []


def recent_entries(window) -> list[tuple[str, bool]]:
    menu = window.register_files.recent_menu
    menu.aboutToShow.emit()
    return [(action.text(), action.isEnabled()) for action in menu.actions()]


def test_open_recent_leaves_this_register_properly_for_another(started, tmp_path):
    ours, demo, gone = tmp_path / "ours.db", tmp_path / "training.db", tmp_path / "gone.db"
    for path in (ours, gone):
        write_new_register(path)
    write_demo_register(demo, "small")
    for path in (gone, demo, ours):  # each opened once, ours last
        app.main(["--db", str(path)])
    gone.unlink()
    seen: dict = {}

    def use_open_recent(window) -> None:
        seen["entries"] = recent_entries(window)
        [training] = [a for a in window.register_files.recent_menu.actions()
                      if "training.db" in a.text()]
        training.trigger()

    started.during.append(use_open_recent)
    app.main(["--db", str(ours)])
    assert seen["entries"] == [("&1 ours.db (open now)", False), ("&2 training.db", True),
                               ("&3 gone.db (not found)", False)]
    *_, now = started.shown
    assert now["path"] == demo and "(demo register)" in now["title"]
    assert not (tmp_path / "ours.db.lock").exists()  # ours given back
    assert list(default_backup_folder(ours).glob("*")), "backed up on leaving, as on quitting"


def test_open_register_refuses_a_file_that_is_not_a_register_and_stays(started, tmp_path,
                                                                        monkeypatch):
    ours, letter = tmp_path / "ours.db", tmp_path / "letter.db"
    write_new_register(ours)
    letter.write_text("Dear provider")
    warnings: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *args, **kwargs: (str(letter), "")))
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda parent, title, text, *a: warnings.append(text)))
    opened: list[bool] = []
    started.during.append(lambda window: opened.append(window.register_files.open_register()))
    app.main(["--db", str(ours)])
    assert opened == [False]
    assert "is not a Placement QA register" in warnings[0]
    assert "the one open now stays open" in warnings[0]
    [window] = started.shown
    assert window["path"] == ours
    assert letter.read_text() == "Dear provider"
    assert not (tmp_path / "letter.db.lock").exists()


def test_join_our_teams_register_makes_an_empty_register_and_asks_for_the_server(
        started, app_data):
    seen: dict = {}

    def join(dialog) -> None:
        seen["asks authority"] = dialog.findChild(QLineEdit, "newHomeAuthority").isVisible()
        click(dialog, "newRegisterEncrypt", QCheckBox)
        click(dialog, "saveButton")

    def look(window) -> None:
        joining = window.sync.join_dialog
        seen["join shown"] = joining is not None and joining.isVisible()
        joining.reject()

    answers = Answers([(FirstStartDialog, lambda d: click(d, "firstStartJoin",
                                                          QCommandLinkButton)),
                       (NewRegisterDialog, join)])
    started.during.append(look)
    app.main([])
    assert (answers.missed, answers.failed, answers.left_open) == ([], [], [])
    assert seen == {"asks authority": False, "join shown": True}
    [window] = started.shown
    assert window["path"] == app_data / "register.db" and window["rows"] == 0
