"""Must show 3: a follow-up visit lists exactly the provider's open actions and
records a review for each; an action not progressing can be escalated."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from follow_up_register import AS_OF, NEXT_PLANNED, build_follow_up_register
from recorded_visits import fill_note
from register_contents import table_contents

from placement_qa.domain.escalation import EscalationRefused
from placement_qa.domain.provider_return import DONE, NOT_PROGRESSING, PROGRESSING
from placement_qa.domain.visit_note import SignOffRefused
from placement_qa.store import planning
from placement_qa.store.actions import get_action
from placement_qa.store.escalation import clear_manager_flag, escalate_action
from placement_qa.store.visit_notes import (
    load_visit_note,
    save_draft,
    sign_off,
    start_unplanned_visit,
)


@pytest.fixture
def reg(db):
    return build_follow_up_register(db)


@pytest.fixture
def follow_up(db, reg):
    visit_id = start_unplanned_visit(db, provider_id=reg.provider, visit_date=AS_OF,
                                     visit_type="follow_up", visitors="J. Okafor",
                                     placement_ids=reg.placements)
    return load_visit_note(db, visit_id)


def _reviewed(note, *outcomes):
    reviews = tuple(replace(r, outcome=o, evidence=e)
                    for r, (o, e) in zip(note.action_reviews, outcomes, strict=True))
    return replace(note, action_reviews=reviews)


def test_a_follow_up_visit_lists_exactly_the_providers_open_actions(db, reg, follow_up):
    assert [r.action_id for r in follow_up.action_reviews] == list(reg.live)
    assert [r.description for r in follow_up.action_reviews] == [
        "Update the fire risk assessment", "Send attendance records monthly",
        "Train staff in de-escalation"]
    assert follow_up.has_reviews_page
    assert all(r.outcome is None and not r.escalated for r in follow_up.action_reviews)


def test_a_planned_follow_up_visit_also_starts_from_the_open_actions(db, reg):
    from placement_qa.store.visit_notes import start_recording
    visit_id = planning.plan_visit(db, provider_id=reg.provider, visit_date=AS_OF,
                                   visit_type="follow_up", visitors="J. Okafor",
                                   placement_ids=reg.placements)
    note = start_recording(db, visit_id)
    assert [r.action_id for r in note.action_reviews] == list(reg.live)


def test_reviews_are_saved_and_sign_off_closes_and_moves_the_actions_on(db, reg, follow_up):
    note = fill_note(db, follow_up.visit_id)
    note = _reviewed(note, (DONE, "New assessment seen, dated 02/11/2026"),
                     (PROGRESSING, "September and October records received"),
                     (NOT_PROGRESSING, ""))
    assert save_draft(db, note) is True
    assert load_visit_note(db, note.visit_id).action_reviews == note.action_reviews
    with pytest.raises(SignOffRefused) as refused:
        sign_off(db, note.visit_id, "Helen Marsh")
    assert refused.value.missing == [
        "Open actions reviewed: “Train staff in de-escalation”: give the evidence for "
        "“Not progressing”"]
    assert get_action(db, reg.live[0]).status == "open"  # nothing moved on yet
    note = _reviewed(note, (DONE, "New assessment seen, dated 02/11/2026"),
                     (PROGRESSING, "September and October records received"),
                     (NOT_PROGRESSING, "No training booked; the head has no date"))
    save_draft(db, note)
    sign_off(db, note.visit_id, "Helen Marsh")
    fire, attendance, training = (get_action(db, a) for a in reg.live)
    assert (fire.status, fire.completion_note, fire.completed_on) == (
        "done", "New assessment seen, dated 02/11/2026", AS_OF)
    assert attendance.status == "in_progress"
    assert training.status == "open"
    assert get_action(db, reg.elsewhere).status == "open"


def test_escalation_plans_a_sooner_visit_and_flags_the_placements(db, reg, follow_up):
    day = date(2026, 12, 23)
    training = reg.live[2]  # not for one placement: both covered placements are flagged
    escalation = escalate_action(db, visit_id=follow_up.visit_id, action_id=training,
                                 visit_date=day, reason="Training not booked", as_of=AS_OF)
    visit = db["monitoring_visits"].get(escalation.visit_id)
    assert (visit["provider_id"], visit["visit_date"], visit["visit_type"], visit["status"]) == (
        reg.provider, "2026-12-23", "additional_concern", "planned")
    covered = {r[0] for r in db.execute(
        "SELECT placement_id FROM visit_placements WHERE visit_id = ?", [escalation.visit_id])}
    assert covered == set(reg.placements) == set(escalation.placement_ids)
    flags = db.execute("SELECT manager_flag, manager_flagged_on FROM placements "
                       "WHERE id IN (?, ?)", list(reg.placements)).fetchall()
    assert flags == [("Training not booked", "2026-11-25")] * 2
    review = load_visit_note(db, follow_up.visit_id).action_reviews[2]
    assert (review.escalated_visit_id, review.outcome) == (escalation.visit_id, NOT_PROGRESSING)


def test_an_action_for_one_placement_flags_only_that_placement(db, reg, follow_up):
    escalation = escalate_action(db, visit_id=follow_up.visit_id, action_id=reg.live[1],
                                 visit_date=date(2026, 12, 23), reason="Records late",
                                 as_of=AS_OF)
    assert escalation.placement_ids == (reg.placements[1],)
    flags = dict(db.execute("SELECT id, manager_flag FROM placements").fetchall())
    assert flags[reg.placements[0]] == "" and flags[reg.placements[1]] == "Records late"
    clear_manager_flag(db, reg.placements[1])
    assert db["placements"].get(reg.placements[1])["manager_flag"] == ""
    with pytest.raises(EscalationRefused, match="not flagged"):
        clear_manager_flag(db, reg.placements[1])


@pytest.mark.parametrize(("day", "reason", "message"), [
    (AS_OF, "Training not booked", "must be after today (25/11/2026)"),
    (date(2026, 10, 1), "Training not booked", "must be after today"),
    (NEXT_PLANNED, "Training not booked", "already planned for 01/03/2027"),
    (date(2027, 4, 1), "Training not booked", "sooner than that"),
    (date(2026, 12, 23), "  ", "Give the reason"),
])
def test_a_refused_escalation_changes_nothing(db, reg, follow_up, tmp_path, day, reason,
                                              message):
    path = tmp_path / "register.db"
    before = table_contents(path)
    with pytest.raises(EscalationRefused, match=message.replace("(", r"\(").replace(")", r"\)")):
        escalate_action(db, visit_id=follow_up.visit_id, action_id=reg.live[2],
                        visit_date=day, reason=reason, as_of=AS_OF)
    assert table_contents(path) == before


def test_an_action_is_escalated_once_and_only_from_its_follow_up(db, reg, follow_up, tmp_path):
    escalate_action(db, visit_id=follow_up.visit_id, action_id=reg.live[2],
                    visit_date=date(2026, 12, 23), reason="Not booked", as_of=AS_OF)
    before = table_contents(tmp_path / "register.db")
    with pytest.raises(EscalationRefused, match="already been escalated"):
        escalate_action(db, visit_id=follow_up.visit_id, action_id=reg.live[2],
                        visit_date=date(2026, 12, 22), reason="Again", as_of=AS_OF)
    with pytest.raises(EscalationRefused, match="is not reviewed on visit"):
        escalate_action(db, visit_id=follow_up.visit_id, action_id=reg.elsewhere,
                        visit_date=date(2026, 12, 22), reason="Elsewhere", as_of=AS_OF)
    assert table_contents(tmp_path / "register.db") == before


def test_the_demo_register_has_a_follow_up_visit_being_written_up(db):
    from placement_qa.demo.build import build_demo
    build_demo(db, "small")
    [visit_id] = [r[0] for r in db.execute(
        "SELECT id FROM monitoring_visits WHERE visit_type = 'follow_up'")]
    note = load_visit_note(db, visit_id)
    assert note.status == "draft" and note.position == "reviews"
    live = [r[0] for r in db.execute(
        "SELECT id FROM follow_up_actions WHERE provider_id = ? "
        "AND status IN ('open', 'in_progress')", [note.provider_id])]
    assert sorted(r.action_id for r in note.action_reviews) == sorted(live)
    assert note.action_reviews[0].outcome == PROGRESSING
    assert any(r.outcome is None for r in note.action_reviews)  # still to review
    # The provider's return was imported: vacancies disputed, the rest to check, and
    # one attendance figure for each child the visit covers.
    reported = {(i.item_key, i.placement_id): i for i in note.reported_items}
    assert reported["vacancies", None].verification == "disputed"
    assert reported["vacancies", None].verification_note
    assert {p for key, p in reported if key == "attendance_percent"} == {
        c.placement_id for c in note.children}
    assert sum(i.verification == "unchecked" for i in note.reported_items) == len(reported) - 1
