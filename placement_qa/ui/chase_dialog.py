"""Record a chase of an overdue follow-up action: a reminder, a chase, or its escalation
to the contract manager, with the day, who and a note (the rule is
:mod:`placement_qa.domain.action_chase`; the record is kept, never edited)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget
from sqlite_utils import Database

from ..domain.action_chase import BY, CHASE_STAGES, NOTE, ON, STAGE, ChaseRecord, stages_left
from ..domain.actions import FollowUpAction
from ..domain.dates import uk
from ..domain.validation import required_date
from ..store.action_chases import record_chase
from .current_officer import my_officer
from .form_dialog import FormDialog
from .form_fields import Checks, DateField, select_data, set_names


class RecordChaseDialog(FormDialog):
    """Records the next chase stage of ``action`` (``stage`` chosen first: the stage due).
    ``record_id`` is set once saved."""

    def __init__(self, db: Database, action: FollowUpAction, records: list[ChaseRecord],
                 stage: str | None, as_of: date, parent: QWidget | None = None) -> None:
        super().__init__("Record chase", "recordChaseDialog", parent)
        self._db, self._action, self.as_of = db, action, as_of
        self.record_id: int | None = None
        self.summary = QLabel(self)
        set_names(self.summary, "chaseSummary", "The action chased")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setText(_summary(action, records))
        self.form.addRow(self.summary)
        self.stage = QComboBox(self)
        set_names(self.stage, "chaseStage", STAGE)
        for key in stages_left(records):
            self.stage.addItem(CHASE_STAGES[key], key)
        select_data(self.stage, stage)
        self.add_field("&Stage:", self.stage, field=STAGE)
        self.day = DateField("chaseDate", ON, self)
        self.day.set_date(as_of)
        self.add_field("&Date:", self.day, field=ON, marked=self.day.line_edit)
        self.by = QLineEdit(self)
        set_names(self.by, "chaseBy", BY)
        me = my_officer(db)
        self.by.setText(me.name if me else "")
        self.add_field("Recorded &by:", self.by, field=BY)
        self.note = QPlainTextEdit(self)
        set_names(self.note, "chaseNote", NOTE)
        self.note.setPlaceholderText("What was sent or said, and to whom")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(90)
        self.add_field("&Note:", self.note, field=NOTE)
        self.save_button.setText("&Record")
        self.save_button.setAccessibleName("Record chase")
        self.setMinimumWidth(480)
        self.note.setFocus()

    def save(self) -> None:
        self.clear_errors()
        checks = Checks()
        on = checks.run(lambda: required_date(ON, self.day.text()))
        self.show_errors(checks.errors)
        if on is None:
            return
        chase = ChaseRecord(self._action.action_id, self.stage.currentData(), on,
                            self.by.text(), self.note.toPlainText())
        if self.write(lambda: self._record(chase)):
            self.accept()

    def _record(self, chase: ChaseRecord) -> None:
        self.record_id = record_chase(self._db, chase, self.as_of)


def _summary(action: FollowUpAction, records: list[ChaseRecord]) -> str:
    """"Oakfield: Send the log — due 06/11/2026. So far: Reminder 09/11/2026 (Jo)."."""
    text = (f"{action.provider_name or 'No provider'}: {action.description} — "
            f"due {uk(action.due_date)}.")
    if records:
        text += " So far: " + "; ".join(r.summary for r in records) + "."
    return text
