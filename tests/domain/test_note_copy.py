"""What each copy of a visit note contains: the rules, without a PDF."""

from __future__ import annotations

from datetime import date

import pytest

from placement_qa.domain.actions import FollowUpAction
from placement_qa.domain.framework import default_framework
from placement_qa.domain.note_copy import (
    ANOTHER_CHILD,
    FULL,
    PROVIDER_COPY,
    NotCovered,
    child_copy,
    initials,
    note_content,
    redactor,
)
from placement_qa.domain.visit_note import CHILD_FIELDS, Change, ChildRecord, VisitNote

ZOE = ChildRecord(1, "Zoë Łukasiewicz", seen=True, views="Zoë likes art", progress="Good")
AYSE = ChildRecord(2, "Ayşe Yılmaz", seen=False, not_seen_reason="Ayşe was ill")
NOTE = VisitNote(
    visit_id=7, provider_id=3, provider_name="Oakfield", visit_date=date(2025, 12, 3),
    visit_type="annual_monitoring", status="completed", framework_version_id=1,
    visitors="J. Okafor", provider_staff_met="Head teacher", children=(ZOE, AYSE),
    overall_rag="requires_improvement", summary="Zoë Łukasiewicz is settled; Ayşe needs a plan.")


def _action(action_id, description, placement_id=None, child_name=""):
    return FollowUpAction(action_id, 7, description, "SENCo", date(2026, 1, 9), "open",
                          owner_kind="provider", placement_id=placement_id,
                          child_name=child_name)


ACTIONS = (_action(1, "Update the log"),
           _action(2, "Review Zoë's timetable", 1, "Zoë Łukasiewicz"),
           _action(3, "Plan for Ayşe Yılmaz", 2, "Ayşe Yılmaz"))


class _Amendment:
    amended_by, amended_at, reason = "H. Marsh", "2025-12-05T09:00:00Z", "Typo"
    changes = (Change("visit.summary", "Summary", "a", "b"),
               Change("child.2.views", "Ayşe Yılmaz: views", "x", "y"))


def content(copy):
    return note_content(NOTE, default_framework(), ACTIONS, [_Amendment()], copy)


@pytest.mark.parametrize(("name", "expected"), [
    ("Zoë Łukasiewicz", "Z. Ł."), ("Ayşe Yılmaz", "A. Y."), ("Șerban Popescu", "Ș. P."),
    ("Hoàng Chen-James", "H. C.-J."), ("  Mary  Ann   Smith ", "M. A. S."), ("", ""),
])
def test_initials(name, expected):
    assert initials(name) == expected


@pytest.mark.parametrize(("copy", "covered", "actions", "headings"), [
    (FULL, ("Zoë Łukasiewicz", "Ayşe Yılmaz"), ("", "Zoë Łukasiewicz", "Ayşe Yılmaz"),
     ("Zoë Łukasiewicz", "Ayşe Yılmaz")),
    (child_copy(1), ("Zoë Łukasiewicz",), ("", "Zoë Łukasiewicz"), ("Zoë Łukasiewicz",)),
    (child_copy(2), ("Ayşe Yılmaz",), ("", "Ayşe Yılmaz"), ("Ayşe Yılmaz",)),
    (PROVIDER_COPY, ("Z. Ł.", "A. Y."), ("", "Z. Ł.", "A. Y."), ("Z. Ł.", "A. Y.")),
])
def test_who_each_copy_names(copy, covered, actions, headings):
    shown = content(copy)
    assert shown.children_covered == covered
    assert tuple(a.child for a in shown.actions) == actions
    assert tuple(s.heading for s in shown.child_sections) == headings


@pytest.mark.parametrize(("copy", "summary"), [
    (FULL, "Zoë Łukasiewicz is settled; Ayşe needs a plan."),
    (child_copy(1), f"Zoë Łukasiewicz is settled; {ANOTHER_CHILD} needs a plan."),
    (child_copy(2), f"{ANOTHER_CHILD} is settled; Ayşe needs a plan."),
    (PROVIDER_COPY, "Z. Ł. is settled; A. needs a plan."),
])
def test_free_text_names_only_whom_the_copy_may(copy, summary):
    assert content(copy).summary == summary


def test_the_child_and_full_copies_print_every_welfare_field():
    for copy in (FULL, child_copy(1)):
        section = content(copy).child_sections[0]
        assert [label for label, _ in section.rows] == list(CHILD_FIELDS.values())
        assert dict(section.rows)["Seen"] == "Yes"
        assert dict(section.rows)["Spoken with"] == "Not recorded"


def test_the_provider_copy_says_only_whether_each_child_was_seen():
    assert [s.rows for s in content(PROVIDER_COPY).child_sections] == [
        (("Seen", "Yes"),), (("Seen", "No"),)]


@pytest.mark.parametrize(("copy", "fields"), [
    (FULL, ["visit.summary", "child.2.views"]),
    (child_copy(1), ["visit.summary"]),
    (child_copy(2), ["visit.summary", "child.2.views"]),
    (PROVIDER_COPY, ["visit.summary"]),
])
def test_amendments_keep_only_the_changes_the_copy_may_show(copy, fields):
    (amendment,) = content(copy).amendments
    assert [c.field for c in amendment.changes] == fields
    assert (amendment.reason, amendment.amended_at) == ("Typo", "05/12/2025 09:00")


def test_a_child_copy_for_a_child_not_covered_is_refused():
    with pytest.raises(NotCovered):
        content(child_copy(99))


def test_names_are_matched_as_whole_words_in_any_case():
    text = redactor(NOTE, PROVIDER_COPY)
    assert text("ZOË ŁUKASIEWICZ met Zoëlla") == "Z. Ł. met Zoëlla"
