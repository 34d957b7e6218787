"""One follow-up visit being written up, so a user opening the demo sees the feature:
to the provider with the most live actions, on the last working day before
``as_of``, covering its children placed there that day, each of the provider's
live actions to review; the first review and whether the first child was seen are
filled in (a draft, partly recorded), and the provider's pre-visit return has been
imported, its vacancies already disputed. Written as plain inserts, like the rest of
the demo (each row once in the change log)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlite_utils import Database

from ..domain.dates import iso
from ..domain.provider_return import DISPUTED, PROGRESSING
from ..domain.register import FOLLOW_UP_VISIT, PLACED, VISIT_DRAFT
from ..domain.working_days import is_working_day
from ..store.frameworks import active_framework_version_id
from ..store.officers import list_officers
from ..store.rows import insert_row

FOLLOW_UP_VISITOR = "Helen Marsh"  # the demo's manager
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


def _active_officer(db: Database, name: str) -> int | None:
    return next((o.officer_id for o in list_officers(db) if o.active and o.name == name), None)


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
        visit_id = insert_row(db, "monitoring_visits", {
            "provider_id": row[0], "visit_date": iso(day), "visit_type": FOLLOW_UP_VISIT,
            "status": VISIT_DRAFT, "visitors": FOLLOW_UP_VISITOR,
            "assigned_officer_id": _active_officer(db, FOLLOW_UP_VISITOR),
            "framework_version_id": version,
            "provider_staff_met": "Head teacher", "draft_position": "reviews",
        })
        for number, (placement_id,) in enumerate(list(db.execute(_PLACED_THERE_SQL, params))):
            db.table("visit_placements").insert(
                {"visit_id": visit_id, "placement_id": placement_id}
                | ({"seen": 1} if number == 0 else {}))
        for number, (action_id,) in enumerate(list(db.execute(_LIVE_ACTIONS_SQL, params))):
            db.table("action_reviews").insert(
                {"visit_id": visit_id, "action_id": action_id}
                | ({"outcome": PROGRESSING, "evidence": "Part done: the provider showed the "
                    "plan and the first steps."} if number == 0 else {}))
        _write_return(db, visit_id, row[0], day)
    return visit_id


_LATEST_INSPECTION_SQL = """
SELECT inspected_on, json_extract(outcome, '$.overall') FROM inspections
WHERE provider_id = ? ORDER BY inspected_on DESC, id DESC LIMIT 1
"""


def _write_return(db: Database, visit_id: int, provider_id: int, visit_day: date) -> None:
    """The provider's pre-visit return for the draft, imported a week before the visit:
    its figures as the provider reported them, vacancies already checked (disputed) and
    each child's attendance, so the return page and its checks can be seen."""
    returned = visit_day - timedelta(days=7)
    name = db.execute("SELECT name FROM providers WHERE id = ?", [provider_id]).fetchone()[0]
    inspected = db.execute(_LATEST_INSPECTION_SQL, [provider_id]).fetchone() or (None, None)
    return_id = insert_row(db, "provider_returns", {
        "visit_id": visit_id, "provider_id": provider_id, "form_id": f"demo-{visit_id}",
        "sent_on": iso(returned - timedelta(days=14)), "returned_on": iso(returned),
        "completed_by": "Head teacher", "imported_at": f"{iso(returned)}T09:00:00Z",
        "imported_by": "demo", "source_file": "pre-visit return.xlsx",
    })
    answers = {
        "organisation_name": name, "inspection_date": inspected[0] or "",
        "inspection_outcome": inspected[1] or "", "registered_places": "60",
        "on_roll": "54", "vacancies": "6", "admissions_12_months": "9",
        "staffing_changes": "New deputy head from September",
        "incidents_12_months": "4", "exclusions_12_months": "1",
        "restraint_12_months": "7", "complaints_12_months": "0",
    }
    rows = [{"return_id": return_id, "item_key": key, "reported_value": value,
             "reported_on": iso(returned)} for key, value in answers.items()]
    for row in rows:
        if row["item_key"] == "vacancies":
            row.update(verification=DISPUTED, verified_value="9",
                       verification_note="Nine empty beds on the residential floor.")
    placements = [r[0] for r in db.execute(
        "SELECT placement_id FROM visit_placements WHERE visit_id = ? ORDER BY placement_id",
        [visit_id])]
    rows += [{"return_id": return_id, "item_key": "attendance_percent",
              "placement_id": placement_id, "reported_value": str(96 - number % 5),
              "reported_on": iso(returned)} for number, placement_id in enumerate(placements)]
    unchecked = {"placement_id": None, "verification": "unchecked", "verified_value": "",
                 "verification_note": ""}
    db.table("provider_reported_items").insert_all(unchecked | row for row in rows)
