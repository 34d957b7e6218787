"""An inspection recorded by hand flags a fallen provider's placements, like the Ofsted import."""

from datetime import date

from placement_qa.domain.inspection import Inspection
from placement_qa.store import register, visits
from placement_qa.store.downgrades import record_inspection
from placement_qa.store.schedule import schedule_as_of
from placement_qa.store.settings import set_setting

AS_OF = date(2026, 11, 22)
EIF = "Ofsted EIF 2019 (graded)"


def _placements(db, provider_rated_good):
    provider = provider_rated_good(db, "Oakfield House School")
    ids = {}
    for name, start, end in (("Zoë", date(2024, 9, 1), None),
                             ("Ayşe", date(2023, 9, 1), date(2025, 7, 20)),  # ended
                             ("Șerban", date(2025, 9, 1), None)):
        child = register.add_child(db, given_name=name, family_name="Test")
        ids[name] = register.add_placement(db, child_id=child, provider_id=provider,
                                           start_date=start, end_date=end, arrangement="day")
    visits.add_visit(db, provider_id=provider, visit_date=date(2026, 10, 1), status="completed",
                     placement_ids=[ids["Zoë"], ids["Șerban"]])
    return provider, ids


def _due(db):
    return {line.placement.placement_id: line.next_due for line in schedule_as_of(db, AS_OF)}


def test_a_hand_recorded_downgrade_flags_active_placements(db, provider_rated_good):
    provider, ids = _placements(db, provider_rated_good)
    set_setting(db, "additional_visit_weeks", "4")
    assert _due(db)[ids["Zoë"]] == date(2027, 10, 1)
    recorded = record_inspection(
        db, provider, Inspection("Ofsted (education)", date(2026, 11, 10), EIF,
                                 {"overall": "Inadequate"}), as_of=AS_OF)
    assert recorded.placements_flagged == 2 and recorded.due == date(2026, 12, 20)
    assert "Inadequate" in recorded.fell_below_good.reason
    due = _due(db)
    assert due[ids["Zoë"]] == due[ids["Șerban"]] == date(2026, 12, 20)
    assert db["placements"].get(ids["Ayşe"])["additional_visit_due"] is None


def test_a_good_inspection_flags_nothing(db, provider_rated_good):
    provider, ids = _placements(db, provider_rated_good)
    recorded = record_inspection(
        db, provider, Inspection("Ofsted (education)", date(2026, 11, 10), EIF,
                                 {"overall": "Good"}), as_of=AS_OF)
    assert (recorded.fell_below_good, recorded.placements_flagged) == (None, 0)
    assert _due(db)[ids["Zoë"]] == date(2027, 10, 1)


def test_a_provider_already_below_good_is_not_flagged_again(db, provider_rated_good):
    provider, _ = _placements(db, provider_rated_good)
    first = Inspection("Ofsted (education)", date(2026, 6, 1), EIF, {"overall": "Inadequate"})
    record_inspection(db, provider, first, as_of=date(2026, 6, 5))
    again = Inspection("Ofsted (education)", date(2026, 11, 10), EIF,
                       {"overall": "Requires improvement"})
    assert record_inspection(db, provider, again, as_of=AS_OF).placements_flagged == 0
