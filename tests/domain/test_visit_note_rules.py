"""The rules of recording a visit: what each child's welfare section needs, the
form's checklist, what stops sign-off, and how an amendment's changes are shown."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from placement_qa.domain.framework import parse_framework
from placement_qa.domain.note_checklist import (
    checklist,
    child_missing,
    child_page,
    missing_for_sign_off,
    section_page,
)
from placement_qa.domain.visit_note import (
    DETAILS_PAGE,
    OBSERVATIONS_PAGE,
    OVERALL_PAGE,
    ChildRecord,
    FindingEntry,
    VisitNote,
    record_changes,
)

FRAMEWORK = parse_framework({
    "name": "Test framework",
    "version": 1,
    "scale": [{"key": "strong", "label": "Strong"}, {"key": "secure", "label": "Secure"},
              {"key": "concern", "label": "Cause for concern", "concern": True}],
    "sections": [
        {"key": "safe", "title": "Safeguarding", "criteria": [
            {"key": "incidents", "prompt": "Incident logs", "mandatory": True},
            {"key": "dsl", "prompt": "DSL arrangements"},
        ]},
        {"key": "learning", "title": "Education", "criteria": [
            {"key": "timetable", "prompt": "Full-time timetable", "mandatory": True},
        ]},
    ],
})

COMPLETE_CHILD = ChildRecord(
    placement_id=7, child_name="Zoë Łukasiewicz", seen=True, spoken_with=True,
    views="“I like the cooking lessons but the bus is too long.”",
    views_how="Talked with her and her key worker", attendance="94% this term",
    safeguarding_concern=False, progress="On track for both outcomes", early_review=False)


def complete_note(**changes) -> VisitNote:
    note = VisitNote(
        visit_id=1, provider_id=3, provider_name="Oakfield School",
        visit_date=date(2026, 11, 3), visit_type="annual_monitoring", status="draft",
        framework_version_id=1, visitors="J. Okafor",
        findings={"incidents": FindingEntry("secure", "Log seen"),
                  "dsl": FindingEntry("strong", "DSL met"),
                  "timetable": FindingEntry("secure", "Timetable seen")},
        children=(COMPLETE_CHILD,), overall_rag="good", summary="A good visit.")
    return replace(note, **changes)


# --- one child's welfare section -------------------------------------------------------

@pytest.mark.parametrize(("changes", "missing"), [
    ({}, []),
    ({"seen": None}, ["say whether they were seen"]),
    ({"seen": False}, ["say why they were not seen"]),
    ({"seen": False, "not_seen_reason": "   "}, ["say why they were not seen"]),
    ({"seen": False, "not_seen_reason": "Off sick on the day — phoned the next day"}, []),
    ({"spoken_with": None}, ["say whether they were spoken with"]),
    ({"spoken_with": False}, []),
    ({"views": ""}, ["record their views (or why they could not be gathered)"]),
    ({"views": "  ", "views_how": ""}, ["record their views (or why they could not be gathered)"]),
    ({"views_how": ""}, ["say how their views were gathered"]),
    ({"attendance": " "}, ["record attendance this term"]),
    ({"safeguarding_concern": None}, ["say whether there is a safeguarding concern"]),
    ({"safeguarding_concern": True}, ["say what was done about the safeguarding concern"]),
    ({"safeguarding_concern": True, "safeguarding_action": "DSL referred the same day"}, []),
    ({"safeguarding_action": "Nothing to do"}, []),
    ({"progress": ""}, ["record progress towards EHCP outcomes"]),
    ({"early_review": None}, ["say whether an early review of the EHCP is needed"]),
    ({"early_review": True}, []),
    ({"seen": None, "attendance": "", "early_review": None},
     ["say whether they were seen", "record attendance this term",
      "say whether an early review of the EHCP is needed"]),
], ids=lambda value: repr(value) if isinstance(value, dict) else None)
def test_a_childs_welfare_section_lists_what_it_still_needs(changes, missing):
    assert child_missing(replace(COMPLETE_CHILD, **changes)) == missing


@pytest.mark.parametrize("child", [
    ChildRecord(7), ChildRecord(7, child_name="Zoë Łukasiewicz"),
])
def test_an_untouched_welfare_section_is_reported_as_empty(child):
    assert child.is_empty()
    assert child_missing(child) == ["the welfare section is empty"]


# --- the form's checklist --------------------------------------------------------------

def test_the_checklist_has_every_page_in_order():
    second = replace(COMPLETE_CHILD, placement_id=9, child_name="")
    items = checklist(FRAMEWORK, complete_note(children=(COMPLETE_CHILD, second)))
    assert [(i.page, i.title) for i in items] == [
        (DETAILS_PAGE, "Visit details"),
        (section_page("safe"), "Safeguarding"),
        (section_page("learning"), "Education"),
        (OBSERVATIONS_PAGE, "Observations and interviews"),
        (child_page(7), "Zoë Łukasiewicz"),
        (child_page(9), "Placement 9"),
        (OVERALL_PAGE, "Overall judgement"),
    ]
    assert all(item.complete for item in items)


@pytest.mark.parametrize(("findings", "safe", "learning"), [
    ({}, (0, 2, False), (0, 1, False)),
    ({"dsl": FindingEntry("strong")}, (1, 2, False), (0, 1, False)),
    ({"incidents": FindingEntry("secure")}, (1, 2, True), (0, 1, False)),
    ({"incidents": FindingEntry(None, "Evidence only")}, (0, 2, False), (0, 1, False)),
    ({"incidents": FindingEntry("secure"), "timetable": FindingEntry("concern")},
     (1, 2, True), (1, 1, True)),
    ({"incidents": FindingEntry("secure"), "dsl": FindingEntry("outstanding")},
     (1, 2, False), (0, 1, False)),
])
def test_each_section_shows_how_many_criteria_are_rated(findings, safe, learning):
    items = {i.page: i for i in checklist(FRAMEWORK, complete_note(findings=findings))}
    for key, (rated, total, complete) in (("safe", safe), ("learning", learning)):
        item = items[section_page(key)]
        assert (item.rated, item.total, item.complete) == (rated, total, complete)


# --- what stops sign-off ---------------------------------------------------------------

@pytest.mark.parametrize(("changes", "lines"), [
    ({}, []),
    ({"visitors": "  "}, ["Visit details: Say who visited"]),
    ({"findings": {"dsl": FindingEntry("strong")}},
     ["Safeguarding: “Incident logs” is not rated",
      "Education: “Full-time timetable” is not rated"]),
    ({"findings": {"incidents": FindingEntry("secure"), "timetable": FindingEntry("good")}},
     ["Education: “Full-time timetable” has a rating not on the scale (good)"]),
    ({"findings": {"incidents": FindingEntry("secure"), "timetable": FindingEntry("secure"),
                   "dsl": FindingEntry("great")}},
     ["Safeguarding: “DSL arrangements” has a rating not on the scale (great)"]),
    ({"children": (replace(COMPLETE_CHILD, seen=False),)},
     ["Zoë Łukasiewicz: say why they were not seen"]),
    ({"children": (ChildRecord(9),)}, ["Placement 9: the welfare section is empty"]),
    ({"children": ()}, ["Visit details: the visit covers no child"]),
    ({"overall_rag": None}, ["Overall judgement: Choose the overall judgement"]),
    ({"overall_rag": ""}, ["Overall judgement: Choose the overall judgement"]),
    ({"overall_rag": "green"}, ["Overall judgement: 'green' is not one of the judgements "
                                "(Outstanding, Good, Requires improvement, Inadequate)"]),
    ({"summary": " "}, ["Overall judgement: Write a summary"]),
], ids=lambda value: repr(value)[:60] if isinstance(value, dict) else None)
def test_sign_off_lists_what_is_missing_and_where(changes, lines):
    assert missing_for_sign_off(FRAMEWORK, complete_note(**changes)) == lines


def test_everything_missing_is_listed_page_by_page():
    note = complete_note(visitors="", findings={}, children=(ChildRecord(7, "Zoë"),),
                         overall_rag=None, summary="")
    assert [line.split(":")[0] for line in missing_for_sign_off(FRAMEWORK, note)] == [
        "Visit details", "Safeguarding", "Education", "Zoë", "Overall judgement",
        "Overall judgement"]


@pytest.mark.parametrize("rag", ["outstanding", "good", "requires_improvement", "inadequate"])
def test_every_rag_on_the_councils_key_can_be_signed_off(rag):
    assert missing_for_sign_off(FRAMEWORK, complete_note(overall_rag=rag)) == []


# --- how an amendment's changes are shown ---------------------------------------------

@pytest.mark.parametrize(("after", "change"), [
    ({"visit_date": date(2026, 11, 4)},
     ("visit.visit_date", "Visit date", "03/11/2026", "04/11/2026")),
    ({"visitors": "J. Okafor, P. Nowak"},
     ("visit.visitors", "Who visited", "J. Okafor", "J. Okafor, P. Nowak")),
    ({"overall_rag": "requires_improvement"},
     ("visit.overall_rag", "Overall judgement", "Good", "Requires improvement")),
    ({"summary": "Amended summary."},
     ("visit.summary", "Summary", "A good visit.", "Amended summary.")),
    ({"findings": {"incidents": FindingEntry("concern", "Log seen"),
                   "dsl": FindingEntry("strong", "DSL met"),
                   "timetable": FindingEntry("secure", "Timetable seen")}},
     ("finding.incidents.rating", "Safeguarding: Incident logs — rating", "Secure",
      "Cause for concern")),
    ({"findings": {"incidents": FindingEntry("secure", "Log seen"),
                   "dsl": FindingEntry("strong", "DSL met"),
                   "timetable": FindingEntry("secure", "Timetable seen and checked")}},
     ("finding.timetable.evidence", "Education: Full-time timetable — evidence",
      "Timetable seen", "Timetable seen and checked")),
    ({"children": (replace(COMPLETE_CHILD, early_review=True),)},
     ("child.7.early_review", "Zoë Łukasiewicz: Early review of the EHCP needed", "No", "Yes")),
    ({"children": (replace(COMPLETE_CHILD, safeguarding_concern=None),)},
     ("child.7.safeguarding_concern", "Zoë Łukasiewicz: Safeguarding concern", "No", "")),
    ({"children": (replace(COMPLETE_CHILD, attendance="91% this term"),)},
     ("child.7.attendance", "Zoë Łukasiewicz: Attendance this term", "94% this term",
      "91% this term")),
], ids=lambda value: repr(value)[:50] if isinstance(value, dict) else None)
def test_an_amendment_shows_each_change_as_the_user_sees_it(after, change):
    changes = record_changes(FRAMEWORK, complete_note(), complete_note(**after))
    assert [(c.field, c.label, c.before, c.after) for c in changes] == [change]


def test_a_rating_added_where_there_was_none_shows_blank_before():
    before = complete_note(findings={})
    changes = record_changes(FRAMEWORK, before, complete_note(findings={
        "dsl": FindingEntry("strong")}))
    assert [(c.label, c.before, c.after) for c in changes] == [
        ("Safeguarding: DSL arrangements — rating", "", "Strong")]


def test_a_child_without_a_name_is_labelled_by_placement_in_changes():
    nameless = replace(COMPLETE_CHILD, child_name="")
    changes = record_changes(FRAMEWORK, complete_note(children=(nameless,)),
                             complete_note(children=(replace(nameless, seen=False),)))
    assert [(c.label, c.before, c.after) for c in changes] == [("Placement 7: Seen", "Yes", "No")]


@pytest.mark.parametrize("same", [
    {}, {"status": "completed", "signed_off_by": "A. Manager", "position": "child:7"},
])
def test_status_sign_off_and_form_position_are_not_changes(same):
    assert record_changes(FRAMEWORK, complete_note(), complete_note(**same)) == []


def test_several_changes_come_in_the_order_of_the_note():
    after = complete_note(summary="Changed.", overall_rag="inadequate",
                          children=(replace(COMPLETE_CHILD, seen=False,
                                            not_seen_reason="Off sick"),))
    assert [c.field for c in record_changes(FRAMEWORK, complete_note(), after)] == [
        "visit.overall_rag", "visit.summary", "child.7.seen", "child.7.not_seen_reason"]


# --- a follow-up visit asks only what a follow-up needs ------------------------------------

def test_a_follow_up_asks_only_each_child_seen_and_a_finding_unless_it_recorded_more():
    bare = ChildRecord(placement_id=7, child_name="Zoë Łukasiewicz")
    follow_up = complete_note(visit_type="follow_up", findings={}, children=(bare,),
                              overall_rag=None, summary="")
    assert [i.page for i in checklist(FRAMEWORK, follow_up)] == [
        DETAILS_PAGE, "reviews", child_page(7), OVERALL_PAGE]
    assert missing_for_sign_off(FRAMEWORK, follow_up) == [
        "Zoë Łukasiewicz: say whether they were seen", "Finding: Write the finding"]
    seen = replace(follow_up, children=(replace(bare, seen=True),), summary="Progressing.")
    assert missing_for_sign_off(FRAMEWORK, seen) == []
    # A follow-up recorded with ratings and a fuller welfare section keeps asking for them.
    earlier = replace(seen, findings={"dsl": FindingEntry("strong", "DSL met")},
                      children=(replace(bare, seen=True, views="Likes it"),))
    assert missing_for_sign_off(FRAMEWORK, earlier) == [
        "Safeguarding: “Incident logs” is not rated",
        "Education: “Full-time timetable” is not rated",
        "Zoë Łukasiewicz: say whether they were spoken with",
        "Zoë Łukasiewicz: say how their views were gathered",
        "Zoë Łukasiewicz: record attendance this term",
        "Zoë Łukasiewicz: say whether there is a safeguarding concern",
        "Zoë Łukasiewicz: record progress towards EHCP outcomes",
        "Zoë Łukasiewicz: say whether an early review of the EHCP is needed"]
