"""The one background-job runner: long work off the GUI thread, each job on its own
connection to the register.

A :class:`Job` is a store function to run, ``work(db, control)``. The
:class:`JobRunner` (the main window owns one and hands it to the views that need it)
runs it on a worker thread of its thread pool, on a connection opened there and then
(a SQLite connection must not cross threads): read-only unless the job says it
``writes`` (an import, in one transaction of its own). The connection is closed when
the job ends, however it ends. An encrypted register opens with the passphrase the app
remembered when it opened it; the app's one-writer lock is the app's own, so a job's
connection in the same process is allowed.

The work reports progress and asks whether to stop through its :class:`JobControl`.
What it returns, the progress it reports, an error and a cancellation all reach the
GUI thread as the signals of the job's :class:`JobHandle` (queued from the worker):

- ``progressed(done, total, what)``, in the order reported;
- then exactly one of ``succeeded(result)``, ``failed(message)`` or ``cancelled()``;
- then ``finished()``.

An error the job expects (a database, file or other error it names) fails in words;
:class:`JobFailed` carries words of its own. An error nobody expected is logged with
its traceback (:mod:`placement_qa.app_log`, which never records a child's name) and
fails in words too: the user never sees a traceback. :meth:`JobHandle.cancel` asks the
work to stop at its next step (it raises :class:`JobCancelled`, or returns what it has
done); :meth:`JobRunner.stop` cancels every job and waits for them, before the window
goes.

Only plain values cross to the worker: the job (whose ``work`` must not hold widgets:
what a worker lets go of is freed on its thread) and its control. The handles stay on
the GUI thread, reached through the runner's relay, never from a worker. A handle
belongs to whoever keeps it (no Qt parent, never ``deleteLater``): it goes when the
runner and the view that started it have let it go, on the GUI thread. Connect its
signals to methods, not to lambdas holding a widget (PySide6 has crashed deleting a
dialog whose lambda was connected to a deleted handle).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from sqlite_utils import Database

from .. import app_log
from ..store.connection import RegisterError, open_register
from ..store.errors import DATABASE_ERRORS, in_words

T = TypeVar("T")
MAX_THREADS = 4
EXPECTED_ERRORS: tuple[type[Exception], ...] = (*DATABASE_ERRORS, OSError)
NOT_OPENED: tuple[type[Exception], ...] = (RegisterError, *DATABASE_ERRORS)


class JobCancelled(Exception):
    """Raised by a job's work to stop when asked to: the job ends ``cancelled``."""


class JobFailed(Exception):
    """Raised by a job's work when it cannot be done; the message, in words, is shown
    as it is."""


class JobControl:
    """What a job's work sees of the runner: where to report progress, whether to stop.

    Made on the GUI thread, used from the worker: :meth:`report` and :meth:`cancelled`
    may be called from any thread.
    """

    def __init__(self, report: Callable[[int, int, str], None]) -> None:
        self._report = report
        self._cancel = threading.Event()

    def report(self, done: int, total: int, what: str = "") -> bool:
        """Tell the GUI ``done`` of ``total`` steps are done (``what``: the last one);
        True to carry on, False once the job has been asked to stop."""
        self._report(done, total, what)
        return not self._cancel.is_set()

    def cancelled(self) -> bool:
        """True once the job has been asked to stop."""
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the work to stop at its next step."""
        self._cancel.set()


@dataclass(frozen=True)
class Job(Generic[T]):
    """``work(db, control)`` to run on a worker thread, on its own connection.

    ``failure`` begins the message when it fails ("The figures could not be worked
    out"); ``writes`` opens a writable connection (otherwise read-only: any write is
    refused); an error of a kind in ``expected`` is told in words after ``failure``;
    ``unexpected`` is what the user reads when an error nobody expected stops the work
    (``failure`` by default), before where its details were logged.
    """

    work: Callable[[Database, JobControl], T]
    failure: str
    writes: bool = False
    expected: tuple[type[Exception], ...] = EXPECTED_ERRORS
    unexpected: str = ""


@dataclass(frozen=True)
class Outcome:
    """How a job ended: its ``result``, a ``message`` saying why it failed, or
    ``cancelled``."""

    result: Any = None
    message: str | None = None
    cancelled: bool = False


CANCELLED = Outcome(cancelled=True)


def unexpected_words(job: Job[Any], exc: BaseException) -> str:
    """What the user reads when an error nobody expected stopped ``job``."""
    lead = job.unexpected or f"{job.failure}: something went wrong that Placement QA " \
                             "did not expect."
    where = app_log.log_path()
    details = (f"The details ({app_log.error_kind(exc)}) are written to {where}." if where
               else f"({app_log.error_kind(exc)}; no log file could be written.)")
    return f"{lead} {details}"


def run_job(register_path: Path, job: Job[Any], control: JobControl) -> Outcome:
    """Open the register (read-only unless the job writes), run the job, close it: the
    outcome. Never raises an :class:`Exception`; runs on the calling thread."""
    if control.cancelled():
        return CANCELLED
    try:
        db = open_register(register_path, check=False,  # checked when the app opened it
                           migrate=job.writes, read_only=not job.writes)
    except NOT_OPENED as exc:
        return Outcome(message=f"The register could not be opened: {exc}")
    except Exception as exc:  # noqa: BLE001 — logged, told in words
        return _unexpected(job, exc)
    try:
        return Outcome(result=job.work(db, control))
    except JobCancelled:
        return CANCELLED
    except JobFailed as exc:
        return Outcome(message=str(exc))
    except job.expected as exc:
        return Outcome(message=f"{job.failure}: {in_words(exc)}")
    except Exception as exc:  # noqa: BLE001 — logged, told in words
        return _unexpected(job, exc)
    finally:
        db.close()


def _unexpected(job: Job[Any], exc: Exception) -> Outcome:
    app_log.log_unexpected((type(exc), exc, exc.__traceback__),
                           f"in a background job ({job.failure})")
    return Outcome(message=unexpected_words(job, exc))


class _Run:
    """One job's state, shared by the worker and its handle: plain Python only."""

    def __init__(self, number: int, job: Job[Any], control: JobControl) -> None:
        self.number, self.job, self.control = number, job, control
        self.outcome: Outcome | None = None
        self.ended = threading.Event()


class _Relay(QObject):
    """Signals emitted from the workers, received by the runner on the GUI thread."""

    progressed = Signal(int, int, int, str)  # job number, done, total, what
    ended = Signal(int)  # job number


class JobHandle(QObject):
    """A job started by the runner, on the GUI thread: its signals, cancel and wait.

    ``delivered`` is called (with the job's number) once its outcome has been emitted.
    """

    progressed = Signal(int, int, str)  # done, total, what
    succeeded = Signal(object)  # the work's result
    failed = Signal(str)  # why, in words
    cancelled = Signal()
    finished = Signal()  # after one of the three

    def __init__(self, run: _Run, delivered: Callable[[int], None]) -> None:
        super().__init__()
        self.setObjectName(f"job{run.number}")
        self._run = run
        self._on_delivered = delivered
        self._delivered = False

    @property
    def done(self) -> bool:
        """True once the outcome has been delivered (the signals emitted)."""
        return self._delivered

    def cancel(self) -> None:
        """Ask the job to stop at its next step (a job not started yet never starts)."""
        self._run.control.cancel()

    def wait(self) -> None:
        """Block until the job has ended, then deliver its outcome now (its connection
        is closed by then)."""
        self._run.ended.wait()
        self.deliver()

    def show_progress(self, done: int, total: int, what: str) -> None:
        if not self._delivered:
            self.progressed.emit(done, total, what)

    def deliver(self) -> None:
        """Emit the outcome's signals, once."""
        outcome = self._run.outcome
        if self._delivered or outcome is None:
            return
        self._delivered = True
        if outcome.cancelled:
            self.cancelled.emit()
        elif outcome.message is not None:
            self.failed.emit(outcome.message)
        else:
            self.succeeded.emit(outcome.result)
        self.finished.emit()
        self._on_delivered(self._run.number)


class JobRunner(QObject):
    """Runs :class:`Job` s on its own thread pool against the register at ``register_path``."""

    def __init__(self, register_path: Path, parent: QObject | None = None, *,
                 threads: int = MAX_THREADS) -> None:
        super().__init__(parent)
        self.setObjectName("jobRunner")
        self._path = Path(register_path)
        self._pool = QThreadPool(self)  # made first: destroyed first, after its jobs end
        self._pool.setMaxThreadCount(threads)
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        self._relay.ended.connect(self._ended, Qt.ConnectionType.QueuedConnection)
        self._handles: dict[int, JobHandle] = {}
        self._numbers = count(1)

    @property
    def register_path(self) -> Path:
        return self._path

    def start(self, job: Job[Any]) -> JobHandle:
        """Queue ``job`` on a worker thread; connect to the handle's signals at once
        (they are emitted on the GUI thread, from the event loop)."""
        number = next(self._numbers)
        relay = self._relay
        control = JobControl(lambda done, total, what: relay.progressed.emit(
            number, done, total, what))
        run = _Run(number, job, control)
        handle = JobHandle(run, self._forget)
        self._handles[number] = handle
        path = self._path

        def on_worker() -> None:
            try:
                run.outcome = run_job(path, run.job, run.control)
            finally:
                if run.outcome is None:  # stopped by a BaseException (the process ends)
                    run.outcome = Outcome(message=f"{run.job.failure}: it was stopped.")
                run.ended.set()
                relay.ended.emit(number)

        self._pool.start(on_worker)
        return handle

    def running(self) -> bool:
        """True while a job started here has not yet delivered its outcome."""
        return bool(self._handles)

    def stop(self) -> None:
        """Cancel every job and wait for each to end (its outcome delivered now)."""
        for handle in list(self._handles.values()):
            handle.cancel()
        for handle in list(self._handles.values()):
            handle.wait()

    def _progressed(self, number: int, done: int, total: int, what: str) -> None:
        handle = self._handles.get(number)
        if handle is not None:
            handle.show_progress(done, total, what)

    def _ended(self, number: int) -> None:
        handle = self._handles.get(number)
        if handle is not None:
            handle.deliver()

    def _forget(self, number: int) -> None:
        self._handles.pop(number, None)
