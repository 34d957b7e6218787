"""The one background-job runner, through the main window's own: a job runs on a worker
thread on a connection of its own, and its progress, result, error or cancellation
reach the GUI thread; its connection is closed however it ends."""

from __future__ import annotations

import ast
import os
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QLabel

from placement_qa.store.connection import open_register
from placement_qa.store.lock import RegisterLock
from placement_qa.store.register import add_child
from placement_qa.ui.jobs import Job, JobCancelled, JobControl, JobHandle, JobRunner

UI_PACKAGE = Path(__file__).parents[2] / "placement_qa" / "ui"
CHILD = "Zoë Łukasiewicz"
PROC_FDS = Path("/proc/self/fd")
needs_proc = pytest.mark.skipif(not PROC_FDS.is_dir(), reason="counts /proc/self/fd")


class Seen:
    """What a handle's signals delivered, in order, and on which thread."""

    def __init__(self, handle: JobHandle) -> None:
        self._gui_thread = QThread.currentThread()  # made in the test: on the GUI thread
        self.events: list[tuple] = []
        self.on_gui_thread: list[bool] = []
        handle.progressed.connect(self.progressed)
        handle.succeeded.connect(self.succeeded)
        handle.failed.connect(self.failed)
        handle.cancelled.connect(self.cancelled)
        handle.finished.connect(self.finished)

    def _saw(self, *event) -> None:
        self.events.append(event)
        self.on_gui_thread.append(QThread.currentThread() is self._gui_thread)

    def progressed(self, done: int, total: int, what: str) -> None:
        self._saw("progressed", done, total, what)

    def succeeded(self, result) -> None:
        self._saw("succeeded", result)

    def failed(self, message: str) -> None:
        self._saw("failed", message)

    def cancelled(self) -> None:
        self._saw("cancelled")

    def finished(self) -> None:
        self._saw("finished")

    @property
    def ended(self) -> bool:
        return bool(self.events) and self.events[-1] == ("finished",)


def run(qtbot, runner: JobRunner, job: Job) -> Seen:
    seen = Seen(handle := runner.start(job))
    qtbot.waitUntil(lambda: seen.ended, timeout=10_000)
    assert handle.done
    return seen


def register_fds(path: Path) -> int:
    """How many files this process has open on the register, its WAL or its shared memory."""
    real = os.path.realpath(path)
    names = {real, f"{real}-wal", f"{real}-shm"}
    count = 0
    for fd in PROC_FDS.iterdir():
        try:
            count += os.readlink(fd) in names
        except OSError:  # closed meanwhile (the listing's own)
            pass
    return count


def children(db) -> list[str]:
    return [f"{g} {f}" for g, f in db.execute(
        "SELECT given_name, family_name FROM children ORDER BY id")]


def test_the_work_runs_on_a_worker_and_its_result_arrives_on_the_gui_thread(qtbot, window,
                                                                           sample_db):
    gui_thread, ran_on_gui_thread = QThread.currentThread(), []

    def work(db, control: JobControl) -> list[str]:
        ran_on_gui_thread.append(QThread.currentThread() is gui_thread)
        return children(db)

    qtbot.waitUntil(lambda: not window.jobs.running())  # the dashboard's start-up job
    seen = run(qtbot, window.jobs, Job(work, failure="The children could not be listed"))
    assert ran_on_gui_thread == [False]
    [succeeded, finished] = seen.events
    assert succeeded == ("succeeded", children(sample_db)) and "Amara Okafor" in succeeded[1]
    assert finished == ("finished",)
    assert seen.on_gui_thread == [True, True]
    assert not window.jobs.running()


def test_progress_arrives_in_order_and_cancel_stops_between_steps(qtbot, window):
    """Step 3 is held until Cancel has been asked for: it is finished, step 4 never starts."""
    release, ran = threading.Event(), []

    def work(db, control: JobControl) -> None:
        for step in range(1, 6):
            if step == 3:
                release.wait(timeout=20)
            ran.append(step)
            if not control.report(step, 5, f"step {step}"):
                raise JobCancelled

    handle = window.jobs.start(Job(work, failure="The steps could not be taken"))
    seen = Seen(handle)
    qtbot.waitUntil(lambda: ("progressed", 2, 5, "step 2") in seen.events, timeout=10_000)
    handle.cancel()
    release.set()
    qtbot.waitUntil(lambda: seen.ended, timeout=10_000)
    assert ran == [1, 2, 3]
    assert seen.events == [("progressed", 1, 5, "step 1"), ("progressed", 2, 5, "step 2"),
                           ("progressed", 3, 5, "step 3"), ("cancelled",), ("finished",)]
    assert all(seen.on_gui_thread)


def test_a_job_cancelled_before_it_starts_never_runs(qtbot, register_db, register_path):
    runner = JobRunner(register_path, threads=1)
    release, ran = threading.Event(), []

    def first(db, control: JobControl) -> str:
        release.wait(timeout=20)
        return "first"

    def second(db, control: JobControl) -> str:
        ran.append("second")
        return "second"

    busy = Seen(runner.start(Job(first, failure="The first could not run")))
    waiting = runner.start(Job(second, failure="The second could not run"))
    queued = Seen(waiting)
    waiting.cancel()
    release.set()
    qtbot.waitUntil(lambda: busy.ended and queued.ended, timeout=10_000)
    assert busy.events == [("succeeded", "first"), ("finished",)]
    assert queued.events == [("cancelled",), ("finished",)]
    assert ran == []


def test_an_unexpected_error_is_told_in_words_and_its_traceback_logged(
        qtbot, open_window, sample_db, monkeypatch, app_log_file):
    """On the dashboard: an error nobody expected while working out the figures."""
    from placement_qa.ui.dashboard import view

    def failing(db, as_of):
        raise RuntimeError(f"{CHILD}'s figures do not add up")

    monkeypatch.setattr(view, "dashboard_as_of", failing)
    window = open_window(sample_db)
    state = window.findChild(QLabel, "dashboardState")
    qtbot.waitUntil(lambda: not window.dashboard.working, timeout=10_000)
    assert state.text() == (
        "The figures could not be worked out: something went wrong that Placement QA did "
        f"not expect. The details (RuntimeError) are written to {app_log_file}.")
    logged = app_log_file.read_text(encoding="utf-8")
    assert "Unexpected error in a background job (The figures could not be worked out)" \
        in logged
    assert "Traceback (most recent call last)" in logged
    assert "RuntimeError: (message withheld" in logged
    assert "Zoë" not in logged and "Łukasiewicz" not in logged


def test_a_job_that_only_reads_cannot_write(qtbot, window, sample_db):
    def work(db, control: JobControl) -> None:
        add_child(db, given_name="Zoë", family_name="Łukasiewicz")

    before = children(sample_db)
    seen = run(qtbot, window.jobs, Job(work, failure="The child could not be added"))
    assert seen.events == [
        ("failed", "The child could not be added: the register cannot be written here: "
                   "the file or its folder is read-only"),
        ("finished",)]
    assert children(sample_db) == before


def test_a_job_that_writes_may_while_the_app_holds_the_register_lock(qtbot, window, sample_db,
                                                                     register_path):
    def work(db, control: JobControl) -> int:
        return add_child(db, given_name="Zoë", family_name="Łukasiewicz")

    lock = RegisterLock(register_path)
    lock.acquire()  # as the app holds it: no other process may write
    try:
        seen = run(qtbot, window.jobs, Job(work, failure="The child could not be added",
                                           writes=True))
    finally:
        lock.release()
    [(kind, child_id), _] = seen.events
    assert kind == "succeeded"
    assert children(sample_db)[-1] == CHILD
    assert sample_db.execute("SELECT id FROM children ORDER BY id DESC").fetchone()[0] \
        == child_id


def test_an_encrypted_register_is_read_with_the_passphrase_the_app_opened_it_with(
        qtbot, tmp_path):
    path = tmp_path / "secret.db"
    db = open_register(path, create=True, passphrase="correct horse battery staple")
    try:
        add_child(db, given_name="Zoë", family_name="Łukasiewicz")
        runner = JobRunner(path)
        seen = run(qtbot, runner, Job(lambda db, control: children(db),
                                      failure="The children could not be listed"))
    finally:
        db.close()
    assert seen.events == [("succeeded", [CHILD]), ("finished",)]


def _succeeds(db, control: JobControl) -> int:
    return len(children(db))


def _fails(db, control: JobControl) -> None:
    raise OSError(28, "No space left on device")


def _cancelled(db, control: JobControl) -> None:
    raise JobCancelled


@needs_proc
@pytest.mark.parametrize(("work", "ending"), [(_succeeds, "succeeded"), (_fails, "failed"),
                                              (_cancelled, "cancelled")])
def test_a_jobs_connection_is_closed_however_it_ends(qtbot, window, register_path, work,
                                                     ending):
    open_during = []

    def counting(db, control: JobControl):
        open_during.append(register_fds(register_path))
        return work(db, control)

    qtbot.waitUntil(lambda: not window.jobs.running(), timeout=10_000)  # the figures
    before = register_fds(register_path)
    seen = run(qtbot, window.jobs, Job(counting, failure="The job could not be done"))
    assert seen.events[0][0] == ending
    assert open_during[0] > before  # the job's own connection
    assert register_fds(register_path) == before


@needs_proc
def test_closing_the_main_window_while_a_job_runs_cancels_it_and_waits(qtbot, window,
                                                                       register_path):
    started, steps = threading.Event(), []

    def endless(db, control: JobControl) -> None:
        started.set()
        while control.report(len(steps), 0, "working"):
            steps.append(len(children(db)))
        raise JobCancelled

    qtbot.waitUntil(lambda: not window.jobs.running(), timeout=10_000)  # the figures
    before = register_fds(register_path)
    handle = window.jobs.start(Job(endless, failure="The work could not be done"))
    seen = Seen(handle)
    assert started.wait(timeout=10)
    window.close()
    assert not window.isVisible()
    assert seen.events[-2:] == [("cancelled",), ("finished",)]
    assert not window.jobs.running()
    assert register_fds(register_path) == before


def test_no_view_keeps_a_thread_of_its_own():
    """Every background job goes through the one runner: no QThread subclass in ui/."""
    subclasses = []
    for path in sorted(UI_PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                    (base.id if isinstance(base, ast.Name) else
                     base.attr if isinstance(base, ast.Attribute) else "") == "QThread"
                    for base in node.bases):
                subclasses.append(f"{path.relative_to(UI_PACKAGE)}: {node.name}")
    assert subclasses == []
