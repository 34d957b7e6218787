"""A child's page: who they are, their EHCP review dates, placements (any flagged for
the manager) and visits; a visit's note opens with Enter, and "Print for this child's
file" makes the copy of a visit note for the child's case file (only this child named)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlite_utils import Database

from ...domain.dates import uk
from ...domain.ehcp import ReviewStatus, annual_review_due, review_status
from ...domain.note_copy import child_copy
from ...domain.pages import ChildDetails, VisitRecord, age_on
from ...domain.register import (
    PRIMARY_NEEDS,
    VISIT_CANCELLED,
    VISIT_COMPLETED,
    VISIT_DRAFT,
    VISIT_TYPES,
    arrangement_label,
)
from ...domain.schedule import ScheduleLine, Status
from ...domain.wording import provider_text, status_explanation, status_text
from ...store.pages import child_details, child_placements, child_visits, manager_flags
from ...store.settings import draft_signoff_working_days
from ...store.visit_notes import load_visit_note
from ..report_preview import open_visit_note_preview
from .flags_banner import FlagsBanner
from .planning import RECORD_SHORTCUT, row_action
from .table_model import Column, visit_state_column
from .widgets import (
    FlagLabel,
    details_form,
    fit_columns,
    heading,
    make_model,
    record_table,
    sort_table,
)

# Placements
COL_P_PROVIDER, COL_P_ARRANGEMENT, COL_P_START, COL_P_END, COL_P_STATUS = range(5)
PLACEMENT_COLUMNS = (
    Column("Provider", provider_text, tooltip=provider_text),
    Column("Arrangement", lambda line: arrangement_label(line.placement.arrangement)),
    Column("Start", lambda line: uk(line.placement.start_date),
           sort=lambda line: line.placement.start_date),
    Column("End", lambda line: uk(line.placement.end_date),
           sort=lambda line: line.placement.end_date),
    Column("Status", status_text, tooltip=status_explanation),
)

# Visits
COL_V_DATE, COL_V_PROVIDER, COL_V_TYPE, COL_V_STATUS, COL_V_VISITORS = range(5)


def visit_columns(as_of: date, draft_days: int) -> tuple[Column, ...]:
    """The visits list's columns; a visit that slipped says so in its status."""
    return (
        Column("Date", lambda v: uk(v.visit_date), sort=lambda v: v.visit_date),
        Column("Provider", lambda v: v.provider_name or "No provider (home visit)"),
        Column("Type", lambda v: VISIT_TYPES.get(v.visit_type, v.visit_type)),
        visit_state_column(as_of, draft_days),
        Column("Visitors", lambda v: v.visitors),
    )


REVIEW_FLAGS = {
    ReviewStatus.OVERDUE: "The annual review is overdue: reviews are due 12 months after the"
                          " last one, or earlier when an earlier date is recorded",
    ReviewStatus.NOT_RECORDED: "No annual review date is recorded for this child",
}


def need_text(code: str | None) -> str:
    if not code:
        return "Not recorded"
    label = PRIMARY_NEEDS.get(code)
    return f"{label} ({code})" if label else code


def born_text(child: ChildDetails, as_of: date) -> str:
    if child.date_of_birth is None:
        return "Not recorded"
    return f"{uk(child.date_of_birth)} (age {age_on(child.date_of_birth, as_of)})"


class ChildPage(QWidget):
    """Everything the register holds about one child, as of a date.

    ``providerRequested(provider_id)`` is emitted when the user opens a placement
    (Enter or double-click) at a provider, ``visitRequested(visit_id)`` when they open
    a visit (not a cancelled one) to read or record its note.
    """

    providerRequested = Signal(int)
    visitRequested = Signal(int)

    def __init__(
        self, db: Database, child_id: int, as_of: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("childPage")
        self.setAccessibleName("Child's page")
        self._db, self._child_id, self._as_of = db, child_id, as_of
        self.child: ChildDetails = child_details(db, child_id)
        self.heading = heading("", "childName", self)
        self.flags_banner = FlagsBanner(
            "childManagerFlags", db, lambda f: f"{f.provider_name or 'Placement'}: {f.text}",
            self)
        self.flags_banner.cleared.connect(self.refresh)
        self.placements_model = make_model(
            self, PLACEMENT_COLUMNS, flagged=lambda line: line.status == Status.OVERDUE,
            flag_column=COL_P_STATUS,
        )
        self.visits_model = make_model(
            self, visit_columns(as_of, draft_signoff_working_days(db)))
        self._build()
        self.refresh()

    @property
    def as_of(self) -> date:
        return self._as_of

    def _build(self) -> None:
        form, self.values = details_form(self, (
            ("Date of birth", "childDateOfBirth", "Date of birth"),
            ("Case ref", "childCaseRef", "Case reference"),
            ("Primary need", "childPrimaryNeed", "Primary need"),
            ("Last annual review", "childLastReview", "EHCP last annual review"),
        ))
        self.next_review = QLabel(self)
        self.next_review.setObjectName("childNextReview")
        self.next_review.setAccessibleName("EHCP next annual review due")
        self.review_flag = FlagLabel("childReviewFlag", "Annual review status", self)
        due_row = QHBoxLayout()
        due_row.setSpacing(8)
        due_row.addWidget(self.next_review)
        self.review_note = QLabel(self)
        self.review_note.setObjectName("childReviewNote")
        self.review_note.setAccessibleName("Annual review status")
        due_row.addWidget(self.review_flag)
        due_row.addWidget(self.review_note)
        due_row.addStretch(1)
        form.addRow("Next review due:", due_row)
        self.placements_table = record_table(self, "childPlacements", "Placements",
                                             self.placements_model)
        sort_table(self.placements_table, COL_P_START, Qt.SortOrder.DescendingOrder)
        self.visits_table = record_table(self, "childVisits", "Monitoring visits",
                                         self.visits_model)
        sort_table(self.visits_table, COL_V_DATE, Qt.SortOrder.DescendingOrder)
        self.placements_title = self._section_title("childPlacementsTitle", self.placements_table)
        self.visits_title = self._section_title("childVisitsTitle", self.visits_table)
        self.placements_table.activated.connect(self._open_placement)
        self.visits_table.activated.connect(self._open_visit)
        self._visit_actions()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.flags_banner)
        layout.addLayout(form)
        layout.addWidget(self.placements_title)
        layout.addWidget(self.placements_table, 1)
        visits_line = QHBoxLayout()
        visits_line.addWidget(self.visits_title, 1)
        visits_line.addWidget(self.print_button)
        layout.addLayout(visits_line)
        layout.addWidget(self.visits_table, 1)

    def _visit_actions(self) -> None:
        """Enter (or Ctrl+R) opens the visit's note; the print button and each visit
        row's menu print the copy for this child's file."""
        self.print_button = QPushButton("Print for this child's &file…", self)
        self.print_button.setObjectName("printChildCopy")
        self.print_button.setAccessibleName("Print for this child's file")
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_for_file)
        row_action(self.visits_table, "Open &note", "childVisitNote", RECORD_SHORTCUT,
                   lambda: self._open_visit(self.visits_table.currentIndex()))
        row_action(self.visits_table, "&Print for this child's file…", "childVisitPrint", "",
                   self.print_for_file)

    def _section_title(self, name: str, table: QWidget) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setAccessibleName(table.accessibleName())
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        label.setBuddy(table)
        return label

    def refresh(self) -> None:
        """Read the child's record, placements and visits again."""
        self.child = child_details(self._db, self._child_id)
        lines: list[ScheduleLine] = child_placements(self._db, self._child_id, self._as_of)
        visits: list[VisitRecord] = child_visits(self._db, self._child_id)
        tracked = any(line.status != Status.ENDED for line in lines)
        self._show_details(self.child, tracked)
        self.placements_model.set_rows(lines)
        self.visits_model.set_rows(visits)
        self.placements_title.setText(f"&Placements ({len(lines)})")
        self.visits_title.setText(f"Monitoring &visits that covered {self.child.given_name}"
                                  f" ({len(visits)})")
        fit_columns(self.placements_table)
        fit_columns(self.visits_table)
        printable = any(v.status == VISIT_COMPLETED for v in visits)
        self.print_button.setEnabled(printable)
        self.print_button.setToolTip(
            "The copy of the chosen visit's note (or the last signed-off one) for "
            f"{self.child.given_name}'s case file: no other child is named"
            if printable else "No signed-off visit note covers this child yet")
        self.flags_banner.show_flags(manager_flags(self._db, child_id=self._child_id))

    def _show_details(self, child: ChildDetails, tracked: bool) -> None:
        self.heading.setText(child.name)
        self.values["childDateOfBirth"].setText(born_text(child, self._as_of))
        self.values["childCaseRef"].setText(child.case_ref or "Not recorded")
        self.values["childPrimaryNeed"].setText(need_text(child.primary_need))
        self.values["childLastReview"].setText(uk(child.ehcp_last_review) or "Not recorded")
        self._show_review(child, tracked)

    def _show_review(self, child: ChildDetails, tracked: bool) -> None:
        due = annual_review_due(child.ehcp_last_review, child.ehcp_next_review_due)
        status = review_status(child.ehcp_last_review, child.ehcp_next_review_due, self._as_of,
                               tracked=tracked)
        self.review_status = status
        self.next_review.setText(uk(due) or "Not known")
        self.review_flag.set_flag(
            str(status) if status in REVIEW_FLAGS else None, REVIEW_FLAGS.get(status, "")
        )
        self.review_note.setText("" if status in REVIEW_FLAGS else str(status))
        self.next_review.setToolTip(
            f"{status} as of {uk(self._as_of)}: a review is due 12 months after the last, "
            "or earlier when an earlier date is recorded"
        )

    def _open_visit(self, index) -> None:
        if not index.isValid():
            return
        visit: VisitRecord = self.visits_model.row_at(index.row())
        if visit.status != VISIT_CANCELLED:
            self.visitRequested.emit(visit.visit_id)

    def visit_to_print(self) -> VisitRecord | None:
        """The visit row chosen if it has a note (signed off or a draft), else the
        newest signed-off visit; None if no visit of the child has a note."""
        index = self.visits_table.currentIndex()
        if index.isValid():
            chosen: VisitRecord = self.visits_model.row_at(index.row())
            if chosen.status in (VISIT_COMPLETED, VISIT_DRAFT):
                return chosen
        done = [v for v in self.visits_model.records if v.status == VISIT_COMPLETED]
        return max(done, key=lambda v: (v.visit_date, v.visit_id), default=None)

    def print_for_file(self) -> QWidget | None:
        """Preview (to print or save) the copy of the visit's note for this child's case
        file: the visit's findings and this child's section, no other child named."""
        visit = self.visit_to_print()
        if visit is None:
            return None
        mine = {line.placement.placement_id for line in self.placements_model.records}
        covered = [c.placement_id for c in load_visit_note(self._db, visit.visit_id).children
                   if c.placement_id in mine]
        if not covered:
            return None
        return open_visit_note_preview(
            self._db, visit.visit_id, self, copy=child_copy(covered[0]),
            label=f"Copy for {self.child.name}'s file")

    def _open_placement(self, index) -> None:
        line: ScheduleLine = self.placements_model.row_at(index.row())
        if line.placement.provider_id is not None:
            self.providerRequested.emit(line.placement.provider_id)
