"""The officers list, visits assigned to officers, and each officer's caseload, as stored."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from placement_qa.domain.officers import MANAGER
from placement_qa.domain.planning import PlanningError
from placement_qa.domain.validation import FieldError
from placement_qa.store import officers, planning, register, settings
from placement_qa.store.audit import change_log
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.store.visit_notes import start_unplanned_visit
from placement_qa.store.visits import set_visit_status

AS_OF = date(2026, 11, 23)  # a Monday


def _uuid(db, table, row_id):
    return db.execute(f"SELECT uuid FROM {table} WHERE id = ?", [row_id]).fetchone()[0]


def _visit(db, visit_id):
    return db.execute("SELECT status, visitors, assigned_officer_id FROM monitoring_visits "
                      "WHERE id = ?", [visit_id]).fetchone()


@pytest.fixture
def team(db):
    """Amira Patel (officer) and Jo Moss (manager)."""
    patel = officers.add_officer(db, name="Amira Patel", initials="ap")
    moss = officers.add_officer(db, name="Jo Moss", initials="JM", role=MANAGER)
    return patel, moss


@pytest.fixture
def placement(db, provider_rated_good):
    """(provider id, placement id) of Zoë Łukasiewicz at a Good provider."""
    provider = provider_rated_good(db)
    child = register.add_child(db, given_name="Zoë", family_name="Łukasiewicz")
    return provider, register.add_placement(db, child_id=child, provider_id=provider,
                                            start_date=date(2025, 9, 1), arrangement="day")


def _plan(db, placement, day, officer_id=None, visitors=""):
    provider, placement_id = placement
    return planning.plan_visit(db, provider_id=provider, visit_date=day,
                               visit_type="annual_monitoring", visitors=visitors,
                               placement_ids=[placement_id], officer_id=officer_id)


def test_officers_are_added_edited_and_ended_each_logged(db, team):
    patel, moss = team
    assert [(o.name, o.initials, o.role, o.active) for o in officers.list_officers(db)] == [
        ("Amira Patel", "AP", "officer", True), ("Jo Moss", "JM", "manager", True)]
    assert officers.edit_officer(db, patel, name="Amira Patel-Shah", initials="APS",
                                 role="officer")
    assert not officers.edit_officer(db, patel, name="Amira Patel-Shah", initials="APS",
                                     role="officer")  # the same again writes nothing
    assert officers.end_officer(db, moss) and not officers.end_officer(db, moss)
    assert officers.get_officer(db, moss).active is False
    logged = change_log(db, table="officers")
    assert [(e.operation, e.record_uuid) for e in logged] == [
        ("insert", _uuid(db, "officers", patel)), ("insert", _uuid(db, "officers", moss)),
        ("update", _uuid(db, "officers", patel)), ("update", _uuid(db, "officers", moss))]
    assert logged[3].before["active"] == 1 and logged[3].after["active"] == 0
    assert {e.os_user for e in logged} == {"a.officer"}


def test_a_refused_officer_writes_nothing(db, team):
    before = len(change_log(db))
    with pytest.raises(FieldError, match="Jo Moss is already an officer"):
        officers.add_officer(db, name="jo  moss", initials="JMO")
    with pytest.raises(FieldError, match="AP are already Amira Patel's initials"):
        officers.edit_officer(db, team[1], name="Jo Moss", initials="AP", role="manager")
    assert len(change_log(db)) == before and len(officers.list_officers(db)) == 2


def test_the_register_itself_refuses_an_impossible_officer(db):
    for record in ({"name": " ", "initials": "X"}, {"name": "X", "initials": "X",
                                                     "role": "boss"}):
        with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
            register.insert_many(db, "officers", [record])


def test_a_planned_visit_is_assigned_and_its_visitors_are_the_officer(db, team, placement):
    patel, moss = team
    visit = _plan(db, placement, date(2026, 12, 7), officer_id=patel)
    assert _visit(db, visit) == ("planned", "Amira Patel", patel)
    [logged] = change_log(db, record_uuid=_uuid(db, "monitoring_visits", visit))
    assert logged.after["assigned_officer_id_uuid"] == _uuid(db, "officers", patel)
    assert officers.assign_visit(db, visit, moss)
    assert _visit(db, visit) == ("planned", "Jo Moss", moss)  # was the officer's name
    assert not officers.assign_visit(db, visit, moss)


def test_visitors_typed_by_hand_stay_when_the_visit_is_reassigned(db, team, placement):
    patel, moss = team
    visit = _plan(db, placement, date(2026, 12, 7), visitors="R. Singh, A. Patel")
    assert _visit(db, visit) == ("planned", "R. Singh, A. Patel", None)  # as before officers
    officers.assign_visit(db, visit, moss)
    assert _visit(db, visit) == ("planned", "R. Singh, A. Patel", moss)


def test_an_ended_officer_gets_no_new_visit_and_a_closed_visit_is_not_reassigned(
        db, team, placement):
    patel, moss = team
    officers.end_officer(db, moss)
    before = len(change_log(db))
    with pytest.raises(FieldError, match="Jo Moss has left the team"):
        _plan(db, placement, date(2026, 12, 7), officer_id=moss)
    assert len(change_log(db)) == before  # no half-planned visit
    visit = _plan(db, placement, date(2026, 12, 7), officer_id=patel)
    with pytest.raises(FieldError, match="Jo Moss has left the team"):
        officers.assign_visit(db, visit, moss)
    set_visit_status(db, visit, "cancelled", reason="School closed")
    with pytest.raises(PlanningError, match="only a planned visit or a draft"):
        officers.assign_visit(db, visit, patel)


def test_renaming_an_officer_renames_their_open_visits_only(db, team, placement):
    patel, _ = team
    open_visit = _plan(db, placement, date(2026, 12, 7), officer_id=patel)
    done = _plan(db, placement, date(2026, 6, 1), officer_id=patel)
    planning.complete_visit(db, done)
    officers.edit_officer(db, patel, name="Amira Shah", initials="AS", role="officer")
    assert _visit(db, open_visit)[1] == "Amira Shah"
    assert _visit(db, done)[1] == "Amira Patel"  # what the signed record said stays


def test_an_unplanned_visit_is_started_for_an_officer(db, team, placement):
    ensure_default_framework(db)
    provider, placement_id = placement
    visit = start_unplanned_visit(db, provider_id=provider, visit_date=date(2026, 11, 20),
                                  visit_type="annual_monitoring", visitors="",
                                  placement_ids=[placement_id], officer_id=team[0])
    assert _visit(db, visit) == ("draft", "Amira Patel", team[0])


def test_caseloads_as_of_a_date_use_the_draft_setting(db, team, placement):
    patel, moss = team
    ensure_default_framework(db)
    _plan(db, placement, date(2026, 11, 20), officer_id=patel)   # overdue
    _plan(db, placement, date(2026, 11, 26), officer_id=patel)   # due
    _plan(db, placement, date(2027, 2, 1), officer_id=moss)      # planned
    _plan(db, placement, date(2027, 2, 1))                       # nobody's
    provider, placement_id = placement
    start_unplanned_visit(db, provider_id=provider, visit_date=date(2026, 11, 2),
                          visit_type="annual_monitoring", visitors="",
                          placement_ids=[placement_id], officer_id=moss)  # 15 working days
    rows = [(c.name, c.planned, c.due, c.overdue, c.drafts_late)
            for c in officers.caseloads_as_of(db, AS_OF)]
    assert rows == [("Amira Patel", 0, 1, 1, 0), ("Jo Moss", 1, 0, 0, 1),
                    ("Not assigned", 1, 0, 0, 0)]
    settings.set_setting(db, "draft_signoff_working_days", "15")
    assert [c.drafts_late for c in officers.caseloads_as_of(db, AS_OF)] == [0, 0, 0]
    assert officers.placements_of_officer(db, patel) == {placement_id}


def test_a_register_without_officers_has_no_caseloads(db, placement):
    _plan(db, placement, date(2026, 11, 20))
    assert officers.caseloads_as_of(db, AS_OF) == ()
