"""The team register in the main window: File ▸ Join team register…, Sync (the toolbar
button, Ctrl+Shift+S, on start and every few minutes), View ▸ Conflicts…, the status
bar's line and the register's marks on lines with changes not yet sent.

Alone (no team server) only File ▸ Join team register… shows: the app is as it was, and
nothing here loads psycopg. Every sync runs on the job runner (:mod:`.team_jobs`), on a
writable connection of its own, never on the GUI thread; one at a time (asked for while
one runs, it runs again once that one ends, with any resolution queued meanwhile). The
status line is read again after every sync and after every write to the register
(looked for every :data:`WATCH_MS`); it never says "Synced" after a failure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QStatusBar, QWidget
from sqlite_utils import Database

from ..domain.sync_status import OFFLINE, SYNCED, counts_text, status_text, status_tip
from ..store.errors import DATABASE_ERRORS
from ..store.outbox import is_joined, local_status, unsent_placements
from .jobs import JobHandle, JobRunner
from .register_view import RegisterView
from .team_jobs import JoinOutcome, Step, SyncRun, sync_job

if TYPE_CHECKING:
    from .join_dialog import JoinDialog

SYNC_INTERVAL_MS = 5 * 60_000  # while the server can be reached
OFFLINE_RETRY_MS = 15 * 60_000  # while it cannot: to notice when it is back
WATCH_MS = 2_000  # how often the register is looked at for writes made meanwhile
SYNC_SHORTCUT = "Ctrl+Shift+S"
MESSAGE_MS = 8000
STATUS_WIDTH = 420  # pixels the status line may take; a longer one ends in "…"
NOT_JOINED = "This register has not joined a team register: File ▸ Join team register…"


class SyncHost(Protocol):
    """What :class:`SyncActions` needs of the main window."""

    @property
    def jobs(self) -> JobRunner: ...
    @property
    def register_view(self) -> RegisterView: ...

    def make_action(self, text, name, shortcut, slot) -> QAction: ...
    def statusBar(self) -> QStatusBar: ...  # noqa: N802 (Qt's name)
    def isVisible(self) -> bool: ...  # noqa: N802 (Qt's name)
    def refresh(self) -> None: ...


class SyncActions(QObject):
    """Joins, syncs and shows where the register stands with its team register.

    ``synced`` carries each sync job's :class:`~.team_jobs.SyncRun` (the sync's result,
    the problems of the steps before it); ``failed`` the words of one that could not run.
    """

    synced = Signal(object)
    failed = Signal(str)

    def __init__(self, window: SyncHost, db: Database, *,
                 interval_ms: int = SYNC_INTERVAL_MS) -> None:
        super().__init__(window)  # type: ignore[arg-type]  (the main window, a QObject)
        self._window, self._db = window, db
        self._interval = interval_ms
        self._handle: JobHandle | None = None
        self._steps: list[Step] = []
        self._again = self._asked = self._running_asked = self._stopped = False
        self._job_error = ""  # a sync job that could not run: shown until one does
        self._seen_writes = -1
        self.password: str | None = None  # typed this session, where no keyring keeps it
        self.join_dialog: JoinDialog | None = None
        self._make_actions(window)
        self.status_line = ""  # what the status line says, whole
        self.status_label = QLabel(window.statusBar())
        self.status_label.setObjectName("syncStatus")
        self.status_label.setAccessibleName("Team register status")
        self.timer = self._timer("syncTimer", interval_ms, self._timed_sync)
        self.watch = self._timer("syncWatch", WATCH_MS, self._look_for_writes)
        try:
            self.joined = is_joined(db)
        except DATABASE_ERRORS:
            self.joined = False
        self._show_team()

    def _make_actions(self, window: SyncHost) -> None:
        make = window.make_action
        self.join_action = make("&Join team register…", "actionJoinTeam", "", self.open_join)
        self.join_action.setStatusTip(
            "Share this register with the team's register on the council's server")
        self.sync_action = make("S&ync", "actionSync", SYNC_SHORTCUT, self._sync_pressed)
        self.sync_action.setToolTip("Send this register's changes to the team register and "
                                    f"take the team's ({SYNC_SHORTCUT})")
        self.conflicts_action = make("Co&nflicts…", "actionConflicts", "", self.open_conflicts)
        self.conflicts_action.setStatusTip(
            "Changes the team register holds for the manager to decide")

    def _timer(self, name: str, interval_ms: int, slot) -> QTimer:
        timer = QTimer(self)
        timer.setObjectName(name)
        timer.setInterval(interval_ms)
        timer.timeout.connect(slot)
        return timer

    def fill_menus(self, file_menu: QMenu, view_menu: QMenu, *, before: QAction) -> None:
        """Join in the File menu (before ``before``), Conflicts at the end of View."""
        file_menu.insertAction(before, self.join_action)
        view_menu.addAction(self.conflicts_action)

    @property
    def every_minutes(self) -> int:
        return max(1, self._interval // 60_000)

    # --- showing -----------------------------------------------------------------

    def _show_team(self) -> None:
        """Show (a team register) or hide (alone) the sync button, the status line and
        Conflicts; start or stop the timers."""
        for item in (self.sync_action, self.conflicts_action):
            item.setVisible(self.joined)
        self.status_label.setVisible(self.joined)
        for timer in (self.timer, self.watch):
            if self.joined:
                timer.start()
            else:
                timer.stop()
        self.refresh_marks()

    def refresh_marks(self) -> None:
        """Read the status line and the lines with unsent changes again (a team register)."""
        if not self.joined:
            return
        try:
            status, unsent = local_status(self._db), unsent_placements(self._db)
        except DATABASE_ERRORS:
            return  # the register is being written; the next look reads it
        self.status_line = (f"Sync failed: {self._job_error}" if self._job_error
                            else status_text(status))
        label = self.status_label
        label.setText(label.fontMetrics().elidedText(  # a long reason: whole in the tooltip
            self.status_line, Qt.TextElideMode.ElideRight, STATUS_WIDTH))
        label.setToolTip(f"{self.status_line}\n\n{status_tip(status, self.every_minutes)}")
        self._window.register_view.model.set_unsent(unsent)

    def _look_for_writes(self) -> None:
        writes = self._db.conn.total_changes
        if writes != self._seen_writes:
            self._seen_writes = writes
            self.refresh_marks()

    def _say(self, message: str) -> None:
        self._window.statusBar().showMessage(message, MESSAGE_MS)

    # --- syncing -----------------------------------------------------------------

    def _sync_pressed(self) -> None:
        self.sync_now()

    def _timed_sync(self) -> None:
        if self._window.isVisible():  # not while the app is locked (idle, encrypted)
            self.sync_now(asked=False)

    def sync_now(self, step: Step | None = None, *, asked: bool = True) -> None:
        """Sync on the job runner, after ``step`` (a resolution); ``asked``: by the user,
        who is told what it did."""
        if self._stopped:
            return
        if not self.joined:
            self._say(NOT_JOINED)
            return
        if step is not None:
            self._steps.append(step)
        self._asked = self._asked or asked
        if self._handle is not None:
            self._again = True  # one at a time: this one runs when that one ends
            return
        self._start()

    def running(self) -> bool:
        return self._handle is not None

    def _start(self) -> None:
        steps, self._steps = tuple(self._steps), []
        self._again, self._running_asked, self._asked = False, self._asked, False
        handle = self._window.jobs.start(sync_job(self.password, steps))
        handle.succeeded.connect(self._synced)
        handle.failed.connect(self._failed)
        handle.finished.connect(self._ended)
        self._handle = handle
        self.sync_action.setEnabled(False)

    def _synced(self, run: SyncRun) -> None:
        result = run.result
        self._job_error = ""
        outcome = result.status.outcome
        if not self._stopped:  # less often while the server cannot be reached
            self.timer.start(OFFLINE_RETRY_MS if outcome == OFFLINE else self._interval)
        if result.pulled:
            self._window.refresh()  # reads the status line again too
        else:
            self.refresh_marks()
        if self._running_asked and outcome == SYNCED:  # otherwise the status line says it
            self._say(f"Synced: {counts_text(result.sent, result.pulled, result.conflicts)}")
        self.synced.emit(run)

    def _failed(self, message: str) -> None:
        self._job_error = message
        self.refresh_marks()
        self.failed.emit(message)

    def _ended(self) -> None:
        self._handle = None
        self.sync_action.setEnabled(True)
        if self._again or self._steps:
            self._start()

    def stop(self) -> None:
        """The window is closing: no more syncs start."""
        self._stopped = True
        self.timer.stop()
        self.watch.stop()
        self._again, self._steps = False, []

    # --- joining and conflicts ----------------------------------------------------

    def open_join(self) -> QWidget:
        """File ▸ Join team register…: the dialog (window-modal, already shown). One for
        the window, shown again as it was while it is joining."""
        from .join_dialog import JoinDialog

        if self.join_dialog is None:
            self.join_dialog = JoinDialog(self._window.jobs, self._db,
                                          self._window)  # type: ignore[arg-type]
            self.join_dialog.joined.connect(self._joined)
        elif not self.join_dialog.busy:
            self.join_dialog.fill_in()
        self.join_dialog.open()
        return self.join_dialog

    def _joined(self, outcome: JoinOutcome, password: str) -> None:
        if not outcome.password_kept and password:
            self.password = password  # no keyring: kept in memory until the app closes
        self.joined, self._job_error = True, ""
        self._show_team()
        self._window.refresh()

    def open_conflicts(self) -> QWidget:
        """View ▸ Conflicts…: the conflicts page, in a window of its own."""
        from .pages.conflicts_page import open_conflicts

        return open_conflicts(self, self._window)  # type: ignore[arg-type]
