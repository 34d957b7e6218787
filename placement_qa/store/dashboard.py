"""The stored facts the dashboard needs, loaded once (see :mod:`..domain.dashboard`).

Placements and visit coverage come from the same reads as the register's
schedule, narrowed to the placements that may need monitoring in the year shown
(:func:`.schedule.monitoring_candidates`), so the dashboard's figures are the
register's. The overdue-review tile reads the placements of just the children whose
review is overdue. The rest is
parameterised SQL: open follow-up actions (``idx_actions_provider`` serves a
provider's look-up; the dashboard reads every open action), completed visit
dates, children's EHCP review dates and the children awaiting provision.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlite_utils import Database

from ..domain.action_chase import escalation_due_words
from ..domain.dashboard import (
    EVENT_DAYS,
    OVERDUE_ACTIONS,
    AwaitingRecord,
    ChildReview,
    DashboardFigures,
    DashboardInputs,
    OpenAction,
    dashboard_figures,
    month_ends,
    overdue_review_children,
)
from ..domain.dates import from_iso
from ..domain.register import VISIT_COMPLETED
from .action_chases import escalations_due
from .concerns import concerned_providers
from .countersign import reviewed_notes
from .notifiable_events import events_between
from .officers import caseloads_as_of
from .pages import awaiting_provision
from .planning import last_schedule_review
from .records import placements_of_children
from .risk import risk_facts
from .schedule import monitoring_candidates
from .settings import countersign_working_days, draft_signoff_working_days, home_authority
from .visits import completed_visit_dates_by_provider, visit_coverage

_OPEN_ACTIONS_SQL = """
SELECT a.id, a.provider_id, coalesce(pr.name, ''), coalesce(pr.host_authority, ''),
       a.description, a.due_date
FROM follow_up_actions a
LEFT JOIN providers pr ON pr.id = a.provider_id
WHERE a.status IN ('open', 'in_progress') AND a.due_date IS NOT NULL
ORDER BY a.due_date, a.id
"""


def open_actions_with_due_date(db: Database) -> list[OpenAction]:
    """Open follow-up actions that have a due date, soonest due first."""
    return [
        OpenAction(action_id=r[0], provider_id=r[1], provider_name=r[2], host_authority=r[3],
                   description=r[4], due_date=date.fromisoformat(r[5]))
        for r in db.execute(_OPEN_ACTIONS_SQL).fetchall()
    ]


def completed_visit_dates(db: Database, start: date, end: date) -> list[date]:
    """The date of every completed visit from ``start`` to ``end`` (both included)."""
    rows = db.execute(
        "SELECT visit_date FROM monitoring_visits "
        "WHERE status = ? AND visit_date BETWEEN ? AND ? ORDER BY visit_date",
        [VISIT_COMPLETED, start.isoformat(), end.isoformat()],
    ).fetchall()
    return [date.fromisoformat(r[0]) for r in rows]


def child_reviews(db: Database) -> list[ChildReview]:
    """Every child's EHCP last review and recorded next review due."""
    rows = db.execute(
        "SELECT id, trim(given_name || ' ' || family_name), ehcp_last_review, "
        "ehcp_next_review_due FROM children ORDER BY id"
    ).fetchall()
    return [ChildReview(r[0], r[1], from_iso(r[2]), from_iso(r[3])) for r in rows]


def dashboard_inputs(db: Database, as_of: date, history_start: date) -> DashboardInputs:
    """Everything :func:`..domain.dashboard.dashboard_figures` needs as of ``as_of``."""
    awaiting = [
        AwaitingRecord(a.child_id, a.child_name, a.need_identified)
        for a in awaiting_provision(db, as_of)
    ]
    home = home_authority(db)
    placements = monitoring_candidates(db, history_start, as_of, home)
    reviews = child_reviews(db)
    return DashboardInputs(
        placements=placements,
        coverage=visit_coverage(db, {p.placement_id for p in placements}),
        home_authority=home,
        completed_by_provider=completed_visit_dates_by_provider(db),
        completed_visit_dates=completed_visit_dates(db, history_start, as_of),
        open_actions=open_actions_with_due_date(db),
        reviews=reviews,
        awaiting=awaiting,
        review_placements=placements_of_children(db, overdue_review_children(reviews, as_of)),
        recent_events=events_between(db, as_of - timedelta(days=EVENT_DAYS - 1), as_of),
        draft_days=draft_signoff_working_days(db),
        reviewed_notes=reviewed_notes(db),
        countersign_days=countersign_working_days(db),
        concerned=concerned_providers(db, as_of),
        risk_facts=risk_facts(db, placements, as_of),
    )


def dashboard_as_of(db: Database, as_of: date) -> DashboardFigures:
    """The dashboard's figures as of ``as_of``, read from the register in one go."""
    history_start = month_ends(as_of)[0].replace(day=1)
    figures = dashboard_figures(dashboard_inputs(db, as_of, history_start), as_of)
    review = last_schedule_review(db, as_of.strftime("%Y-%m"))
    figures = with_escalations_due(figures, escalations_due(db, as_of))
    return replace(figures, schedule_review=review, caseloads=caseloads_as_of(db, as_of),
                   draft_days=draft_signoff_working_days(db))


def with_escalations_due(figures: DashboardFigures, due: int) -> DashboardFigures:
    """The figures with "of which N due for escalation to the contract manager" under the
    follow-up actions past due (issue 18: actions that age)."""
    words = escalation_due_words(due)
    if not words:
        return figures
    return replace(figures, tiles=tuple(replace(t, detail=words) if t.key == OVERDUE_ACTIONS
                                        else t for t in figures.tiles))
