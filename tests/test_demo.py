"""The demo registers: what a provision manager sees on first launch, and what
benchmarks build on. Each test checks something a user of the demo would notice."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import date

import pytest

from placement_qa.demo import DEFAULT_AS_OF, SIZES, DemoSummary, build_demo
from placement_qa.demo.notes import FrameworkVersion, NoteWriter
from placement_qa.demo.seeds import load_seeds
from placement_qa.domain.judgement import JUDGEMENTS
from placement_qa.domain.note_checklist import missing_for_sign_off
from placement_qa.domain.register import (
    AWAITING_PROVISION,
    ELECTIVE_HOME_EDUCATION,
    VISIT_CANCELLED,
    VISIT_COMPLETED,
    VISIT_DRAFT,
    VISIT_PLANNED,
)
from placement_qa.domain.schedule import MONITORED_STATUSES, Status
from placement_qa.store.connection import open_register
from placement_qa.store.officers import caseloads_as_of, list_officers
from placement_qa.store.register import add_child
from placement_qa.store.schedule import schedule_as_of
from placement_qa.store.settings import home_authority
from placement_qa.store.visit_notes import load_visit_note, visit_framework

AS_OF = date(2026, 11, 22)
DEMO_TABLES = ("providers", "inspections", "children", "placements", "qa_frameworks",
               "qa_framework_versions", "officers", "monitoring_visits", "visit_placements",
               "findings", "follow_up_actions")
BELOW_GOOD = {"Requires improvement", "Inadequate", "Needs attention", "Urgent improvement",
              "Not met"}


def build(path, size="small", **options):
    db = open_register(path, create=True, os_user="demo.tester")
    summary = build_demo(db, size, **options)
    return db, summary


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    db, summary = build(tmp_path_factory.mktemp("small") / "d.db")
    yield db, summary
    db.close()


@pytest.fixture(scope="module")
def small_schedule(small):
    db, _ = small
    return schedule_as_of(db, AS_OF)


def rows_without_uuids(db) -> dict[str, list[dict]]:
    return {
        table: [{k: v for k, v in row.items() if k != "uuid"} for row in db[table].rows]
        for table in DEMO_TABLES
    }


def is_below_good(outcome: dict) -> bool:
    grades = [outcome.get("overall"), outcome.get("standards"), outcome.get("safeguarding")]
    grades += list(outcome.get("areas", {}).values())
    return any(grade in BELOW_GOOD for grade in grades)


def latest_inspections(db) -> dict[int, dict]:
    """Each provider's most recent inspection (any inspectorate)."""
    latest: dict[int, dict] = {}
    for row in db["inspections"].rows:
        current = latest.get(row["provider_id"])
        if current is None or row["inspected_on"] > current["inspected_on"]:
            latest[row["provider_id"]] = row
    return latest


# --- size and shape ------------------------------------------------------------------

def test_small_demo_has_about_sixty_children_at_twenty_five_providers(small):
    db, summary = small
    assert isinstance(summary, DemoSummary)
    assert (summary.children, summary.providers) == (60, 25)
    assert db["children"].count == 60 and db["providers"].count == 25
    assert 60 <= summary.placements == db["placements"].count <= 80
    assert summary.visits == db["monitoring_visits"].count >= 25
    assert str(summary).startswith("60 children, 25 providers")


def test_small_demo_is_for_westbridge_with_providers_in_and_out_of_borough(small):
    db, _ = small
    assert home_authority(db) == "Westbridge"
    hosts = Counter(row["host_authority"] for row in db["providers"].rows)
    assert hosts["Westbridge"] >= 2
    assert len(hosts) >= 10  # spread over many English local authorities


def test_small_demo_has_two_years_of_visits_and_a_few_planned(small):
    db, _ = small
    visits = list(db["monitoring_visits"].rows)
    past = [v["visit_date"] for v in visits if v["status"] == VISIT_COMPLETED]
    assert min(past) >= "2024-11-22" and max(past) < "2026-11-22"
    planned = [v["visit_date"] for v in visits if v["status"] == VISIT_PLANNED]
    assert planned and all("2026-11-22" < d <= "2027-01-31" for d in planned)
    assert any(v["status"] == VISIT_DRAFT for v in visits)


def test_the_demo_team_holds_its_open_visits_and_has_a_caseload(small):
    db, _ = small
    team = {o.name: o for o in list_officers(db)}
    assert team["Helen Marsh"].role == "manager" and team["Helen Marsh"].active
    assert not team["Alan Pritchard"].active and not team["Keith Donnelly"].active  # left
    assert team["Priya Shah"].initials == "PS" and team["Priya Shah"].active
    names = {o.officer_id: o.name for o in team.values()}
    visits = list(db["monitoring_visits"].rows)
    for visit in visits:
        if visit["status"] in (VISIT_PLANNED, VISIT_DRAFT):
            assert names[visit["assigned_officer_id"]] == visit["visitors"].split(", ")[0]
        else:
            assert visit["assigned_officer_id"] is None
    loads = caseloads_as_of(db, AS_OF)
    assert sum(c.planned + c.due + c.overdue for c in loads) == sum(
        v["status"] == VISIT_PLANNED for v in visits)
    assert all(c.officer is not None and c.officer.active for c in loads)  # all assigned


def test_unknown_size_is_refused_by_name(tmp_path):
    db = open_register(tmp_path / "d.db", create=True)
    with pytest.raises(ValueError, match="huge.*small, large, national"):
        build_demo(db, "huge")
    assert SIZES == ("small", "large", "national")
    assert db["change_log"].count == 0


def test_a_register_with_children_is_refused_and_left_unchanged(tmp_path):
    db = open_register(tmp_path / "d.db", create=True)
    add_child(db, given_name="Zoë", family_name="Łukasiewicz")
    log_before = db["change_log"].count
    with pytest.raises(ValueError, match="already has 1 child:"):
        build_demo(db, "small")
    assert db["children"].count == 1 and db["providers"].count == 0
    assert db["change_log"].count == log_before
    assert home_authority(db) != "Westbridge"


def test_building_twice_into_the_same_register_is_refused(small):
    db, _ = small
    log_before = db["change_log"].count
    with pytest.raises(ValueError):
        build_demo(db, "small")
    assert db["change_log"].count == log_before


# --- determinism ---------------------------------------------------------------------

def test_the_same_seed_gives_the_same_register(small, tmp_path):
    db, _ = small
    again, _ = build(tmp_path / "again.db")
    assert rows_without_uuids(again) == rows_without_uuids(db)


def test_another_seed_gives_other_children_and_providers(small, tmp_path):
    db, _ = small
    other, _ = build(tmp_path / "other.db", seed=2)
    mine, theirs = rows_without_uuids(db), rows_without_uuids(other)
    assert mine["children"] != theirs["children"]
    assert mine["providers"] != theirs["providers"]


def test_every_insert_is_in_the_change_log(small):
    db, _ = small
    logged = Counter(row["table_name"] for row in db["change_log"].rows)
    for table in ("children", "placements", "monitoring_visits", "findings"):
        assert logged[table] == db[table].count


def test_progress_is_reported_table_by_table(tmp_path):
    messages: list[str] = []
    build(tmp_path / "d.db", progress=messages.append)
    assert "children 60/60" in messages
    assert any(m.startswith("providers ") for m in messages)
    assert any(m.startswith("visits ") for m in messages)


# --- what the provision manager sees ---------------------------------------------------

def test_children_have_names_from_many_languages(small):
    db, _ = small
    names = [f"{r['given_name']} {r['family_name']}" for r in db["children"].rows]
    assert any(not name.isascii() for name in names)
    assert len(set(names)) >= 55


def test_children_have_case_refs_ages_needs_and_ehcp_reviews(small):
    db, _ = small
    children = list(db["children"].rows)
    assert all(c["case_ref"].startswith("WB") and len(c["case_ref"]) == 8 for c in children)
    ages = [(AS_OF - date.fromisoformat(c["date_of_birth"])).days // 365 for c in children]
    assert min(ages) >= 4 and max(ages) <= 24
    needs = Counter(c["primary_need"] for c in children)
    assert needs.most_common(2)[0][0] in ("ASD", "SEMH")
    due = [c["ehcp_next_review_due"] for c in children if c["ehcp_next_review_due"]]
    assert len(due) >= 50  # those who have left have no review due
    overdue_reviews = [d for d in due if d < AS_OF.isoformat()]
    assert 0 < len(overdue_reviews) < len(due) / 4


def test_schedule_has_overdue_due_soon_and_in_schedule_placements(small_schedule):
    statuses = Counter(line.status for line in small_schedule)
    assert statuses[Status.OVERDUE] >= 1
    assert statuses[Status.DUE_SOON] >= 1
    assert statuses[Status.IN_SCHEDULE] > statuses[Status.OVERDUE] + statuses[Status.DUE_SOON]
    monitored = sum(statuses[s] for s in MONITORED_STATUSES)
    assert statuses[Status.OVERDUE] / monitored < 0.25


def test_register_shows_awaiting_home_educated_and_ended_placements(small_schedule):
    lines = small_schedule
    awaiting = [ln for ln in lines if ln.status == Status.AWAITING_PROVISION]
    assert awaiting and all(ln.placement.provider_id is None for ln in awaiting)
    assert all(ln.placement.state == AWAITING_PROVISION for ln in awaiting)
    home = [ln for ln in lines if ln.placement.arrangement == ELECTIVE_HOME_EDUCATION]
    assert home and all(ln.requires_monitoring for ln in home)
    assert any(ln.status == Status.ENDED for ln in lines)


def test_awaiting_provision_shows_the_interim_support(small):
    db, _ = small
    awaiting = [p for p in db["placements"].rows if p["state"] == AWAITING_PROVISION]
    assert awaiting and all(p["interim_support"] for p in awaiting)


def test_some_providers_are_below_good_and_take_no_new_placements(small):
    db, _ = small
    below = {pid: row for pid, row in latest_inspections(db).items()
             if is_below_good(json.loads(row["outcome"]))}
    assert below
    for placement in db["placements"].rows:
        if placement["provider_id"] in below:
            assert placement["start_date"] < below[placement["provider_id"]]["inspected_on"]


def test_inspection_outcomes_use_the_old_grades_report_cards_and_isi(tmp_path):
    db, _ = build(tmp_path / "d.db", seed=3)
    frameworks = {row["framework"] for row in db["inspections"].rows}
    assert "Ofsted EIF 2019 (graded)" in frameworks
    assert "Ofsted report card 2025" in frameworks
    assert "SCCIF" in frameworks
    for row in db["inspections"].rows:
        outcome = json.loads(row["outcome"])
        assert outcome.keys() & {"overall", "areas", "standards"}


def test_each_visit_covers_the_children_placed_there_that_day(small):
    db, _ = small
    placements = {p["id"]: p for p in db["placements"].rows}
    visits = {v["id"]: v for v in db["monitoring_visits"].rows}
    for link in db["visit_placements"].rows:
        visit, placement = visits[link["visit_id"]], placements[link["placement_id"]]
        assert visit["provider_id"] == placement["provider_id"]
        day = min(visit["visit_date"], AS_OF.isoformat())
        assert placement["start_date"] <= day
        assert placement["end_date"] is None or placement["end_date"] >= day


def test_completed_visits_have_signed_off_notes_with_findings(small):
    db, _ = small
    findings = Counter(f["visit_id"] for f in db["findings"].rows)
    for visit in db["monitoring_visits"].rows:
        if visit["status"] == VISIT_COMPLETED:
            assert visit["visitors"] and visit["signed_off_by"] and visit["summary"]
            assert visit["overall_rag"] in ("good", "requires_improvement", "inadequate")
            assert findings[visit["id"]] >= 4
        if visit["status"] == VISIT_CANCELLED:
            assert visit["cancel_reason"]


def visit_notes(db, status: str):
    ids = [row[0] for row in db.execute(
        "SELECT id FROM monitoring_visits WHERE status = ? ORDER BY id", [status])]
    return [load_visit_note(db, visit_id) for visit_id in ids]


def test_every_completed_visit_would_pass_sign_off_under_its_framework_version(small):
    db, _ = small
    completed = visit_notes(db, VISIT_COMPLETED)
    assert len(completed) >= 25
    for note in completed:
        assert missing_for_sign_off(visit_framework(db, note), note) == [], note.visit_id
        assert note.overall_rag in JUDGEMENTS


def test_children_seen_on_completed_visits_have_their_views_recorded(small):
    db, _ = small
    children = [c for note in visit_notes(db, VISIT_COMPLETED) for c in note.children]
    seen = [c for c in children if c.seen]
    assert seen and all(c.views.strip() and c.views_how.strip() for c in seen)
    assert len({c.views for c in seen}) >= 10  # in their own words, not one stock line
    assert any(c.views.startswith("“") for c in seen)
    assert all(c.attendance for c in children)
    assert all(c.not_seen_reason.strip() for c in children if c.seen is False)
    assert any(c.seen is False for c in children) and len(seen) > 0.8 * len(children)
    assert sum(bool(c.early_review) for c in children) < 0.2 * len(children)


def test_draft_visits_are_partly_recorded_and_planned_ones_not_at_all(small):
    db, _ = small
    drafts = visit_notes(db, VISIT_DRAFT)
    assert drafts
    for note in drafts:
        assert any(not child.is_empty() for child in note.children)
        assert missing_for_sign_off(visit_framework(db, note), note)
    planned = [c for note in visit_notes(db, VISIT_PLANNED) for c in note.children]
    assert planned and all(child.is_empty() for child in planned)


def test_big_registers_rating_a_few_criteria_still_rate_the_mandatory_ones():
    version = FrameworkVersion(1, date(2020, 1, 1), ("education", "health", "safeguarding",
                                                      "voice"), frozenset({"safeguarding"}))
    writer = NoteWriter(random.Random(1), load_seeds(), {}, [version], AS_OF, 2)
    assert writer.rated_criteria(version) == ("education", "safeguarding")
    everything = NoteWriter(random.Random(1), load_seeds(), {}, [version], AS_OF, None)
    assert everything.rated_criteria(version) == version.criteria


def test_follow_up_actions_are_open_overdue_and_done(small):
    db, _ = small
    actions = list(db["follow_up_actions"].rows)
    assert any(a["status"] == "done" and a["completed_on"] for a in actions)
    assert any(a["status"] == "open" and a["due_date"] < AS_OF.isoformat() for a in actions)
    assert any(a["status"] == "open" and a["due_date"] >= AS_OF.isoformat() for a in actions)


def test_a_later_as_of_date_moves_the_whole_register(tmp_path):
    later = date(2027, 6, 1)
    db, _ = build(tmp_path / "d.db", as_of=later)
    statuses = Counter(line.status for line in schedule_as_of(db, later))
    assert statuses[Status.OVERDUE] >= 1 and statuses[Status.IN_SCHEDULE] >= 20
    assert DEFAULT_AS_OF == AS_OF


# --- large -----------------------------------------------------------------------------

def test_large_demo_has_twenty_thousand_children_and_three_thousand_monitored_places(tmp_path):
    db, summary = build(tmp_path / "large.db", "large")
    assert summary.children == db["children"].count == 20_000
    lines = schedule_as_of(db, AS_OF)
    monitored = [line for line in lines if line.status in MONITORED_STATUSES]
    assert 2_700 <= len(monitored) <= 3_300
    providers = {line.placement.provider_id for line in monitored} - {None}
    assert 720 <= len(providers) <= 880
    overdue = sum(1 for line in monitored if line.status == Status.OVERDUE)
    assert 0.08 <= overdue / len(monitored) <= 0.16
    visits = list(db["monitoring_visits"].rows_where(select="visit_date, visit_type"))
    assert min(v["visit_date"] for v in visits) < "2017-01-01"  # ten years of history
    assert any(v["visit_type"] == "additional_concern" for v in visits)
    assert db["findings"].count > 10 * 1000 and db["follow_up_actions"].count > 1000
    welfare = db.execute(
        "SELECT vp.seen, vp.not_seen_reason, vp.safeguarding_concern, vp.safeguarding_action, "
        "vp.early_review FROM visit_placements vp JOIN monitoring_visits v ON v.id = vp.visit_id "
        "WHERE v.status = 'completed'").fetchall()
    assert all(r[0] in (0, 1) and r[2] in (0, 1) and r[4] in (0, 1) for r in welfare)
    assert all(r[1] for r in welfare if r[0] == 0) and any(r[0] == 0 for r in welfare)
    concerns = [r for r in welfare if r[2] == 1]
    assert concerns and all(r[3] for r in concerns) and len(concerns) < 0.1 * len(welfare)
    assert 0 < sum(r[4] for r in welfare) < 0.2 * len(welfare)
