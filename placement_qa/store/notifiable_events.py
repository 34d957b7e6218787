"""Notifiable events between visits: the table, recording one (with its follow-up action
in the same transaction), reading them for a provider, a child or a visit's note, and
the counts by placement the overdue list's risk order uses.

The rules and words are :mod:`placement_qa.domain.notifiable_events`'.
"""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from ..domain.actions import NewAction
from ..domain.dates import from_iso, iso
from ..domain.names import name_sort_key
from ..domain.notifiable_events import (
    EVENT_KINDS,
    REPORTERS,
    EventsSinceLastVisit,
    LivePlacement,
    NewEvent,
    NotifiableEvent,
    check_new_event,
    count_kinds,
    in_window,
    placements_counted,
)
from ..domain.validation import FieldError
from .actions import raise_action
from .rows import insert_row

TABLE = "notifiable_events"


def _in(column: str, values: dict[str, str]) -> str:
    return f"{column} IN ({', '.join(repr(k) for k in values)})"


def events_table_ddl(identity: str, iso_date: str) -> str:
    """The table (``identity``: the id and uuid columns; ``iso_date``: the checked
    ``occurred_on`` column, both made by :mod:`.schema`)."""
    return f"""
CREATE TABLE {TABLE} (
    {identity},
    provider_id INTEGER NOT NULL REFERENCES providers(id),
    placement_id INTEGER REFERENCES placements(id),
    kind TEXT NOT NULL CHECK ({_in('kind', EVENT_KINDS)}),
    {iso_date},
    reported_by_kind TEXT NOT NULL CHECK ({_in('reported_by_kind', REPORTERS)}),
    reported_by TEXT NOT NULL DEFAULT '',
    what_done TEXT NOT NULL DEFAULT '',
    action_id INTEGER REFERENCES follow_up_actions(id)
);
CREATE INDEX idx_notifiable_events_provider ON {TABLE}(provider_id, occurred_on);
CREATE INDEX idx_notifiable_events_date ON {TABLE}(occurred_on)
"""


_EVENT_SQL = f"""
SELECT e.id, e.provider_id, pr.name, e.placement_id,
       coalesce(trim(c.given_name || ' ' || c.family_name), ''), e.kind, e.occurred_on,
       e.reported_by_kind, e.reported_by, e.what_done, e.action_id
FROM {TABLE} e
JOIN providers pr ON pr.id = e.provider_id
LEFT JOIN placements p ON p.id = e.placement_id
LEFT JOIN children c ON c.id = p.child_id
"""


def _event(r: tuple) -> NotifiableEvent:
    return NotifiableEvent(
        event_id=r[0], provider_id=r[1], provider_name=r[2], placement_id=r[3],
        child_name=r[4], kind=r[5], occurred_on=date.fromisoformat(r[6]),
        reported_by_kind=r[7], reported_by=r[8], what_done=r[9], action_id=r[10])


def check_about(db: Database, event: NewEvent) -> None:
    """A FieldError unless the provider is in the register and the placement (if any) is
    at that provider."""
    row = db.execute("SELECT 1 FROM providers WHERE id = ?", [event.provider_id]).fetchone()
    if row is None:
        raise FieldError("Provider", "is not in the register")
    if event.placement_id is None:
        return
    row = db.execute("SELECT provider_id FROM placements WHERE id = ?",
                     [event.placement_id]).fetchone()
    if row is None or row[0] != event.provider_id:
        raise FieldError("Child", "has no placement at this provider")


def event_values(event: NewEvent, action_id: int | None = None) -> dict:
    return {"provider_id": event.provider_id, "placement_id": event.placement_id,
            "kind": event.kind, "occurred_on": iso(event.occurred_on),
            "reported_by_kind": event.reported_by_kind, "reported_by": event.reported_by,
            "what_done": event.what_done, "action_id": action_id}


def record_event(db: Database, event: NewEvent, *, as_of: date,
                 action: NewAction | None = None) -> int:
    """Write the event, and the follow-up action raised with it (if any), in one
    transaction; checked first, so nothing is written when either is refused."""
    event = check_new_event(event, as_of)
    with db.atomic():
        check_about(db, event)
        action_id = raise_action(db, action) if action is not None else None
        return insert_row(db, TABLE, event_values(event, action_id))


def list_events(db: Database, *, provider_id: int | None = None,
                child_id: int | None = None) -> list[NotifiableEvent]:
    """Events (of one provider, or about one child), newest first."""
    where, params = [], []
    if provider_id is not None:
        where.append("e.provider_id = ?")
        params.append(provider_id)
    if child_id is not None:
        where.append("p.child_id = ?")
        params.append(child_id)
    sql = _EVENT_SQL + (" WHERE " + " AND ".join(where) if where else "")
    return [_event(r) for r in db.execute(sql + " ORDER BY e.occurred_on DESC, e.id DESC",
                                          params)]


def events_between(db: Database, first: date, last: date) -> list[NotifiableEvent]:
    """Every event dated from ``first`` to ``last`` (both included), oldest first."""
    sql = _EVENT_SQL + " WHERE e.occurred_on BETWEEN ? AND ? ORDER BY e.occurred_on, e.id"
    return [_event(r) for r in db.execute(sql, [iso(first), iso(last)])]


# --- for a visit's note -----------------------------------------------------------------

_LAST_VISIT_SQL = """
SELECT max(visit_date) FROM monitoring_visits
WHERE provider_id = ? AND status = 'completed' AND visit_date < ? AND id <> ?
"""


def events_since_last_visit(db: Database, visit_id: int) -> EventsSinceLastVisit:
    """The events the visit's note lists (none for a visit with no provider)."""
    row = db.execute("SELECT provider_id, visit_date FROM monitoring_visits WHERE id = ?",
                     [visit_id]).fetchone()
    if row is None or row[0] is None:
        return EventsSinceLastVisit(None, ())
    provider_id, visit_date = row[0], date.fromisoformat(row[1])
    last = from_iso(db.execute(_LAST_VISIT_SQL, [provider_id, row[1], visit_id]).fetchone()[0])
    events = [e for e in reversed(list_events(db, provider_id=provider_id))
              if in_window(e.occurred_on, last, visit_date)]
    return EventsSinceLastVisit(last, tuple(events))


# --- for the risk order -----------------------------------------------------------------

def _placements(db: Database) -> list[LivePlacement]:
    return [LivePlacement(r[0], r[1], date.fromisoformat(r[2]), from_iso(r[3]))
            for r in db.execute("SELECT id, provider_id, start_date, end_date FROM placements "
                                "WHERE provider_id IS NOT NULL")]


def event_counts_since(db: Database, since: date) -> dict[int, dict[str, int]]:
    """Placement id -> kind -> how many events dated on or after ``since``.

    An event about a child counts for that child's placement; one about the provider as
    a whole counts for every placement live at the provider on the event's day (so a
    restraint policy complaint raises the risk of each child placed there then).
    Placements with no event are left out."""
    placements = _placements(db)
    kinds: dict[int, list[str]] = {}
    rows = db.execute(f"SELECT provider_id, placement_id, occurred_on, kind FROM {TABLE} "
                      "WHERE occurred_on >= ?", [iso(since)])
    for provider_id, placement_id, day, kind in rows:
        for counted in placements_counted(provider_id, placement_id,
                                          date.fromisoformat(day), placements):
            kinds.setdefault(counted, []).append(kind)
    return {pid: count_kinds(found) for pid, found in kinds.items()}


def placements_at(db: Database, provider_id: int) -> list[tuple[int, str, date | None]]:
    """(placement id, child's name, end date) of every placement at the provider, by name."""
    rows = db.execute(
        "SELECT p.id, trim(c.given_name || ' ' || c.family_name), p.end_date "
        "FROM placements p JOIN children c ON c.id = p.child_id WHERE p.provider_id = ?",
        [provider_id]).fetchall()
    return sorted(((r[0], r[1], from_iso(r[2])) for r in rows),
                  key=lambda r: (name_sort_key(r[1]), r[0]))
