"""Pre-visit provider returns in the register: a form sent for a visit, and the
values the provider reported on it, stored as provider-reported and dated.

Nothing here touches verified data: a return only ever adds rows to
``provider_returns`` and ``provider_reported_items``. Reading and checking the
returned file is :mod:`placement_qa.importing.provider_return_form`'s job.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlite_utils import Database

from ..domain.actions import NewAction
from ..domain.dates import council_day, stored_stamp, uk
from ..domain.provider_return import ITEMS
from .actions import raise_action
from .rows import insert_row


class ReturnRefused(ValueError):
    """A return that cannot be recorded; the message says what and where."""


@dataclass(frozen=True)
class ReportedValue:
    """One answer on a returned form (placement_id for a per-child item)."""

    item_key: str
    value: str
    placement_id: int | None = None


def record_form_sent(db: Database, *, visit_id: int, provider_id: int, form_id: str,
                     sent_on: date) -> int:
    """Remember a pre-visit form made for a visit (its id is in the file)."""
    with db.atomic():
        return insert_row(db, "provider_returns", {
            "visit_id": visit_id, "provider_id": provider_id, "form_id": form_id,
            "sent_on": sent_on.isoformat(),
        })


def record_return(db: Database, *, form_id: str, returned_on: date, completed_by: str,
                  values: Iterable[ReportedValue], imported_by: str = "",
                  source_file: str = "", at: datetime | None = None) -> int:
    """Store the provider's answers against the form's visit, in one transaction.

    Refused (nothing written) when the form is unknown, already imported, or an answer
    is for an item or child the form did not ask about. Blank answers are kept as
    blank: the provider was asked and said nothing. A later return for a visit takes
    the place of the earlier one in its note, keeping the checks already made on any
    value reported the same again."""
    values = list(values)
    with db.atomic():
        row = db.execute(
            "SELECT r.id, r.visit_id, r.imported_at FROM provider_returns r WHERE form_id = ?",
            [form_id]).fetchone()
        if row is None:
            raise ReturnRefused(f"The form {form_id} was not made from this register")
        return_id, visit_id, imported_at = row
        if imported_at is not None:
            day = uk(council_day(imported_at))
            raise ReturnRefused(f"This return was already imported (on {day})")
        covered = {r[0] for r in db.execute(
            "SELECT placement_id FROM visit_placements WHERE visit_id = ?", [visit_id])}
        seen: set[tuple[str, int | None]] = set()
        for value in values:
            item = ITEMS.get(value.item_key)
            if item is None:
                raise ReturnRefused(f"'{value.item_key}' is not a question on the form")
            if item.per_child != (value.placement_id is not None):
                raise ReturnRefused(f"'{item.label}' is answered for the wrong kind of row")
            if value.placement_id is not None and value.placement_id not in covered:
                raise ReturnRefused(f"'{item.label}' names a child the visit does not cover")
            if (value.item_key, value.placement_id) in seen:
                raise ReturnRefused(f"'{item.label}' is answered twice")
            seen.add((value.item_key, value.placement_id))
        earlier = db.execute(_LATEST_RETURN_SQL, [visit_id]).fetchone()
        db.table("provider_returns").update(return_id, {
            "returned_on": returned_on.isoformat(), "completed_by": completed_by.strip(),
            "imported_at": stored_stamp(at), "imported_by": imported_by, "source_file": source_file,
        })
        db.table("provider_reported_items").insert_all(
            {"return_id": return_id, "item_key": v.item_key, "placement_id": v.placement_id,
             "reported_value": v.value.strip(), "reported_on": returned_on.isoformat()}
            for v in values)
        if earlier is not None:
            db.execute(_CARRY_CHECKS_SQL, {"new": return_id, "old": earlier[0]})
    return return_id


# The visit's return shown in its note: the one imported last.
_LATEST_RETURN_SQL = """
SELECT id FROM provider_returns WHERE visit_id = ? AND imported_at IS NOT NULL
ORDER BY imported_at DESC, id DESC LIMIT 1
"""

# A later return for the same visit keeps the checks made on the earlier one where the
# provider reported the same value again; a changed value is to be checked afresh.
_CARRY_CHECKS_SQL = """
UPDATE provider_reported_items AS n
SET (verification, verified_value, verification_note, action_id) = (
    SELECT o.verification, o.verified_value, o.verification_note, o.action_id
    FROM provider_reported_items o
    WHERE o.return_id = :old AND o.item_key = n.item_key
      AND o.placement_id IS n.placement_id AND o.reported_value = n.reported_value)
WHERE n.return_id = :new AND EXISTS (
    SELECT 1 FROM provider_reported_items o
    WHERE o.return_id = :old AND o.item_key = n.item_key
      AND o.placement_id IS n.placement_id AND o.reported_value = n.reported_value)
"""


def raise_action_for_item(db: Database, item_id: int, action: NewAction) -> int:
    """Raise ``action`` from a reported item and link it to the item, in one
    transaction: both are written or neither. Refused (nothing written) when the
    item is gone or already has an action."""
    with db.atomic():
        row = db.execute("SELECT action_id FROM provider_reported_items WHERE id = ?",
                         [item_id]).fetchone()
        if row is None:
            raise ReturnRefused(f"reported item {item_id} is no longer in the register")
        if row[0] is not None:
            raise ReturnRefused(f"an action (number {row[0]}) was already raised from this item")
        action_id = raise_action(db, action)
        db.table("provider_reported_items").update(item_id, {"action_id": action_id})
        return action_id
