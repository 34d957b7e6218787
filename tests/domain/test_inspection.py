"""The one rule for "below good", over every shipped framework's own terms."""

from __future__ import annotations

from datetime import date

import pytest

from placement_qa.domain.guardrail import (
    GuardrailException,
    PlacementBlocked,
    check_new_placement,
    guardrail_applies,
)
from placement_qa.domain.inspection import (
    Inspection,
    additional_visit_due,
    default_frameworks,
    fell_below_good,
    is_below_good,
    placements_to_flag,
    provider_concern,
)
from placement_qa.domain.register import RegisterPlacement

FRAMEWORKS = default_frameworks()
CARD = "Ofsted report card 2025"


def inspection(framework, outcome, inspectorate="Ofsted (education)", day=date(2025, 6, 1)):
    return Inspection(inspectorate, day, framework, outcome)


@pytest.mark.parametrize(
    ("framework", "outcome", "below"),
    [
        ("Ofsted EIF 2019 (graded)", {"overall": "Outstanding"}, False),
        ("Ofsted EIF 2019 (graded)", {"overall": "Good"}, False),
        ("Ofsted EIF 2019 (graded)", {"overall": "Requires improvement"}, True),
        ("Ofsted EIF 2019 (graded)", {"overall": "Inadequate"}, True),
        ("Ofsted EIF 2019 (graded)", {"overall": "Satisfactory"}, True),  # not on the scale
        ("Ofsted EIF 2019 (graded)", {}, True),  # nothing recorded
        (CARD, {"areas": {"Inclusion": "Exceptional", "Achievement": "Expected standard"},
                "safeguarding": "Met"}, False),
        (CARD, {"areas": {"Inclusion": "Strong standard", "Achievement": "Needs attention"},
                "safeguarding": "Met"}, True),
        (CARD, {"areas": {"Inclusion": "Urgent improvement"}, "safeguarding": "Met"}, True),
        (CARD, {"areas": {"Inclusion": "Exceptional"}, "safeguarding": "Not met"}, True),
        ("ISI 2023", {"standards": "Met"}, False),
        ("ISI 2023", {"standards": "Not met"}, True),
        ("SCCIF", {"overall": "Good"}, False),
        ("SCCIF", {"overall": "Requires improvement to be good"}, True),
        ("CQC single assessment framework", {"overall": "Inadequate"}, True),
        ("A framework nobody told us about", {"overall": "Good"}, True),
    ],
)
def test_below_good(framework, outcome, below):
    assert is_below_good(inspection(framework, outcome), FRAMEWORKS) is below


def test_every_shipped_framework_has_a_concern_and_a_good_value():
    for framework in FRAMEWORKS.by_name.values():
        for spec in framework.fields:
            assert spec.concern and spec.concern <= set(spec.scale), framework.name
            assert set(spec.scale) - spec.concern, framework.name


def test_provider_concern_takes_the_latest_inspection_of_each_inspectorate():
    history = [
        inspection("Ofsted EIF 2019 (graded)", {"overall": "Inadequate"}, day=date(2021, 3, 1)),
        inspection("Ofsted EIF 2019 (graded)", {"overall": "Good"}, day=date(2024, 3, 1)),
        inspection("SCCIF", {"overall": "Good"}, "Ofsted (social care)", date(2023, 1, 10)),
    ]
    assert provider_concern(history, FRAMEWORKS) is None
    # the social-care strand falls: the provider is a concern despite a good education grade
    history.append(inspection("SCCIF", {"overall": "Inadequate"}, "Ofsted (social care)",
                              date(2025, 10, 2)))
    concern = provider_concern(history, FRAMEWORKS)
    assert concern.reason == ("Ofsted (social care) inspection of 02/10/2025 (SCCIF) is below "
                              "good: Overall experiences and progress: Inadequate.")


def test_never_inspected_is_a_concern():
    assert provider_concern([], FRAMEWORKS).reason == "The provider has not been inspected yet."


RI = [inspection("Ofsted EIF 2019 (graded)", {"overall": "Requires improvement"},
                 day=date(2025, 6, 1))]


@pytest.mark.parametrize(
    ("start", "exception", "blocked"),
    [
        (date(2026, 1, 5), None, True),
        (date(2025, 6, 1), None, True),  # on the day of the inspection
        (date(2024, 9, 1), None, False),  # placed before the provider fell below good
        (date(2026, 1, 5), GuardrailException("Tribunal order", ""), True),
        (date(2026, 1, 5), GuardrailException(" ", "J. Manager"), True),
        (date(2026, 1, 5), GuardrailException("Tribunal order", "J. Manager"), False),
    ],
)
def test_guardrail_stops_new_placements_at_below_good_providers(start, exception, blocked):
    concern = provider_concern(RI, FRAMEWORKS)
    if blocked:
        with pytest.raises(PlacementBlocked) as stop:
            check_new_placement(concern, start, exception)
        assert "below good" in str(stop.value)
    else:
        check_new_placement(concern, start, exception)


def test_guardrail_message_says_what_is_missing():
    concern = provider_concern(RI, FRAMEWORKS)
    with pytest.raises(PlacementBlocked) as stop:
        check_new_placement(concern, date(2026, 1, 5), GuardrailException("Tribunal order", ""))
    assert str(stop.value).endswith("To go ahead, name the manager who approved it.")
    assert guardrail_applies(provider_concern([], FRAMEWORKS), date(2001, 1, 1))


# --- falling below good, and the additional visit it calls for ----------------

GOOD_2022 = inspection("Ofsted EIF 2019 (graded)", {"overall": "Good"}, day=date(2022, 3, 1))
RI_2025 = inspection("Ofsted EIF 2019 (graded)", {"overall": "Requires improvement"},
                     day=date(2025, 12, 8))
CARD_URGENT = inspection(CARD, {"areas": {"Inclusion": "Urgent improvement"},
                                "safeguarding": "Met"}, day=date(2026, 1, 12))
SOCIAL_RI = inspection("SCCIF", {"overall": "Requires improvement to be good"},
                       "Ofsted (social care)", date(2024, 2, 2))


@pytest.mark.parametrize(
    ("before", "after", "fell"),
    [
        ([GOOD_2022], [GOOD_2022, RI_2025], True),
        ([GOOD_2022], [GOOD_2022, CARD_URGENT], True),
        ([], [RI_2025], True),  # never inspected, first inspection below good
        ([], [GOOD_2022], False),
        ([GOOD_2022], [GOOD_2022], False),
        ([RI_2025], [RI_2025, CARD_URGENT], False),  # already below good
        ([GOOD_2022, SOCIAL_RI], [GOOD_2022, SOCIAL_RI, RI_2025], False),  # already a concern
        ([RI_2025], [RI_2025, inspection(CARD, {"areas": {"Inclusion": "Exceptional"},
                                                "safeguarding": "Met"}, day=date(2026, 1, 9))],
         False),  # improved
        ([GOOD_2022], [GOOD_2022, inspection("Ofsted EIF 2019 (graded)",
                                             {"overall": "Inadequate"}, day=date(2018, 1, 1))],
         False),  # an older inspection does not change the position
    ],
)
def test_fell_below_good(before, after, fell):
    concern = fell_below_good(before, after, FRAMEWORKS)
    assert (concern is not None) is fell
    if fell:
        assert "below good" in concern.reason


def placement(pid, start=date(2024, 9, 2), end=None, state="placed", due=None, flagged=None):
    return RegisterPlacement(
        placement_id=pid, child_id=pid, child_name="C", provider_id=1, provider_name="P",
        provider_type="independent_special", host_authority="Kent", start_date=start,
        end_date=end, arrangement="day", state=state, additional_visit_due=due,
        additional_visit_flagged_on=flagged,
    )


AS_OF = date(2026, 1, 20)


@pytest.mark.parametrize(
    ("p", "last", "flag"),
    [
        (placement(1), date(2025, 10, 15), True),
        (placement(2, end=date(2025, 7, 18)), None, False),  # ended
        (placement(3, end=AS_OF), None, True),  # ends today: still active
        (placement(4, start=date(2026, 2, 1)), None, False),  # not started
        (placement(5, state="awaiting_provision"), None, False),
        (placement(6, due=date(2026, 2, 1), flagged=date(2026, 1, 5)), None, False),  # earlier
        (placement(7, due=date(2026, 3, 3), flagged=date(2026, 1, 5)), None, False),  # same day
        (placement(8, due=date(2026, 6, 1), flagged=date(2026, 1, 5)), None, True),  # later
        # an earlier flag already met by a visit does not stand in the way
        (placement(9, due=date(2025, 6, 1), flagged=date(2025, 5, 1)), date(2025, 5, 20), True),
    ],
)
def test_which_placements_are_flagged(p, last, flag):
    found = placements_to_flag([p], {p.placement_id: last}, AS_OF, 6)
    assert (found == [p]) is flag
    assert additional_visit_due(AS_OF, 6) == date(2026, 3, 3)
