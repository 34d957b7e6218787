"""The overdue list's risk rule, by example: each factor's weight, the levels, the reason
in words, and the order (level, then days overdue)."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from placement_qa.domain.register import PLACED, RegisterPlacement
from placement_qa.domain.risk import WEIGHTS, RiskFacts, assess, by_risk
from placement_qa.domain.schedule import ScheduleLine, Status

AS_OF = date(2026, 11, 22)

PLACEMENT = RegisterPlacement(
    placement_id=1, child_id=1, child_name="Ayşe Yılmaz", provider_id=1,
    provider_name="Oakfield", provider_type="independent_special", host_authority="Kent",
    start_date=date(2024, 9, 1), end_date=None, arrangement="day", state=PLACED,
)


def line(days_overdue=1, placement_id=1, name="Ayşe Yılmaz", arrangement="day"):
    placement = replace(PLACEMENT, placement_id=placement_id, child_name=name,
                        arrangement=arrangement)
    return ScheduleLine(placement=placement, requires_monitoring=True, last_visit=None,
                        next_due=AS_OF - timedelta(days=days_overdue), status=Status.OVERDUE)


def test_the_weights_each_carry_a_reason_and_put_safeguarding_first():
    assert {key: points for key, (points, _) in WEIGHTS.items()} == {
        "safeguarding": 4, "causing_concern": 3, "below_good": 3, "events": 2,
        "high_actions": 2, "residential": 1}
    assert all(why.strip() for _, why in WEIGHTS.values())


@pytest.mark.parametrize(("facts", "days", "arrangement", "level", "score", "reason"), [
    (RiskFacts(), 1, "day", "Low", 0, "1 day overdue"),
    (RiskFacts(), 41, "day", "Low", 1, "41 days overdue"),
    (RiskFacts(), 200, "day", "Medium", 3, "200 days overdue"),          # days: at most 3
    (RiskFacts(below_good=True, event_counts={"restraint": 2}), 41, "day", "High", 6,
     "Below good · 2 restraints in the last 90 days · 41 days overdue"),
    (RiskFacts(safeguarding_at_last_visit=True), 10, "day", "Medium", 4,
     "Safeguarding concern at last visit · 10 days overdue"),
    (RiskFacts(causing_concern=True), 5, "residential_52_week", "Medium", 4,
     "Causing concern · Residential · 5 days overdue"),
    (RiskFacts(overdue_high_actions=2), 60, "day", "Medium", 4,
     "2 high-priority actions overdue · 60 days overdue"),
    (RiskFacts(overdue_high_actions=1), 3, "residential_weekly", "Medium", 3,
     "1 high-priority action overdue · Residential · 3 days overdue"),
    (RiskFacts(), -12, "day", "Low", 0, ""),                              # due soon
])
def test_level_score_and_reason(facts, days, arrangement, level, score, reason):
    risk = assess(line(days, arrangement=arrangement), facts, AS_OF)
    assert (risk.level, risk.score, risk.reason) == (level, score, reason)


def test_riskiest_first_then_longest_overdue():
    lines = [line(40, 1, "Ann Low"), line(5, 2, "Ben Concern"), line(30, 3, "Cal Concern"),
             line(400, 4, "Dee Medium"), line(2, 5, "Eve Safeguarding")]
    facts = {2: RiskFacts(causing_concern=True, safeguarding_at_last_visit=True),
             3: RiskFacts(causing_concern=True, below_good=True),
             5: RiskFacts(safeguarding_at_last_visit=True)}
    ranked = by_risk(lines, facts, AS_OF)
    assert [(ln.placement.child_name, risk.level) for ln, risk in ranked] == [
        ("Cal Concern", "High"), ("Ben Concern", "High"), ("Dee Medium", "Medium"),
        ("Eve Safeguarding", "Medium"), ("Ann Low", "Low")]


def test_an_event_raises_the_level():
    quiet = assess(line(40), RiskFacts(below_good=True), AS_OF)
    after = assess(line(40), RiskFacts(below_good=True,
                                       event_counts={"fixed_term_suspension": 1}), AS_OF)
    assert (quiet.level, after.level) == ("Medium", "High")
    assert "1 fixed-term suspension in the last 90 days" in after.reason
