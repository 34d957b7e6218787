"""A manager's cause for concern about a provider, kept in the register with its history."""

from datetime import date

import pytest

from placement_qa.domain.concerns import CauseForConcern, ConcernError
from placement_qa.domain.guardrail import GuardrailException, PlacementBlocked
from placement_qa.domain.schedule import Status
from placement_qa.store import records, register, settings
from placement_qa.store.audit import change_log
from placement_qa.store.concerns import (
    concern_periods,
    lift_concern,
    providers_causing_concern,
    set_concern,
)
from placement_qa.store.schedule import schedule_as_of
from placement_qa.store.timeline import provider_timeline
from placement_qa.store.visits import add_visit

SET_ON = date(2026, 2, 10)


@pytest.fixture
def placed(db, provider_rated_good):
    """Zoë placed at a good provider in 2025, visited on 01/09/2025: (provider, child)."""
    provider = provider_rated_good(db, name="Hillcrest House")
    child = register.add_child(db, given_name="Zoë", family_name="Łukasiewicz")
    placement = register.add_placement(db, child_id=child, provider_id=provider,
                                       start_date=date(2025, 1, 6), arrangement="day")
    add_visit(db, provider_id=provider, visit_date=date(2025, 9, 1),
              placement_ids=[placement], status="completed")
    return provider, child


def _line(db, as_of):
    [line] = schedule_as_of(db, as_of)
    return line.next_due, line.status


def _set(db, provider, **changes):
    values = {"reason": "Restraints not recorded", "since": SET_ON,
              "review_on": date(2026, 5, 1), "by": "Jo Manager", **changes}
    return set_concern(db, provider, **values)


def test_setting_it_brings_the_next_visit_forward_and_lifting_restores_it(db, placed):
    provider, _ = placed
    assert _line(db, date(2026, 6, 1)) == (date(2026, 9, 1), Status.IN_SCHEDULE)
    _set(db, provider)
    assert _line(db, date(2026, 6, 1)) == (date(2026, 5, 10), Status.OVERDUE)
    settings.set_setting(db, "concern_interval_months", "2")
    assert _line(db, date(2026, 3, 1)) == (date(2026, 4, 10), Status.IN_SCHEDULE)
    lift_concern(db, provider, reason="Records now kept", lifted_on=date(2026, 6, 2),
                 by="Jo Manager")
    assert _line(db, date(2026, 6, 1)) == (date(2026, 9, 1), Status.IN_SCHEDULE)


def test_a_new_placement_there_needs_a_reason_and_an_approver(db, placed):
    provider, child = placed
    _set(db, provider)
    with pytest.raises(PlacementBlocked, match="causing concern since 10/02/2026"):
        register.add_placement(db, child_id=child, provider_id=provider,
                               start_date=date(2026, 3, 2), arrangement="day")
    assert records.counts(db)["placements"] == 1
    made = register.add_placement(db, child_id=child, provider_id=provider,
                                  start_date=date(2026, 3, 2), arrangement="day",
                                  guardrail=GuardrailException("Tribunal order", "Jo Manager"))
    row = db["placements"].get(made)
    assert row["guardrail_concern"] == (
        "Provider causing concern since 10/02/2026: Restraints not recorded.")
    assert (row["guardrail_reason"], row["guardrail_approver"]) == ("Tribunal order",
                                                                    "Jo Manager")
    lift_concern(db, provider, reason="Resolved", lifted_on=date(2026, 4, 1), by="Jo Manager")
    register.add_placement(db, child_id=child, provider_id=provider,
                           start_date=date(2026, 4, 2), arrangement="day")  # allowed again


def test_each_period_is_kept_logged_and_on_the_timeline(db, placed):
    provider, _ = placed
    _set(db, provider)
    lift_concern(db, provider, reason="Records now kept", lifted_on=date(2026, 4, 1),
                 by="Jo Manager")
    _set(db, provider, reason="Exclusions", since=date(2026, 7, 1), review_on=date(2026, 9, 1))
    first, second = concern_periods(db, provider)
    assert (first.since, first.lifted_on, first.lift_reason) == (
        SET_ON, date(2026, 4, 1), "Records now kept")
    assert (second.since, second.lifted_on) == (date(2026, 7, 1), None)
    logged = [(e.operation, e.after.get("lifted_on")) for e in change_log(
        db, table="provider_concerns")]
    assert sorted(logged, key=str) == sorted(
        [("insert", None), ("update", "2026-04-01"), ("insert", None)], key=str)
    lines = [event.line for event in provider_timeline(db, provider)]
    assert lines[:3] == [
        "01/07/2026 — Cause for concern set: Exclusions (review by 01/09/2026) — by Jo Manager",
        "01/04/2026 — Cause for concern lifted: Records now kept — by Jo Manager",
        "10/02/2026 — Cause for concern set: Restraints not recorded (review by 01/05/2026) "
        "— by Jo Manager",
    ]


def test_providers_causing_concern_as_of_a_date(db, placed, provider_rated_good):
    provider, _ = placed
    other = provider_rated_good(db, name="Oakfield House School", urn="123456")
    _set(db, provider)
    lift_concern(db, provider, reason="Resolved", lifted_on=date(2026, 4, 1), by="Jo")
    _set(db, other, reason="Complaints", since=date(2026, 3, 1), review_on=date(2026, 6, 1))
    assert providers_causing_concern(db, date(2026, 2, 9)) == {}
    assert providers_causing_concern(db, date(2026, 3, 15)) == {
        provider: CauseForConcern(SET_ON, "Restraints not recorded", date(2026, 5, 1)),
        other: CauseForConcern(date(2026, 3, 1), "Complaints", date(2026, 6, 1)),
    }
    assert set(providers_causing_concern(db, date(2026, 4, 1))) == {other}


def test_bad_input_is_refused_in_words_and_writes_nothing(db, placed):
    provider, _ = placed
    before = change_log(db)
    with pytest.raises(ConcernError, match="Give the reason for concern"):
        _set(db, provider, reason="  ")
    with pytest.raises(ConcernError, match="nothing to lift"):
        lift_concern(db, provider, reason="Resolved", lifted_on=SET_ON, by="Jo")
    _set(db, provider)
    with pytest.raises(ConcernError, match="already causing concern since 10/02/2026"):
        _set(db, provider, since=date(2026, 3, 1))
    assert len(change_log(db)) == len(before) + 1
