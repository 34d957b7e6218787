"""Starting the app as a user does: the first start asks (the demo is made apart from the
user's own register); --db opens a file."""

from __future__ import annotations

import os

import pytest
from app_starts import Answers, Started
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCommandLinkButton

from placement_qa import app
from placement_qa.ui.first_start import FirstStartDialog


@pytest.fixture
def started(qapp, monkeypatch, tmp_path) -> Started:
    """Run app.main() but, instead of entering the event loop, note what it showed."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    made = Started()
    monkeypatch.setattr(QApplication, "exec", staticmethod(made.fake_exec))
    return made


@pytest.fixture
def started_windows(started) -> list[dict]:
    return started.shown


def click(choice: str):
    return lambda dialog: QTest.mouseClick(dialog.findChild(QCommandLinkButton, choice),
                                           Qt.MouseButton.LeftButton)


def test_first_start_asks_and_the_demo_is_made_apart_and_marked(started_windows, tmp_path):
    answers = Answers([(FirstStartDialog, click("firstStartDemo"))])
    assert app.main([]) == 0
    assert answers.missed == []
    folder = tmp_path / "data" / "placement-qa"
    demo = folder / "demo.db"
    assert demo.exists() and not (folder / "register.db").exists()  # never the user's own
    assert demo.stat().st_mode & 0o077 == 0
    assert not list(demo.parent.glob("*.part*"))  # built aside, then moved into place
    [window] = started_windows
    assert "(demo register)" in window["title"]
    assert window["rows"] > 40


def test_the_next_start_opens_the_demo_again_still_marked_without_asking(started_windows,
                                                                         tmp_path):
    Answers([(FirstStartDialog, click("firstStartDemo"))])
    app.main([])
    demo = tmp_path / "data" / "placement-qa" / "demo.db"
    size = demo.stat().st_size
    app.main([])  # no first-start window: nothing answers one
    first, second = started_windows
    assert "(demo register)" in first["title"] and "(demo register)" in second["title"]
    assert second["path"] == demo and second["rows"] == first["rows"]
    assert demo.stat().st_size >= size


def test_db_option_creates_an_empty_register(started_windows, tmp_path):
    path = tmp_path / "ours.db"
    assert app.main(["--db", str(path)]) == 0
    [window] = started_windows
    assert window["rows"] == 0
    assert "ours.db" in window["title"] and "demo" not in window["title"]


def test_db_option_with_demo_fills_a_new_file(started_windows, tmp_path):
    path = tmp_path / "training.db"
    app.main(["--db", str(path), "--demo", "--as-of", "22/11/2026"])
    [window] = started_windows
    assert window["rows"] > 40 and "(demo register)" in window["title"]


def test_an_unreadable_register_is_explained_not_a_traceback(started_windows, tmp_path,
                                                            monkeypatch):
    bad = tmp_path / "letter.db"
    bad.write_text("Dear provider")
    messages = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.critical",
        staticmethod(lambda parent, title, text: messages.append(text)),
    )
    assert app.main(["--db", str(bad)]) == 1
    assert started_windows == []
    assert "is not a Placement QA register" in messages[0]
    assert bad.read_text() == "Dear provider"


def test_a_new_empty_register_is_given_the_default_framework(tmp_path):
    from placement_qa.domain.framework import default_framework
    from placement_qa.store.frameworks import active_framework_name, latest_framework

    db = app.open_chosen_register(app.RegisterChoice(tmp_path / "new.db", fill_with_demo=False))
    try:
        name = default_framework().name
        assert active_framework_name(db) == name
        assert latest_framework(db, name) == default_framework()
    finally:
        db.close()
    again = app.open_chosen_register(app.RegisterChoice(tmp_path / "new.db", False))
    try:  # opening it again adds no second version
        assert again.execute("SELECT COUNT(*) FROM qa_framework_versions").fetchone()[0] == 1
    finally:
        again.close()


def test_a_register_open_in_another_instance_is_refused_in_words(started_windows, tmp_path,
                                                                 monkeypatch):
    from placement_qa.store.lock import RegisterLock

    path = tmp_path / "shared.db"
    app.main(["--db", str(path)])  # made, shown, closed: the lock given back
    assert not (tmp_path / "shared.db.lock").exists()
    messages = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.critical",
        staticmethod(lambda parent, title, text: messages.append(text)),
    )
    with RegisterLock(path, user="b.manager"):
        assert app.main(["--db", str(path)]) == 1
    assert len(started_windows) == 1  # only the first start showed a window
    assert "is open in Placement QA by b.manager" in messages[0]
    assert app.main(["--db", str(path)]) == 0  # once given up, it opens again


def test_an_empty_file_given_with_db_is_not_made_into_a_register(started_windows, tmp_path,
                                                                 monkeypatch):
    from register_files import folder_fingerprint

    empty = tmp_path / "here" / "register.db"
    empty.parent.mkdir()
    empty.touch()
    before = folder_fingerprint(empty.parent)
    messages = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.critical",
        staticmethod(lambda parent, title, text: messages.append(text)),
    )
    assert app.main(["--db", str(empty), "--demo"]) == 1
    assert started_windows == []
    assert f"{empty} is empty (0 bytes), not a Placement QA register" in messages[0]
    assert folder_fingerprint(empty.parent) == before


@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
def test_another_programs_database_given_with_db_is_refused_untouched(
        started_windows, tmp_path, monkeypatch, journal_mode):
    from register_files import another_programs_database, folder_fingerprint

    (tmp_path / "here").mkdir()
    recipes = another_programs_database(tmp_path / "here" / "recipes.db",
                                        journal_mode=journal_mode)
    before = folder_fingerprint(recipes.parent)
    messages = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.critical",
        staticmethod(lambda parent, title, text: messages.append(text)),
    )
    assert app.main(["--db", str(recipes)]) == 1
    assert started_windows == []
    assert f"{recipes} is not a Placement QA register" in messages[0]
    assert folder_fingerprint(recipes.parent) == before  # no -wal, -journal or lock left


@pytest.mark.skipif(os.name != "posix", reason="hard links as POSIX has them")
def test_a_register_with_a_hard_link_is_refused_untouched(started_windows, tmp_path,
                                                          monkeypatch):
    from register_files import folder_fingerprint

    path = tmp_path / "here" / "register.db"
    path.parent.mkdir()
    app.main(["--db", str(path)])  # made, shown, closed
    os.link(path, path.with_name("copy for training.db"))
    before = folder_fingerprint(path.parent)
    messages = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.critical",
        staticmethod(lambda parent, title, text: messages.append(text)),
    )
    assert app.main(["--db", str(path)]) == 1
    assert len(started_windows) == 1  # only the first start showed a window
    assert (f"{path} has another name on this computer (a hard link: copy for training.db in "
            "the same folder)") in messages[0]
    assert "Remove the other name" in messages[0]
    assert folder_fingerprint(path.parent) == before  # no lock file, -wal or -shm left
