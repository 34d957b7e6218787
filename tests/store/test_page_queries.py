"""The pages' read queries on a small register built in words."""

from __future__ import annotations

from datetime import date

import pytest

from placement_qa.domain.guardrail import GuardrailException
from placement_qa.domain.pages import AwaitingChild, FollowUpAction, NotInRegister, age_on
from placement_qa.domain.register import (
    AWAITING_PROVISION,
    DAY,
    ELECTIVE_HOME_EDUCATION,
    VISIT_CANCELLED,
    VISIT_COMPLETED,
)
from placement_qa.domain.schedule import Status
from placement_qa.store import pages
from placement_qa.store.inspections import add_inspection
from placement_qa.store.register import add_child, add_placement, add_provider
from placement_qa.store.visits import add_visit

AS_OF = date(2026, 11, 22)
D = date


def child(db, name: str, **fields) -> int:
    given, _, family = name.partition(" ")
    return add_child(db, given_name=given, family_name=family, **fields)


def place(db, child_id, provider_id, start, **fields) -> int:
    return add_placement(db, child_id=child_id, provider_id=provider_id, start_date=start,
                         arrangement=fields.pop("arrangement", DAY), **fields)


def action(db, provider_id, description, due, status="open", owner="Head teacher") -> int:
    with db.atomic():
        return db["follow_up_actions"].insert({
            "provider_id": provider_id, "description": description, "owner": owner,
            "due_date": due.isoformat() if due else None, "status": status,
        }).last_pk


def below_good_provider(db, name="Hawthorn Lodge") -> int:
    provider_id = add_provider(db, name=name, provider_type="independent_special",
                               host_authority="Kent", urn="123456")
    add_inspection(db, provider_id=provider_id, inspectorate="Ofsted (education)",
                   inspected_on=D(2025, 3, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Requires improvement"})
    return provider_id


# --- a child -----------------------------------------------------------------


def test_child_details(db):
    child_id = child(db, "Zoë Łukasiewicz", date_of_birth=D(2012, 2, 29), case_ref="WB000001",
                     primary_need="ASD", ehcp_last_review=D(2025, 11, 1),
                     ehcp_next_review_due=D(2026, 5, 1))
    found = pages.child_details(db, child_id)
    assert found.name == "Zoë Łukasiewicz"
    assert (found.date_of_birth, found.case_ref, found.primary_need) == (
        D(2012, 2, 29), "WB000001", "ASD")
    assert (found.ehcp_last_review, found.ehcp_next_review_due) == (D(2025, 11, 1), D(2026, 5, 1))
    assert age_on(found.date_of_birth, AS_OF) == 14


def test_a_missing_child_or_provider_is_not_in_register(db):
    with pytest.raises(NotInRegister, match="no child with id 99"):
        pages.child_details(db, 99)
    with pytest.raises(NotInRegister, match="no provider with id 42"):
        pages.provider_details(db, 42)


@pytest.fixture
def amara(db, provider_rated_good):
    """Amara: an ended placement at Oakfield, a current one at Brookside, three visits."""
    oakfield = provider_rated_good(db, "Oakfield School")
    brookside = provider_rated_good(db, "Brookside School", urn="100001")
    amara = child(db, "Amara Okafor")
    ben = child(db, "Ben Carter")
    ended = place(db, amara, oakfield, D(2020, 9, 1), end_date=D(2023, 7, 20))
    current = place(db, amara, brookside, D(2023, 9, 4))
    bens = place(db, ben, brookside, D(2024, 9, 2))
    add_visit(db, provider_id=oakfield, visit_date=D(2022, 3, 1), placement_ids=[ended],
              status=VISIT_COMPLETED, visitors="A. Visitor")
    add_visit(db, provider_id=brookside, visit_date=D(2025, 10, 1),
              placement_ids=[current, bens], status=VISIT_COMPLETED)
    add_visit(db, provider_id=brookside, visit_date=D(2026, 3, 1), placement_ids=[current],
              status=VISIT_CANCELLED)
    add_visit(db, provider_id=brookside, visit_date=D(2026, 4, 1), placement_ids=[bens],
              status=VISIT_COMPLETED)
    return dict(child=amara, ben=ben, oakfield=oakfield, brookside=brookside,
                ended=ended, current=current, bens=bens)


def test_child_placements_newest_first_with_their_status(db, amara):
    lines = pages.child_placements(db, amara["child"], AS_OF)
    assert [line.placement.placement_id for line in lines] == [amara["current"], amara["ended"]]
    current, ended = lines
    assert current.placement.provider_name == "Brookside School"
    assert current.last_visit == D(2025, 10, 1)  # the cancelled visit does not count
    assert (current.next_due, current.status) == (D(2026, 10, 1), Status.OVERDUE)
    assert ended.status == Status.ENDED and ended.last_visit == D(2022, 3, 1)


def test_child_visits_are_only_those_that_covered_the_child(db, amara):
    visits = pages.child_visits(db, amara["child"])
    assert [(v.visit_date, v.provider_name, v.status) for v in visits] == [
        (D(2026, 3, 1), "Brookside School", VISIT_CANCELLED),
        (D(2025, 10, 1), "Brookside School", VISIT_COMPLETED),
        (D(2022, 3, 1), "Oakfield School", VISIT_COMPLETED),
    ]
    assert visits[-1].visitors == "A. Visitor"


# --- a provider ----------------------------------------------------------------


def test_provider_details(db):
    provider_id = add_provider(db, name="Riverside College", provider_type="independent_post16",
                               host_authority="Eastmoor", urn="654321", address="1 River Way",
                               postcode="EM1 1AA", arrangements="day_and_residential")
    found = pages.provider_details(db, provider_id)
    assert (found.name, found.urn, found.provider_type, found.host_authority) == (
        "Riverside College", "654321", "independent_post16", "Eastmoor")
    assert (found.address, found.postcode, found.arrangements) == (
        "1 River Way", "EM1 1AA", "day_and_residential")


def test_provider_current_placements_leave_out_ended_ones(db, amara):
    later = child(db, "Finn Green")
    starting = place(db, later, amara["brookside"], D(2027, 1, 5))
    lines = pages.provider_current_placements(db, amara["brookside"], AS_OF)
    assert [line.placement.placement_id for line in lines] == [
        starting, amara["bens"], amara["current"]]
    assert lines[0].status == Status.NOT_STARTED
    assert pages.provider_current_placements(db, amara["oakfield"], AS_OF) == []


def test_provider_visits_newest_first_with_children_covered(db, amara):
    visits = pages.provider_visits(db, amara["brookside"])
    assert [(v.visit_date, v.status, v.children_covered) for v in visits] == [
        (D(2026, 4, 1), VISIT_COMPLETED, 1),
        (D(2026, 3, 1), VISIT_CANCELLED, 1),
        (D(2025, 10, 1), VISIT_COMPLETED, 2),
    ]
    assert all(v.provider_name == "Brookside School" for v in visits)


def test_provider_open_actions_soonest_first(db, amara):
    brookside = amara["brookside"]
    action(db, brookside, "No date yet", None)
    action(db, brookside, "Send the restraint log", D(2026, 12, 1))
    action(db, brookside, "Update the risk assessment", D(2026, 10, 1), owner="SENCO")
    action(db, brookside, "Done already", D(2026, 1, 1), status="done")
    action(db, amara["oakfield"], "Someone else's", D(2026, 1, 1))
    found = pages.provider_open_actions(db, brookside)
    assert [a.description for a in found] == [
        "Update the risk assessment", "Send the restraint log", "No date yet"]
    assert found[0].owner == "SENCO"
    assert [a.is_overdue(AS_OF) for a in found] == [True, False, False]


def test_an_action_due_today_or_done_is_not_overdue():
    due_today = FollowUpAction(1, None, "x", "", AS_OF, "open")
    assert not due_today.is_overdue(AS_OF)
    assert FollowUpAction(1, None, "x", "", D(2026, 1, 1), "open").is_overdue(AS_OF)
    assert not FollowUpAction(1, None, "x", "", D(2026, 1, 1), "done").is_overdue(AS_OF)


# --- awaiting provision ----------------------------------------------------------


def awaiting(db, name, since, **fields) -> int:
    child_id = child(db, name)
    place(db, child_id, None, since, state=AWAITING_PROVISION,
          interim_support=fields.pop("interim", None), **fields)
    return child_id


def test_awaiting_provision_longest_wait_first(db, provider_rated_good):
    school = provider_rated_good(db, "Brookside School")
    short = awaiting(db, "Chloe Davies", D(2026, 9, 1), interim="Tuition 10 hours a week")
    long = awaiting(db, "Ali Khan", D(2026, 1, 10), interim="Outreach teacher")
    awaiting(db, "Ended Wait", D(2026, 1, 1), end_date=D(2026, 6, 30))  # placed since
    awaiting(db, "Not Yet", D(2026, 12, 1))  # need identified after the as-of date
    placed_now = awaiting(db, "Placed Now", D(2025, 1, 1))
    place(db, placed_now, school, D(2026, 4, 20))
    home_ed = awaiting(db, "Home Educated", D(2025, 6, 1))
    place(db, home_ed, None, D(2025, 9, 1), arrangement=ELECTIVE_HOME_EDUCATION)
    placed_later = awaiting(db, "Placed Later", D(2026, 5, 1))
    place(db, placed_later, school, D(2027, 1, 4))  # still waiting until it starts
    found = pages.awaiting_provision(db, AS_OF)
    assert [c.child_id for c in found] == [long, placed_later, short]
    first = found[0]
    assert (first.child_name, first.need_identified, first.interim_support) == (
        "Ali Khan", D(2026, 1, 10), "Outreach teacher")
    assert [c.weeks_waited(AS_OF) for c in found] == [45, 29, 11]


def test_weeks_waited_counts_whole_weeks():
    waiting = AwaitingChild(1, 1, "A", None, D(2026, 11, 15), "")
    assert waiting.weeks_waited(D(2026, 11, 21)) == 0
    assert waiting.weeks_waited(D(2026, 11, 22)) == 1
    assert waiting.weeks_waited(D(2026, 11, 1)) == 0  # never negative


# --- guardrail exceptions -----------------------------------------------------------


def test_guardrail_exceptions_and_their_count(db, provider_rated_good):
    hawthorn = below_good_provider(db)
    good = provider_rated_good(db, "Brookside School")
    place(db, child(db, "Ordinary Placement"), good, D(2026, 1, 5))
    first = place(db, child(db, "Amara Okafor"), hawthorn, D(2025, 9, 1),
                  guardrail=GuardrailException("Tribunal order", "J. Okonjo"))
    second = place(db, child(db, "Ben Carter"), hawthorn, D(2026, 9, 7),
                   guardrail=GuardrailException("No suitable alternative provision", "P. Shah"))
    found = pages.guardrail_exceptions(db)
    assert [g.placement_id for g in found] == [second, first]
    newest = found[0]
    assert (newest.child_name, newest.provider_name, newest.start_date) == (
        "Ben Carter", "Hawthorn Lodge", D(2026, 9, 7))
    assert (newest.reason, newest.approver) == ("No suitable alternative provision", "P. Shah")
    assert "Requires improvement" in newest.concern
    assert pages.guardrail_exception_count(db) == 2
    assert pages.guardrail_exception_count(db, since=D(2026, 9, 1)) == 1
    assert pages.guardrail_exception_count(db, since=D(2026, 9, 8)) == 0


def test_queries_use_their_indexes(db):
    plans = {
        "child": pages._PLACEMENTS_OF["child"],
        "provider": pages._PLACEMENTS_OF["provider"],
    }
    for name, sql in plans.items():
        plan = " ".join(str(r[3]) for r in db.execute(f"EXPLAIN QUERY PLAN {sql}", [1]))
        assert "USING INDEX idx_placements_" in plan, (name, plan)
    plan = " ".join(str(r[3]) for r in db.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM follow_up_actions WHERE provider_id = ? "
        "AND status = ? ORDER BY due_date IS NULL, due_date, id", [1, "open"]))
    assert "idx_actions_provider" in plan
