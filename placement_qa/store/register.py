"""Providers, children and placements: the register itself.

Every write runs in one transaction (``db.atomic()``); the change-log triggers
record it in that same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

from ..domain.concerns import with_cause
from ..domain.dates import iso
from ..domain.guardrail import GuardrailException, check_new_placement, guardrail_applies
from ..domain.inspection import (
    Concern,
    InspectionFrameworks,
    default_frameworks,
    provider_concern,
)
from ..domain.register import (
    DEFAULT_VISIT_INTERVAL_MONTHS,
    PLACED,
)
from ..domain.validation import end_not_before_start
from .concerns import open_concern
from .inspections import provider_inspections
from .records import get_placement
from .rows import insert_row

# --- writes ----------------------------------------------------------------

def _insert(db: Database, table: str, record: Mapping[str, Any]) -> int:
    with db.atomic():
        return insert_row(db, table, record)


def add_provider(
    db: Database,
    *,
    name: str,
    provider_type: str,
    host_authority: str,
    urn: str | None = None,
    postcode: str | None = None,
    address: str | None = None,
    arrangements: str = "day",
) -> int:
    return _insert(db, "providers", {
        "urn": urn, "name": name, "provider_type": provider_type,
        "host_authority": host_authority, "postcode": postcode, "address": address,
        "arrangements": arrangements,
    })


def add_child(
    db: Database,
    *,
    given_name: str,
    family_name: str,
    date_of_birth: date | None = None,
    case_ref: str | None = None,
    primary_need: str | None = None,
    ehcp_last_review: date | None = None,
    ehcp_next_review_due: date | None = None,
) -> int:
    return _insert(db, "children", {
        "given_name": given_name, "family_name": family_name,
        "date_of_birth": iso(date_of_birth), "case_ref": case_ref,
        "primary_need": primary_need, "ehcp_last_review": iso(ehcp_last_review),
        "ehcp_next_review_due": iso(ehcp_next_review_due),
    })


def add_placement(
    db: Database,
    *,
    child_id: int,
    provider_id: int | None,
    start_date: date,
    arrangement: str,
    end_date: date | None = None,
    state: str = PLACED,
    annual_cost: float | None = None,
    visit_interval_months: int = DEFAULT_VISIT_INTERVAL_MONTHS,
    interim_support: str | None = None,
    guardrail: GuardrailException | None = None,
    frameworks: InspectionFrameworks | None = None,
) -> int:
    """A new placement, in one transaction.

    At a provider that is below good (or never inspected) it is refused with
    :class:`PlacementBlocked` unless ``guardrail`` gives the reason and approver,
    which are then kept on the placement (and so in the change log).
    """
    record = {
        "child_id": child_id, "provider_id": provider_id, "start_date": iso(start_date),
        "end_date": iso(end_date), "arrangement": arrangement, "state": state,
        "annual_cost": annual_cost, "visit_interval_months": visit_interval_months,
        "interim_support": interim_support,
    }
    with db.atomic():
        if provider_id is not None:
            record.update(_guardrail_fields(db, provider_id, start_date, guardrail, frameworks))
        return insert_row(db, "placements", record)


def provider_concern_for(
    db: Database, provider_id: int, frameworks: InspectionFrameworks | None = None
) -> Concern | None:
    """Why the provider is a concern for a new placement (below good or never inspected,
    and/or marked by a manager as causing concern), or None."""
    period = open_concern(db, provider_id)
    return with_cause(
        provider_concern(provider_inspections(db, provider_id), frameworks or default_frameworks()),
        period.cause if period else None,
    )


def _guardrail_fields(
    db: Database,
    provider_id: int,
    start_date: date,
    guardrail: GuardrailException | None,
    frameworks: InspectionFrameworks | None,
) -> dict[str, str | None]:
    """The guardrail columns of a placement newly made at ``provider_id``.

    Raises :class:`PlacementBlocked` when the provider is below good and
    ``guardrail`` does not give both a reason and an approver.
    """
    concern = provider_concern_for(db, provider_id, frameworks)
    check_new_placement(concern, start_date, guardrail)
    if concern is not None and guardrail is not None and guardrail_applies(concern, start_date):
        return {"guardrail_concern": concern.reason, "guardrail_reason": guardrail.reason,
                "guardrail_approver": guardrail.approver}
    return {"guardrail_concern": None, "guardrail_reason": None, "guardrail_approver": None}


# --- edits -------------------------------------------------------------------

class _Unchanged:
    """Marks a keyword not given to an ``update_*`` function: that column stays as it is."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = _Unchanged()


def _given(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not UNCHANGED}


def _apply_changes(db: Database, table: str, row_id: int, values: Mapping[str, Any]) -> bool:
    """Write the columns of ``values`` that differ from the stored row (inside a transaction).

    Returns whether anything changed; an update that changes nothing writes
    nothing, so it leaves no change-log row.
    """
    current = db.table(table).get(row_id)
    changed = {k: v for k, v in values.items() if current[k] != v}
    if changed:
        db.table(table).update(row_id, changed)
    return bool(changed)


def _iso_dates(values: dict[str, Any], *columns: str) -> dict[str, Any]:
    for column in columns:
        if column in values:
            values[column] = iso(values[column])
    return values


def update_child(
    db: Database,
    child_id: int,
    *,
    given_name: str = UNCHANGED,
    family_name: str = UNCHANGED,
    date_of_birth: date | None = UNCHANGED,
    case_ref: str | None = UNCHANGED,
    primary_need: str | None = UNCHANGED,
    ehcp_last_review: date | None = UNCHANGED,
    ehcp_next_review_due: date | None = UNCHANGED,
) -> bool:
    """Change a child's details (only the keywords given); True if anything changed."""
    values = _given({
        "given_name": given_name, "family_name": family_name, "date_of_birth": date_of_birth,
        "case_ref": case_ref, "primary_need": primary_need,
        "ehcp_last_review": ehcp_last_review, "ehcp_next_review_due": ehcp_next_review_due,
    })
    _iso_dates(values, "date_of_birth", "ehcp_last_review", "ehcp_next_review_due")
    with db.atomic():
        return _apply_changes(db, "children", child_id, values)


def update_provider(
    db: Database,
    provider_id: int,
    *,
    name: str = UNCHANGED,
    provider_type: str = UNCHANGED,
    host_authority: str = UNCHANGED,
    urn: str | None = UNCHANGED,
    postcode: str | None = UNCHANGED,
    address: str | None = UNCHANGED,
    arrangements: str = UNCHANGED,
) -> bool:
    """Change a provider's details (only the keywords given); True if anything changed.

    A URN another provider has is refused by the register (``sqlite3.IntegrityError``).
    """
    values = _given({
        "name": name, "provider_type": provider_type, "host_authority": host_authority,
        "urn": urn, "postcode": postcode, "address": address, "arrangements": arrangements,
    })
    with db.atomic():
        return _apply_changes(db, "providers", provider_id, values)


def update_placement(
    db: Database,
    placement_id: int,
    *,
    provider_id: int | None = UNCHANGED,
    start_date: date = UNCHANGED,
    end_date: date | None = UNCHANGED,
    arrangement: str = UNCHANGED,
    state: str = UNCHANGED,
    annual_cost: float | None = UNCHANGED,
    visit_interval_months: int = UNCHANGED,
    interim_support: str | None = UNCHANGED,
    guardrail: GuardrailException | None = None,
    frameworks: InspectionFrameworks | None = None,
) -> bool:
    """Change a placement (only the keywords given); True if anything changed.

    Moving it to another provider is a new placement there, so the guardrail
    applies as in :func:`add_placement` (and an exception recorded for the old
    provider is cleared). An end date before the start is a ``FieldError``.
    """
    values = _given({
        "provider_id": provider_id, "start_date": start_date, "end_date": end_date,
        "arrangement": arrangement, "state": state, "annual_cost": annual_cost,
        "visit_interval_months": visit_interval_months, "interim_support": interim_support,
    })
    with db.atomic():
        current = get_placement(db, placement_id)
        if current is None:   # as the other tables' updates say it (db.table(...).get)
            raise NotFoundError(f"placement {placement_id} is not in the register")
        start = values.get("start_date", current.start_date)
        end_not_before_start(start, values.get("end_date", current.end_date))
        new_provider = values.get("provider_id", current.provider_id)
        if new_provider != current.provider_id:
            values.update(_moved_guardrail(db, new_provider, start, guardrail, frameworks))
        return _apply_changes(db, "placements", placement_id,
                              _iso_dates(values, "start_date", "end_date"))


def _moved_guardrail(
    db: Database,
    provider_id: int | None,
    start_date: date,
    guardrail: GuardrailException | None,
    frameworks: InspectionFrameworks | None,
) -> dict[str, str | None]:
    if provider_id is None:
        return {"guardrail_concern": None, "guardrail_reason": None, "guardrail_approver": None}
    return _guardrail_fields(db, provider_id, start_date, guardrail, frameworks)


def end_placement(db: Database, placement_id: int, end_date: date) -> bool:
    """Set the day a placement ends (not before its start: ``FieldError``)."""
    return update_placement(db, placement_id, end_date=end_date)


def insert_many(db: Database, table: str, records: Iterable[dict[str, Any]]) -> None:
    """Bulk insert (demo registers, imports) as one transaction, logged row by row."""
    with db.atomic():
        db.table(table).insert_all(records, batch_size=500)
