"""The visit note's "Open actions reviewed" page (a follow-up visit): each of the
provider's actions open when recording began, with its due date and whether it is
overdue on the visit date; the visitor picks Done / Progressing / Not progressing
(keys 1-3) and gives the evidence. An action not progressing can be escalated
(Escalate…): an additional visit planned sooner and the placement flagged; its
outcome then stays "not progressing".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QWidget
from sqlite_utils import Database

from ...domain.dates import uk
from ...domain.provider_return import NOT_PROGRESSING, REVIEW_OUTCOMES, ActionReview
from ...domain.visit_note import REVIEWS_PAGE, VisitNote
from ...store.escalation import escalated_visit_date
from ..form_fields import set_names
from .choice_picker import ChoicePicker
from .escalate_dialog import EscalateDialog
from .fields import hint, set_text, text_box
from .pages import NotePage

NO_OPEN_ACTIONS = ("The provider had no open actions when this follow-up visit began, "
                   "so there is nothing to review here.")


@dataclass
class _ReviewRow:
    """The widgets showing one review."""

    review: ActionReview
    outcome: ChoicePicker
    evidence: QPlainTextEdit
    escalate: QPushButton
    escalated: QLabel


def due_text(review: ActionReview, visit_date: date) -> str:
    """"Due 30/09/2026 — overdue on the visit date" (or just the due date)."""
    if review.due_date is None:
        return "No due date"
    overdue = " — <b>overdue</b> on the visit date" if review.due_date < visit_date else ""
    return f"Due {uk(review.due_date)}{overdue}"


def escalated_text(day: date | None) -> str:
    when = uk(day) if day else "(the visit has since been removed)"
    return f"Escalated: additional visit planned for {when}; placement flagged for the manager"


class ReviewsPage(NotePage):
    def __init__(self, db: Database, note: VisitNote, parent: QWidget | None = None) -> None:
        super().__init__(REVIEWS_PAGE, "Open actions reviewed", parent)
        self._db = db
        self._note = note
        self._read_only = False
        # The window's "today" (escalations are refused in the past); else the visit date.
        self.as_of: date = getattr(parent, "as_of", note.visit_date)
        self.dialog: EscalateDialog | None = None
        self.rows: dict[int, _ReviewRow] = {}
        if not note.action_reviews:
            empty = hint(NO_OPEN_ACTIONS, self.body)
            empty.setObjectName("noOpenActions")
            self.layout_.addWidget(empty)
        else:
            keys = "  ".join(f"{n} {label}" for n, label in
                             enumerate(REVIEW_OUTCOMES.values(), start=1))
            self.layout_.addWidget(hint(
                f"For each action open when the visit began: {keys} (0 clears), then the "
                "evidence seen. An action not progressing can be escalated.", self.body))
        names = {c.placement_id: c.child_name for c in note.children}
        for review in note.action_reviews:
            self.rows[review.action_id] = self._add_review(
                review, note.visit_date, names.get(review.placement_id, ""))
        self.layout_.addStretch(1)
        self.show_note(note)

    def _add_review(self, review: ActionReview, visit_date: date, child: str) -> _ReviewRow:
        key = review.action_id
        line = QFrame(self.body)
        line.setFrameShape(QFrame.Shape.HLine)
        self.layout_.addWidget(line)
        about = f" — for {escape(child)}" if child else ""
        title = QLabel(f"<b>{escape(review.description)}</b>{about}<br>"
                       f"{due_text(review, visit_date)}", self.body)
        set_names(title, f"review{key}_action", f"Action: {review.description}")
        title.setWordWrap(True)
        title.setTextFormat(Qt.TextFormat.RichText)
        self.layout_.addWidget(title)
        outcome = ChoicePicker(list(REVIEW_OUTCOMES.items()), f"review{key}_outcome",
                               f"Review of: {review.description}", parent=self.body)
        escalate = QPushButton("&Escalate…", self.body)
        set_names(escalate, f"review{key}_escalate", f"Escalate: {review.description}")
        escalate.clicked.connect(lambda: self.escalate(key))
        row = QHBoxLayout()
        row.addWidget(outcome, 1)
        row.addWidget(escalate)
        self.layout_.addLayout(row)
        evidence = text_box(f"review{key}_evidence", f"Evidence: {review.description}",
                            parent=self.body)
        self.layout_.addWidget(evidence)
        escalated = QLabel(self.body)
        set_names(escalated, f"review{key}_escalated", "Escalation")
        escalated.setWordWrap(True)
        escalated.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.layout_.addWidget(escalated)
        self.watch(outcome, evidence)
        outcome.changed.connect(lambda: self._show_escalation(key))
        return _ReviewRow(review, outcome, evidence, escalate, escalated)

    # --- showing and collecting ----------------------------------------------------

    def show_note(self, note: VisitNote) -> None:
        self._note = note
        for review in note.action_reviews:
            row = self.rows.get(review.action_id)
            if row is None:
                continue
            row.review = review
            row.outcome.set_value(review.outcome)
            set_text(row.evidence, review.evidence)
            self._show_escalation(review.action_id)

    def apply(self, note: VisitNote) -> VisitNote:
        reviews = []
        for review in note.action_reviews:
            row = self.rows.get(review.action_id)
            if row is not None:
                review = replace(review, outcome=row.outcome.value(),
                                 evidence=row.evidence.toPlainText(),
                                 escalated_visit_id=row.review.escalated_visit_id)
            reviews.append(review)
        self._note = replace(note, action_reviews=tuple(reviews))
        return self._note

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self._read_only = read_only
        for key in self.rows:
            self._show_escalation(key)

    def _show_escalation(self, key: int) -> None:
        row = self.rows[key]
        visit_id = row.review.escalated_visit_id
        row.escalated.setVisible(visit_id is not None)
        if visit_id is not None:
            row.escalated.setText(escalated_text(escalated_visit_date(self._db, visit_id)))
        # An escalated action stays "not progressing": the visit it planned and the
        # flag it raised were decided on that outcome.
        row.outcome.set_read_only(self._read_only or visit_id is not None)
        # Escalating plans a visit: done while the visit is written up, not in an amendment.
        row.escalate.setVisible(visit_id is None and not self._read_only
                                and not self._note.locked
                                and row.outcome.value() == NOT_PROGRESSING)

    # --- escalating ------------------------------------------------------------------

    def escalate(self, key: int) -> EscalateDialog:
        """Open the Escalate… dialog for the action (window-modal)."""
        note = self._note
        dialog = EscalateDialog(self._db, visit_id=note.visit_id, provider_id=note.provider_id,
                                follow_up_on=note.visit_date, review=self.rows[key].review,
                                as_of=self.as_of, parent=self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._escalated(key, dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _escalated(self, key: int, dialog: EscalateDialog) -> None:
        row = self.rows[key]
        if dialog.escalation is None:
            return
        row.review = replace(row.review, escalated_visit_id=dialog.escalation.visit_id,
                             outcome=NOT_PROGRESSING)
        self._show_escalation(key)
        self.edited.emit()
