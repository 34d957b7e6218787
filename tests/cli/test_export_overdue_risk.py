"""``export overdue`` orders a small hand-built register by risk (level, then days overdue)
and says why in words: the rows match the table written here."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from command_line import run_cli

from placement_qa.domain.actions import NewAction
from placement_qa.domain.notifiable_events import NewEvent
from placement_qa.store import register
from placement_qa.store.actions import raise_action
from placement_qa.store.concerns import set_concern
from placement_qa.store.connection import open_register
from placement_qa.store.inspections import add_inspection
from placement_qa.store.notifiable_events import record_event
from placement_qa.store.visits import add_visit

AS_OF = date(2026, 11, 22)

# child, level, reason: the riskiest first, then the longest overdue
EXPECTED = [
    ("Dan Safe", "High",
     "Safeguarding concern at last visit · 1 high-priority action overdue · 113 days overdue"),
    ("Ben Below", "High", "Below good · 2 restraints in the last 90 days · 41 days overdue"),
    ("Amy Good", "Medium", "1 high-priority action overdue · 41 days overdue"),
    ("Cara Concern", "Medium", "Causing concern · Residential · 10 days overdue"),
    ("Eve Soon", "Low", "1 high-priority action overdue"),
]


def _provider(db, name) -> int:
    provider_id = register.add_provider(db, name=name, provider_type="independent_special",
                                        host_authority="Kent")
    add_inspection(db, provider_id=provider_id, inspectorate="Ofsted (education)",
                   inspected_on=date(2023, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    return provider_id


def _place(db, provider_id, name, start, arrangement="day") -> int:
    given, family = name.split(" ")
    child_id = register.add_child(db, given_name=given, family_name=family)
    return register.add_placement(db, child_id=child_id, provider_id=provider_id,
                                  start_date=start, arrangement=arrangement)


@pytest.fixture
def register_path(tmp_path):
    path = tmp_path / "register.db"
    db = open_register(path, create=True, os_user="a.manager")
    oak = _provider(db, "Oakfield House School")
    below = _provider(db, "Below Hall")
    court = _provider(db, "Concern Court")
    set_concern(db, court, reason="Staffing", since=date(2026, 10, 1), review_on=date(2027, 1, 1),
                by="A. Manager")
    _place(db, oak, "Amy Good", date(2025, 10, 12))                   # 41 days overdue
    dan = _place(db, oak, "Dan Safe", date(2024, 9, 1))
    _place(db, oak, "Eve Soon", date(2025, 12, 10))                   # due 10/12: due soon
    ben = _place(db, below, "Ben Below", date(2025, 10, 12))          # 41 days overdue
    _place(db, court, "Cara Concern", date(2025, 11, 12), "residential_52_week")
    add_inspection(db, provider_id=below, inspectorate="Ofsted (education)",   # after Ben came
                   inspected_on=date(2026, 1, 10), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Requires improvement"})
    visit = add_visit(db, provider_id=oak, visit_date=date(2025, 8, 1), placement_ids=[dan],
                      status="completed")                             # due 01/08/2026
    with db.conn:
        db.execute("UPDATE visit_placements SET safeguarding_concern = 1 WHERE visit_id = ?",
                   [visit])
    raise_action(db, NewAction(provider_id=oak, description="Fix the fire door",
                               owner_kind="other", owner="Head", due_date=date(2026, 11, 1),
                               priority="high"))
    raise_action(db, NewAction(provider_id=below, description="Send the policy",
                               owner_kind="other", owner="Head", due_date=date(2026, 11, 1),
                               priority="medium"))
    for day in (date(2026, 11, 1), date(2026, 11, 2)):
        record_event(db, NewEvent(provider_id=below, kind="restraint", occurred_on=day,
                                  reported_by_kind="provider", placement_id=ben), as_of=AS_OF)
    record_event(db, NewEvent(provider_id=below, kind="restraint", occurred_on=date(2026, 8, 1),
                              reported_by_kind="provider", placement_id=ben), as_of=AS_OF)
    db.close()
    return path


def test_export_overdue_orders_by_risk_and_gives_the_reason(register_path):
    result = run_cli("export", "overdue", "--db", str(register_path), "--as-of", "22/11/2026")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["Child"], r["Risk"], r["Risk reason"]) for r in rows] == EXPECTED
