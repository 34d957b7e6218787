"""Figure 2: the dashboard's overdue and due-soon lists vs one hand-written SQL query.

The app's path is the dashboard's and the overdue export's:
:func:`placement_qa.store.schedule.monitored_schedule_as_of` (the placements that may
need monitoring, narrowed in SQL, with their visit coverage, through the domain rules
of :mod:`placement_qa.domain.schedule`), then ``overdue_lines`` and ``due_soon_lines``
of :mod:`placement_qa.domain.dashboard`. (The dashboard reads the same candidates over
its year of history, so it reads a few more.) The baseline is the fastest single SQL
query we could write for the same placements, encoding the same rules:

* live as of D: not ended before D, not awaiting provision, started on or before D;
* requires monitoring: elective home education, residential, an independent or
  non-maintained provider type, or a provider in another authority;
* last visit: the latest completed visit covering the placement on or before D;
* next due: (last visit, or start date) + the interval in months, month ends clamped,
  or the additional visit's due date if earlier and still outstanding;
* overdue: next due before D; due soon: next due in D .. D+29.

Both run on the same open connection to the same file; the figure checks they
return the same placement ids (overdue and due soon separately) before timing.
Differences that cannot show in a stored register: the schema keeps the interval
within 1-12 (the domain clamps it too), and the home authority is compared with
SQLite's ``lower`` (ASCII only) where the domain uses ``casefold``.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from .common import AS_OF, Figure, Options, register, timed

TARGET_RATIO = 1.3

# Monthly arithmetic as add_months does it: the same day in the month ``n`` months on,
# or that month's last day when it is shorter.
_PLUS_MONTHS = """min(
    date({d}, 'start of month', '+' || {n} || ' months',
         '+' || (cast(strftime('%d', {d}) AS INTEGER) - 1) || ' days'),
    date({d}, 'start of month', '+' || ({n} + 1) || ' months', '-1 day'))"""

BASELINE_SQL = f"""
WITH live AS MATERIALIZED (
    SELECT p.id, p.start_date, p.visit_interval_months AS n,
           p.additional_visit_due AS extra_due, p.additional_visit_flagged_on AS flagged,
           (SELECT max(v.visit_date)
              FROM visit_placements vp JOIN monitoring_visits v ON v.id = vp.visit_id
             WHERE vp.placement_id = p.id AND v.status = 'completed'
               AND v.visit_date <= :as_of) AS last
    FROM placements p
    LEFT JOIN providers pr ON pr.id = p.provider_id
    WHERE (p.end_date IS NULL OR p.end_date >= :as_of)
      AND p.state <> 'awaiting_provision'
      AND p.start_date <= :as_of
      AND (p.arrangement IN ('elective_home_education', 'residential_weekly',
                             'residential_termly', 'residential_52_week')
           OR pr.provider_type IN ('independent_special', 'non_maintained_special',
                                   'independent_post16')
           OR (p.provider_id IS NOT NULL AND lower(trim(pr.host_authority)) <> :home))
), due AS (
    SELECT id,
           CASE WHEN extra_due IS NOT NULL AND (last IS NULL OR flagged IS NULL OR last < flagged)
                THEN min({_PLUS_MONTHS.format(d="coalesce(last, start_date)", n="n")}, extra_due)
                ELSE {_PLUS_MONTHS.format(d="coalesce(last, start_date)", n="n")}
           END AS next_due
    FROM live
)
SELECT id, next_due < :as_of AS overdue FROM due WHERE next_due < :soon
"""


def app_ids(db, as_of: date) -> tuple[set[int], set[int]]:
    """Overdue and due-soon placement ids the dashboard's own code finds."""
    from placement_qa.domain.dashboard import due_soon_lines, overdue_lines
    from placement_qa.store.schedule import monitored_schedule_as_of

    lines = monitored_schedule_as_of(db, as_of)
    overdue = {line.placement.placement_id for line in overdue_lines(lines)}
    soon = {line.placement.placement_id for line in due_soon_lines(lines)}
    return overdue, soon


def sql_ids(conn, as_of: date, home: str) -> tuple[set[int], set[int]]:
    """The same two sets from the one hand-written query."""
    params = {"as_of": as_of.isoformat(), "soon": (as_of + timedelta(days=30)).isoformat(),
              "home": home.strip().lower()}
    overdue, soon = set(), set()
    for placement_id, is_overdue in conn.execute(BASELINE_SQL, params):
        (overdue if is_overdue else soon).add(placement_id)
    return overdue, soon


def measure(path: Path, runs: int, as_of: date) -> tuple[list[float], list[float], str]:
    """App and baseline times (ms) on ``path``, after checking they agree; a note."""
    from placement_qa.store.connection import open_register
    from placement_qa.store.register import home_authority

    db = open_register(path, check=False, migrate=False)
    try:
        home = home_authority(db)
        app, sql = app_ids(db, as_of), sql_ids(db.conn, as_of, home)
        if app != sql:
            raise AssertionError(
                f"{path.name}: SQL and app disagree: overdue app-only "
                f"{sorted(app[0] - sql[0])[:5]}, sql-only {sorted(sql[0] - app[0])[:5]}; "
                f"due soon app-only {sorted(app[1] - sql[1])[:5]}, "
                f"sql-only {sorted(sql[1] - app[1])[:5]}")
        app_times = timed(lambda: app_ids(db, as_of), runs)
        sql_times = timed(lambda: sql_ids(db.conn, as_of, home), runs)
    finally:
        db.close()
    note = f"{len(app[0]):,} overdue + {len(app[1]):,} due soon; same ids from both"
    return app_times, sql_times, note


def figure_for(size: str, options: Options, *, number: int = 2) -> Figure:
    as_of = date.fromisoformat(AS_OF)
    app, base, note = measure(register(size), options.runs, as_of)
    fig = Figure(number, f"Overdue + due soon ({size})", app, base,
                 f"ratio ≤ {TARGET_RATIO}" if size == "large" else "report", note=note)
    if size == "large":
        fig.met = fig.ratio is not None and fig.ratio <= TARGET_RATIO
    return fig


def figures(options: Options) -> list[Figure]:
    sizes = ["large"] if options.quick else ["large", "national"]
    return [figure_for(size, options) for size in sizes]
