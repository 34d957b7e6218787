"""Recording a monitoring visit: start it, save the draft as it is typed, sign it
off, amend it once locked.

Saving writes only what differs from the register, all in one transaction, so the
two-second autosave is cheap and the change log records just what the visitor
changed (the page the note was left open at is saved but not logged: moving between
pages is not a change). A signed-off visit refuses :func:`save_draft`; :func:`amend_visit` keeps
the reason, who, when and the original values of everything it changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlite_utils import Database

from ..domain.dates import iso, stored_stamp
from ..domain.framework import QAFramework
from ..domain.note_checklist import missing_for_sign_off
from ..domain.planning import PlanningError
from ..domain.register import (
    FOLLOW_UP_VISIT,
    VISIT_COMPLETED,
    VISIT_DRAFT,
    VISIT_PLANNED,
    VISIT_TYPES,
)
from ..domain.visit_note import (
    CHILD_FIELDS,
    Change,
    ChildRecord,
    FindingEntry,
    SignOffRefused,
    VisitLocked,
    VisitNote,
    record_changes,
)
from .concerns import cause_on
from .connection import not_logged
from .frameworks import active_framework_version_id, framework_version
from .note_parts import add_action_reviews, apply_reviews_on_sign_off, load_parts, write_parts
from .officers import visitors_of_new_visit
from .records import BY_FAMILY_NAME
from .visits import add_visit

_BOOL_FIELDS = ("seen", "spoken_with", "safeguarding_concern", "early_review")
POSITION = "draft_position"  # the page the note was left open at: saved, never logged


@dataclass(frozen=True)
class Amendment:
    amended_by: str
    amended_at: str
    reason: str
    changes: tuple[Change, ...]


# --- reading ---------------------------------------------------------------------

_VISIT_SQL = """
SELECT v.id, v.provider_id, coalesce(pr.name, 'Home visit'), v.visit_date, v.visit_type,
       v.status, v.framework_version_id, v.visitors, v.provider_staff_met, v.overall_rag,
       coalesce(v.summary, ''), v.signed_off_by, v.signed_off_at, v.draft_position
FROM monitoring_visits v LEFT JOIN providers pr ON pr.id = v.provider_id
WHERE v.id = ?
"""

_CHILDREN_SQL = f"""
SELECT vp.placement_id, trim(c.given_name || ' ' || c.family_name),
       {", ".join("vp." + f for f in CHILD_FIELDS)}
FROM visit_placements vp
JOIN placements p ON p.id = vp.placement_id
JOIN children c ON c.id = p.child_id
WHERE vp.visit_id = ?
ORDER BY {BY_FAMILY_NAME}, vp.placement_id
"""


def _child(row: tuple) -> ChildRecord:
    values = dict(zip(CHILD_FIELDS, row[2:], strict=True))
    for name in _BOOL_FIELDS:
        if values[name] is not None:
            values[name] = bool(values[name])
    return ChildRecord(placement_id=row[0], child_name=row[1], **values)


def load_visit_note(db: Database, visit_id: int) -> VisitNote:
    """The visit as recorded so far; an unknown visit is a PlanningError."""
    row = db.execute(_VISIT_SQL, [visit_id]).fetchone()
    if row is None:
        raise PlanningError(f"There is no visit {visit_id} in the register")
    findings = {
        key: FindingEntry(rating, evidence)
        for key, rating, evidence in db.execute(
            "SELECT criterion_key, rating, evidence FROM findings WHERE visit_id = ?", [visit_id])
    }
    children = tuple(_child(r) for r in db.execute(_CHILDREN_SQL, [visit_id]).fetchall())
    return load_parts(db, VisitNote(
        visit_id=row[0], provider_id=row[1], provider_name=row[2],
        visit_date=date.fromisoformat(row[3]), visit_type=row[4], status=row[5],
        framework_version_id=row[6], visitors=row[7], provider_staff_met=row[8],
        findings=findings, children=children, overall_rag=row[9], summary=row[10],
        signed_off_by=row[11], signed_off_at=row[12], position=row[13],
        concern=cause_on(db, row[1], date.fromisoformat(row[3])),
    ))


def visit_framework(db: Database, record: VisitNote) -> QAFramework:
    """The framework version the visit is recorded against."""
    if record.framework_version_id is None:
        raise PlanningError("This visit has no QA framework yet: start recording it first")
    return framework_version(db, record.framework_version_id)


# --- starting --------------------------------------------------------------------

def start_recording(db: Database, visit_id: int) -> VisitNote:
    """Open a visit for recording: a planned visit becomes a draft against the
    active framework's newest version (whatever it was planned with). A draft or
    completed visit opens as it is, with the version it was begun with."""
    with db.atomic():
        record = load_visit_note(db, visit_id)
        if record.status == VISIT_PLANNED:
            # Nothing is recorded yet: the visit uses the framework as it is today.
            db.table("monitoring_visits").update(
                visit_id, {"status": VISIT_DRAFT, "framework_version_id": _active_version(db)})
            if record.is_follow_up:
                add_action_reviews(db, visit_id, record.provider_id)
        elif record.status not in (VISIT_DRAFT, VISIT_COMPLETED):
            raise PlanningError("A cancelled visit cannot be recorded")
    return load_visit_note(db, visit_id)


def _active_version(db: Database) -> int:
    version_id = active_framework_version_id(db)
    if version_id is None:
        raise PlanningError("The register has no QA framework to record the visit against")
    return version_id


def start_unplanned_visit(db: Database, *, provider_id: int, visit_date: date,
                          visit_type: str, visitors: str,
                          placement_ids: Iterable[int], officer_id: int | None = None) -> int:
    """A visit that was not planned, opened straight away as a draft (assigned to
    ``officer_id``, an active officer, if given); its id."""
    if visit_type not in VISIT_TYPES:
        raise PlanningError(f"'{visit_type}' is not a visit type")
    ids = list(dict.fromkeys(placement_ids))
    if not ids:
        raise PlanningError("Tick at least one placement the visit covers")
    with db.atomic():
        visit_id = add_visit(db, provider_id=provider_id, visit_date=visit_date,
                             placement_ids=ids, visit_type=visit_type, status=VISIT_DRAFT,
                             visitors=visitors_of_new_visit(db, officer_id, visitors),
                             assigned_officer_id=officer_id)
        db.table("monitoring_visits").update(visit_id,
                                             {"framework_version_id": _active_version(db)})
        if visit_type == FOLLOW_UP_VISIT:
            add_action_reviews(db, visit_id, provider_id)
    return visit_id


# --- saving ----------------------------------------------------------------------

def _visit_values(record: VisitNote) -> dict:
    return {
        "visit_date": iso(record.visit_date), "visitors": record.visitors,
        "provider_staff_met": record.provider_staff_met, "overall_rag": record.overall_rag,
        "summary": record.summary, POSITION: record.position,
    }


def _child_values(child: ChildRecord) -> dict:
    values = {name: getattr(child, name) for name in CHILD_FIELDS}
    for name in _BOOL_FIELDS:
        if values[name] is not None:
            values[name] = int(values[name])
    return values


def _write(db: Database, stored: VisitNote, record: VisitNote) -> bool:
    """Write what differs between ``stored`` and ``record``; True if anything did."""
    wrote = False
    old_visit, new_visit = _visit_values(stored), _visit_values(record)
    changed = {k: v for k, v in new_visit.items() if old_visit[k] != v}
    position = changed.pop(POSITION, None)
    if changed:
        db.table("monitoring_visits").update(record.visit_id, changed)
        wrote = True
    if position is not None:   # moving between pages is kept, but is not a change
        with not_logged(db):
            db.table("monitoring_visits").update(record.visit_id, {POSITION: position})
        wrote = True
    for key in set(record.findings) | set(stored.findings):
        new, old = record.finding(key), stored.finding(key)
        if new == old:
            continue
        wrote = True
        if key in stored.findings:
            db.execute("UPDATE findings SET rating = ?, evidence = ? "
                       "WHERE visit_id = ? AND criterion_key = ?",
                       [new.rating, new.evidence, record.visit_id, key])
        else:
            db.table("findings").insert({"visit_id": record.visit_id, "criterion_key": key,
                                         "rating": new.rating, "evidence": new.evidence})
    olds = {c.placement_id: c for c in stored.children}
    for child in record.children:
        old_child = olds.get(child.placement_id)
        if old_child is None:
            raise PlanningError(f"Placement {child.placement_id} is not covered by this visit")
        old_values, new_values = _child_values(old_child), _child_values(child)
        changed = {k: v for k, v in new_values.items() if old_values[k] != v}
        if changed:
            sets = ", ".join(f"{name} = ?" for name in changed)
            db.execute(f"UPDATE visit_placements SET {sets} "
                       "WHERE visit_id = ? AND placement_id = ?",
                       [*changed.values(), record.visit_id, child.placement_id])
            wrote = True
    return write_parts(db, stored, record) or wrote


def save_draft(db: Database, record: VisitNote) -> bool:
    """Save the visit as typed so far (one transaction); True if anything changed.

    A signed-off visit is refused with :class:`VisitLocked` unless only the form
    position changed (reopening a locked note to read it is not a change).
    """
    with db.atomic():
        stored = load_visit_note(db, record.visit_id)
        if stored.locked:
            if record_changes(visit_framework(db, stored), stored, record):
                raise VisitLocked("This visit is signed off: give a reason to amend it")
            record = replace(stored, position=record.position)
        return _write(db, stored, record)


def sign_off(db: Database, visit_id: int, signed_off_by: str,
             at: datetime | None = None) -> VisitNote:
    """Complete and lock the visit; refused with the list of what is missing."""
    if not signed_off_by.strip():
        raise SignOffRefused(["Sign-off: say who is signing the visit off"])
    with db.atomic():
        record = load_visit_note(db, visit_id)
        if record.status != VISIT_DRAFT:
            raise PlanningError("Only a visit being recorded can be signed off")
        missing = missing_for_sign_off(visit_framework(db, record), record)
        if missing:
            raise SignOffRefused(missing)
        db.table("monitoring_visits").update(visit_id, {
            "status": VISIT_COMPLETED, "signed_off_by": signed_off_by.strip(),
            "signed_off_at": stored_stamp(at),
        })
        apply_reviews_on_sign_off(db, record)
    return load_visit_note(db, visit_id)


def amend_visit(db: Database, record: VisitNote, reason: str, amended_by: str,
                at: datetime | None = None) -> list[Change]:
    """Change a signed-off visit, keeping the reason, who, when and original values.

    Nothing is written when the reason or name is missing, or nothing changed.
    """
    if not reason.strip():
        raise VisitLocked("Give a reason for amending a signed-off visit")
    if not amended_by.strip():
        raise VisitLocked("Say who is amending the visit")
    with db.atomic():
        stored = load_visit_note(db, record.visit_id)
        if not stored.locked:
            raise PlanningError("Only a signed-off visit is amended; save the draft instead")
        framework = visit_framework(db, stored)
        changes = record_changes(framework, stored, record)
        if not changes:
            raise VisitLocked("Nothing has changed, so there is nothing to amend")
        missing = missing_for_sign_off(framework, record)
        if missing:
            raise SignOffRefused(missing)
        _write(db, stored, replace(record, position=stored.position))
        db.table("visit_amendments").insert({
            "visit_id": record.visit_id, "amended_by": amended_by.strip(),
            "amended_at": stored_stamp(at),
            "reason": reason.strip(),
            "changes": json.dumps([c.__dict__ for c in changes], ensure_ascii=False),
        })
    return changes


def visit_amendments(db: Database, visit_id: int) -> list[Amendment]:
    """The visit's amendments, oldest first, each with the values it replaced."""
    rows = db.execute(
        "SELECT amended_by, amended_at, reason, changes FROM visit_amendments "
        "WHERE visit_id = ? ORDER BY amended_at, id", [visit_id]).fetchall()
    return [Amendment(r[0], r[1], r[2], tuple(Change(**c) for c in json.loads(r[3])))
            for r in rows]


def visit_to_record(db: Database, placement_id: int) -> int | None:
    """The visit to open for a placement: one being recorded (draft), else the
    earliest planned one covering it; None if there is neither."""
    row = db.execute(
        "SELECT v.id FROM monitoring_visits v JOIN visit_placements vp ON vp.visit_id = v.id "
        "WHERE vp.placement_id = ? AND v.status IN (?, ?) "
        "ORDER BY v.status = ?, v.visit_date, v.id LIMIT 1",
        [placement_id, VISIT_DRAFT, VISIT_PLANNED, VISIT_PLANNED],
    ).fetchone()
    return row[0] if row else None


def last_completed_visit(db: Database, placement_id: int) -> int | None:
    """The most recent signed-off visit covering the placement (to read or amend)."""
    row = db.execute(
        "SELECT v.id FROM monitoring_visits v JOIN visit_placements vp ON vp.visit_id = v.id "
        "WHERE vp.placement_id = ? AND v.status = ? ORDER BY v.visit_date DESC, v.id DESC "
        "LIMIT 1", [placement_id, VISIT_COMPLETED],
    ).fetchone()
    return row[0] if row else None


# --- a month's completed visits (for printing their notes) ------------------------

@dataclass(frozen=True)
class CoveredChild:
    placement_id: int
    child_id: int
    child_name: str


@dataclass(frozen=True)
class CompletedVisit:
    visit_id: int
    provider_name: str
    visit_date: date
    children: tuple[CoveredChild, ...]


def visits_completed_in(db: Database, month: str) -> list[CompletedVisit]:
    """The visits signed off (completed) with a visit date in ``month`` ("YYYY-MM"),
    by date, each with the children it covered (by family then given name)."""
    rows = db.execute(
        "SELECT v.id, coalesce(pr.name, 'Home visit'), v.visit_date "
        "FROM monitoring_visits v LEFT JOIN providers pr ON pr.id = v.provider_id "
        "WHERE v.status = ? AND substr(v.visit_date, 1, 7) = ? ORDER BY v.visit_date, v.id",
        [VISIT_COMPLETED, month]).fetchall()
    visits = []
    for visit_id, provider_name, visit_date in rows:
        children = tuple(CoveredChild(*r) for r in db.execute(
            "SELECT vp.placement_id, c.id, trim(c.given_name || ' ' || c.family_name) "
            "FROM visit_placements vp JOIN placements p ON p.id = vp.placement_id "
            "JOIN children c ON c.id = p.child_id WHERE vp.visit_id = ? "
            f"ORDER BY {BY_FAMILY_NAME}, vp.placement_id", [visit_id]))
        visits.append(CompletedVisit(visit_id, provider_name, date.fromisoformat(visit_date),
                                     children))
    return visits
