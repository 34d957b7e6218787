"""Countersigning signed-off notes: the steps (countersigned, returned), the queue.

``note_countersigns`` is append-only: each countersign or return is a row of its own
(who, when, comments), written in one transaction; nothing here changes or deletes
one. Where a note
stands is worked out from its steps and its amendments
(:mod:`..domain.countersign`). On a team register only a manager may add a step
(:data:`..domain.sync.MANAGER_TABLES`): the server holds an officer's back, and its
own trigger refuses one sent another way; a laptop whose last sync was with an
officer's login refuses to make one at all.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlite_utils import Database

from ..domain.countersign import (
    RETURNED,
    STEP_KINDS,
    CountersignRefused,
    CountersignStep,
    ReviewedNote,
    may_countersign,
)
from ..domain.dates import council_time, stored_stamp
from ..domain.register import VISIT_COMPLETED
from .countersign_schema import TABLE
from .officers import list_officers
from .outbox import MANAGER_LOGIN, SERVER, read_state
from .settings import countersign_deputy

_NOTES_SQL = """
SELECT v.id, coalesce(pr.name, 'Home visit'), v.visit_date, coalesce(v.signed_off_by, ''),
       v.signed_off_at
FROM monitoring_visits v LEFT JOIN providers pr ON pr.id = v.provider_id
WHERE v.status = ? AND v.signed_off_at IS NOT NULL {where}
ORDER BY v.signed_off_at, v.id
"""


def _by_visit(db: Database, sql: str, visit_id: int | None) -> dict[int, list[tuple]]:
    """The rows of ``sql`` (visit id first) by visit: every visit's, or ``visit_id``'s."""
    where, params = (" WHERE visit_id = ?", [visit_id]) if visit_id is not None else ("", [])
    found: dict[int, list[tuple]] = defaultdict(list)
    for row in db.execute(sql.format(where=where), params):
        found[row[0]].append(tuple(row[1:]))
    return found


_STEPS_SQL = f"SELECT visit_id, kind, done_by, done_at, comment FROM {TABLE}{{where}} " \
             "ORDER BY done_at, id"
_AMENDED_SQL = "SELECT visit_id, amended_at FROM visit_amendments{where} ORDER BY amended_at, id"


def reviewed_notes(db: Database, visit_id: int | None = None) -> list[ReviewedNote]:
    """Every signed-off note (or the one ``visit_id``) with its steps and amendments."""
    where, params = ("AND v.id = ?", [visit_id]) if visit_id is not None else ("", [])
    rows = db.execute(_NOTES_SQL.format(where=where), [VISIT_COMPLETED, *params]).fetchall()
    steps = _by_visit(db, _STEPS_SQL, visit_id)
    amended = _by_visit(db, _AMENDED_SQL, visit_id)
    return [ReviewedNote(r[0], r[1], date.fromisoformat(r[2]), r[3],
                         council_time(r[4]).date(),
                         tuple(CountersignStep(*step) for step in steps.get(r[0], ())),
                         tuple(at for (at,) in amended.get(r[0], ())))
            for r in rows]


def reviewed_note(db: Database, visit_id: int) -> ReviewedNote | None:
    """The signed-off note ``visit_id`` with its steps (None: not signed off)."""
    notes = reviewed_notes(db, visit_id)
    return notes[0] if notes else None


def countersigners_refusal(db: Database, by: str) -> str | None:
    """Why ``by`` may not countersign or return notes here (None: they may). On a laptop
    of the team register, the login it syncs with must be a manager's too."""
    state = read_state(db)
    if state.get(SERVER) and state.get(MANAGER_LOGIN) != "1":
        return ("On the team register only a manager's login countersigns or returns "
                "notes: this register syncs with an officer's login (or has not synced "
                "since joining: sync first)")
    if may_countersign(by, list_officers(db), countersign_deputy(db)):
        return None
    return (f"{by} may not countersign notes: only a manager (File ▸ Officers…) or the "
            "deputy named in the settings may")


def add_step(db: Database, visit_id: int, kind: str, by: str, comment: str = "",
             at: datetime | None = None) -> CountersignStep:
    """Countersign or return the note ``visit_id`` (one transaction); refused with
    :class:`CountersignRefused` saying why, and nothing written, if it cannot be."""
    by, comment = " ".join(by.split()), comment.strip()
    if kind not in STEP_KINDS:
        raise CountersignRefused(f"'{kind}' is neither countersigning nor returning a note")
    if not by:
        raise CountersignRefused("Say who is countersigning or returning the note")
    if kind == RETURNED and not comment:
        raise CountersignRefused("Say what needs amending: a returned note needs comments")
    with db.atomic():
        refusal = countersigners_refusal(db, by)
        if refusal:
            raise CountersignRefused(refusal)
        note = reviewed_note(db, visit_id)
        if note is None:
            raise CountersignRefused("Only a signed-off note is countersigned or returned")
        if note.state != "awaiting":
            raise CountersignRefused(
                "This note is not awaiting countersign: it was "
                f"{STEP_KINDS[note.state].lower()} already")
        step = CountersignStep(kind, by, stored_stamp(at), comment)
        db.table(TABLE).insert({"visit_id": visit_id, "kind": kind, "done_by": by,
                                "done_at": step.at, "comment": comment})
    return step
