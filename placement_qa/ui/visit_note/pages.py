"""The pages of the visit note: details, one per framework section, one per child,
the overall judgement and the actions raised.

Each page shows part of a :class:`VisitNote`, emits ``edited`` when the visitor
changes anything, and writes its part back with ``apply(note) -> note``. Pages
never touch the register: the window saves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.dates import uk
from ...domain.framework import QAFramework, Section
from ...domain.glossary import JUDGEMENT
from ...domain.judgement import JUDGEMENT_MEANINGS, JUDGEMENTS
from ...domain.validation import FieldError, required_date
from ...domain.visit_note import (
    ChildRecord,
    FindingEntry,
    VisitNote,
)
from ..form_fields import DateField, set_names
from .choice_picker import ChoicePicker
from .fields import heading, hint, line_box, set_text, text_box, text_of, yes_no


class NotePage(QScrollArea):
    """A scrolling page of the note."""

    edited = Signal()
    # (criterion key or "", placement id or 0, what the action is raised from)
    raise_action = Signal(str, int, str)

    def __init__(self, page_id: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page_id = page_id
        self.setObjectName(f"page_{page_id.replace(':', '_')}")
        self.setAccessibleName(title)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget(self)
        self.layout_ = QVBoxLayout(self.body)
        self.layout_.addWidget(heading(title, self.body))
        self.setWidget(self.body)
        self._inputs: list[QWidget] = []

    def watch(self, *widgets: QWidget) -> None:
        """Emit ``edited`` when any of ``widgets`` changes; they go read-only together."""
        for widget in widgets:
            self._inputs.append(widget)
            if isinstance(widget, ChoicePicker):
                widget.changed.connect(self.edited)
            elif isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(self.edited)
            elif isinstance(widget, (QLineEdit, DateField)):
                widget.textChanged.connect(self.edited)

    def set_read_only(self, read_only: bool) -> None:
        for widget in self._inputs:
            if isinstance(widget, ChoicePicker):
                widget.set_read_only(read_only)
            elif isinstance(widget, DateField):
                widget.line_edit.setReadOnly(read_only)
                widget.button.setEnabled(not read_only)
            else:
                widget.setReadOnly(read_only)

    def first_input(self) -> QWidget | None:
        return self._inputs[0] if self._inputs else None

    def action_button(self, name: str, accessible: str, key: str, placement: int,
                      context: str) -> QPushButton:
        button = QPushButton("Raise action…", self.body)
        set_names(button, name, accessible)
        button.clicked.connect(lambda: self.raise_action.emit(key, placement, context))
        return button

    def apply(self, note: VisitNote) -> VisitNote:  # pragma: no cover - each page has its own
        raise NotImplementedError

    def show_note(self, note: VisitNote) -> None:  # pragma: no cover - each page has its own
        raise NotImplementedError


class DetailsPage(NotePage):
    """Who visited, on which day, whom they met, and the children covered."""

    def __init__(self, note: VisitNote, parent: QWidget | None = None) -> None:
        super().__init__("details", "Visit details", parent)
        form = QFormLayout()
        self.visit_date = DateField("visitDate", "Visit date", self.body)
        self.date_error = QLabel(self.body)
        self.date_error.setObjectName("visitDateError")
        self.date_error.setStyleSheet("color: #b3261e;")
        self.visitors = line_box("visitors", "Who visited", self.body)
        self.staff = text_box("providerStaffMet", "Provider staff met", lines=2,
                              parent=self.body)
        form.addRow("Visit &date", self.visit_date)
        form.addRow("", self.date_error)
        form.addRow("&Who visited", self.visitors)
        form.addRow("Provider &staff met", self.staff)
        self.layout_.addLayout(form)
        names = ", ".join(c.child_name for c in note.children) or "none"
        self.covered = hint(f"Children covered: {names}", self.body)
        self.covered.setObjectName("childrenCovered")
        self.layout_.addWidget(self.covered)
        self.layout_.addStretch(1)
        self.watch(self.visit_date, self.visitors, self.staff)
        self.show_note(note)

    def show_note(self, note: VisitNote) -> None:
        set_text(self.visit_date.line_edit, uk(note.visit_date))
        set_text(self.visitors, note.visitors)
        set_text(self.staff, note.provider_staff_met)

    def apply(self, note: VisitNote) -> VisitNote:
        try:
            day = required_date("Visit date", self.visit_date.text())
            self.date_error.setText("")
        except FieldError as exc:
            self.date_error.setText(f"⚠ {exc.message} — the note keeps {uk(note.visit_date)}")
            day = note.visit_date
        return replace(note, visit_date=day, visitors=self.visitors.text(),
                       provider_staff_met=self.staff.toPlainText())


class SectionPage(NotePage):
    """One framework section: for each criterion, a rating and the evidence for it."""

    def __init__(self, framework: QAFramework, section: Section, note: VisitNote,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"section:{section.key}", section.title, parent)
        scale = [(r.key, r.label) for r in framework.scale]
        keys = "  ".join(f"{r.number} {r.label}" for r in framework.scale)
        self.layout_.addWidget(hint(f"Rate with the number keys: {keys}; 0 clears. "
                                    "* must be rated before sign-off.", self.body))
        self.ratings: dict[str, ChoicePicker] = {}
        self.evidence: dict[str, QPlainTextEdit] = {}
        for criterion in section.criteria:
            mark = " *" if criterion.mandatory else ""
            prompt = QLabel(f"<b>{_escape(criterion.prompt)}</b>{mark}", self.body)
            prompt.setWordWrap(True)
            self.layout_.addWidget(prompt)
            if criterion.guidance:
                self.layout_.addWidget(hint(criterion.guidance, self.body))
            picker = ChoicePicker(scale, f"rating_{criterion.key}",
                                  f"Rating: {criterion.prompt}", parent=self.body)
            evidence = text_box(f"evidence_{criterion.key}",
                                f"Evidence: {criterion.prompt}", parent=self.body)
            row = QHBoxLayout()
            row.addWidget(picker, 1)
            row.addWidget(self.action_button(
                f"raiseAction_{criterion.key}", f"Raise an action on: {criterion.prompt}",
                criterion.key, 0, f"{section.title} — {criterion.prompt}"))
            self.layout_.addLayout(row)
            self.layout_.addWidget(evidence)
            self.ratings[criterion.key], self.evidence[criterion.key] = picker, evidence
            self.watch(picker, evidence)
        self.layout_.addStretch(1)
        self.show_note(note)

    def show_note(self, note: VisitNote) -> None:
        for key, picker in self.ratings.items():
            entry = note.finding(key)
            picker.set_value(entry.rating)
            set_text(self.evidence[key], entry.evidence)

    def apply(self, note: VisitNote) -> VisitNote:
        findings = dict(note.findings)
        for key, picker in self.ratings.items():
            entry = FindingEntry(picker.value(), self.evidence[key].toPlainText())
            if entry.is_empty() and key not in findings:
                continue
            findings[key] = entry
        return replace(note, findings=findings)


_CHILD_TEXT = {
    "not_seen_reason": 2, "views": 4, "views_how": 2, "attendance": 0,
    "safeguarding_action": 3, "progress": 3,
}


class ChildPage(NotePage):
    """One child's welfare section: seen, voice, attendance, safeguarding, progress (on
    a follow-up visit, only whether the child was seen)."""

    def __init__(self, child: ChildRecord, fields: Mapping[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(f"child:{child.placement_id}", child.child_name, parent)
        self.placement_id = child.placement_id
        views = (" Record the child's views in their own words." if "views" in fields
                 else "")
        self.layout_.addWidget(hint(f"Y or N answers a yes/no question.{views}", self.body))
        form = QFormLayout()
        self.inputs: dict[str, QWidget] = {}
        for name, label in fields.items():
            widget_name = f"child{child.placement_id}_{name}"
            if name in _CHILD_TEXT:
                lines = _CHILD_TEXT[name]
                widget = (line_box(widget_name, label, self.body) if lines == 0 else
                          text_box(widget_name, label, lines=lines, parent=self.body))
            else:
                widget = yes_no(widget_name, label, self.body)
            self.inputs[name] = widget
            form.addRow(label, widget)
            self.watch(widget)
        self.layout_.addLayout(form)
        self.layout_.addWidget(self.action_button(
            f"raiseAction_child{child.placement_id}",
            f"Raise an action for {child.child_name}", "", child.placement_id,
            f"For {child.child_name}"))
        self.layout_.addStretch(1)
        self.show_note_child(child)

    def show_note_child(self, child: ChildRecord) -> None:
        for name, widget in self.inputs.items():
            value = getattr(child, name)
            if isinstance(widget, ChoicePicker):
                widget.set_value(value)
            else:
                set_text(widget, value)

    def show_note(self, note: VisitNote) -> None:
        self.show_note_child(note.child(self.placement_id))

    def apply(self, note: VisitNote) -> VisitNote:
        values = {}
        for name, widget in self.inputs.items():
            values[name] = widget.value() if isinstance(widget, ChoicePicker) else text_of(
                widget)
        children = tuple(replace(c, **values) if c.placement_id == self.placement_id else c
                         for c in note.children)
        return replace(note, children=children)


class OverallPage(NotePage):
    """The overall judgement of the placement, the summary, and amendments; on a
    follow-up visit, the short finding only."""

    def __init__(self, note: VisitNote, parent: QWidget | None = None) -> None:
        super().__init__("overall", note.overall_title, parent)
        self.rag: ChoicePicker | None = None
        if note.asks_judgement:
            self.layout_.addWidget(hint("Judge the placement, best first: " + "; ".join(
                f"{n} {JUDGEMENTS[k]} — {JUDGEMENT_MEANINGS[k].lower()}"
                for n, k in enumerate(JUDGEMENTS, start=1)) + ". 0 clears.", self.body))
            self.rag = ChoicePicker(list(JUDGEMENTS.items()), "overallRag",
                                    "Overall judgement", parent=self.body)
            self.rag.setToolTip(JUDGEMENT.tooltip)
            self.layout_.addWidget(self.rag)
            self.watch(self.rag)
        label = "Finding" if note.is_follow_up else "Summary"
        self.summary = text_box("summary", label, lines=4 if note.is_follow_up else 8,
                                parent=self.body)
        if note.is_follow_up:
            self.layout_.addWidget(hint("What the follow-up found, in a few lines: the "
                                        "actions' progress and anything new.", self.body))
        self.layout_.addWidget(QLabel(label, self.body))
        self.layout_.addWidget(self.summary)
        self.history = QLabel(self.body)
        self.history.setObjectName("amendmentHistory")
        self.history.setAccessibleName("Sign-off and amendments")
        self.history.setWordWrap(True)
        self.layout_.addWidget(self.history)
        self.layout_.addStretch(1)
        self.watch(self.summary)
        self.show_note(note)

    def show_note(self, note: VisitNote) -> None:
        if self.rag is not None:
            self.rag.set_value(note.overall_rag)
        set_text(self.summary, note.summary)

    def show_history(self, html: str) -> None:
        self.history.setText(html)

    def apply(self, note: VisitNote) -> VisitNote:
        judgement = note.overall_rag if self.rag is None else self.rag.value()
        return replace(note, overall_rag=judgement, summary=self.summary.toPlainText())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
