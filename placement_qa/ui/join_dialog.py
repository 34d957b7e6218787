"""File ▸ Join team register…: the team's server, database, login and password; joining
on the job runner, and what happened, in words.

A new register takes the whole team register; a register with records starts an empty
team register (a manager's login) and is refused by one that already holds records
(nothing is changed). The password goes to the operating system's keyring once the
server has taken it, never to a file; where there is no keyring the dialog says so and
the app keeps it in memory until it closes. For a register that has joined already the
dialog is filled in as it joined: joining again logs in again (a new password).
Closing the dialog while it joins does not stop the join: the window hears how it went.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QProgressBar, QPushButton, QWidget
from sqlite_utils import Database

from ..domain.sync_status import OFFLINE, SYNCED, status_text
from ..domain.validation import FieldError
from ..store.outbox import SERVER, USER, read_state
from .form_dialog import FormDialog
from .form_fields import set_names
from .jobs import JobHandle, JobRunner
from .screen_fit import fit_to_screen
from .team_jobs import JoinOutcome, join_job

INTRO = ("Share this register with the team's register on the council's server. A new "
         "register takes the whole team register; the first register sent to an empty "
         "team register is the manager's, records and all.")
KEPT = "The password is kept in this computer's keyring, never in a file."
NO_KEYRING = ("This computer has no keyring to keep the password in: the app keeps it "
              "until it closes, and asks for it again here after that.")
NOT_KEPT = ("The keyring did not take the password: the app keeps it until it closes, "
            "and asks for it again here after that.")
FIELDS = (("Server", "joinServer", "db.council.local, or a folder such as /var/run/postgresql"),
          ("Database", "joinDatabase", "placements"),
          ("User name", "joinUser", "your login on the team register"),
          ("Password", "joinPassword", ""))


class JoinDialog(FormDialog):
    """Asks where the team register is and who you are; joins on ``jobs``.

    ``joined(outcome, password)`` is emitted once the register has joined (the password
    typed, for the app to keep where no keyring does).
    """

    joined = Signal(object, str)

    def __init__(self, jobs: JobRunner, db: Database, parent: QWidget | None = None) -> None:
        super().__init__("Join team register", "joinDialog", parent)
        self._jobs, self._db = jobs, db
        self._handle: JobHandle | None = None
        self.edits = {name: self._edit(label, name, hint) for label, name, hint in FIELDS}
        self.edits["joinPassword"].setEchoMode(QLineEdit.EchoMode.Password)
        self.save_button.setText("&Join")
        self.findChild(QPushButton, "cancelButton").setText("Close")  # never stops a join
        self.intro = self._label("joinIntro", "About joining", INTRO)
        self.keyring_note = self._label("joinKeyring", "Where the password is kept", "")
        self.progress = QProgressBar(self)
        set_names(self.progress, "joinProgress", "Joining")
        self.progress.setRange(0, 0)  # busy: the server says nothing until it is done
        self.progress.setVisible(False)
        self.outcome = self._label("joinOutcome", "What happened", "")
        layout = self.layout()
        layout.insertWidget(0, self.intro)  # type: ignore[attr-defined]
        for at, widget in enumerate((self.keyring_note, self.progress, self.outcome), start=3):
            layout.insertWidget(at, widget)  # type: ignore[attr-defined]
        fit_to_screen(self, 560, 0)
        self.fill_in()

    def _edit(self, label: str, name: str, hint: str) -> QLineEdit:
        edit = QLineEdit(self)
        set_names(edit, name, label)
        edit.setPlaceholderText(hint)
        self.add_field(f"&{label}:", edit, field=label)
        return edit

    def _label(self, name: str, accessible: str, text: str) -> QLabel:
        label = QLabel(text, self)
        set_names(label, name, accessible)
        label.setWordWrap(True)
        label.setVisible(bool(text))
        return label

    @property
    def busy(self) -> bool:
        return self._handle is not None

    def fill_in(self) -> None:
        """The fields as the register joined (empty for one that has not), the password
        empty, and where it will be kept."""
        from ..store.credentials import keyring_available
        from ..store.server_login import server_place

        state = read_state(self._db)
        host, database = server_place(state[SERVER]) if SERVER in state else ("", "")
        for name, value in (("joinServer", host), ("joinDatabase", database),
                            ("joinUser", state.get(USER, "")), ("joinPassword", "")):
            self.edits[name].setText(value)
        self.keyring_note.setText(KEPT if keyring_available() else NO_KEYRING)
        self.keyring_note.setVisible(True)
        self.outcome.setVisible(False)

    def _text(self, name: str) -> str:
        return self.edits[name].text().strip()

    def save(self) -> None:
        """Join (the dialog's Join button)."""
        from ..store.server_login import LoginError, server_dsn

        if self.busy:
            return
        self.clear_errors()
        missing = [FieldError(label, "is required") for label, name, _ in FIELDS[:3]
                   if not self._text(name)]
        if missing:
            self.show_errors(missing)
            return
        try:
            dsn = server_dsn(self._text("joinServer"), self._text("joinDatabase"))
        except LoginError as exc:
            self.show_form_error(str(exc))
            return
        self._set_busy(True)
        self._show_outcome(f"Joining the team register {self._place()}… A new register takes "
                           "the whole team register: this can take a minute. Closing this "
                           "window does not stop it.")
        handle = self._jobs.start(join_job(dsn, self._text("joinUser"),
                                           self.edits["joinPassword"].text()))
        handle.succeeded.connect(self._done)
        handle.failed.connect(self._not_run)
        self._handle = handle

    def _place(self) -> str:
        return f"at {self._text('joinServer')}/{self._text('joinDatabase')}"

    def _set_busy(self, busy: bool) -> None:
        for edit in self.edits.values():
            edit.setEnabled(not busy)
        self.save_button.setEnabled(not busy)
        self.progress.setVisible(busy)

    def _show_outcome(self, text: str) -> None:
        self.outcome.setText(text)
        self.outcome.setVisible(True)
        self.fit_height()

    def _done(self, outcome: JoinOutcome) -> None:
        self._handle = None
        self._set_busy(False)
        self._show_outcome(self.outcome_words(outcome))
        if outcome.joined:
            self.save_button.setEnabled(False)
            self.keyring_note.setVisible(False)  # the outcome says where it is kept
            self.joined.emit(outcome, self.edits["joinPassword"].text())

    def _not_run(self, message: str) -> None:
        self._handle = None
        self._set_busy(False)
        self._show_outcome(f"Not joined: {message}")

    def outcome_words(self, outcome: JoinOutcome) -> str:
        """What the join did, in words."""
        status = outcome.result.status
        who = f"{self._place()} as {self._text('joinUser')}"
        if not outcome.joined:
            why = (f"the server could not be reached ({status.error})"
                   if status.outcome == OFFLINE else status.error)
            return f"Not joined: {why}. Nothing in this register was changed."
        if status.outcome != SYNCED:
            return (f"Joined the team register {who}, but the first sync did not finish: "
                    f"{status_text(status)}. It is tried again every few minutes, and by "
                    "Sync (Ctrl+Shift+S).")
        password = ""
        if self.edits["joinPassword"].text():
            password = " " + (KEPT if outcome.password_kept else
                              NOT_KEPT if outcome.keyring else NO_KEYRING)
        return (f"Joined the team register {who}: this register now holds the team "
                "register, and syncs with it every few minutes and by Sync "
                f"(Ctrl+Shift+S).{password}")
