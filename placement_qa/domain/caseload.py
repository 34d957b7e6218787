"""Each officer's caseload as of a date: the visits assigned to them that need doing.

Every open visit (planned, or a draft being written up) assigned to an officer falls
in at most one of these, as of ``as_of``:

* **Overdue**: still planned, and its date has passed (the visit was not recorded).
* **Due**: planned for ``as_of`` or one of the next :data:`DUE_WITHIN_DAYS` - 1 days.
* **Planned**: planned for later than that.
* **Draft late**: a draft note not signed off when more than ``draft_days`` working
  days (Monday to Friday, not a bank holiday in England and Wales; officers work
  through school holidays) have passed since the visit; a newer draft counts nowhere.

Completed and cancelled visits count nowhere. Open visits not assigned to anyone are
one line of their own, "Not assigned", so the manager sees work nobody holds.

Plain Python: no Qt, no SQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .names import name_sort_key
from .officers import Officer
from .register import VISIT_DRAFT, VISIT_PLANNED
from .schedule import Slip, visit_slip

DUE_WITHIN_DAYS = 7
PLANNED, DUE, OVERDUE, DRAFT_LATE = "planned", "due", "overdue", "draft_late"
NOT_ASSIGNED = "Not assigned"


@dataclass(frozen=True)
class OfficerVisit:
    """An open visit and whom it is assigned to (a store fact)."""

    visit_id: int
    officer_id: int | None
    status: str
    visit_date: date
    provider_name: str = ""


@dataclass(frozen=True)
class Caseload:
    """One officer's counts as of a date; ``officer`` None is the visits nobody holds."""

    officer: Officer | None
    planned: int = 0
    due: int = 0
    overdue: int = 0
    drafts_late: int = 0

    @property
    def name(self) -> str:
        return self.officer.name if self.officer else NOT_ASSIGNED

    @property
    def total(self) -> int:
        return self.planned + self.due + self.overdue + self.drafts_late


def bucket(visit: OfficerVisit, as_of: date, draft_days: int) -> str | None:
    """Where ``visit`` counts in its officer's caseload as of ``as_of`` (None: nowhere).
    Overdue and draft late are the register's slipped visits (:func:`visit_slip`)."""
    slip = visit_slip(visit.status, visit.visit_date, as_of, draft_days)
    if slip is not None:
        return OVERDUE if slip is Slip.DATE_PASSED else DRAFT_LATE
    if visit.status == VISIT_PLANNED:
        if visit.visit_date < as_of + timedelta(days=DUE_WITHIN_DAYS):
            return DUE
        return PLANNED
    return None


def _counts(buckets: Iterable[str]) -> dict[str, int]:
    counted: dict[str, int] = defaultdict(int)
    for name in buckets:
        counted[name] += 1
    return counted


def _caseload(officer: Officer | None, buckets: Sequence[str]) -> Caseload:
    counted = _counts(buckets)
    return Caseload(officer, planned=counted[PLANNED], due=counted[DUE],
                    overdue=counted[OVERDUE], drafts_late=counted[DRAFT_LATE])


def caseloads(
    officers: Iterable[Officer], visits: Iterable[OfficerVisit], as_of: date, draft_days: int,
) -> tuple[Caseload, ...]:
    """Every active officer's caseload (by name), then any ended officer still holding
    visits that count, then "Not assigned" when some open visits are nobody's."""
    held: dict[int | None, list[str]] = defaultdict(list)
    for visit in visits:
        where = bucket(visit, as_of, draft_days)
        if where is not None:
            held[visit.officer_id].append(where)
    people = sorted(officers, key=lambda officer: name_sort_key(officer.name))
    lines = [_caseload(officer, held.get(officer.officer_id, ())) for officer in people
             if officer.active or officer.officer_id in held]
    known = {officer.officer_id for officer in people}
    nobody = [where for officer_id, found in held.items() if officer_id not in known
              for where in found]
    if nobody:
        lines.append(_caseload(None, nobody))
    return tuple(lines)


def open_visit_ids(visits: Iterable[OfficerVisit], officer_id: int) -> list[int]:
    """The officer's open visits (planned or draft), whatever their date."""
    return [visit.visit_id for visit in visits if visit.officer_id == officer_id
            and visit.status in (VISIT_PLANNED, VISIT_DRAFT)]
