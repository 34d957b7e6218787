"""The dashboard's reads: open actions past due, completed visits by date, EHCP review dates."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from placement_qa.domain import dashboard as d
from placement_qa.domain.schedule import Status
from placement_qa.store import register
from placement_qa.store.dashboard import (
    child_reviews,
    completed_visit_dates,
    dashboard_as_of,
    open_actions_with_due_date,
)
from placement_qa.store.schedule import kpis_as_of, schedule_as_of
from placement_qa.store.visits import add_visit

AS_OF = date(2026, 11, 22)


def add_action(db, provider_id, description, due, status="open"):
    return db["follow_up_actions"].insert({
        "provider_id": provider_id, "description": description,
        "due_date": due.isoformat() if due else None, "status": status,
    }).last_pk


def test_open_actions_with_a_due_date_soonest_first(db, provider_rated_good):
    provider = provider_rated_good(db, host_authority="Kent")
    add_action(db, provider, "Later", date(2026, 12, 1))
    add_action(db, provider, "Sooner", date(2026, 10, 1))
    add_action(db, provider, "No date", None)
    add_action(db, provider, "Done already", date(2026, 1, 1), status="done")
    add_action(db, None, "With no provider", date(2026, 2, 1))
    actions = open_actions_with_due_date(db)
    assert [(a.description, a.provider_name, a.host_authority) for a in actions] == [
        ("With no provider", "", ""),
        ("Sooner", "Oakfield House School", "Kent"),
        ("Later", "Oakfield House School", "Kent"),
    ]


def test_completed_visit_dates_in_a_range_both_ends_included(db, provider_rated_good):
    provider = provider_rated_good(db)
    for day, status in [
        (date(2025, 12, 1), "completed"), (date(2025, 11, 30), "completed"),
        (AS_OF, "completed"), (date(2026, 6, 1), "planned"), (date(2026, 6, 2), "cancelled"),
        (date(2026, 11, 23), "completed"),
    ]:
        add_visit(db, provider_id=provider, visit_date=day, placement_ids=[], status=status)
    assert completed_visit_dates(db, date(2025, 12, 1), AS_OF) == [date(2025, 12, 1), AS_OF]


def test_child_reviews_read_both_dates(db):
    child = register.add_child(db, given_name="Zoë", family_name="Brennan",
                               ehcp_last_review=date(2025, 10, 1))
    reviews = child_reviews(db)
    assert [(r.child_id, r.child_name, r.last_review, r.next_review_due) for r in reviews] == [
        (child, "Zoë Brennan", date(2025, 10, 1), None)
    ]


def test_dashboard_agrees_with_the_register_schedule(db, provider_rated_good):
    provider = provider_rated_good(db)
    for number, start in enumerate([date(2024, 9, 1), date(2025, 1, 1), date(2026, 3, 1)]):
        child = register.add_child(db, given_name="Child", family_name=str(number))
        register.add_placement(db, child_id=child, provider_id=provider, start_date=start,
                               arrangement="day")
    figures = dashboard_as_of(db, AS_OF)
    lines = schedule_as_of(db, AS_OF)
    assert figures.kpis == kpis_as_of(db, lines, AS_OF)
    overdue = [line for line in lines if line.status == Status.OVERDUE]
    assert figures.tile(d.OVERDUE).count == len(overdue) == 2
    assert {r.placement_id for r in figures.tile(d.OVERDUE).rows} == {
        line.placement.placement_id for line in overdue
    }
    assert len(figures.history) == 12


def test_the_dashboard_figures_never_load_qt():
    code = (
        "import sys\n"
        "import placement_qa.domain.dashboard, placement_qa.store.dashboard\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
