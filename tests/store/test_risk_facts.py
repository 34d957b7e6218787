"""The risk facts read from the register: an event recorded raises the placement's risk
(one about the provider as a whole raises every child's there), and the facts of many
placements take as many queries as those of a few."""

from datetime import date

from placement_qa.domain.notifiable_events import NewEvent
from placement_qa.domain.risk import NO_FACTS, assess
from placement_qa.store import register
from placement_qa.store.notifiable_events import record_event
from placement_qa.store.risk import risk_facts
from placement_qa.store.schedule import schedule_as_of

AS_OF = date(2026, 11, 22)


def _placements(db, provider, count):
    for n in range(count):
        child = register.add_child(db, given_name="Child", family_name=f"Number{n}")
        register.add_placement(db, child_id=child, provider_id=provider,
                               start_date=date(2025, 9, 1), arrangement="day")
    return schedule_as_of(db, AS_OF)


def _risks(db, lines):
    facts = risk_facts(db, (line.placement for line in lines), AS_OF)
    return {line.placement.child_name:
            assess(line, facts.get(line.placement.placement_id, NO_FACTS), AS_OF)
            for line in lines}


def test_an_event_recorded_raises_the_placements_risk(db, provider_rated_good):
    provider = provider_rated_good(db)
    lines = _placements(db, provider, 2)
    before = _risks(db, lines)
    assert {r.reason for r in before.values()} == {"82 days overdue"}
    first = lines[0].placement
    record_event(db, NewEvent(provider_id=provider, kind="restraint", occurred_on=date(2026, 10, 1),
                              reported_by_kind="provider", placement_id=first.placement_id),
                 as_of=AS_OF)
    after = _risks(db, lines)
    raised = after[first.child_name]
    assert raised.score == before[first.child_name].score + 2
    assert raised.reason == "1 restraint in the last 90 days · 82 days overdue"
    other = next(name for name in after if name != first.child_name)
    assert after[other] == before[other]  # about one child: the other is as it was

    record_event(db, NewEvent(provider_id=provider, kind="complaint",
                              occurred_on=date(2026, 10, 2), reported_by_kind="social_care"),
                 as_of=AS_OF)
    assert _risks(db, lines)[other].reason == "1 complaint in the last 90 days · 82 days overdue"


def _statements(db, lines) -> int:
    seen = []
    db.conn.set_trace_callback(seen.append)
    try:
        risk_facts(db, (line.placement for line in lines), AS_OF)
    finally:
        db.conn.set_trace_callback(None)
    return len(seen)


def test_many_placements_take_no_more_queries_than_a_few(db, provider_rated_good):
    provider = provider_rated_good(db)
    few = _statements(db, _placements(db, provider, 2))
    many = _statements(db, _placements(db, provider, 40))
    assert many == few
