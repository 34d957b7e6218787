"""The team's officers, the visits assigned to them, and each one's caseload.

Every write is one transaction and the change-log triggers record it there (the
``officers`` table is logged like any other, and a visit's assignment is logged with
the officer's uuid, ``assigned_officer_id_uuid``). A name, initials or role the rules
refuse is a :class:`~placement_qa.domain.validation.FieldError` at its field, raised
before anything is written; assigning a visit that is no longer open is a
:class:`~placement_qa.domain.planning.PlanningError`.
"""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from ..domain.caseload import Caseload, OfficerVisit, caseloads
from ..domain.officers import OFFICER, OFFICER_FIELD, Officer, checked_officer
from ..domain.planning import PlanningError
from ..domain.register import VISIT_DRAFT, VISIT_PLANNED
from ..domain.validation import FieldError
from .rows import insert_row
from .settings import draft_signoff_working_days

_SELECT = "SELECT id, uuid, name, initials, role, active FROM officers"
_OPEN = (VISIT_PLANNED, VISIT_DRAFT)
_OPEN_SQL = "(" + ", ".join(f"'{status}'" for status in _OPEN) + ")"  # our own constants


def _officer(row: tuple) -> Officer:
    return Officer(row[0], row[1], row[2], row[3], row[4], bool(row[5]))


def list_officers(db: Database) -> list[Officer]:
    """Every officer, active or ended, in the order they were added."""
    return [_officer(row) for row in db.execute(_SELECT + " ORDER BY id").fetchall()]


def get_officer(db: Database, officer_id: int) -> Officer | None:
    row = db.execute(_SELECT + " WHERE id = ?", [officer_id]).fetchone()
    return _officer(row) if row else None


def open_visit_officer(db: Database, visit_id: int) -> Officer | None:
    """The officer a planned or draft visit is assigned to (None: nobody, or the visit is
    completed, cancelled or not there)."""
    row = db.execute(_SELECT + " WHERE id = (SELECT assigned_officer_id FROM monitoring_visits "
                     f"WHERE id = ? AND status IN {_OPEN_SQL})", [visit_id]).fetchone()
    return _officer(row) if row else None


def _others(db: Database, officer_id: int | None) -> list[Officer]:
    return [officer for officer in list_officers(db) if officer.officer_id != officer_id]


def add_officer(db: Database, *, name: str, initials: str, role: str = OFFICER) -> int:
    """A new, active officer; its id."""
    with db.atomic():
        name, initials, role = checked_officer(name, initials, role, _others(db, None))
        return insert_row(db, "officers", {"name": name, "initials": initials, "role": role})


def _existing(db: Database, officer_id: int) -> Officer:
    officer = get_officer(db, officer_id)
    if officer is None:
        raise FieldError(OFFICER_FIELD, "is no longer in the register")
    return officer


def edit_officer(db: Database, officer_id: int, *, name: str, initials: str, role: str) -> bool:
    """Change an officer's name, initials or role; False when nothing changed.

    Open visits whose visitors were this officer's old name show the new one."""
    with db.atomic():
        before = _existing(db, officer_id)
        name, initials, role = checked_officer(name, initials, role, _others(db, officer_id))
        if (name, initials, role) == (before.name, before.initials, before.role):
            return False
        db.table("officers").update(officer_id, {"name": name, "initials": initials,
                                                 "role": role})
        db.execute(
            "UPDATE monitoring_visits SET visitors = ? WHERE assigned_officer_id = ? "
            f"AND visitors = ? AND status IN {_OPEN_SQL}", [name, officer_id, before.name])
        return True


def end_officer(db: Database, officer_id: int) -> bool:
    """Mark the officer as having left (no new visit is assigned to them); their visits
    keep them, for the manager to assign to someone else. False if already ended."""
    with db.atomic():
        if not _existing(db, officer_id).active:
            return False
        db.table("officers").update(officer_id, {"active": 0})
        return True


def assignable(db: Database, officer_id: int) -> Officer:
    """The officer, if a visit can be assigned to them (they exist and are active)."""
    officer = _existing(db, officer_id)
    if not officer.active:
        raise FieldError(OFFICER_FIELD, f"{officer.name} has left the team: choose another "
                                        "officer")
    return officer


def visitors_of_new_visit(db: Database, officer_id: int | None, visitors: str) -> str:
    """The visitors a new visit records: as typed, else the assigned officer's name
    (the officer must be active)."""
    typed = visitors.strip()
    if officer_id is None:
        return typed
    return typed or assignable(db, officer_id).name


def assign_visit(db: Database, visit_id: int, officer_id: int) -> bool:
    """Assign a planned (or draft) visit to an active officer; False if it already is.

    Visitors that were blank or the previous officer's name become the new officer's."""
    with db.atomic():
        row = db.execute(
            "SELECT v.status, v.visitors, v.assigned_officer_id, o.name FROM monitoring_visits v "
            "LEFT JOIN officers o ON o.id = v.assigned_officer_id WHERE v.id = ?",
            [visit_id]).fetchone()
        if row is None:
            raise PlanningError(f"There is no visit {visit_id} in the register")
        status, visitors, current, current_name = row
        if status not in _OPEN:
            raise PlanningError(f"This visit is {status}: only a planned visit or a draft "
                                "can be assigned")
        officer = assignable(db, officer_id)
        if current == officer_id:
            return False
        values: dict[str, object] = {"assigned_officer_id": officer_id}
        if not visitors.strip() or visitors == current_name:
            values["visitors"] = officer.name
        db.table("monitoring_visits").update(visit_id, values)
        return True


def open_visits(db: Database) -> list[OfficerVisit]:
    """Every planned or draft visit, with the officer it is assigned to (if any)."""
    rows = db.execute(
        "SELECT v.id, v.assigned_officer_id, v.status, v.visit_date, coalesce(p.name, '') "
        "FROM monitoring_visits v LEFT JOIN providers p ON p.id = v.provider_id "
        f"WHERE v.status IN {_OPEN_SQL} ORDER BY v.visit_date, v.id").fetchall()
    return [OfficerVisit(row[0], row[1], row[2], date.fromisoformat(row[3]), row[4])
            for row in rows]


def caseloads_as_of(db: Database, as_of: date) -> tuple[Caseload, ...]:
    """Each officer's caseload as of ``as_of`` (none when the register has no officers)."""
    officers = list_officers(db)
    if not officers:
        return ()
    return caseloads(officers, open_visits(db), as_of, draft_signoff_working_days(db))


def placements_of_officer(db: Database, officer_id: int) -> frozenset[int]:
    """The placements covered by the officer's open (planned or draft) visits."""
    rows = db.execute(
        "SELECT DISTINCT vp.placement_id FROM visit_placements vp "
        "JOIN monitoring_visits v ON v.id = vp.visit_id "
        f"WHERE v.assigned_officer_id = ? AND v.status IN {_OPEN_SQL}", [officer_id]).fetchall()
    return frozenset(row[0] for row in rows)
