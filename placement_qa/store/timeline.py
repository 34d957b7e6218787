"""The provider's history read from the register, as timeline events (newest first).

The wording and order are the domain's (:mod:`placement_qa.domain.timeline`).
"""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from ..domain.concerns import timeline_events
from ..domain.dates import council_day, from_iso
from ..domain.inspection import outcome_summary
from ..domain.names import initials as name_initials
from ..domain.provider_return import DISPUTED, NOT_VERIFIED, ReportedItem, initials
from ..domain.timeline import (
    TimelineEvent,
    action_closed_event,
    action_opened_event,
    discrepancy_event,
    inspection_event,
    newest_first,
    notifiable_event,
    return_event,
    visit_event,
)
from .concerns import concern_periods
from .inspections import provider_inspections
from .notifiable_events import list_events

_VISITS_SQL = """
SELECT id, visit_date, visit_type, status, overall_rag FROM monitoring_visits
WHERE provider_id = ?
"""

# An action is opened on the day it was raised: its visit's date when raised on one.
_ACTIONS_SQL = """
SELECT a.id, coalesce(v.visit_date, a.raised_on), a.description, a.due_date, a.status,
       a.completed_on, coalesce(a.completion_note, ''), a.visit_id
FROM follow_up_actions a LEFT JOIN monitoring_visits v ON v.id = a.visit_id
WHERE a.provider_id = ?
"""

_RETURNS_SQL = """
SELECT id, imported_at, returned_on, coalesce(completed_by, ''), visit_id
FROM provider_returns WHERE provider_id = ? AND imported_at IS NOT NULL
"""

# Items the visit could not verify or disputed, dated the day of the visit that checked them.
_DISCREPANCIES_SQL = """
SELECT i.id, i.item_key, i.reported_value, i.reported_on, i.placement_id,
       coalesce(c.given_name, ''), coalesce(c.family_name, ''), i.verification,
       coalesce(i.verified_value, ''), coalesce(i.verification_note, ''),
       coalesce(v.visit_date, r.returned_on, i.reported_on), r.visit_id
FROM provider_reported_items i
JOIN provider_returns r ON r.id = i.return_id
LEFT JOIN monitoring_visits v ON v.id = r.visit_id
LEFT JOIN placements p ON p.id = i.placement_id
LEFT JOIN children c ON c.id = p.child_id
WHERE r.provider_id = ? AND i.verification IN (?, ?)
  AND r.id = (SELECT r2.id FROM provider_returns r2   -- the return the visit's note shows
              WHERE r2.visit_id = r.visit_id AND r2.imported_at IS NOT NULL
              ORDER BY r2.imported_at DESC, r2.id DESC LIMIT 1)
"""


def _day(text: str | None) -> date | None:
    """A stored date or timestamp ("2026-11-20T09:15:00Z") as a date."""
    return from_iso(text[:10]) if text else None


def _on(text: str) -> date:
    """A stored date or timestamp that is always there, as a date."""
    return date.fromisoformat(text[:10])


def _discrepancy(row: tuple) -> TimelineEvent:
    item = ReportedItem(
        item_id=row[0], item_key=row[1], reported_value=row[2] or "",
        reported_on=date.fromisoformat(row[3][:10]), placement_id=row[4],
        child_initials=initials(row[5], row[6]) if row[4] is not None else "",
        verification=row[7], verified_value=row[8], verification_note=row[9])
    return discrepancy_event(_on(row[10]), item, row[11])


def provider_timeline(db: Database, provider_id: int) -> list[TimelineEvent]:
    """Everything that happened with the provider, newest first."""
    events: list[TimelineEvent] = []
    for number, inspection in enumerate(provider_inspections(db, provider_id)):
        if inspection.inspected_on is not None:
            events.append(inspection_event(inspection.inspected_on, inspection.inspectorate,
                                           outcome_summary(inspection), -number))
    for visit_id, day, kind, status, rag in db.execute(_VISITS_SQL, [provider_id]):
        events.append(visit_event(_on(day), kind, status, rag, visit_id))
    for row in db.execute(_ACTIONS_SQL, [provider_id]):
        action_id, opened, description, due, status, closed, note, visit_id = row
        if opened:
            events.append(action_opened_event(_on(opened), description, _day(due),
                                              action_id, visit_id))
        if status in ("done", "cancelled") and closed:
            events.append(action_closed_event(_on(closed), description, status, note,
                                              action_id))
    for return_id, imported_at, returned_on, completed_by, visit_id in db.execute(
            _RETURNS_SQL, [provider_id]):
        events.append(return_event(council_day(imported_at), completed_by, _day(returned_on),
                                   return_id, visit_id))
    events.extend(_discrepancy(r) for r in db.execute(
        _DISCREPANCIES_SQL, [provider_id, DISPUTED, NOT_VERIFIED]))
    for period in concern_periods(db, provider_id):
        events.extend(timeline_events(period))
    events.extend(notifiable_event(e.occurred_on, e.kind_label, name_initials(e.child_name),
                                   e.reporter_label, e.event_id)
                  for e in list_events(db, provider_id=provider_id))
    return newest_first(events)
