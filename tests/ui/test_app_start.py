"""Starting the app as a user does: first run makes a demo register; --db opens a file."""

from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QApplication, QTableView

from placement_qa import app
from placement_qa.ui.main_window import MainWindow


@pytest.fixture
def started_windows(qapp, monkeypatch, tmp_path):
    """Run app.main() but, instead of entering the event loop, note what it showed."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    shown: list[dict] = []

    def fake_exec():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                table = widget.findChild(QTableView, "registerTable")
                shown.append({"title": widget.windowTitle(), "rows": table.model().rowCount()})
                widget.close()
                widget.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    return shown


def test_first_start_creates_a_demo_register_and_says_so(started_windows, tmp_path):
    assert app.main([]) == 0
    register = tmp_path / "data" / "placement-qa" / "register.db"
    assert register.exists()
    assert register.stat().st_mode & 0o077 == 0
    assert not list(register.parent.glob("*.part*"))  # built aside, then moved into place
    [window] = started_windows
    assert "(demo register)" in window["title"]
    assert window["rows"] > 40


def test_second_start_opens_the_same_register_without_calling_it_a_demo(started_windows, tmp_path):
    app.main([])
    register = tmp_path / "data" / "placement-qa" / "register.db"
    size = register.stat().st_size
    app.main([])
    first, second = started_windows
    assert "(demo register)" in first["title"]
    assert "(demo register)" not in second["title"]
    assert second["rows"] == first["rows"]
    assert register.stat().st_size >= size


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
