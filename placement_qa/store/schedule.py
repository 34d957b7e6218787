"""The register's monitoring schedule as of a date: stored facts through the domain rules.

The one place screens, exports and reports get their schedule lines and KPIs,
so a number can never differ between them.
"""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from ..domain.schedule import Kpis, ScheduleLine, build_schedule, compute_kpis
from .records import register_placements
from .register import home_authority
from .visits import completed_visit_dates_by_provider, visit_coverage


def schedule_as_of(db: Database, as_of: date) -> list[ScheduleLine]:
    """One line per placement (ordered by placement id) with its status as of ``as_of``."""
    return build_schedule(register_placements(db), visit_coverage(db), as_of, home_authority(db))


def kpis_as_of(db: Database, lines: list[ScheduleLine], as_of: date) -> Kpis:
    return compute_kpis(lines, completed_visit_dates_by_provider(db), as_of)
