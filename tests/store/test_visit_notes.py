"""Recording a visit in the register: draft saves, sign-off, lock and amendments."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from placement_qa.domain.schedule import Status
from placement_qa.domain.visit_note import (
    ChildRecord,
    FindingEntry,
    SignOffRefused,
    VisitLocked,
)
from placement_qa.store import planning, register
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.store.schedule import schedule_as_of
from placement_qa.store.visit_notes import (
    amend_visit,
    load_visit_note,
    save_draft,
    sign_off,
    start_recording,
    start_unplanned_visit,
    visit_amendments,
    visit_framework,
)

AS_OF = date(2026, 11, 25)
SIGNED = datetime(2026, 11, 26, 15, 30, tzinfo=UTC)


@pytest.fixture
def visit(db, provider_rated_good):
    """A planned visit (03/12/2026) to Oakfield covering Zoë and Ayşe, recording started."""
    ensure_default_framework(db)
    provider = provider_rated_good(db)
    placements = []
    for given in ("Zoë", "Ayşe"):
        child = register.add_child(db, given_name=given, family_name="Łukasiewicz")
        placements.append(register.add_placement(
            db, child_id=child, provider_id=provider, start_date=date(2025, 9, 1),
            arrangement="day"))
    visit_id = planning.plan_visit(db, provider_id=provider, visit_date=date(2025, 12, 3),
                                   visit_type="annual_monitoring", visitors="J. Okafor",
                                   placement_ids=placements)
    return start_recording(db, visit_id)


def _full_child(child: ChildRecord) -> ChildRecord:
    return replace(child, seen=True, spoken_with=True, views="I like art & <music>",
                   views_how="Talked with me and my key worker", attendance="96%",
                   safeguarding_concern=False, progress="On track for both outcomes",
                   early_review=False)


def _complete(db, note):
    framework = visit_framework(db, note)
    findings = {c.key: FindingEntry(framework.scale[1].key, f"Evidence for {c.key}")
                for _, c in framework.criteria()}
    return replace(note, findings=findings, children=tuple(map(_full_child, note.children)),
                   overall_rag="good", summary="A good visit.")


def test_recording_a_planned_visit_makes_it_a_draft_against_the_active_framework(db, visit):
    assert visit.status == "draft"
    assert visit_framework(db, visit).name.startswith("Westbridge")
    assert [c.child_name for c in visit.children] == ["Ayşe Łukasiewicz", "Zoë Łukasiewicz"]


def test_a_draft_save_keeps_every_value_and_the_open_page(db, visit):
    typed = replace(visit, provider_staff_met="Head teacher", position="child:1",
                    findings={"incidents": FindingEntry("secure", "Log seen")},
                    children=(replace(visit.children[0], seen=False,
                                      not_seen_reason="Off sick"), visit.children[1]))
    assert save_draft(db, typed) is True
    again = load_visit_note(db, visit.visit_id)
    assert again == typed
    assert save_draft(db, again) is False  # nothing differs: nothing is written


def test_sign_off_is_refused_listing_the_empty_welfare_section(db, visit):
    note = _complete(db, visit)
    note = replace(note, children=(note.children[0], visit.children[1]))
    save_draft(db, note)
    with pytest.raises(SignOffRefused) as refused:
        sign_off(db, visit.visit_id, "P. Manager", SIGNED)
    assert refused.value.missing == ["Zoë Łukasiewicz: the welfare section is empty"]
    assert load_visit_note(db, visit.visit_id).status == "draft"


def test_sign_off_lists_unrated_mandatory_criteria_and_the_overall_judgement(db, visit):
    with pytest.raises(SignOffRefused) as refused:
        sign_off(db, visit.visit_id, "P. Manager", SIGNED)
    missing = refused.value.missing
    assert any(m.startswith("Safeguarding and welfare:") and "is not rated" in m
               for m in missing)
    assert "Overall judgement: Choose the overall judgement" in missing


def test_signed_off_visit_is_locked_and_moves_the_schedule_on(db, visit):
    before = {line.placement.placement_id: line.status for line in schedule_as_of(db, AS_OF)}
    assert set(before.values()) == {Status.OVERDUE}
    save_draft(db, _complete(db, visit))
    signed = sign_off(db, visit.visit_id, "P. Manager", SIGNED)
    assert (signed.status, signed.signed_off_by, signed.signed_off_at) == (
        "completed", "P. Manager", "2026-11-26T15:30:00Z")
    after = schedule_as_of(db, AS_OF)
    assert {(line.last_visit, line.next_due) for line in after} == {
        (date(2025, 12, 3), date(2026, 12, 3))}
    assert Status.OVERDUE not in {line.status for line in after}
    with pytest.raises(VisitLocked):
        save_draft(db, replace(signed, summary="Changed quietly"))
    assert load_visit_note(db, visit.visit_id).summary == "A good visit."
    # moving about the locked note is not a change
    assert save_draft(db, replace(signed, position="overall")) is True


def test_an_amendment_needs_a_reason_and_keeps_the_original_values(db, visit):
    save_draft(db, _complete(db, visit))
    signed = sign_off(db, visit.visit_id, "P. Manager", SIGNED)
    changed = replace(signed, summary="A good visit; therapy hours confirmed later.")
    with pytest.raises(VisitLocked):
        amend_visit(db, changed, "  ", "P. Manager")
    assert visit_amendments(db, visit.visit_id) == []
    amend_visit(db, changed, "Therapy log arrived", "P. Manager", SIGNED)
    [amendment] = visit_amendments(db, visit.visit_id)
    assert amendment.reason == "Therapy log arrived"
    [change] = amendment.changes
    assert (change.label, change.before, change.after) == (
        "Summary", "A good visit.", "A good visit; therapy hours confirmed later.")
    assert load_visit_note(db, visit.visit_id).summary.endswith("confirmed later.")


def test_an_unplanned_visit_starts_as_a_draft(db, visit):
    other = start_unplanned_visit(db, provider_id=visit.provider_id, visit_date=AS_OF,
                                  visit_type="additional_concern", visitors="R. Singh",
                                  placement_ids=[c.placement_id for c in visit.children])
    note = load_visit_note(db, other)
    assert (note.status, note.visitors, len(note.children)) == ("draft", "R. Singh", 2)
    assert note.framework_version_id == visit.framework_version_id


def test_a_visit_planned_before_the_framework_changed_is_recorded_on_the_new_version(
        db, provider_rated_good):
    from placement_qa.store.frameworks import (
        active_framework_version_id,
        latest_framework,
        save_framework_version,
    )

    first = ensure_default_framework(db)
    provider = provider_rated_good(db)
    child = register.add_child(db, given_name="Zoë", family_name="Brennan")
    placement = register.add_placement(db, child_id=child, provider_id=provider,
                                       start_date=date(2025, 9, 1), arrangement="day")
    visit_id = planning.plan_visit(db, provider_id=provider, visit_date=date(2026, 12, 3),
                                   visit_type="annual_monitoring", visitors="J. Okafor",
                                   placement_ids=[placement])
    db["monitoring_visits"].update(visit_id, {"framework_version_id": first})
    fw = latest_framework(db, "Westbridge QA framework for specialist placements")
    second = save_framework_version(db, replace(fw, name=fw.name))
    assert active_framework_version_id(db) == second != first
    assert start_recording(db, visit_id).framework_version_id == second


def test_moving_between_pages_is_saved_but_not_logged_as_a_change(db, visit):
    from placement_qa.store.audit import change_log

    logged = len(change_log(db, table="monitoring_visits"))
    assert save_draft(db, replace(visit, position="child:1")) is True
    assert load_visit_note(db, visit.visit_id).position == "child:1"   # the page is kept
    assert len(change_log(db, table="monitoring_visits")) == logged    # but not logged
    moved = replace(load_visit_note(db, visit.visit_id), position="overall",
                    provider_staff_met="Head teacher")
    save_draft(db, moved)
    [change] = change_log(db, table="monitoring_visits")[logged:]
    before, after = change.before or {}, change.after or {}
    assert [k for k in after if before.get(k) != after.get(k)] == ["provider_staff_met"]
    assert load_visit_note(db, visit.visit_id) == moved
