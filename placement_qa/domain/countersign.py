"""The manager's review of signed-off notes: countersigning and returning them.

A signed-off note awaits countersign. The manager (or the deputy named in the
settings) either countersigns it (name, date, an optional comment) or returns it
with comments; its author amends it (the amendment rules of
:mod:`.visit_note`) and it awaits countersign again. Every countersign and return is
a step of its own, never changed; where a note stands is worked out from its steps
and its amendments: the latest of them decides. Stamps are to the second: an amendment
made the same second as a return counts as after it (the author amends what was
returned), a countersign made the same second as an amendment as after that (the
manager countersigns what they read).

A note's age is the working days (Monday to Friday, not a bank holiday) after the day
it was signed off, up to the day asked about. The board's figure counts the notes
signed off in a period that were countersigned within a number of working days of
sign-off, out of those whose time is up (countersigned, or older than that).

Plain Python: no Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .dates import council_time
from .names import same_name
from .officers import Officer
from .planning import is_working_day

COUNTERSIGNED, RETURNED = "countersigned", "returned"
STEP_KINDS = {COUNTERSIGNED: "Countersigned", RETURNED: "Returned for amendment"}
AWAITING = "awaiting"
STATE_LABELS = {AWAITING: "Awaiting countersign", RETURNED: "Returned for amendment",
                COUNTERSIGNED: "Countersigned"}


class CountersignRefused(ValueError):
    """A countersign or return that cannot be made; the message says why."""


@dataclass(frozen=True)
class CountersignStep:
    """One countersign or return: what, by whom, when (a stored UTC stamp), comments."""

    kind: str
    by: str
    at: str
    comment: str = ""


@dataclass(frozen=True)
class ReviewedNote:
    """A signed-off note, its countersign steps and when it was amended (oldest first)."""

    visit_id: int
    provider_name: str
    visit_date: date
    signed_off_by: str
    signed_off_on: date
    steps: tuple[CountersignStep, ...] = ()
    amended_at: tuple[str, ...] = ()

    @property
    def last_step(self) -> CountersignStep | None:
        """The latest countersign or return, if no amendment came after it."""
        if not self.steps:
            return None
        step = sorted(self.steps, key=lambda s: s.at)[-1]   # the last made, on a tie
        if any(stamp > step.at or (stamp == step.at and step.kind == RETURNED)
               for stamp in self.amended_at):
            return None
        return step

    @property
    def state(self) -> str:
        step = self.last_step
        return AWAITING if step is None else step.kind

    @property
    def countersign(self) -> CountersignStep | None:
        """The countersign that stands (None: not countersigned, or amended since)."""
        step = self.last_step
        return step if step is not None and step.kind == COUNTERSIGNED else None


def working_days_after(day: date, as_of: date) -> int:
    """The working days after ``day`` up to and including ``as_of`` (0 if none)."""
    return sum(1 for n in range(1, (as_of - day).days + 1)
               if is_working_day(day + timedelta(days=n)))


def age(note: ReviewedNote, as_of: date) -> int:
    """The note's age in working days since it was signed off."""
    return working_days_after(note.signed_off_on, as_of)


def awaiting(notes: Iterable[ReviewedNote]) -> list[ReviewedNote]:
    """The notes awaiting countersign, oldest sign-off first."""
    return sorted((n for n in notes if n.state == AWAITING),
                  key=lambda n: (n.signed_off_on, n.visit_id))


def awaiting_longer_than(notes: Iterable[ReviewedNote], as_of: date,
                         days: int) -> list[ReviewedNote]:
    """The notes awaiting countersign for more than ``days`` working days."""
    return [n for n in awaiting(notes) if age(n, as_of) > days]


@dataclass(frozen=True)
class InTime:
    """Of the notes signed off in a period whose time is up, those countersigned in time."""

    in_time: int
    counted: int

    @property
    def percent(self) -> float | None:
        return None if not self.counted else 100 * self.in_time / self.counted


def countersigned_in_time(notes: Iterable[ReviewedNote], start: date, end: date,
                          days: int, as_of: date) -> InTime:
    """Notes signed off from ``start`` to ``end``: countersigned within ``days`` working
    days of sign-off, out of those countersigned or awaiting longer than that."""
    in_time = counted = 0
    for note in notes:
        if not start <= note.signed_off_on <= end:
            continue
        signed = note.countersign
        taken = (working_days_after(note.signed_off_on, _day(signed.at)) if signed
                 else age(note, as_of))
        if signed is None and taken <= days:
            continue  # still within its time
        counted += 1
        in_time += signed is not None and taken <= days
    return InTime(in_time, counted)


def _day(stamp: str) -> date:
    return council_time(stamp).date()


def may_countersign(name: str, officers: Sequence[Officer], deputy: str) -> bool:
    """May ``name`` countersign? An active manager, or the deputy named in the settings;
    anyone, in a register without officers and no deputy named (one person's register)."""
    if not any(o.active for o in officers) and not deputy.strip():
        return True
    if deputy.strip() and same_name(deputy, name):
        return True
    return any(o.active and o.is_manager and same_name(o.name, name) for o in officers)


def countersigners(officers: Sequence[Officer], deputy: str) -> list[str]:
    """Who may countersign, as the dialogs offer them: active managers, then the deputy."""
    names = [o.name for o in officers if o.active and o.is_manager]
    if deputy.strip() and not any(same_name(deputy, n) for n in names):
        names.append(deputy.strip())
    return names
