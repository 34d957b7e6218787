"""Follow-up actions that age: chase stages past the due date, and ageing bands.

Plain Python with an explicit ``as_of``: no Qt, no SQL.

* **Chase stages.** A live action (open or in progress) past its due date is chased in
  three stages: a *reminder* to its owner, then *chased*, then *escalated to the
  contract manager* (the council's "escalation to relevant service managers"). Each
  stage falls due a number of working days past the due date (weekends and bank
  holidays in England and Wales do not count; the register's settings, 1, 10 and 20 by
  default). The stage due (:func:`stage_due`) is the latest stage whose day has come
  that is later than every stage already recorded: an action nobody chased for 25
  working days is due for escalation, not for a reminder. A stage recorded is kept
  (append-only): later stages only move it on.
  This is the chase of an action's *owner*; an action a follow-up visit finds not
  progressing can also be escalated to an additional visit (:mod:`.escalation`).
* **Ageing bands** (:func:`ageing_band`): calendar days past the due date: not yet due
  (due after ``as_of``), 0–30 (due today counts as 0), 31–60, 61–90, over 90. Only
  live actions age: a done or cancelled action is in no band.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from .actions import FollowUpAction
from .dates import uk
from .names import name_sort_key
from .validation import FieldError
from .working_days import working_days_after

REMINDER, CHASED, ESCALATED = "reminder", "chased", "escalated"
CHASE_STAGES: dict[str, str] = {
    REMINDER: "Reminder",
    CHASED: "Chased",
    ESCALATED: "Escalated to contract manager",
}
STAGE_ORDER: tuple[str, ...] = tuple(CHASE_STAGES)
# What the action list says when a stage is due.
STAGE_DUE_WORDS: dict[str, str] = {
    REMINDER: "Chase due: reminder",
    CHASED: "Chase due: chase again",
    ESCALATED: "Escalate to contract manager",
}

STAGE, ON, BY, NOTE = "Stage", "Date", "Recorded by", "Note"

NOT_YET_DUE = "Not yet due"
AGEING_BANDS: tuple[str, ...] = (NOT_YET_DUE, "0–30 days", "31–60 days", "61–90 days",
                                 "Over 90 days")
_BAND_TOPS = (30, 60, 90)  # the last day past due of each band after "not yet due"
NO_PROVIDER = "No provider"


@dataclass(frozen=True)
class ChaseDays:
    """Working days past the due date at which each stage falls due."""

    reminder: int = 1
    chased: int = 10
    escalated: int = 20

    def of(self, stage: str) -> int:
        return {REMINDER: self.reminder, CHASED: self.chased, ESCALATED: self.escalated}[stage]


@dataclass(frozen=True)
class ChaseRecord:
    """A stage recorded: on which day, by whom, and what was said or done."""

    action_id: int
    stage: str
    on: date
    by: str
    note: str
    record_id: int | None = None

    @property
    def stage_label(self) -> str:
        return CHASE_STAGES.get(self.stage, self.stage)

    @property
    def summary(self) -> str:
        """"Chased 12/11/2026 (Jo Okafor)"."""
        return f"{self.stage_label} {uk(self.on)} ({self.by})"


def _rank(stage: str) -> int:
    return STAGE_ORDER.index(stage)


def last_record(records: Iterable[ChaseRecord]) -> ChaseRecord | None:
    """The latest stage recorded (the later stage, then the later day), if any."""
    return max(records, key=lambda r: (_rank(r.stage), r.on), default=None)


def stages_left(records: Iterable[ChaseRecord]) -> tuple[str, ...]:
    """The stages later than every one recorded, in order."""
    last = last_record(records)
    start = 0 if last is None else _rank(last.stage) + 1
    return STAGE_ORDER[start:]


def stage_due(action: FollowUpAction, records: Sequence[ChaseRecord], days: ChaseDays,
              as_of: date) -> str | None:
    """The chase stage due on ``as_of`` (None: none is): see the module's notes."""
    if not action.is_overdue(as_of) or action.due_date is None:
        return None
    past = working_days_after(action.due_date, as_of)
    reached = [stage for stage in stages_left(records) if past >= days.of(stage)]
    return reached[-1] if reached else None


def stage_due_words(action: FollowUpAction, records: Sequence[ChaseRecord], days: ChaseDays,
                    as_of: date) -> str:
    """"Chase due: reminder", "Escalate to contract manager", or "" when none is due."""
    stage = stage_due(action, records, days, as_of)
    return STAGE_DUE_WORDS[stage] if stage else ""


def check_chase(action: FollowUpAction, records: Sequence[ChaseRecord], chase: ChaseRecord,
                as_of: date) -> ChaseRecord:
    """``chase`` with its text trimmed, or a :class:`FieldError` saying what is wrong:
    a live action past due, a stage later than any recorded, a day after the due date,
    not before the last stage recorded and not after ``as_of``, who and a note."""
    if not action.is_live():
        raise FieldError(STAGE, f"the action is {action.status_label.lower()}: "
                                "there is nothing to chase")
    if chase.stage not in stages_left(records):
        done = last_record(records)
        raise FieldError(STAGE, f"'{CHASE_STAGES.get(chase.stage, chase.stage)}' cannot be "
                         f"recorded after {done.summary if done else 'nothing'}")
    _check_day(action, records, chase.on, as_of)
    by, note = chase.by.strip(), chase.note.strip()
    if not by:
        raise FieldError(BY, "say who chased")
    if not note:
        raise FieldError(NOTE, "say what was done or said")
    return replace(chase, by=by, note=note)


def _check_day(action: FollowUpAction, records: Sequence[ChaseRecord], on: date,
               as_of: date) -> None:
    if on > as_of:
        raise FieldError(ON, f"is after today ({uk(as_of)})")
    if action.due_date is None or on <= action.due_date:
        raise FieldError(ON, f"is not after the due date ({uk(action.due_date)}): "
                             "the action was not yet overdue")
    last = last_record(records)
    if last is not None and on < last.on:
        raise FieldError(ON, f"is before the last stage recorded ({last.summary})")


# --- ageing bands ------------------------------------------------------------------

def ageing_band(action: FollowUpAction, as_of: date) -> str | None:
    """The action's ageing band on ``as_of`` (None for a done or cancelled action)."""
    if not action.is_live():
        return None
    if action.due_date is None or action.due_date > as_of:
        return NOT_YET_DUE
    past = (as_of - action.due_date).days
    for top, band in zip(_BAND_TOPS, AGEING_BANDS[1:], strict=False):
        if past <= top:
            return band
    return AGEING_BANDS[-1]


@dataclass(frozen=True)
class ProviderAgeing:
    """A provider's live actions counted in each band (in :data:`AGEING_BANDS` order)."""

    provider: str
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


def ageing_by_provider(actions: Iterable[FollowUpAction], as_of: date) -> list[ProviderAgeing]:
    """Live actions counted by provider and band, providers in name order ("No
    provider" last); providers without a live action are left out."""
    counts: dict[str, list[int]] = {}
    for action in actions:
        band = ageing_band(action, as_of)
        if band is not None:
            row = counts.setdefault(action.provider_name or NO_PROVIDER, [0] * len(AGEING_BANDS))
            row[AGEING_BANDS.index(band)] += 1
    names = sorted(counts, key=lambda n: (n == NO_PROVIDER, name_sort_key(n)))
    return [ProviderAgeing(name, tuple(counts[name])) for name in names]


def ageing_totals(rows: Iterable[ProviderAgeing], label: str = "All providers") -> ProviderAgeing:
    """The rows added up, band by band."""
    columns = list(zip(*(row.counts for row in rows), strict=True))
    return ProviderAgeing(label, tuple(sum(c) for c in columns) if columns
                          else (0,) * len(AGEING_BANDS))


def records_by_action(records: Iterable[ChaseRecord]) -> Mapping[int, list[ChaseRecord]]:
    """The records grouped by action, each action's in the order given."""
    grouped: dict[int, list[ChaseRecord]] = {}
    for record in records:
        grouped.setdefault(record.action_id, []).append(record)
    return grouped


def escalation_counts(actions: Iterable[FollowUpAction], chases: Mapping[int, list[ChaseRecord]],
                      days: ChaseDays, as_of: date) -> tuple[int, int]:
    """Of the live ``actions``: (escalated to the contract manager, escalation due and not
    yet recorded) on ``as_of``, counting the chases recorded on or before it."""
    escalated = due = 0
    for action in actions:
        if not action.is_live():
            continue
        records = [r for r in chases.get(action.action_id, []) if r.on <= as_of]
        last = last_record(records)
        if last is not None and last.stage == ESCALATED:
            escalated += 1
        elif stage_due(action, records, days, as_of) == ESCALATED:
            due += 1
    return escalated, due


def escalation_due_words(due: int) -> str:
    """The dashboard's words under "Follow-up actions past due" ("" when none is due)."""
    if not due:
        return ""
    return f"of which {due:,} due for escalation to the contract manager"
