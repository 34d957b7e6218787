"""A placement at a below-good provider is refused unless reason and approver are kept."""

from datetime import date

import pytest

from placement_qa.domain.guardrail import GuardrailException, PlacementBlocked
from placement_qa.store import records, register
from placement_qa.store.audit import change_log
from placement_qa.store.inspections import add_inspection


@pytest.fixture
def below_good(db):
    provider = register.add_provider(db, name="Hillcrest House", urn="654321",
                                     provider_type="independent_special", host_authority="Kent")
    add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2025, 6, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Inadequate"})
    child = register.add_child(db, given_name="Ayşe", family_name="Yılmaz")
    return provider, child


def test_new_placement_at_a_below_good_provider_is_refused_and_nothing_written(db, below_good):
    provider, child = below_good
    with pytest.raises(PlacementBlocked, match="below good"):
        register.add_placement(db, child_id=child, provider_id=provider,
                               start_date=date(2026, 1, 5), arrangement="day")
    assert records.counts(db)["placements"] == 0


def test_with_reason_and_approver_it_goes_ahead_and_both_are_logged(db, below_good):
    provider, child = below_good
    placement = register.add_placement(
        db, child_id=child, provider_id=provider, start_date=date(2026, 1, 5), arrangement="day",
        guardrail=GuardrailException("Tribunal order", "Jo Manager"),
    )
    row = db["placements"].get(placement)
    assert (row["guardrail_reason"], row["guardrail_approver"]) == ("Tribunal order", "Jo Manager")
    assert "Inadequate" in row["guardrail_concern"]
    [entry] = change_log(db, table="placements")
    assert entry.after["guardrail_reason"] == "Tribunal order"
    assert entry.after["guardrail_approver"] == "Jo Manager"


def test_recording_a_placement_that_began_before_the_downgrade_is_allowed(db, below_good):
    provider, child = below_good
    placement = register.add_placement(db, child_id=child, provider_id=provider,
                                       start_date=date(2023, 9, 1), arrangement="day")
    assert db["placements"].get(placement)["guardrail_reason"] is None
