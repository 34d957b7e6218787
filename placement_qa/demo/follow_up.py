"""One follow-up visit being written up, so a user opening the demo sees the feature:
to the provider with the most live actions, on the last working day before
``as_of``, covering its children placed there that day, each of the provider's
live actions to review; the first review and the first child's attendance are
filled in (a draft, partly recorded). Written as plain inserts, like the rest of
the demo (each row once in the change log)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlite_utils import Database

from ..domain.dates import iso
from ..domain.planning import is_working_day
from ..domain.provider_return import PROGRESSING
from ..domain.register import FOLLOW_UP_VISIT, PLACED, VISIT_DRAFT
from ..store.frameworks import active_framework_version_id

_BUSIEST_SQL = """
SELECT a.provider_id FROM follow_up_actions a
WHERE a.provider_id IS NOT NULL AND a.status IN ('open', 'in_progress')
  AND EXISTS (SELECT 1 FROM placements p WHERE p.provider_id = a.provider_id
              AND p.state = :placed AND p.start_date <= :day
              AND (p.end_date IS NULL OR p.end_date >= :day))
GROUP BY a.provider_id ORDER BY count(*) DESC, a.provider_id LIMIT 1
"""

_PLACED_THERE_SQL = """
SELECT id FROM placements WHERE provider_id = :provider AND state = :placed
  AND start_date <= :day AND (end_date IS NULL OR end_date >= :day) ORDER BY id
"""

_LIVE_ACTIONS_SQL = """
SELECT id FROM follow_up_actions WHERE provider_id = :provider
  AND status IN ('open', 'in_progress') ORDER BY due_date, id
"""


def _last_working_day_before(day: date) -> date:
    day -= timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def write_follow_up_draft(db: Database, as_of: date) -> int | None:
    """The follow-up draft's visit id (None if no provider has a live action)."""
    day = _last_working_day_before(as_of)
    params = {"placed": PLACED, "day": iso(day)}
    row = db.execute(_BUSIEST_SQL, params).fetchone()
    version = active_framework_version_id(db)
    if row is None or version is None:
        return None
    params["provider"] = row[0]
    with db.atomic():
        visit_id = db["monitoring_visits"].insert({
            "provider_id": row[0], "visit_date": iso(day), "visit_type": FOLLOW_UP_VISIT,
            "status": VISIT_DRAFT, "visitors": "Helen Marsh", "framework_version_id": version,
            "provider_staff_met": "Head teacher", "draft_position": "reviews",
        }).last_pk
        for number, (placement_id,) in enumerate(list(db.execute(_PLACED_THERE_SQL, params))):
            db["visit_placements"].insert(
                {"visit_id": visit_id, "placement_id": placement_id}
                | ({"seen": 1, "attendance": "93% this term"} if number == 0 else {}))
        for number, (action_id,) in enumerate(list(db.execute(_LIVE_ACTIONS_SQL, params))):
            db["action_reviews"].insert(
                {"visit_id": visit_id, "action_id": action_id}
                | ({"outcome": PROGRESSING, "evidence": "Part done: the provider showed the "
                    "plan and the first steps."} if number == 0 else {}))
    return visit_id
