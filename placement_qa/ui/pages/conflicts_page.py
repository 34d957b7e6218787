"""View ▸ Conflicts…: the team register's conflicts, in words, for the manager to decide.

Each conflict shows its record (which child's placement, which provider, which visit),
the fields, what happened, the team register's value and the one a laptop sent, who sent
it and when. A manager (known from the server login's role) keeps the laptop's value
(*Keep mine*), the team register's (*Keep theirs*) or types one (*Edit…*): the
resolution runs on the job runner, then the register syncs; the decision reaches every
laptop at its next sync. An officer sees the conflicts their own changes raised,
read-only: the buttons are disabled, saying why. The list is read from the server on
the job runner, again after every sync while the page is open, and with F5.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...domain.conflict_edit import edit_refusal
from ..jobs import JobHandle, JobRunner
from ..team_jobs import ConflictList, Step, SyncRun, conflicts_job, resolve_step
from .table_model import Column
from .widgets import fit_columns, heading, make_model, open_in_dialog, record_table

if TYPE_CHECKING:
    from ...store.server_conflicts import ConflictView

MANAGER_NOTE = ("Each conflict waits for you: keep the laptop's value (Keep mine), the team "
                "register's (Keep theirs) or type the one to keep (Edit…). The decision "
                "reaches every laptop at its next sync.")
OFFICER_NOTE = ("These are the conflicts your changes raised, waiting for the manager: only "
                "a manager decides a conflict.")
OFFICER_ONLY = "Only a manager decides a conflict (your login is an officer's)"
RECORD_WIDTH = 380  # "Zoë Łukasiewicz's placement at Oakfield House School" whole
CHOICES = {"mine": "the laptop's value", "theirs": "the team register's value",
           "edited": "the value typed"}


def conflict_columns() -> tuple[Column, ...]:
    def whole(conflict: ConflictView) -> str:
        return conflict.words

    return (
        Column("Record", lambda c: c.parts.record, tooltip=whole),
        Column("Field", lambda c: c.parts.fields, tooltip=whole),
        Column("What happened", lambda c: c.parts.kind, tooltip=whole),
        Column("Team register", lambda c: c.parts.team_value, tooltip=whole),
        Column("Sent from a laptop", lambda c: c.parts.laptop_value, tooltip=whole),
        Column("By", lambda c: c.parts.raised_by, tooltip=whole),
        Column("When", lambda c: c.parts.raised_at, sort=lambda c: c.raised_at, tooltip=whole),
    )


class Syncing(Protocol):
    """What the page needs of the window's syncing (:class:`..sync_actions.SyncActions`):
    its ``synced`` and ``failed`` signals, the password typed this session, and a sync
    after a step."""

    synced: Any
    failed: Any
    password: str | None

    def sync_now(self, step: Step | None = None, *, asked: bool = True) -> None: ...


class ConflictsPage(QWidget):
    """The conflicts this login may see; a manager's buttons decide the one chosen."""

    def __init__(self, jobs: JobRunner, syncing: Syncing, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictsPage")
        self.setAccessibleName("Conflicts")
        self._jobs, self._syncing = jobs, syncing
        self._loading: JobHandle | None = None
        self._step: Step | None = None  # the resolution sent, until its sync has run
        self.manager = False
        self.heading = heading("Conflicts", "conflictsHeading", self)
        self.note = self._words("conflictsNote", "Who decides")
        self.message = self._words("conflictsMessage", "What happened")
        self.model = make_model(self, conflict_columns())
        self.table = record_table(self, "conflictsTable", "Conflicts", self.model)
        self.table.selectionModel().currentRowChanged.connect(self._enable)
        self.buttons = {name: self._button(text, name) for text, name in (
            ("Keep &mine", "keepMine"), ("Keep &theirs", "keepTheirs"),
            ("&Edit…", "editConflict"))}
        self.buttons["keepMine"].clicked.connect(self.keep_mine)
        self.buttons["keepTheirs"].clicked.connect(self.keep_theirs)
        self.buttons["editConflict"].clicked.connect(self.edit_conflict)
        syncing.synced.connect(self._after_sync)
        syncing.failed.connect(self._sync_failed)
        self._lay_out()
        self.refresh()

    def _words(self, name: str, accessible: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setAutoDefault(False)
        button.setEnabled(False)
        return button

    def _lay_out(self) -> None:
        line = QHBoxLayout()
        for button in self.buttons.values():
            line.addWidget(button)
        line.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addLayout(line)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

    # --- reading ------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the conflicts from the team register again (on the job runner)."""
        if self._loading is not None:
            return
        self.note.setText("Reading the conflicts from the team register…")
        handle = self._jobs.start(conflicts_job(self._syncing.password))
        handle.succeeded.connect(self._listed)
        handle.failed.connect(self._not_listed)
        self._loading = handle

    def _listed(self, found: ConflictList) -> None:
        self._loading = None
        self.manager = found.manager
        chosen = self.current()
        self.model.set_rows(found.conflicts)
        self.note.setText((MANAGER_NOTE if found.manager else OFFICER_NOTE)
                          if found.conflicts else "No conflicts are waiting.")
        if chosen is not None:
            self.select(chosen.conflict_id)
        fit_columns(self.table, max_width=RECORD_WIDTH)
        self._enable()

    def _not_listed(self, message: str) -> None:
        self._loading = None
        self.note.setText(message)
        self._enable()

    def select(self, conflict_id: int) -> None:
        rows = [r for r, c in enumerate(self.model.records) if c.conflict_id == conflict_id]
        if rows:
            self.table.setCurrentIndex(self.model.index(rows[0], 0))

    def current(self) -> ConflictView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _enable(self) -> None:
        conflict = self.current()
        can = self.manager and conflict is not None and self._step is None
        refusal = edit_refusal(conflict.fields) if conflict is not None else None
        for name, button in self.buttons.items():
            editing = name == "editConflict"
            button.setEnabled(can and not (editing and refusal))
            tip = (OFFICER_ONLY if not self.manager else
                   refusal if editing and refusal else "")
            button.setToolTip(tip)

    # --- deciding -----------------------------------------------------------------

    def keep_mine(self) -> None:
        self._resolve("mine")

    def keep_theirs(self) -> None:
        self._resolve("theirs")

    def edit_conflict(self) -> QDialog | None:
        from ..conflict_edit_dialog import ConflictEditDialog

        conflict = self.current()
        if conflict is None or not self.manager:
            return None
        dialog = ConflictEditDialog(conflict, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._resolve("edited", dialog.values))
        dialog.open()
        return dialog

    def _resolve(self, choice: str, edited: dict[str, Any] | None = None) -> None:
        conflict = self.current()
        if conflict is None or not self.manager or self._step is not None:
            return
        self._step = resolve_step(conflict, choice, edited)
        self.message.setText(f"Keeping {CHOICES[choice]} for {conflict.parts.record}, "
                             "then syncing…")
        self._enable()
        self._syncing.sync_now(self._step)

    def _after_sync(self, run: SyncRun) -> None:
        if self._step is not None and run.ran(self._step):
            problem = run.problem(self._step)
            self._step = None
            self.message.setText(problem or "Decided: the decision reaches every laptop at "
                                 "its next sync (this one has it now).")
        if self.isVisible() or self._step is None:
            self.refresh()

    def _sync_failed(self, message: str) -> None:
        if self._step is not None:
            self._step = None
            self.message.setText(message)
            self.refresh()


def open_conflicts(syncing: Syncing, window: Any) -> QDialog:
    """The conflicts page in a window of its own (non-modal, already shown)."""
    page = ConflictsPage(window.jobs, syncing)
    return open_in_dialog(page, "Conflicts", window, page.refresh, size=(1280, 480))
