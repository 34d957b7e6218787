"""Reads the exports need beyond the schedule: each placement's child's EHCP review dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from ..domain.dates import from_iso


@dataclass(frozen=True)
class EhcpDates:
    last_review: date | None
    next_review_due: date | None


def ehcp_dates_by_placement(db: Database) -> dict[int, EhcpDates]:
    """The child's EHCP last review and next review due, by placement id."""
    rows = db.execute(
        "SELECT p.id, c.ehcp_last_review, c.ehcp_next_review_due "
        "FROM placements p JOIN children c ON c.id = p.child_id"
    ).fetchall()
    return {row[0]: EhcpDates(from_iso(row[1]), from_iso(row[2])) for row in rows}
