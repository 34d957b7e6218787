"""Before recording a visit assigned to someone else: "This visit is assigned to Sam Patel.
Record it anyway?" (as ODK and CommCare advise, assignment keeps two officers from
writing up the same visit).

Who "I am" is the per-user "This is me" choice (:mod:`.current_officer`); a visit
assigned to me, to nobody, or to someone who has left opens without asking.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlite_utils import Database

from ..domain.officers import Officer, assigned_question, someone_elses
from ..store.officers import open_visit_officer
from .current_officer import my_officer_uuid
from .form_fields import set_names


def assigned_elsewhere(db: Database, visit_id: int) -> Officer | None:
    """The other active officer the open visit ``visit_id`` is assigned to, if any."""
    return someone_elses(open_visit_officer(db, visit_id), my_officer_uuid(db))


class AssignedVisitQuestion(QMessageBox):
    """Yes (``yes`` is emitted) records the visit all the same; No, the default, leaves it
    to the officer it is assigned to."""

    yes = Signal()

    def __init__(self, officer: Officer, *, me_known: bool, parent: QWidget) -> None:
        super().__init__(parent)
        set_names(self, "assignedVisitQuestion", "Visit assigned to someone else")
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle("Visit assigned to someone else")
        self.setText(assigned_question(officer))
        more = "" if me_known else (f" If you are {officer.name}, choose yourself in "
                                    "File ▸ Officers… (This is me) and you will not be asked.")
        self.setInformativeText("Two people writing up one visit would overwrite each "
                                f"other's work: choose No to leave it to {officer.name}."
                                f"{more}")
        self.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        self.setDefaultButton(QMessageBox.StandardButton.No)
        set_names(self.button(QMessageBox.StandardButton.Yes), "assignedYesButton",
                  "Yes: record the visit")
        set_names(self.button(QMessageBox.StandardButton.No), "assignedNoButton",
                  f"No: leave it to {officer.name}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.finished.connect(self._answered)

    def _answered(self, _result: int) -> None:
        if self.clickedButton() is self.button(QMessageBox.StandardButton.Yes):
            self.yes.emit()
