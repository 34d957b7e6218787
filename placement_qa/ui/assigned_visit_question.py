"""Questions before recording a visit. One planned more than a week ahead: "This visit is
planned for 15/01/2027, more than a week away. Record it now?". One assigned to someone
else: "This visit is assigned to Sam Patel. Record it anyway?" (as ODK and CommCare
advise, assignment keeps two officers from writing up the same visit).

Who "I am" is the per-user "This is me" choice (:mod:`.current_officer`); a visit
assigned to me, to nobody, or to someone who has left opens without asking.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlite_utils import Database

from ..domain.officers import Officer, assigned_question, someone_elses
from ..domain.wording import far_ahead_question
from ..store.officers import open_visit_officer
from .current_officer import my_officer_uuid
from .form_fields import set_names


def assigned_elsewhere(db: Database, visit_id: int) -> Officer | None:
    """The other active officer the open visit ``visit_id`` is assigned to, if any."""
    return someone_elses(open_visit_officer(db, visit_id), my_officer_uuid(db))


class VisitQuestion(QMessageBox):
    """A Yes/No question before recording a visit, window-modal (``open()``): Yes emits
    ``yes``; No, the default, leaves the visit as it is."""

    yes = Signal()

    def __init__(self, name: str, title: str, text: str, more: str,
                 answers: tuple[str, str], parent: QWidget) -> None:
        super().__init__(parent)
        set_names(self, name, title)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(title)
        self.setText(text)
        self.setInformativeText(more)
        self.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        self.setDefaultButton(QMessageBox.StandardButton.No)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.finished.connect(self._answered)
        for button, answer in zip((QMessageBox.StandardButton.Yes,
                                   QMessageBox.StandardButton.No), answers, strict=True):
            self.button(button).setAccessibleName(answer)

    def _answered(self, _result: int) -> None:
        if self.clickedButton() is self.button(QMessageBox.StandardButton.Yes):
            self.yes.emit()


class AssignedVisitQuestion(VisitQuestion):
    """Yes (``yes`` is emitted) records the visit all the same; No, the default, leaves it
    to the officer it is assigned to."""

    def __init__(self, officer: Officer, *, me_known: bool, parent: QWidget) -> None:
        more = "" if me_known else (f" If you are {officer.name}, choose yourself in "
                                    "File ▸ Officers… (This is me) and you will not be asked.")
        super().__init__(
            "assignedVisitQuestion", "Visit assigned to someone else",
            assigned_question(officer),
            "Two people writing up one visit would overwrite each other's work: choose No "
            f"to leave it to {officer.name}.{more}",
            ("Yes: record the visit", f"No: leave it to {officer.name}"), parent)
        set_names(self.button(QMessageBox.StandardButton.Yes), "assignedYesButton",
                  "Yes: record the visit")
        set_names(self.button(QMessageBox.StandardButton.No), "assignedNoButton",
                  f"No: leave it to {officer.name}")


class FarAheadQuestion(VisitQuestion):
    """"This visit is planned for 15/01/2027, more than a week away. Record it now?"
    Yes opens the note; No, the default, leaves the visit planned."""

    def __init__(self, planned_for: date, parent: QWidget) -> None:
        super().__init__(
            "farAheadQuestion", "Visit planned more than a week away",
            far_ahead_question(planned_for),
            "Recording it now starts its note today. To record a different visit, choose "
            "its placement; to move this one, use Reschedule visit.",
            ("Yes: record it now", "No: leave it planned"), parent)
