"""Escalate… an action a follow-up visit found not progressing: an additional visit
planned sooner (four weeks after the visit, on a working day, is offered) and the
placement flagged for the manager with a reason (the action's words, to edit).

Nothing is written until Escalate is pressed; a refusal (a date in the past, or
not sooner than the provider's next planned visit) is shown and changes nothing.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtWidgets import QLabel, QWidget
from sqlite_utils import Database

from ...domain.dates import uk
from ...domain.escalation import EscalationRefused, propose_escalation_date
from ...domain.provider_return import ActionReview
from ...domain.validation import FieldError, required_date, required_text
from ...store.errors import DATABASE_ERRORS, in_words
from ...store.escalation import Escalation, escalate_action, next_planned_visit
from ...store.settings import school_holidays
from ..form_dialog import FormDialog
from ..form_fields import Checks, DateField, set_names
from ..screen_fit import fit_to_screen
from .fields import text_box

VISIT_DATE = "Additional visit on"
REASON = "Reason for the manager"


def default_reason(review: ActionReview) -> str:
    return f"Action not progressing: {review.description}"


class EscalateDialog(FormDialog):
    """Plan the additional visit and flag the placement; ``escalation`` once done."""

    def __init__(self, db: Database, *, visit_id: int, provider_id: int, follow_up_on: date,
                 review: ActionReview, as_of: date, parent: QWidget | None = None) -> None:
        super().__init__("Escalate action", "escalateDialog", parent)
        self._db, self._visit_id, self.as_of = db, visit_id, as_of
        self.review = review
        self.escalation: Escalation | None = None
        self.next_planned = next_planned_visit(db, provider_id, as_of)
        about = QLabel(f"<b>{escape(review.description)}</b> is not progressing. An "
                       "additional (concern-led) visit is planned and the placement is "
                       "flagged for the manager.", self)
        set_names(about, "escalateAbout", "The action being escalated")
        about.setWordWrap(True)
        self.form.addRow(about)
        self.visit_date = DateField("escalateDate", VISIT_DATE, self)
        proposed = propose_escalation_date(follow_up_on, as_of, self.next_planned,
                                           school_holidays(db))
        self.visit_date.set_date(proposed)
        sooner = (f"Must be sooner than the visit already planned for "
                  f"{uk(self.next_planned)}." if self.next_planned else
                  "No other visit to this provider is planned.")
        note = QLabel(sooner, self)
        set_names(note, "escalateNextPlanned", "The provider's next planned visit")
        self.add_field("Additional &visit on:", self.visit_date, field=VISIT_DATE,
                       marked=self.visit_date.line_edit, below=note)
        self.reason = text_box("escalateReason", REASON, lines=3, parent=self)
        self.reason.setPlainText(default_reason(review))
        self.add_field("&Reason for the manager:", self.reason, field=REASON)
        self.save_button.setText("&Escalate")
        self.save_button.setAccessibleName("Escalate")
        fit_to_screen(self, 520, self.sizeHint().height())

    def save(self) -> None:
        self.clear_errors()
        checks = Checks()
        day = checks.run(lambda: required_date(VISIT_DATE, self.visit_date.text()))
        reason = checks.run(lambda: required_text(REASON, self.reason.toPlainText()))
        if checks.errors:
            self.show_errors(checks.errors)
            return
        try:
            self.escalation = escalate_action(
                self._db, visit_id=self._visit_id, action_id=self.review.action_id,
                visit_date=day, reason=reason, as_of=self.as_of)
        except EscalationRefused as exc:
            if exc.about_date:
                self.show_errors([FieldError(VISIT_DATE, str(exc))])
            else:
                self.show_form_error(str(exc))
            return
        except DATABASE_ERRORS as exc:
            self.show_form_error(f"The register could not be changed: {in_words(exc)}")
            return
        self.accept()
