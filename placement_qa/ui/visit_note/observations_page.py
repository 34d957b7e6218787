"""The visit note's "Observations and interviews" page: lesson observations and pupil
interviews as structured findings — what, who, when, and what was seen.

Each is a small form, added with a button and removed with its own; the page writes
them back in the order shown. What each still lacks is in the checklist.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from ...domain.dates import uk
from ...domain.provider_return import (
    LESSON_OBSERVATION,
    OBSERVATION_KINDS,
    PUPIL_INTERVIEW,
    Observation,
)
from ...domain.validation import FieldError, optional_date
from ...domain.visit_note import OBSERVATIONS_PAGE, VisitNote
from ..form_fields import DateField, set_names
from .fields import hint, line_box, set_text, text_box
from .pages import NotePage

_WHAT = {LESSON_OBSERVATION: "Lesson, subject and topic",
         PUPIL_INTERVIEW: "What the interview was about"}
_WHO = {LESSON_OBSERVATION: "Class or group, and staff",
        PUPIL_INTERVIEW: "Pupils (by initials) and staff present"}


class ObservationForm(QGroupBox):
    """One observation or interview: what, who, date, time, what was seen; Remove."""

    remove_requested = Signal(object)

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.what = line_box("what", _WHAT.get(kind, "What"), self)
        self.who = line_box("who", _WHO.get(kind, "Who"), self)
        self.day = DateField("date", "Date", self)
        self.time = line_box("time", "Time, e.g. 10:15–10:45", self)
        self.seen = text_box("seen", "What was seen" if kind == LESSON_OBSERVATION
                             else "What the pupils said", lines=3, parent=self)
        self.date_error = QLabel(self)
        self.date_error.setStyleSheet("color: #b3261e;")
        self.date_error.hide()
        self.remove = QPushButton("Remove", self)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        form = QFormLayout(self)
        form.addRow("What", self.what)
        form.addRow("Who", self.who)
        when = QHBoxLayout()
        when.addWidget(self.day, 2)
        when.addWidget(QLabel("Time", self))
        when.addWidget(self.time, 1)
        form.addRow("Date", when)
        form.addRow("", self.date_error)
        form.addRow("Seen" if kind == LESSON_OBSERVATION else "Said", self.seen)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove)
        form.addRow(remove_row)

    def inputs(self) -> tuple[QWidget, ...]:
        return (self.what, self.who, self.day, self.time, self.seen)

    def name(self, number: int) -> None:
        """Names for tests and screen readers: observation1_what, … (renumbered)."""
        label = f"{OBSERVATION_KINDS.get(self.kind, self.kind)} {number}"
        self.setTitle(label)
        set_names(self, f"observation{number}", label)
        for widget, field, text in ((self.what, "what", "what"), (self.who, "who", "who"),
                                    (self.time, "time", "time"), (self.seen, "seen", "seen")):
            set_names(widget, f"observation{number}_{field}", f"{label}: {text}")
        set_names(self.day, f"observation{number}_date", f"{label}: date")
        set_names(self.day.line_edit, f"observation{number}_dateEdit", f"{label}: date")
        set_names(self.remove, f"observation{number}_remove", f"Remove {label.lower()}")

    def show_observation(self, observation: Observation) -> None:
        set_text(self.what, observation.what)
        set_text(self.who, observation.who)
        set_text(self.day.line_edit, uk(observation.observed_on))
        set_text(self.time, observation.observed_time)
        set_text(self.seen, observation.seen)

    def observation(self) -> Observation:
        try:
            day = optional_date("Date", self.day.text())
            self.date_error.hide()
        except FieldError as exc:
            self.date_error.setText(f"⚠ {exc.message}")
            self.date_error.show()
            day = None
        return Observation(kind=self.kind, what=self.what.text(), who=self.who.text(),
                           observed_on=day, observed_time=self.time.text(),
                           seen=self.seen.toPlainText())

    def set_read_only(self, read_only: bool) -> None:
        self.remove.setEnabled(not read_only)


class ObservationsPage(NotePage):
    """Lesson observations and pupil interviews, in the order they were added."""

    def __init__(self, db: Database, note: VisitNote, parent: QWidget | None = None) -> None:
        super().__init__(OBSERVATIONS_PAGE, "Observations and interviews", parent)
        self._db = db
        self._visit_date: date = note.visit_date
        self._read_only = False
        guidance = hint(
            "Record each lesson observed and each pupil interview: what, who, when and "
            "what was seen or said. Name pupils by initials only (e.g. Z. Ł.); the date "
            "starts as the visit date.", self.body)
        guidance.setObjectName("observationsHint")
        self.layout_.addWidget(guidance)
        self.forms: list[ObservationForm] = []
        self.list_layout = QVBoxLayout()
        self.layout_.addLayout(self.list_layout)
        self.empty = hint("No lesson observations or pupil interviews yet.", self.body)
        self.empty.setObjectName("noObservations")
        self.list_layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        self.add_lesson = QPushButton("Add &lesson observation", self.body)
        set_names(self.add_lesson, "addLessonObservation", "Add a lesson observation")
        self.add_lesson.clicked.connect(lambda: self.add(LESSON_OBSERVATION))
        self.add_interview = QPushButton("Add pupil &interview", self.body)
        set_names(self.add_interview, "addPupilInterview", "Add a pupil interview")
        self.add_interview.clicked.connect(lambda: self.add(PUPIL_INTERVIEW))
        buttons.addWidget(self.add_lesson)
        buttons.addWidget(self.add_interview)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        self.layout_.addStretch(1)
        self.show_note(note)

    # --- adding and removing -------------------------------------------------------

    def add(self, kind: str) -> ObservationForm:
        """A new, empty observation dated the visit day; the cursor in its "What"."""
        form = self._add_form(Observation(kind=kind, observed_on=self._visit_date))
        self.ensureWidgetVisible(form)
        form.what.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edited.emit()
        return form

    def _add_form(self, observation: Observation) -> ObservationForm:
        form = ObservationForm(observation.kind, self.body)
        form.show_observation(observation)
        form.remove_requested.connect(self._remove)
        form.set_read_only(self._read_only)
        self.forms.append(form)
        self.list_layout.addWidget(form)
        self.watch(*form.inputs())
        self._renumber()
        return form

    def _remove(self, form: ObservationForm) -> None:
        if self._read_only:
            return
        self._drop(form)
        self.edited.emit()

    def _drop(self, form: ObservationForm) -> None:
        self.forms.remove(form)
        for widget in form.inputs():
            self._inputs.remove(widget)
            widget.blockSignals(True)
        form.hide()
        self.list_layout.removeWidget(form)
        form.setParent(None)   # gone from the page at once, deleted when Qt is idle
        form.deleteLater()
        self._renumber()

    def _renumber(self) -> None:
        for number, form in enumerate(self.forms, start=1):
            form.name(number)
        self.empty.setVisible(not self.forms)

    # --- showing and writing back ------------------------------------------------------

    def show_note(self, note: VisitNote) -> None:
        self._visit_date = note.visit_date
        if [f.kind for f in self.forms] != [o.kind for o in note.observations]:
            for form in list(self.forms):
                self._drop(form)
            for observation in note.observations:
                self._add_form(observation)
        for form, observation in zip(self.forms, note.observations, strict=True):
            form.show_observation(observation)

    def apply(self, note: VisitNote) -> VisitNote:
        self._visit_date = note.visit_date
        return replace(note, observations=tuple(f.observation() for f in self.forms))

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self._read_only = read_only
        self.add_lesson.setEnabled(not read_only)
        self.add_interview.setEnabled(not read_only)
        for form in self.forms:
            form.set_read_only(read_only)
