"""Reads the register exports need beyond the schedule: each placement's details."""

from __future__ import annotations

from sqlite_utils import Database

from ..domain.dates import from_iso
from ..domain.register_columns import PlacementDetails

_DETAILS_SQL = """
SELECT p.id, c.case_ref, pr.urn, c.ehcp_last_review, c.ehcp_next_review_due,
       p.interim_support, p.annual_cost
FROM placements p
JOIN children c ON c.id = p.child_id
LEFT JOIN providers pr ON pr.id = p.provider_id
"""


def placement_details(db: Database) -> dict[int, PlacementDetails]:
    """Every placement's details, by placement id: its child's case ref and EHCP review
    dates as recorded, its provider's URN, its interim support and annual cost."""
    return {
        row[0]: PlacementDetails(
            case_ref=row[1] or "", urn=row[2] or "", ehcp_last_review=from_iso(row[3]),
            ehcp_next_review_due=from_iso(row[4]), interim_support=row[5] or "",
            annual_cost=None if row[6] is None else float(row[6]),
        )
        for row in db.execute(_DETAILS_SQL).fetchall()
    }
