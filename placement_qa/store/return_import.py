"""Making a visit's pre-visit form, and importing the provider's returned file.

Making a form records it as sent (its id goes in the file) and writes the file, in
one transaction: if the file cannot be written, no form is recorded. Importing
matches the file to the register — the same register, a form it made, for the visit
and provider it was made for, a visit still to be recorded, not imported before,
only children the visit covers — and then stores every answer as provider-reported
via :func:`record_return`. All or nothing: a refused file changes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from ..domain.dates import council_day, uk
from ..domain.provider_return import initials
from ..domain.register import VISIT_DRAFT, VISIT_PLANNED
from ..importing.provider_return_form import (
    FormChild,
    ParsedReturn,
    ReturnForm,
    ReturnFormError,
    form_bytes,
    read_return_form,
)
from .provider_returns import ReportedValue, ReturnRefused, record_form_sent, record_return
from .records import BY_FAMILY_NAME
from .settings import council_name, register_id

RETURN_DAYS_BEFORE_VISIT = 7

_VISIT_SQL = """
SELECT v.id, v.uuid, v.visit_date, v.status, v.provider_id, p.uuid, p.name
FROM monitoring_visits v LEFT JOIN providers p ON p.id = v.provider_id
WHERE v.{column} = ?
"""

_CHILDREN_SQL = f"""
SELECT pl.id, pl.uuid, c.given_name, c.family_name
FROM visit_placements vp
JOIN placements pl ON pl.id = vp.placement_id
JOIN children c ON c.id = pl.child_id
WHERE vp.visit_id = ?
ORDER BY {BY_FAMILY_NAME}, pl.id
"""


@dataclass(frozen=True)
class _Visit:
    visit_id: int
    uuid: str
    visit_date: date
    status: str
    provider_id: int | None
    provider_uuid: str | None
    provider_name: str | None

    @property
    def described(self) -> str:
        return f"{self.provider_name or 'no provider'}, visit on {uk(self.visit_date)}"


def _visit(db: Database, value: int | str, column: str = "id") -> _Visit | None:
    row = db.execute(_VISIT_SQL.format(column=column), [value]).fetchone()
    if row is None:
        return None
    return _Visit(row[0], row[1], date.fromisoformat(row[2]), row[3], row[4], row[5], row[6])


def return_by(visit_date: date, as_of: date) -> date:
    """The date the provider is asked to send the form back: a week before the visit
    (or today, when the visit is sooner)."""
    return max(as_of, visit_date - timedelta(days=RETURN_DAYS_BEFORE_VISIT))


def prepare_return_form(db: Database, visit_id: int, *, as_of: date) -> ReturnForm:
    """What the form for a planned (or draft) visit holds, with a new form id.
    Nothing is written. Refused (:class:`ReturnRefused`) for a visit that is not
    planned or being recorded, or has no provider."""
    visit = _visit(db, visit_id)
    if visit is None:
        raise ReturnRefused(f"There is no visit {visit_id} in this register")
    if visit.status not in (VISIT_PLANNED, VISIT_DRAFT):
        raise ReturnRefused(f"The visit ({visit.described}) is {visit.status}: a pre-visit "
                            "form is only made for a planned visit")
    if visit.provider_id is None:
        raise ReturnRefused(f"The visit on {uk(visit.visit_date)} has no provider to send "
                            "a form to")
    children = tuple(FormChild(r[0], r[1], initials(r[2], r[3]))
                     for r in db.execute(_CHILDREN_SQL, [visit_id]))
    return ReturnForm(
        form_id=uuid.uuid4().hex, register_id=register_id(db),
        council=council_name(db), visit_id=visit.visit_id, visit_uuid=visit.uuid,
        visit_date=visit.visit_date, provider_id=visit.provider_id,
        provider_uuid=visit.provider_uuid or "", provider_name=visit.provider_name or "",
        return_by=return_by(visit.visit_date, as_of), children=children)


def make_return_form(db: Database, visit_id: int, path: str | Path, *, as_of: date
                     ) -> ReturnForm:
    """Write the visit's pre-visit form to ``path`` and record it as sent on ``as_of``,
    in one transaction (a file that cannot be written records nothing)."""
    from ..atomic_file import write_atomically

    form = prepare_return_form(db, visit_id, as_of=as_of)
    data = form_bytes(form)
    with db.atomic():
        record_form_sent(db, visit_id=form.visit_id, provider_id=form.provider_id,
                         form_id=form.form_id, sent_on=as_of)
        write_atomically(path, data)
    return form


@dataclass(frozen=True)
class ImportedReturn:
    """What an import recorded."""

    return_id: int
    visit_id: int
    provider_name: str
    visit_date: date
    returned_on: date
    completed_by: str
    answered: int       # answers with something in them
    blank: int          # questions left blank (kept: asked, and nothing said)

    def message(self) -> str:
        blank = f" ({self.blank} left blank)" if self.blank else ""
        return (f"{self.answered} answers from {self.provider_name} recorded as "
                f"provider-reported for the visit on {uk(self.visit_date)}{blank}.")


def import_return_file(db: Database, path: str | Path, *, as_of: date, imported_by: str = "",
                       at: datetime | None = None) -> ImportedReturn:
    """Import a returned pre-visit form. Raises :class:`ReturnRefused` (the file is not
    a readable form, or does not match this register) and then nothing has changed."""
    path = Path(path)
    try:
        parsed = read_return_form(path)
    except ReturnFormError as exc:
        raise ReturnRefused(str(exc)) from None
    with db.atomic():
        visit, values = _match(db, parsed, as_of)
        returned_on = parsed.completed_on or as_of
        return_id = record_return(
            db, form_id=parsed.form_id, returned_on=returned_on,
            completed_by=parsed.completed_by, values=values, imported_by=imported_by,
            source_file=path.name, at=at)
    answered = sum(1 for v in values if v.value.strip())
    return ImportedReturn(return_id, visit.visit_id, visit.provider_name or "",
                          visit.visit_date, returned_on, parsed.completed_by, answered,
                          len(values) - answered)


def _match(db: Database, parsed: ParsedReturn, as_of: date
           ) -> tuple[_Visit, list[ReportedValue]]:
    if parsed.register_id != register_id(db):
        raise ReturnRefused("This form was made from another register (not this one): "
                            "import it into the register it came from")
    row = db.execute("SELECT visit_id, provider_id, imported_at FROM provider_returns "
                     "WHERE form_id = ?", [parsed.form_id]).fetchone()
    if row is None:
        raise ReturnRefused("This register has no record of sending this form (its id "
                            "was changed, or it was made before a backup was restored)")
    visit_id, provider_id, imported_at = row
    visit = _visit(db, visit_id)
    if visit is None:   # never: a form is made for a visit, and visits are not deleted
        raise ReturnRefused("The visit this form was made for is not in this register")
    if imported_at is not None:
        raise ReturnRefused(f"This return was already imported (on "
                            f"{uk(council_day(imported_at))}) for "
                            f"{visit.described}: nothing was changed")
    if parsed.provider_uuid != visit.provider_uuid:
        named = db.execute("SELECT name FROM providers WHERE uuid = ?",
                           [parsed.provider_uuid]).fetchone()
        other = f"{named[0]}" if named else "a provider this register does not know"
        raise ReturnRefused(f"The form is for {visit.described}, not {other}: the file "
                            "names the wrong provider")
    if parsed.visit_uuid != visit.uuid:
        other_visit = _visit(db, parsed.visit_uuid, "uuid")
        named = (other_visit.described if other_visit
                 else "a visit this register does not know")
        raise ReturnRefused(f"The form is for {visit.described}, not {named}: the file "
                            "names the wrong visit")
    if visit.status not in (VISIT_PLANNED, VISIT_DRAFT):
        state = "signed off" if visit.status == "completed" else visit.status
        raise ReturnRefused(f"The visit ({visit.described}) is {state}: a return can only "
                            "be imported before the visit is signed off")
    if parsed.completed_on is not None and parsed.completed_on > as_of:
        raise ReturnRefused(f"{parsed.completed_on_cell}: the date completed, "
                            f"{uk(parsed.completed_on)}, is after today ({uk(as_of)})")
    if not parsed.completed_by.strip():
        raise ReturnRefused(f"{parsed.completed_by_cell}: the form does not say who "
                            "completed it (ask the provider to fill in “Completed by”)")
    covered = {r[1]: r[0] for r in db.execute(
        "SELECT pl.id, pl.uuid FROM visit_placements vp JOIN placements pl "
        "ON pl.id = vp.placement_id WHERE vp.visit_id = ?", [visit_id])}
    values = []
    for answer in parsed.answers:
        placement_id = None
        if answer.placement_uuid is not None:
            placement_id = covered.get(answer.placement_uuid)
            if placement_id is None:
                raise ReturnRefused(f"The row for {answer.child_initials} ({answer.cell}) is "
                                    f"for a child the visit to {visit.provider_name} does "
                                    "not cover")
        values.append(ReportedValue(answer.item_key, answer.value, placement_id))
    return visit, values
