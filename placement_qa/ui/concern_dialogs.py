"""Setting and lifting a provider's cause for concern (a manager's): the reason, the day,
the review date and who; refusals in words under the form (rules: domain/concerns.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget
from sqlite_utils import Database

from ..domain.concerns import ConcernError
from ..domain.dates import uk
from ..domain.validation import optional_date, required_date
from ..store.concerns import lift_concern, open_concern, set_concern
from ..store.records import get_provider
from .current_officer import my_officer
from .form_dialog import FormDialog
from .form_fields import Checks, DateField, set_names, summary_label

SET_ON, REVIEW_ON, LIFTED_ON = "Date set", "Review date", "Date lifted"


def _reason_box(parent: QWidget, name: str, accessible: str) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    set_names(box, name, accessible)
    box.setTabChangesFocus(True)
    box.setFixedHeight(72)
    return box


class _ConcernDialog(FormDialog):
    """The frame both share: the provider, a reason, a day and the manager's name."""

    day_field = SET_ON

    def __init__(self, db: Database, provider_id: int, as_of: date, title: str, name: str,
                 parent: QWidget | None) -> None:
        super().__init__(title, name, parent)
        self._db, self.provider_id = db, provider_id
        provider = get_provider(db, provider_id)
        self.summary = summary_label(self, f"{name}Summary", "Provider")
        self.summary.setText(provider.name if provider else "")
        self.form.addRow(self.summary)
        self.reason = _reason_box(self, f"{name}Reason", "Reason")
        self.add_field("&Reason:", self.reason, field="Reason")
        self.day = DateField(f"{name}Date", self.day_field, self)
        self.add_field(f"&{self.day_field}:", self.day, field=self.day_field,
                       marked=self.day.line_edit)
        self.day.set_date(as_of)
        self.manager = QLineEdit(self)
        set_names(self.manager, f"{name}Manager", "Manager")
        me = my_officer(db)
        self.manager.setText(me.name if me is not None and me.is_manager else "")
        self.add_field("&Manager:", self.manager, field="Manager")
        self.setMinimumWidth(480)

    def _checked_day(self, checks: Checks) -> date | None:
        return checks.run(lambda: required_date(self.day_field, self.day.text()))

    def _write(self, change: Callable[[], object]) -> None:
        try:
            if self.write(change):
                self.accept()
        except ConcernError as refused:
            self.show_form_error(str(refused))


class SetConcernDialog(_ConcernDialog):
    """Mark the provider as causing concern: reason, day set, review date, manager."""

    def __init__(self, db: Database, provider_id: int, as_of: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, provider_id, as_of, "Set cause for concern", "setConcernDialog",
                         parent)
        self.review = DateField("setConcernDialogReview", REVIEW_ON, self)
        self.add_field("Re&view date:", self.review, field=REVIEW_ON,
                       marked=self.review.line_edit)
        self.save_button.setText("&Set cause for concern")
        self.save_button.setAccessibleName("Set cause for concern")

    def save(self) -> None:
        self.clear_errors()
        checks = Checks()
        since = self._checked_day(checks)
        review = checks.run(lambda: optional_date(REVIEW_ON, self.review.text()))
        self.show_errors(checks.errors)
        if since is None or checks.errors:
            return
        self._write(lambda: set_concern(
            self._db, self.provider_id, reason=self.reason.toPlainText(), since=since,
            review_on=review, by=self.manager.text()))


class LiftConcernDialog(_ConcernDialog):
    """Lift the provider's cause for concern: reason, day lifted, manager."""

    day_field = LIFTED_ON

    def __init__(self, db: Database, provider_id: int, as_of: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, provider_id, as_of, "Lift cause for concern", "liftConcernDialog",
                         parent)
        period = open_concern(db, provider_id)
        if period is not None:
            self.summary.setText(f"{self.summary.text()}: causing concern since "
                                 f"{uk(period.since)}: {period.reason}")
        self.save_button.setText("&Lift cause for concern")
        self.save_button.setAccessibleName("Lift cause for concern")

    def save(self) -> None:
        self.clear_errors()
        checks = Checks()
        lifted_on = self._checked_day(checks)
        self.show_errors(checks.errors)
        if lifted_on is None:
            return
        self._write(lambda: lift_concern(self._db, self.provider_id,
                                         reason=self.reason.toPlainText(),
                                         lifted_on=lifted_on, by=self.manager.text()))

