"""The team register through the real window, against a real PostgreSQL server (the test
run's own, bench/postgres_server.py): joining from File ▸ Join team register…, the status
line in each state, the register's marks on lines not yet sent, one sync at a time that
never blocks typing, and a register alone showing none of it.

The team (tests/team_registers.py) is the manager's register with Oakfield House School
(Zoë Łukasiewicz, Ayşe Yılmaz) and The Meadows (Siobhán Ó Briain), and officers' logins.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import psycopg
from dialog_steps import ALT, CTRL, choose_row, click_save, error_text, modal, shown
from memory_keyring import MemoryKeyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton
from recorded_visits import provider_with_children
from register_contents import table_contents
from team_registers import CHILDREN, OFFICERS, make_team
from team_window import (
    SYNCED,
    WAIT_MS,
    laptop_window,
    press_sync,
    screenshot,
    settled,
    status,
)

from placement_qa.store import register
from placement_qa.ui.join_dialog import JoinDialog
from placement_qa.ui.provider_dialog import ProviderDialog
from placement_qa.ui.register_model import COL_CHILD, COL_PROVIDER, UNSENT_TIP
from placement_qa.ui.sync_actions import OFFLINE_RETRY_MS, SYNC_INTERVAL_MS

TEAM_CHILDREN = sorted(f"{given} {family}" for names in CHILDREN.values()
                       for given, family in names)


def unsent_rows(window) -> list[str]:
    model = window.register_view.model
    return [line.placement.child_name for line in model.visible_lines if model.is_unsent(line)]


def dbname(dsn: str) -> str:
    return psycopg.conninfo.conninfo_to_dict(dsn)["dbname"]


def join_through_dialog(qtbot, window, type_text, **fields: str) -> JoinDialog:
    window.sync.join_action.trigger()  # File ▸ Join team register…
    dialog = modal(qtbot, JoinDialog)
    for name, text in fields.items():
        edit = dialog.findChild(QLineEdit, name)
        edit.selectAll()
        type_text(edit, text)
    click_save(qtbot, dialog)  # Join
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT_MS)
    return dialog


# --- joining --------------------------------------------------------------------------

def test_a_new_laptop_joins_from_the_file_menu_and_shows_the_teams_children(
        qtbot, team, windows, postgres_server, new_register, tmp_path, type_text):
    team.manager_laptop()  # starts the team register
    path = tmp_path / "amira" / "register.db"
    window = windows(new_register(path), path)
    assert shown(window) == [] and not window.sync.status_label.isVisible()
    assert not window.sync.sync_action.isVisible()  # alone: no Sync button

    dialog = join_through_dialog(
        qtbot, window, type_text, joinServer=str(postgres_server.folder),
        joinDatabase=dbname(team.dsn), joinUser=OFFICERS[0], joinPassword="s3cret-Zoë")
    screenshot(dialog, "join-dialog")
    words = dialog.outcome.text()
    assert words.startswith(f"Joined the team register at {postgres_server.folder}/"
                            f"{dbname(team.dsn)} as {OFFICERS[0]}: this register now holds")
    assert "The password is kept in this computer's keyring, never in a file." in words
    assert sorted(shown(window)) == TEAM_CHILDREN  # the team's register, in the window
    assert SYNCED.match(status(window)) and window.sync.status_label.isVisible()
    assert window.sync.sync_action.isVisible() and window.sync.conflicts_action.isVisible()
    name = f"{OFFICERS[0]}@{postgres_server.folder}/{dbname(team.dsn)}"
    try:
        assert MemoryKeyring.passwords[("placement-qa", name)] == "s3cret-Zoë"
    finally:
        MemoryKeyring.passwords.pop(("placement-qa", name), None)
    secret = "s3cret-Zoë".encode()
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written and not [p for p in written if secret in p.read_bytes()]


def test_without_a_keyring_the_dialog_says_so_and_the_app_keeps_the_password_till_it_closes(
        qtbot, team, windows, postgres_server, new_register, tmp_path, type_text, monkeypatch):
    import keyring
    from keyring.backends import fail

    team.manager_laptop()
    monkeypatch.setattr(keyring, "get_keyring", fail.Keyring)
    path = tmp_path / "ben" / "register.db"
    window = windows(new_register(path), path)
    window.sync.join_action.trigger()
    dialog = modal(qtbot, JoinDialog)
    assert dialog.keyring_note.text() == (
        "This computer has no keyring to keep the password in: the app keeps it until it "
        "closes, and asks for it again here after that.")
    dialog.close()
    join_through_dialog(qtbot, window, type_text, joinServer=str(postgres_server.folder),
                        joinDatabase=dbname(team.dsn), joinUser=OFFICERS[1],
                        joinPassword="typed-once")
    assert window.sync.password == "typed-once"  # for this session's syncs
    assert SYNCED.match(status(window))


def test_a_register_with_records_is_refused_by_a_team_register_with_records_in_words(
        qtbot, team, windows, postgres_server, new_register, tmp_path, type_text):
    team.manager_laptop()
    path = tmp_path / "other" / "register.db"
    db = new_register(path)
    provider_with_children(db, "Westbridge Primary", [("Łukasz", "Nowak")])
    window = windows(db, path)
    before = table_contents(path)
    dialog = join_through_dialog(
        qtbot, window, type_text, joinServer=str(postgres_server.folder),
        joinDatabase=dbname(team.dsn), joinUser=OFFICERS[2])
    assert dialog.outcome.text() == (
        f"Not joined: the team register at {postgres_server.folder}/{dbname(team.dsn)} "
        "already holds records, and so does this register: join from a new register "
        "(placement-qa new), or send this one's records to a manager to import. Nothing in "
        "this register was changed.")
    assert table_contents(path) == before
    assert shown(window) == ["Łukasz Nowak"]  # its own, as it was
    assert not window.sync.status_label.isVisible()  # still alone
    assert dialog.findChild(QPushButton, "saveButton").isEnabled()  # may try another


def test_the_dialog_asks_for_what_is_missing_and_joins_nothing(qtbot, window, type_text):
    qtbot.waitUntil(lambda: not window.jobs.running())  # the dashboard's figures, first
    window.sync.join_action.trigger()
    dialog = modal(qtbot, JoinDialog)
    type_text(dialog.findChild(QLineEdit, "joinServer"), "db.westbridge.gov.uk")
    click_save(qtbot, dialog)
    assert error_text(dialog, "joinDatabase") == "Database: is required"
    assert error_text(dialog, "joinUser") == "User name: is required"
    assert not dialog.busy and not window.jobs.running()
    dialog.close()


# --- the status line ------------------------------------------------------------------

def test_the_status_line_says_synced_then_how_many_changes_wait(qtbot, team, windows):
    team.manager_laptop()
    amira = team.officer_laptop(0)
    window = laptop_window(qtbot, windows, amira)  # synced on start
    assert SYNCED.match(status(window))
    assert "Every change made here is on the team register" in \
        window.sync.status_label.toolTip()
    register.update_placement(amira.db, amira.placement("Zoë"), annual_cost=48_500.0)
    qtbot.waitUntil(lambda: status(window) == "1 change waiting to send", timeout=WAIT_MS)
    screenshot(window.statusBar(), "status-waiting")


def test_the_app_syncs_on_start_and_every_few_minutes(qtbot, team, windows):
    manager = team.manager_laptop()
    amira = team.officer_laptop(0)
    oakfield = manager.provider("Oakfield House School")
    register.update_provider(manager.db, oakfield, name="Oakfield School")
    manager.synced()  # while Amira's app was closed
    window = laptop_window(qtbot, windows, amira)
    assert shown(window, COL_PROVIDER).count("Oakfield School") == 2  # synced on start
    assert window.sync.timer.isActive() and window.sync.timer.interval() == SYNC_INTERVAL_MS
    register.update_provider(manager.db, oakfield, name="Oakfield House")
    manager.synced()
    window.sync.timer.timeout.emit()  # five minutes on
    qtbot.waitUntil(lambda: shown(window, COL_PROVIDER).count("Oakfield House") == 2,
                    timeout=WAIT_MS)
    settled(qtbot, window)


def test_a_stopped_server_is_working_offline_and_syncs_again_when_back(
        qtbot, windows, new_register, tmp_path):
    from bench.postgres_server import PostgresServer

    server = PostgresServer()  # a server of this test's own, to stop
    try:
        server.start()
        team = make_team(server, server.new_database(), tmp_path / "team")
        try:
            team.manager_laptop()
            amira = team.officer_laptop(0)
            window = laptop_window(qtbot, windows, amira)
            register.update_placement(amira.db, amira.placement("Zoë"), annual_cost=48_500.0)
            server.pause()
            press_sync(qtbot, window)
            settled(qtbot, window)
            assert status(window) == ("Server not reachable — working offline, 1 change "
                                      "waiting")
            assert "Work as usual" in window.sync.status_label.toolTip()
            assert window.sync.timer.interval() == OFFLINE_RETRY_MS  # tried less often
            screenshot(window.statusBar(), "status-offline")
            server.resume()
            window.sync.sync_action.trigger()
            settled(qtbot, window)
            assert SYNCED.match(status(window))
            assert window.sync.timer.interval() == SYNC_INTERVAL_MS
        finally:
            windows.close_all()
            team.close()
    finally:
        server.stop()


def test_a_failed_sync_says_why_and_never_synced(qtbot, team, windows):
    team.manager_laptop()
    amira = team.officer_laptop(0)
    window = laptop_window(qtbot, windows, amira)
    with psycopg.connect(team.dsn, autocommit=True) as conn:  # IT upgraded the server
        conn.execute("INSERT INTO pqa_schema_version (version) VALUES (99)")
    window.sync.sync_action.trigger()
    settled(qtbot, window)
    assert status(window) == ("Sync failed: the team register on the server is version 99; "
                              "this app works with version 1: update the app")
    assert "nothing was lost" in window.sync.status_label.toolTip()
    register.update_placement(amira.db, amira.placement("Zoë"), annual_cost=48_500.0)
    window.refresh()  # a write read again: still the failure, never "Synced"
    assert status(window).startswith("Sync failed: ")
    screenshot(window.statusBar(), "status-failed")


def test_a_register_alone_shows_nothing_of_a_team_and_never_loads_psycopg(tmp_path):
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from placement_qa.store.connection import open_register\n"
        "from placement_qa.ui.main_window import MainWindow\n"
        "app = QApplication([])\n"
        f"db = open_register({str(tmp_path / 'r.db')!r}, create=True)\n"
        f"window = MainWindow(db, register_path={str(tmp_path / 'r.db')!r})\n"
        "window.show(); app.processEvents()\n"
        "print(window.sync.status_label.isVisible(), window.sync.sync_action.isVisible(),\n"
        "      window.sync.conflicts_action.isVisible(), window.sync.join_action.isVisible())\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'psycopg', 'keyring'}))\n"
        "window.close(); db.close()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["False False False True", "[]"]


# --- marks on the lines not yet sent ------------------------------------------------------

def test_an_edit_marks_its_lines_unsent_until_a_sync_sends_it(qtbot, team, windows):
    team.manager_laptop()
    amira = team.officer_laptop(0)
    window = laptop_window(qtbot, windows, amira)
    window.show_register()
    assert unsent_rows(window) == []
    choose_row(qtbot, window, "Zoë Łukasiewicz")
    qtbot.keyClick(window.register_view.table, Qt.Key.Key_P, CTRL | ALT)  # edit its provider
    dialog = modal(qtbot, ProviderDialog)
    qtbot.keyClicks(dialog.findChild(QLineEdit, "urn"), "135790")
    click_save(qtbot, dialog)
    qtbot.waitUntil(lambda: status(window) == "1 change waiting to send", timeout=WAIT_MS)
    assert sorted(unsent_rows(window)) == ["Ayşe Yılmaz", "Zoë Łukasiewicz"]  # at Oakfield
    model = window.register_view.model
    index = model.index(shown(window).index("Zoë Łukasiewicz"), COL_CHILD)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == \
        f"Zoë Łukasiewicz: {UNSENT_TIP.lower()}"
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    screenshot(window.register_view, "register-unsent")
    press_sync(qtbot, window)
    settled(qtbot, window)
    assert unsent_rows(window) == [] and SYNCED.match(status(window))
    assert index.data(Qt.ItemDataRole.DecorationRole) is None


def test_one_sync_at_a_time_off_the_gui_thread_while_typing_goes_on(qtbot, team, windows):
    team.manager_laptop()
    amira = team.officer_laptop(0)
    window = laptop_window(qtbot, windows, amira)
    release, started, steps_run = threading.Event(), threading.Event(), []

    def slow_step(db, login):  # a resolution that takes its time, on the worker
        steps_run.append(threading.current_thread() is threading.main_thread())
        started.set()
        release.wait(WAIT_MS / 1000)

    window.sync.sync_now(slow_step)
    assert started.wait(WAIT_MS / 1000)
    assert not window.sync.sync_action.isEnabled()  # Ctrl+Shift+S waits for this one
    window.sync.sync_now(slow_step)  # asked again meanwhile: runs once this one ends
    filter_box = window.register_view.filter_edit
    qtbot.keyClicks(filter_box, "Siob")  # typing is never held up by the sync
    qtbot.waitUntil(lambda: shown(window) == ["Siobhán Ó Briain"], timeout=WAIT_MS)
    assert steps_run == [False]  # the second has not started
    release.set()
    settled(qtbot, window)
    assert steps_run == [False, False]  # then it ran, after the first
    assert SYNCED.match(status(window))
