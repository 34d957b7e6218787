"""Follow-up actions across every provider: what is due, whose it is, what is overdue.

The council's evidence that underperformance is followed up: each action raised
on a visit (or against a provider), soonest due first, overdue ones marked in
words, bold and with a warning icon. Enter opens one to update it. An overdue
action is chased in stages (:mod:`placement_qa.domain.action_chase`): the list says
the stage due ("Chase due: reminder", "Escalate to contract manager") and the last
recorded, "Record chase…" records the next; each action's ageing band shows in a
column (and filters the list), and a table under the list counts the live actions
by provider and band.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from ...domain.action_chase import (
    AGEING_BANDS,
    ChaseDays,
    ChaseRecord,
    ageing_band,
    records_by_action,
    stage_due,
    stage_due_words,
    stages_left,
)
from ...domain.actions import OWNER_KINDS, PRIORITY_RANK, FollowUpAction
from ...domain.dates import uk
from ...domain.names import name_sort_key
from ...exports.lists_csv import action_status, chased_text, due_text, raised_text
from ...store.action_chases import chase_days, chase_records
from ...store.actions import list_actions
from ..action_dialog import UpdateActionDialog
from ..chase_dialog import RecordChaseDialog
from ..form_fields import ERROR_COLOUR
from .action_ageing import ageing_table, show_ageing
from .table_model import Column, Index, RecordTableModel
from .widgets import (
    fit_columns,
    heading,
    open_in_dialog,
    record_table,
    sort_table,
    warning_icon,
    wrap_rows,
)

(COL_DUE, COL_PRIORITY, COL_PROVIDER, COL_WHAT, COL_OWNER, COL_STATUS, COL_RAISED,
 COL_CHILD, COL_AGE, COL_CHASE_DUE, COL_CHASED) = range(11)
OVERDUE_BACKGROUND = "#fbe4e2"
ALL_PROVIDERS = "All providers"
ALL_OWNERS = "All owners"
ALL_AGES = "All ages"
Chases = Mapping[int, list[ChaseRecord]]


def chase_columns(as_of: date, chases: Chases,
                  days: Callable[[], ChaseDays]) -> tuple[Column, ...]:
    """The ageing band, the chase stage due and the last recorded (all, with their notes,
    in its tooltip); ``chases`` and ``days()`` as the page last read them."""
    def done_tip(action: FollowUpAction) -> str | None:
        records = chases.get(action.action_id, [])
        return "\n".join(f"{r.summary}: {r.note}" for r in records) or None

    return (
        Column("Age", lambda a: ageing_band(a, as_of) or "",
               sort=lambda a: AGEING_BANDS.index(band) if (band := ageing_band(a, as_of))
               else None),
        Column("Chase due", lambda a: stage_due_words(a, chases.get(a.action_id, []),
                                                      days(), as_of)),
        Column("Chased", lambda a: chased_text(chases.get(a.action_id, [])), tooltip=done_tip),
    )


def action_columns(as_of: date) -> tuple[Column, ...]:
    def status(action: FollowUpAction) -> str:
        return action_status(action, as_of)

    def status_tip(action: FollowUpAction) -> str | None:
        if action.is_overdue(as_of):
            return f"{action.status_label}; was due {uk(action.due_date)}"
        return action.completion_note or None

    return (
        Column("Due", due_text, sort=lambda a: a.due_date),
        Column("Priority", lambda a: a.priority_label,
               sort=lambda a: PRIORITY_RANK.get(a.priority, len(PRIORITY_RANK))),
        Column("Provider", lambda a: a.provider_name),
        Column("What", lambda a: a.description, tooltip=lambda a: a.description or None),
        Column("Owner", lambda a: a.owner_label),
        Column("Status", status, tooltip=status_tip),
        Column("Raised", raised_text, sort=lambda a: a.raised_date),
        Column("Child", lambda a: a.child_name),
    )


def actions_heading(count: int) -> str:
    return "1 follow-up action" if count == 1 else f"{count} follow-up actions"


class ActionsModel(RecordTableModel):
    """The actions; overdue rows bold with a warning icon, tinted, their status in red."""

    def __init__(self, as_of: date, chases: Chases, days: Callable[[], ChaseDays],
                 parent: QWidget) -> None:
        super().__init__((*action_columns(as_of), *chase_columns(as_of, chases, days)),
                         flagged=lambda a: a.is_overdue(as_of),
                         flag_column=COL_STATUS, warning_icon=warning_icon(parent),
                         parent=parent)
        self._as_of = as_of

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        role = Qt.ItemDataRole(role)
        if index.isValid() and role in (Qt.ItemDataRole.BackgroundRole,
                                        Qt.ItemDataRole.ForegroundRole):
            if not self.row_at(index.row()).is_overdue(self._as_of):
                return None
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor(OVERDUE_BACKGROUND)
            return QColor(ERROR_COLOUR) if index.column() == COL_STATUS else None
        return super().data(index, role)


class ActionsList(QWidget):
    """Every follow-up action as of a date, filtered by provider, owner and status.

    ``actionChanged(action_id)`` is emitted when an action was updated here (the
    list has already refreshed).
    """

    actionChanged = Signal(int)

    def __init__(self, db: Database, as_of: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followUpActions")
        self.setAccessibleName("Follow-up actions")
        self._db, self._as_of = db, as_of
        self._actions: list[FollowUpAction] = []
        self._chases: dict[int, list[ChaseRecord]] = {}  # filled in place: the model reads it
        # The chase settings, reread on refresh; a list the model reads, not ``self``
        # (a closure over the page breaks while the page is collected)
        self._days = [chase_days(db)]
        self.update_dialog: UpdateActionDialog | None = None  # open now, if any
        self.chase_dialog: RecordChaseDialog | None = None
        self.heading = heading("", "actionsHeading", self)
        self.overdue = QLabel(self)
        self.overdue.setObjectName("actionsOverdueCount")
        self.overdue.setAccessibleName("Overdue actions")
        self.overdue.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")
        days = self._days
        self.model = ActionsModel(as_of, self._chases, lambda: days[0], self)
        self.table = record_table(self, "actionsTable", "Follow-up actions", self.model)
        sort_table(self.table, COL_DUE, Qt.SortOrder.AscendingOrder)
        wrap_rows(self.table)  # a long "What" wraps in its row instead of being cut
        self.table.activated.connect(self._open_row)  # a double-click
        self.table.installEventFilter(self)  # Enter: see eventFilter
        self.table.selectionModel().currentRowChanged.connect(self._enable_chase)
        self.ageing = ageing_table(self)
        ageing_heading = heading("Live actions by provider and age", "actionsAgeingHeading",
                                 self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self._filters())
        layout.addWidget(self.overdue)
        layout.addWidget(self.table, 1)
        layout.addWidget(ageing_heading)
        layout.addWidget(self.ageing)
        self.refresh()

    @property
    def as_of(self) -> date:
        return self._as_of

    def _filters(self) -> QHBoxLayout:
        self.provider_filter = self._combo("actionsProviderFilter", "Show actions of provider")
        self.owner_filter = self._combo("actionsOwnerFilter", "Show actions owned by")
        self.owner_filter.addItem(ALL_OWNERS, None)
        for key, label in OWNER_KINDS.items():
            self.owner_filter.addItem(label, key)
        self.show_closed = QCheckBox("Show d&one and cancelled", self)
        self.show_closed.setObjectName("actionsShowClosed")
        self.show_closed.setAccessibleName("Show done and cancelled actions")
        for combo in (self.provider_filter, self.owner_filter):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.show_closed.toggled.connect(self.apply_filters)
        self.age_filter = self._combo("actionsAgeFilter", "Show actions aged")
        self.age_filter.addItem(ALL_AGES, None)
        for band in AGEING_BANDS:
            self.age_filter.addItem(band, band)
        self.age_filter.currentIndexChanged.connect(self.apply_filters)
        self.record_chase = QPushButton("Record c&hase…", self)
        self.record_chase.setObjectName("actionsRecordChase")
        self.record_chase.setAccessibleName("Record a chase of the action chosen")
        self.record_chase.clicked.connect(self.chase_current)
        line = QHBoxLayout()
        for text, combo in (("P&rovider:", self.provider_filter),
                            ("O&wner:", self.owner_filter), ("A&ge:", self.age_filter)):
            label = QLabel(text, self)
            label.setObjectName(f"{combo.objectName()}Label")
            label.setBuddy(combo)
            line.addWidget(label)
            line.addWidget(combo)
        line.addWidget(self.show_closed)
        line.addStretch(1)
        line.addWidget(self.record_chase)
        return line

    def _combo(self, name: str, accessible: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    def refresh(self) -> None:
        """Read the actions again (keeping the filters chosen)."""
        self._actions = list_actions(self._db)
        self._chases.clear()
        self._chases.update(records_by_action(chase_records(self._db)))
        self._days[0] = chase_days(self._db)
        self._fill_providers()
        self.apply_filters()

    def _fill_providers(self) -> None:
        chosen = self.provider_filter.currentData()
        names = {a.provider_id: a.provider_name for a in self._actions
                 if a.provider_id is not None}
        self.provider_filter.blockSignals(True)
        self.provider_filter.clear()
        self.provider_filter.addItem(ALL_PROVIDERS, None)
        for provider_id, name in sorted(names.items(), key=lambda item: name_sort_key(item[1])):
            self.provider_filter.addItem(name, provider_id)
        self.provider_filter.setCurrentIndex(max(self.provider_filter.findData(chosen), 0))
        self.provider_filter.blockSignals(False)

    def shown_actions(self) -> list[FollowUpAction]:
        """The actions the filters let through, in the order read."""
        provider_id = self.provider_filter.currentData()
        owner_kind = self.owner_filter.currentData()
        band = self.age_filter.currentData()
        closed = self.show_closed.isChecked()
        return [a for a in self._actions
                if (provider_id is None or a.provider_id == provider_id)
                and (owner_kind is None or a.owner_kind == owner_kind)
                and (band is None or ageing_band(a, self._as_of) == band)
                and (closed or a.is_live())]

    def apply_filters(self) -> None:
        self.model.set_rows(self.shown_actions())
        self.heading.setText(actions_heading(self.model.rowCount()))
        overdue = self.model.flagged_count()
        self.overdue.setText(f"{overdue} overdue")
        self.overdue.setVisible(overdue > 0)
        fit_columns(self.table, max_width=360)
        show_ageing(self.ageing, self._actions, self._as_of)
        self._enable_chase()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on a row opens it, and goes no further.

        Left to the view, the key press would travel on to the window holding
        the page, whose Enter clicks the default button of any dialog inside it:
        the Save of the dialog just opened.
        """
        # The event's type first: this is called for every event the table gets,
        # some while the page is being torn down.
        if event.type() == QEvent.Type.KeyPress and watched is self.table:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            plain = not key_event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            index = self.table.currentIndex()
            if key_event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain \
                    and index.isValid():
                self._open_row(index)
                return True
        return super().eventFilter(watched, event)

    def _open_row(self, index: QModelIndex) -> None:
        self.open_action(self.model.row_at(index.row()).action_id)

    def open_action(self, action_id: int) -> UpdateActionDialog:
        """Open the dialog to update ``action_id`` (window-modal; the list refreshes on save)."""
        dialog = UpdateActionDialog(self._db, action_id, self._as_of, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._saved(dialog))
        dialog.destroyed.connect(self._forget_dialog)
        self.update_dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        self.update_dialog = None

    def _current(self) -> FollowUpAction | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _enable_chase(self) -> None:
        """Record chase… is for a live overdue action with a stage still to record."""
        action = self._current()
        records = self._chases.get(action.action_id, []) if action else []
        can = action is not None and action.is_overdue(self._as_of) and bool(
            stages_left(records))
        self.record_chase.setEnabled(can)
        self.record_chase.setToolTip(
            "" if can else "Choose an overdue action that has not been escalated yet")

    def chase_current(self) -> RecordChaseDialog | None:
        """Open the dialog to record a chase of the action chosen (window-modal)."""
        action = self._current()
        if action is None:
            return None
        records = self._chases.get(action.action_id, [])
        dialog = RecordChaseDialog(self._db, action, records,
                                   stage_due(action, records, self._days[0], self._as_of),
                                   self._as_of, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._chased(action.action_id))
        dialog.destroyed.connect(self._forget_chase)
        self.chase_dialog = dialog
        dialog.open()
        return dialog

    def _forget_chase(self) -> None:
        self.chase_dialog = None

    def _chased(self, action_id: int) -> None:
        self.refresh()
        self.actionChanged.emit(action_id)
        self.table.setFocus()

    def _saved(self, dialog: UpdateActionDialog) -> None:
        if dialog.changed:
            self.refresh()
            self.actionChanged.emit(dialog.action_id)
        self.table.setFocus()


def open_follow_up_actions(db: Database, as_of: date, parent: QWidget | None = None) -> QDialog:
    """The follow-up actions in a window of their own (non-modal, already shown)."""
    page = ActionsList(db, as_of)
    return open_in_dialog(page, "Follow-up actions", parent, page.refresh, size=(1150, 560),
                          help_section="follow-up-actions")
