"""The register's monitoring schedule as of a date: stored facts through the domain rules.

The one place screens, exports and reports get their schedule lines and KPIs,
so a number can never differ between them.

Screens that show every placement read them all (:func:`schedule_as_of`). The
dashboard, the overdue export and the history only look at placements the council
must monitor, so they read :func:`monitoring_candidates` instead: a narrowing done
in SQL, from the domain's own constants, to a superset of those placements. The
domain rules still decide every status; what the SQL leaves out is, by those
rules, ended, awaiting provision, not started or not monitored on every date asked
about. On the large demo register that is 3,000 placements read instead of 21,815.
"""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from ..domain.register import (
    AWAITING_PROVISION,
    ELECTIVE_HOME_EDUCATION,
    MONITORED_PROVIDER_TYPES,
    RESIDENTIAL_ARRANGEMENTS,
    RegisterPlacement,
)
from ..domain.schedule import Kpis, ScheduleLine, build_schedule, compute_kpis
from .records import REGISTER_SELECT, register_placement_from_row, register_placements
from .settings import draft_signoff_working_days, home_authority
from .visits import completed_visit_dates_by_provider, visit_coverage

_ALWAYS_MONITORED_ARRANGEMENTS = tuple(sorted({ELECTIVE_HOME_EDUCATION, *RESIDENTIAL_ARRANGEMENTS}))
_MONITORED_TYPES = tuple(sorted(MONITORED_PROVIDER_TYPES))


def _marks(name: str, count: int) -> str:
    return ", ".join(f":{name}{i}" for i in range(count))


# SQLite's lower() and trim() fold less than the domain's casefold() and strip(), so
# an authority they call different may still be the home authority (the domain then
# says "not required"); one they call the same is the same to the domain too.
_CANDIDATES_SQL = REGISTER_SELECT + f"""
WHERE p.state <> :awaiting
  AND p.start_date <= :as_of
  AND (p.end_date IS NULL OR p.end_date >= :since)
  AND (p.arrangement IN ({_marks("arrangement", len(_ALWAYS_MONITORED_ARRANGEMENTS))})
       OR pr.provider_type IN ({_marks("type", len(_MONITORED_TYPES))})
       OR (p.provider_id IS NOT NULL
           AND lower(trim(pr.host_authority)) IS NOT lower(trim(:home))))
ORDER BY p.id
"""


def schedule_as_of(db: Database, as_of: date) -> list[ScheduleLine]:
    """One line per placement (ordered by placement id) with its status as of ``as_of``."""
    return build_schedule(register_placements(db), visit_coverage(db), as_of, home_authority(db),
                          draft_signoff_working_days(db))


def monitoring_candidates(db: Database, since: date, as_of: date,
                          home: str | None = None) -> list[RegisterPlacement]:
    """Every placement that may need a monitoring visit on some date from ``since`` to
    ``as_of``, and perhaps a few that do not (the domain rules decide), by id."""
    home = home_authority(db) if home is None else home
    params = {
        "awaiting": AWAITING_PROVISION, "as_of": as_of.isoformat(),
        "since": since.isoformat(), "home": home,
        **{f"arrangement{i}": a for i, a in enumerate(_ALWAYS_MONITORED_ARRANGEMENTS)},
        **{f"type{i}": t for i, t in enumerate(_MONITORED_TYPES)},
    }
    return [register_placement_from_row(r) for r in db.execute(_CANDIDATES_SQL, params)]


def monitored_schedule_as_of(db: Database, as_of: date) -> list[ScheduleLine]:
    """Schedule lines as of ``as_of`` of the placements that may need monitoring then:
    every overdue, due-soon and in-schedule line of :func:`schedule_as_of`, and the same."""
    home = home_authority(db)
    placements = monitoring_candidates(db, as_of, as_of, home)
    coverage = visit_coverage(db, {p.placement_id for p in placements})
    return build_schedule(placements, coverage, as_of, home, draft_signoff_working_days(db))


def kpis_as_of(db: Database, lines: list[ScheduleLine], as_of: date) -> Kpis:
    return compute_kpis(lines, completed_visit_dates_by_provider(db), as_of)
