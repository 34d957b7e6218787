"""Providers, children and placements: the register itself.

Every write runs in one transaction (``db.atomic()``); the change-log triggers
record it in that same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlite_utils import Database

from ..domain.dates import from_iso, iso
from ..domain.guardrail import GuardrailException, check_new_placement, guardrail_applies
from ..domain.inspection import InspectionFrameworks, default_frameworks, provider_concern
from ..domain.register import DEFAULT_VISIT_INTERVAL_MONTHS, PLACED, RegisterPlacement
from .inspections import provider_inspections

HOME_AUTHORITY_KEY = "home_authority"
DEFAULT_HOME_AUTHORITY = "Home authority"


# --- register settings ----------------------------------------------------

def get_meta(db: Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM register_meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_meta(db: Database, key: str, value: str) -> None:
    with db.atomic():
        db.execute(
            "INSERT INTO register_meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )


def home_authority(db: Database) -> str:
    return get_meta(db, HOME_AUTHORITY_KEY, DEFAULT_HOME_AUTHORITY) or DEFAULT_HOME_AUTHORITY


def set_home_authority(db: Database, name: str) -> None:
    set_meta(db, HOME_AUTHORITY_KEY, name.strip())


# --- writes ----------------------------------------------------------------

def _insert(db: Database, table: str, record: Mapping[str, Any]) -> int:
    with db.atomic():
        return db[table].insert(dict(record)).last_pk


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
            concern = provider_concern(
                provider_inspections(db, provider_id), frameworks or default_frameworks()
            )
            check_new_placement(concern, start_date, guardrail)
            if guardrail_applies(concern, start_date):
                record.update(guardrail_concern=concern.reason, guardrail_reason=guardrail.reason,
                              guardrail_approver=guardrail.approver)
        return db["placements"].insert(record).last_pk


def insert_many(db: Database, table: str, records: Iterable[Mapping[str, Any]]) -> None:
    """Bulk insert (demo registers, imports) as one transaction, logged row by row."""
    with db.atomic():
        db[table].insert_all(records, batch_size=500)


# --- reads -----------------------------------------------------------------

_REGISTER_SQL = """
SELECT p.id, p.child_id,
       trim(c.given_name || ' ' || c.family_name),
       p.provider_id, coalesce(pr.name, ''), coalesce(pr.provider_type, ''),
       coalesce(pr.host_authority, ''),
       p.start_date, p.end_date, p.arrangement, p.state, p.visit_interval_months,
       p.additional_visit_due, p.additional_visit_flagged_on
FROM placements p
JOIN children c ON c.id = p.child_id
LEFT JOIN providers pr ON pr.id = p.provider_id
ORDER BY p.id
"""


def register_placements(db: Database) -> list[RegisterPlacement]:
    """Every placement with its child and provider, as the schedule rules need them."""
    return [
        RegisterPlacement(
            placement_id=row[0], child_id=row[1], child_name=row[2], provider_id=row[3],
            provider_name=row[4], provider_type=row[5], host_authority=row[6],
            start_date=date.fromisoformat(row[7]), end_date=from_iso(row[8]),
            arrangement=row[9], state=row[10], visit_interval_months=row[11],
            additional_visit_due=from_iso(row[12]), additional_visit_flagged_on=from_iso(row[13]),
        )
        for row in db.execute(_REGISTER_SQL).fetchall()
    ]


def counts(db: Database) -> dict[str, int]:
    """Number of rows in the main tables (for ``check`` and the status bar)."""
    tables = ("providers", "children", "placements", "monitoring_visits")
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
