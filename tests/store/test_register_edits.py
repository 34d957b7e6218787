"""Editing children, providers and placements: one transaction each, logged, no-ops silent."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from placement_qa.domain.guardrail import GuardrailException, PlacementBlocked
from placement_qa.domain.register import Child, Placement, Provider
from placement_qa.domain.validation import FieldError
from placement_qa.store import records, register
from placement_qa.store.audit import change_log
from placement_qa.store.inspections import add_inspection


def _uuid(db, table, row_id):
    return db.execute(f"SELECT uuid FROM {table} WHERE id = ?", [row_id]).fetchone()[0]


def _log(db, table, row_id):
    return change_log(db, table=table, record_uuid=_uuid(db, table, row_id))


@pytest.fixture
def zoe(db):
    return register.add_child(db, given_name="Zoë", family_name="Brennan", case_ref="WB000001",
                              date_of_birth=date(2012, 4, 3))


@pytest.fixture
def placement(db, zoe, provider_rated_good):
    provider = provider_rated_good(db, "Oakfield House School", urn="123456")
    return register.add_placement(db, child_id=zoe, provider_id=provider,
                                  start_date=date(2025, 9, 1), arrangement="day")


def below_good_provider(db, name="Hillcrest House") -> int:
    provider = register.add_provider(db, name=name, urn="654321",
                                     provider_type="independent_special", host_authority="Kent")
    add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2025, 6, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Inadequate"})
    return provider


def test_update_child_logs_before_and_after(db, zoe):
    assert register.update_child(db, zoe, given_name="Zoe", ehcp_last_review=date(2026, 3, 1))
    [insert, update] = _log(db, "children", zoe)
    assert update.operation == "update"
    assert update.before["given_name"] == "Zoë" and update.after["given_name"] == "Zoe"
    assert update.after["ehcp_last_review"] == "2026-03-01"
    child = records.get_child(db, zoe)
    assert child == Child(zoe, "Zoe", "Brennan", date(2012, 4, 3), "WB000001", None,
                          date(2026, 3, 1), None)
    assert child.name == "Zoe Brennan"


def test_an_update_that_changes_nothing_writes_no_log_row(db, zoe, placement):
    before = len(change_log(db))
    assert not register.update_child(db, zoe, given_name="Zoë", family_name="Brennan",
                                     date_of_birth=date(2012, 4, 3))
    provider = records.get_placement(db, placement).provider_id
    assert not register.update_provider(db, provider, name="Oakfield House School", urn="123456")
    assert not register.update_placement(db, placement, start_date=date(2025, 9, 1),
                                         arrangement="day", annual_cost=None)
    assert not register.update_child(db, zoe)
    assert len(change_log(db)) == before


def test_keywords_not_given_are_left_as_they_are(db, zoe):
    register.update_child(db, zoe, primary_need="ASD")
    child = records.get_child(db, zoe)
    assert (child.given_name, child.case_ref, child.primary_need) == ("Zoë", "WB000001", "ASD")


def test_update_provider_changes_the_urn_and_logs_it(db, provider_rated_good):
    provider = provider_rated_good(db, "Oakfield House School", urn="123456")
    assert register.update_provider(db, provider, urn="223344", postcode="ME1 1AA")
    [*_, update] = _log(db, "providers", provider)
    assert (update.before["urn"], update.after["urn"]) == ("123456", "223344")
    assert records.get_provider(db, provider) == Provider(
        provider, "Oakfield House School", "independent_special", "Kent", "223344", None,
        "ME1 1AA", "day")
    assert records.provider_with_urn(db, "223344").provider_id == provider
    assert records.provider_with_urn(db, "123456") is None


def test_a_urn_another_provider_has_is_refused_and_nothing_written(db, provider_rated_good):
    first = provider_rated_good(db, "Oakfield", urn="123456")
    second = provider_rated_good(db, "Meadows", urn="222222")
    before = len(change_log(db))
    with pytest.raises(sqlite3.IntegrityError):
        register.update_provider(db, second, name="Meadows School", urn="123456")
    assert records.get_provider(db, second).name == "Meadows"
    assert records.get_provider(db, first).urn == "123456"
    assert len(change_log(db)) == before


def test_end_placement_sets_the_end_date_in_one_logged_change(db, placement):
    assert register.end_placement(db, placement, date(2026, 7, 20))
    assert records.get_placement(db, placement).end_date == date(2026, 7, 20)
    [_, update] = _log(db, "placements", placement)
    assert update.before["end_date"] is None and update.after["end_date"] == "2026-07-20"
    assert not register.end_placement(db, placement, date(2026, 7, 20))  # again: no-op
    assert len(_log(db, "placements", placement)) == 2


def test_an_end_date_before_the_start_is_refused_at_the_field(db, placement):
    before = len(change_log(db))
    with pytest.raises(FieldError) as raised:
        register.end_placement(db, placement, date(2025, 8, 31))
    assert raised.value.field == "End date"
    assert "before the start date 01/09/2025" in raised.value.message
    assert records.get_placement(db, placement).end_date is None
    assert len(change_log(db)) == before


def test_update_placement_changes_several_fields_in_one_log_row(db, placement):
    assert register.update_placement(db, placement, annual_cost=85000.0,
                                     visit_interval_months=6, arrangement="residential_weekly")
    [_, update] = _log(db, "placements", placement)
    assert update.after["annual_cost"] == 85000.0
    assert update.after["visit_interval_months"] == 6
    stored = records.get_placement(db, placement)
    assert isinstance(stored, Placement)
    assert (stored.arrangement, stored.visit_interval_months) == ("residential_weekly", 6)


def test_moving_a_placement_to_a_below_good_provider_meets_the_guardrail(db, placement):
    hillcrest = below_good_provider(db)
    before = len(change_log(db))
    with pytest.raises(PlacementBlocked):
        register.update_placement(db, placement, provider_id=hillcrest,
                                  start_date=date(2026, 1, 5))
    assert records.get_placement(db, placement).provider_id != hillcrest
    assert len(change_log(db)) == before
    register.update_placement(db, placement, provider_id=hillcrest, start_date=date(2026, 1, 5),
                              guardrail=GuardrailException("Tribunal order", "Jo Manager"))
    stored = records.get_placement(db, placement)
    assert (stored.guardrail_reason, stored.guardrail_approver) == ("Tribunal order",
                                                                     "Jo Manager")
    assert "Inadequate" in stored.guardrail_concern


def test_lists_are_in_name_order(db, provider_rated_good):
    register.add_child(db, given_name="Ben", family_name="Carter")
    register.add_child(db, given_name="Amara", family_name="Okafor")
    register.add_child(db, given_name="Ada", family_name="carter")
    assert [c.name for c in records.list_children(db)] == ["Ada carter", "Ben Carter",
                                                            "Amara Okafor"]
    provider_rated_good(db, "riverside", host_authority="Eastmoor")
    provider_rated_good(db, "Brookside", host_authority="Kent")
    assert [p.name for p in records.list_providers(db)] == ["Brookside", "riverside"]
    assert records.host_authorities(db) == ["Eastmoor", "Kent"]
    assert records.child_with_case_ref(db, "nope") is None
    assert records.get_child(db, 999) is None and records.get_provider(db, 999) is None


def test_active_placements_of_a_child(db, zoe, placement, provider_rated_good):
    other = provider_rated_good(db, "Riverside College")
    ended = register.add_placement(db, child_id=zoe, provider_id=other,
                                   start_date=date(2020, 9, 1), end_date=date(2024, 7, 20),
                                   arrangement="day")
    register.add_placement(db, child_id=zoe, provider_id=None, start_date=date(2025, 1, 1),
                           arrangement="day", state="awaiting_provision")
    active = records.active_placements_of_child(db, zoe, date(2026, 1, 5))
    assert [(p.placement_id, p.provider_name) for p in active] == [
        (placement, "Oakfield House School")]
    assert records.active_placements_of_child(db, zoe, date(2026, 1, 5),
                                               excluding=placement) == []
    assert [p.placement_id for p in records.active_placements_of_child(
        db, zoe, date(2024, 7, 20))] == [placement, ended]
