"""Reading the register: placements with their child and provider, and the
records the editing dialogs show. Writes are in :mod:`placement_qa.store.register`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

from sqlite_utils import Database

from ..domain.dates import from_iso, iso
from ..domain.names import family_first_key, name_sort_key
from ..domain.register import (
    PLACED,
    Child,
    Placement,
    Provider,
    RegisterPlacement,
    case_ref_key,
)
from .schema import CASE_REF_KEY
from .settings import CONCERN_INTERVAL_SQL, concern_interval_from_text

# Placements with their child and provider, as RegisterPlacement needs them;
# add a WHERE clause for a subset (the pages use it too).
REGISTER_SELECT = f"""
SELECT p.id, p.child_id,
       trim(c.given_name || ' ' || c.family_name),
       p.provider_id, coalesce(pr.name, ''), coalesce(pr.provider_type, ''),
       coalesce(pr.host_authority, ''),
       p.start_date, p.end_date, p.arrangement, p.state, p.visit_interval_months,
       p.additional_visit_due, p.additional_visit_flagged_on,
       (SELECT max(pc.set_on) FROM provider_concerns pc
        WHERE pc.provider_id = p.provider_id AND pc.lifted_on IS NULL),
       {CONCERN_INTERVAL_SQL}
FROM placements p
JOIN children c ON c.id = p.child_id
LEFT JOIN providers pr ON pr.id = p.provider_id
"""
# Children (``c``) filed by family name, then given name: family_first_key in SQL.
BY_FAMILY_NAME = "(c.family_name || char(1) || c.given_name) COLLATE name_order"

_REGISTER_SQL = REGISTER_SELECT + " ORDER BY p.id"


def register_placement_from_row(row: tuple) -> RegisterPlacement:
    return RegisterPlacement(
        placement_id=row[0], child_id=row[1], child_name=row[2], provider_id=row[3],
        provider_name=row[4], provider_type=row[5], host_authority=row[6],
        start_date=date.fromisoformat(row[7]), end_date=from_iso(row[8]),
        arrangement=row[9], state=row[10], visit_interval_months=row[11],
        additional_visit_due=from_iso(row[12]), additional_visit_flagged_on=from_iso(row[13]),
        concern_since=from_iso(row[14]),
        concern_interval_months=concern_interval_from_text(row[15]) if row[14] else None,
    )


def register_placements(db: Database) -> list[RegisterPlacement]:
    """Every placement with its child and provider, as the schedule rules need them."""
    return [register_placement_from_row(row) for row in db.execute(_REGISTER_SQL).fetchall()]


def placements_of_children(db: Database, child_ids: Iterable[int]) -> list[RegisterPlacement]:
    """Every placement of the children ``child_ids``, by placement id."""
    sql = REGISTER_SELECT + " WHERE p.child_id IN (SELECT value FROM json_each(?)) ORDER BY p.id"
    return [register_placement_from_row(r)
            for r in db.execute(sql, [json.dumps(list(child_ids))]).fetchall()]


_CHILD_COLUMNS = (
    "id, given_name, family_name, date_of_birth, case_ref, primary_need, "
    "ehcp_last_review, ehcp_next_review_due"
)
_PROVIDER_COLUMNS = (
    "id, name, provider_type, host_authority, urn, address, postcode, arrangements"
)
_PLACEMENT_COLUMNS = (
    "id, child_id, provider_id, start_date, arrangement, state, end_date, annual_cost, "
    "visit_interval_months, interim_support, guardrail_concern, guardrail_reason, "
    "guardrail_approver"
)


def _child(row: tuple) -> Child:
    return Child(row[0], row[1], row[2], from_iso(row[3]), row[4], row[5],
                 from_iso(row[6]), from_iso(row[7]))


def _provider(row: tuple) -> Provider:
    return Provider(*row)


def _placement(row: tuple) -> Placement:
    return Placement(row[0], row[1], row[2], date.fromisoformat(row[3]), row[4], row[5],
                     from_iso(row[6]), *row[7:])


def list_children(db: Database) -> list[Child]:
    """Every child, by family name then given name (as every list files names)."""
    children = [_child(row) for row in db.execute(f"SELECT {_CHILD_COLUMNS} FROM children")]
    # Sorted here with keys worked out once a child: a SQL collation would call back into
    # Python for every comparison, far slower on a national register.
    return sorted(children, key=lambda c: (family_first_key(c.given_name, c.family_name),
                                           c.child_id))


def get_child(db: Database, child_id: int) -> Child | None:
    row = db.execute(f"SELECT {_CHILD_COLUMNS} FROM children WHERE id = ?", [child_id]).fetchone()
    return _child(row) if row else None


def child_with_case_ref(db: Database, case_ref: str) -> Child | None:
    """The child with this case-system id, if any, ignoring case and surrounding spaces
    (``cs-1001`` finds CS-1001; :func:`..domain.register.case_ref_key`), through the
    register's index on that key. Where an older register holds two such ids, the one
    written exactly so comes first."""
    row = db.execute(f"SELECT {_CHILD_COLUMNS} FROM children WHERE {CASE_REF_KEY} = ? "
                     "ORDER BY case_ref IS NOT ?, id LIMIT 1",
                     [case_ref_key(case_ref), case_ref]).fetchone()
    return _child(row) if row else None


def list_providers(db: Database) -> list[Provider]:
    """Every provider, by name (as every list files names)."""
    providers = [_provider(row) for row in db.execute(f"SELECT {_PROVIDER_COLUMNS} FROM providers")]
    return sorted(providers, key=lambda p: (name_sort_key(p.name), p.provider_id))


def get_provider(db: Database, provider_id: int) -> Provider | None:
    row = db.execute(f"SELECT {_PROVIDER_COLUMNS} FROM providers WHERE id = ?",
                     [provider_id]).fetchone()
    return _provider(row) if row else None


def provider_with_urn(db: Database, urn: str) -> Provider | None:
    """The provider with this URN, if any (URNs are unique)."""
    row = db.execute(f"SELECT {_PROVIDER_COLUMNS} FROM providers WHERE urn = ?", [urn]).fetchone()
    return _provider(row) if row else None


def host_authorities(db: Database) -> list[str]:
    """The host local authorities already in the register, A to Z."""
    rows = db.execute("SELECT DISTINCT host_authority FROM providers").fetchall()
    return sorted((row[0] for row in rows), key=name_sort_key)


def get_placement(db: Database, placement_id: int) -> Placement | None:
    row = db.execute(f"SELECT {_PLACEMENT_COLUMNS} FROM placements WHERE id = ?",
                     [placement_id]).fetchone()
    return _placement(row) if row else None


def active_placements_of_child(
    db: Database, child_id: int, on: date, *, excluding: int | None = None
) -> list[RegisterPlacement]:
    """The child's placements (placed, not awaiting) that have not ended before ``on``."""
    sql = (REGISTER_SELECT + " WHERE p.child_id = ? AND p.state = ? "
           "AND (p.end_date IS NULL OR p.end_date >= ?) AND p.id IS NOT ? ORDER BY p.id")
    rows = db.execute(sql, [child_id, PLACED, iso(on), excluding]).fetchall()
    return [register_placement_from_row(row) for row in rows]


def counts(db: Database) -> dict[str, int]:
    """Number of rows in the main tables (for ``check`` and the status bar)."""
    tables = ("providers", "children", "placements", "monitoring_visits")
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
