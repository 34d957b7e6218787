"""The app's last resort for an error nobody expected, in a slot, a worker or anywhere.

The error and its traceback go to the app's log (:mod:`placement_qa.app_log`, which
never records a child's name or a note's text); every open visit note's draft is saved
at once, as the idle lock does; and a plain message says what happened and where the
details are. The app carries on: nothing typed is lost, on screen or in the register.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import app_log
from .visit_note.window import VisitNoteWindow

MESSAGE_NAME = "unexpectedErrorMessage"


class UnexpectedErrors(QObject):
    """Lives on the GUI thread: an error reported from any thread is shown there."""

    reported = Signal(str)  # the kind of error (its class), never its message
    shown = Signal(QMessageBox)

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("unexpectedErrors")
        self.box: QMessageBox | None = None
        self.reported.connect(self._tell)  # queued from a worker thread, direct here

    def report(self, exc: BaseException) -> None:
        self.reported.emit(app_log.error_kind(exc))

    def _tell(self, kind: str) -> None:
        saved, failed = save_open_notes()
        if self.box is not None:  # one message at a time; a second error is only logged
            return
        box = QMessageBox(QMessageBox.Icon.Critical,
                          QApplication.applicationDisplayName() or "Placement QA",
                          message_text(kind, saved, failed), QMessageBox.StandardButton.Ok,
                          QApplication.activeWindow())
        box.setObjectName(MESSAGE_NAME)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._closed)
        self.box = box
        if QThread.currentThread().loopLevel() > 0:
            box.open()  # the app carries on
            self.shown.emit(box)
        else:  # before (or after) the app's event loop: nothing else would show it
            self.shown.emit(box)
            box.exec()

    def _closed(self) -> None:
        self.box = None


def show_unexpected_errors(app: QApplication) -> UnexpectedErrors:
    """From now on an error nobody caught is logged, the notes saved, the user told."""
    errors = app.findChild(UnexpectedErrors, "unexpectedErrors") or UnexpectedErrors(app)
    app_log.install_exception_hooks(errors.report)
    return errors


def save_open_notes() -> tuple[int, int]:
    """Save the draft of every visit note window, shown or hidden by the idle lock:
    (how many notes, how many the register refused). A note being amended keeps its
    changes on screen until the user saves the amendment with a reason."""
    notes = [w for w in QApplication.topLevelWidgets() if isinstance(w, VisitNoteWindow)]
    failed = 0
    for note in notes:
        try:
            failed += not note.save_now()
        except Exception:  # noqa: BLE001 — logged; the note stays open with its text
            app_log.log_unexpected(sys.exc_info(), "while saving a visit note's draft")
            failed += 1
    return len(notes), failed


def message_text(kind: str, notes: int, failed: int) -> str:
    where = app_log.log_path()
    if not notes:
        kept = ""
    elif failed:
        kept = ("A visit note could not be saved just now: it stays open, with what you "
                "typed, and is saved again in a moment.\n\n")
    else:
        kept = ("What you typed in the visit notes you have open is still there, and "
                "every draft is saved.\n\n")
    details = (f"The details are written to {where} for whoever supports the app (it "
               "names no child)." if where else "No log file could be written.")
    return (f"Something went wrong that Placement QA did not expect ({kind}).\n\n{kept}"
            f"{details} You can carry on; if anything looks wrong, close Placement QA and "
            "start it again.")
