"""Planning visits in the register: each write logged, each refusal changing nothing."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlite_utils import Database

from placement_qa.domain.planning import PlanningError
from placement_qa.domain.schedule import Status
from placement_qa.domain.settings import SCHOOL_HOLIDAYS, SettingError
from placement_qa.store import planning, register, settings
from placement_qa.store.connection import open_register
from placement_qa.store.schedule import schedule_as_of
from placement_qa.store.schema import LATEST_VERSION, migrate, schema_version
from placement_qa.store.visit_exports import visits_between
from placement_qa.store.visits import add_visit

AS_OF = date(2026, 11, 25)


def _place(db, provider_id, given="Zoë", start=date(2025, 9, 1), **fields) -> int:
    child = register.add_child(db, given_name=given, family_name="Łukasiewicz")
    return register.add_placement(db, child_id=child, provider_id=provider_id,
                                  start_date=start, arrangement="day", **fields)


@pytest.fixture
def oakfield(db, provider_rated_good):
    """Oakfield House School (Kent) with two children, placed since 01/09/2025:
    both overdue on 25/11/2026 (never visited, due 01/09/2026)."""
    provider = provider_rated_good(db)
    placements = [_place(db, provider, "Zoë"), _place(db, provider, "Ayşe")]
    return provider, placements


def _log_count(db, table: str | None = None) -> int:
    if table is None:
        return db.execute("SELECT count(*) FROM change_log").fetchone()[0]
    sql = "SELECT count(*) FROM change_log WHERE table_name = ?"
    return db.execute(sql, [table]).fetchone()[0]


def _snapshot(db):
    return (
        db.execute("SELECT * FROM monitoring_visits ORDER BY id").fetchall(),
        db.execute("SELECT * FROM visit_placements ORDER BY id").fetchall(),
        _log_count(db),
    )


def _plan(db, provider, placements, day=date(2026, 12, 3)) -> int:
    return planning.plan_visit(db, provider_id=provider, visit_date=day,
                               visit_type="annual_monitoring", visitors="J. Okafor, R. Singh",
                               placement_ids=placements)


def test_migration_brings_the_register_to_the_latest_version(db):
    assert schema_version(db) == LATEST_VERSION
    assert db["schedule_reviews"].exists()


def test_a_version_2_register_upgrades_to_logged_schedule_reviews(tmp_path):
    path = tmp_path / "v2.db"
    old = Database(sqlite3.connect(path))
    old.conn.create_function("pqa_os_user", 0, lambda: "old.release")
    migrate(old, stop_before="0003_schedule_reviews")
    assert schema_version(old) == 2 and not old["schedule_reviews"].exists()
    old.close()
    db = open_register(path)
    assert schema_version(db) == LATEST_VERSION
    planning.mark_schedule_reviewed(db, "2026-12", "P. Manager", datetime(2026, 12, 1, tzinfo=UTC))
    assert _log_count(db, "schedule_reviews") == 1
    db.close()


def test_planning_a_visit_moves_overdue_to_overdue_planned_and_completing_to_in_schedule(
    db, oakfield
):
    provider, placements = oakfield
    before = _log_count(db)
    visit = _plan(db, provider, placements)
    lines = schedule_as_of(db, AS_OF)
    assert [(line.status, line.planned_visit) for line in lines] == [
        (Status.OVERDUE, date(2026, 12, 3))
    ] * 2
    assert _log_count(db, "monitoring_visits") == 1
    assert _log_count(db, "visit_placements") == 2
    assert _log_count(db) == before + 3

    planning.complete_visit(db, visit, date(2026, 11, 24))
    lines = schedule_as_of(db, AS_OF)
    assert [(line.status, line.last_visit) for line in lines] == [
        (Status.IN_SCHEDULE, date(2026, 11, 24))
    ] * 2
    assert _log_count(db, "monitoring_visits") == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (dict(visit_type="day_trip"), "not a visit type"),
        (dict(placement_ids=[]), "at least one placement"),
        (dict(placement_ids=[4242]), "not at this provider"),
        (dict(provider_id=999), "no provider 999"),
    ],
)
def test_a_visit_that_cannot_be_planned_writes_nothing(db, oakfield, change, message):
    provider, placements = oakfield
    before = _snapshot(db)
    values = dict(provider_id=provider, visit_date=date(2026, 12, 3),
                  visit_type="annual_monitoring", visitors="", placement_ids=[*placements])
    values.update(change)
    with pytest.raises(PlanningError, match=message):
        planning.plan_visit(db, **values)
    assert _snapshot(db) == before


def test_a_visit_cannot_cover_a_placement_at_another_provider(db, provider_rated_good, oakfield):
    provider, placements = oakfield
    elsewhere = _place(db, provider_rated_good(db, "The Meadows"), "Șerban")
    before = _snapshot(db)
    with pytest.raises(PlanningError, match=f"Placement\\(s\\) {elsewhere} are not at"):
        _plan(db, provider, [*placements, elsewhere])
    assert _snapshot(db) == before


def test_reschedule_moves_a_planned_visit_and_is_logged(db, oakfield):
    visit = _plan(db, *oakfield)
    planning.reschedule_visit(db, visit, date(2026, 12, 10))
    assert db["monitoring_visits"].get(visit)["visit_date"] == "2026-12-10"
    assert _log_count(db, "monitoring_visits") == 2
    planning.reschedule_visit(db, visit, date(2026, 12, 10))  # the same day: nothing to log
    assert _log_count(db, "monitoring_visits") == 2


@pytest.mark.parametrize("status", ["completed", "cancelled", "draft"])
def test_only_a_planned_visit_can_be_rescheduled(db, oakfield, status):
    provider, placements = oakfield
    visit = add_visit(db, provider_id=provider, visit_date=date(2026, 10, 1),
                      placement_ids=placements, status=status)
    before = _snapshot(db)
    with pytest.raises(PlanningError, match=f"visit is {status}: only a planned visit"):
        planning.reschedule_visit(db, visit, date(2026, 12, 10))
    assert _snapshot(db) == before


def test_an_unknown_visit_is_refused(db):
    with pytest.raises(PlanningError, match="no visit 77"):
        planning.reschedule_visit(db, 77, date(2026, 12, 10))
    with pytest.raises(PlanningError, match="no visit 77"):
        planning.complete_visit(db, 77)


def test_cancelling_keeps_the_reason_and_the_visit_no_longer_counts(db, oakfield):
    visit = _plan(db, *oakfield)
    planning.cancel_visit(db, visit, "  Provider closed for a burst pipe ")
    row = db["monitoring_visits"].get(visit)
    assert row["status"] == "cancelled"
    assert row["cancel_reason"] == "Provider closed for a burst pipe"
    assert {line.planned_visit for line in schedule_as_of(db, AS_OF)} == {None}
    assert visits_between(db, date(2026, 12, 1), date(2026, 12, 31)) == []
    assert _log_count(db, "monitoring_visits") == 2


@pytest.mark.parametrize("reason", ["", "   "])
def test_cancelling_without_a_reason_is_refused(db, oakfield, reason):
    visit = _plan(db, *oakfield)
    before = _snapshot(db)
    with pytest.raises(PlanningError, match="reason"):
        planning.cancel_visit(db, visit, reason)
    assert _snapshot(db) == before


def test_a_completed_visit_cannot_be_cancelled_or_completed_again(db, oakfield):
    visit = _plan(db, *oakfield)
    planning.complete_visit(db, visit)
    assert db["monitoring_visits"].get(visit)["visit_date"] == "2026-12-03"
    before = _snapshot(db)
    with pytest.raises(PlanningError, match="visit is completed"):
        planning.cancel_visit(db, visit, "Changed our minds")
    with pytest.raises(PlanningError, match="visit is completed"):
        planning.complete_visit(db, visit)
    assert _snapshot(db) == before


def test_pre_ticked_placements_are_the_live_monitored_ones(db, provider_rated_good, oakfield):
    provider, placements = oakfield
    ended = _place(db, provider, "Ended", end_date=date(2026, 7, 20))
    future = _place(db, provider, "Future", start=date(2027, 1, 4))
    awaiting = _place(db, provider, "Awaiting", state="awaiting_provision")
    other = _place(db, provider_rated_good(db, "The Meadows"), "Elsewhere")
    assert planning.active_monitored_placements_at(db, provider, AS_OF) == placements
    assert planning.active_monitored_placements_at(db, provider, date(2027, 1, 4)) == [
        *placements, future
    ]
    assert planning.active_monitored_placements_at(db, provider, date(2026, 7, 20)) == [
        *placements, ended
    ]
    assert awaiting not in planning.active_monitored_placements_at(db, provider, AS_OF)
    assert planning.active_monitored_placements_at(db, provider, AS_OF) == placements
    assert other not in planning.active_monitored_placements_at(db, provider, AS_OF)


def test_a_maintained_school_in_the_home_authority_is_not_pre_ticked(db, provider_rated_good):
    settings.set_setting(db, "home_authority", "Westbridge")
    local = provider_rated_good(db, "Westbridge Primary", provider_type="maintained_special",
                                host_authority="Westbridge")
    _place(db, local, "Local")
    assert planning.active_monitored_placements_at(db, local, AS_OF) == []


def test_visits_of_a_month_name_provider_and_count_placements(
    db, provider_rated_good, oakfield
):
    provider, placements = oakfield
    meadows = provider_rated_good(db, "The Meadows", host_authority="Surrey")
    meadows_placement = _place(db, meadows, "Șerban")
    december = _plan(db, provider, placements, date(2026, 12, 3))
    _plan(db, meadows, [meadows_placement], date(2027, 1, 6))  # next month
    early = _plan(db, meadows, [meadows_placement], date(2026, 12, 1))
    done = add_visit(db, provider_id=provider, visit_date=date(2026, 12, 2),
                     placement_ids=placements, status="completed")

    visits = visits_between(db, date(2026, 12, 1), date(2026, 12, 31))
    assert [(v.visit_id, v.provider_name, v.host_authority, v.visit_date, v.placements_covered)
            for v in visits] == [
        (early, "The Meadows", "Surrey", date(2026, 12, 1), 1),
        (december, "Oakfield House School", "Kent", date(2026, 12, 3), 2),
    ]
    first = visits[1]
    assert (first.visit_type, first.visitors, first.status) == (
        "annual_monitoring", "J. Okafor, R. Singh", "planned"
    )
    assert first.uuid == db["monitoring_visits"].get(december)["uuid"]
    with_completed = visits_between(db, date(2026, 12, 1), date(2026, 12, 31),
                                    statuses=("planned", "completed"))
    assert [v.visit_id for v in with_completed] == [early, done, december]


def test_schedule_reviews_are_recorded_in_utc_and_logged(db):
    assert planning.last_schedule_review(db) is None
    at = datetime(2026, 12, 1, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    first = planning.mark_schedule_reviewed(db, "2026-12", " P. Manager ", at)
    planning.mark_schedule_reviewed(db, "2026-11", "P. Manager",
                                    datetime(2026, 11, 2, 10, 0, tzinfo=UTC), notes="Late")
    latest = planning.last_schedule_review(db)
    assert (latest.review_id, latest.month, latest.reviewed_by, latest.reviewed_at) == (
        first, "2026-12", "P. Manager", datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
    )
    assert db["schedule_reviews"].get(first)["reviewed_at"] == "2026-12-01T08:30:00Z"
    assert planning.last_schedule_review(db, "2026-11").notes == "Late"
    assert planning.last_schedule_review(db, "2027-01") is None
    assert _log_count(db, "schedule_reviews") == 2


@pytest.mark.parametrize(
    ("month", "who", "message"),
    [("2026-13", "P. Manager", "YYYY-MM"), ("12/2026", "P. Manager", "YYYY-MM"),
     ("2026-12", "  ", "who reviewed")],
)
def test_a_review_without_a_month_or_reviewer_is_refused(db, month, who, message):
    before = _log_count(db)
    with pytest.raises(PlanningError, match=message):
        planning.mark_schedule_reviewed(db, month, who, datetime(2026, 12, 1, tzinfo=UTC))
    assert db.execute("SELECT count(*) FROM schedule_reviews").fetchone()[0] == 0
    assert _log_count(db) == before


def test_the_register_itself_refuses_a_badly_written_month(db):
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        with db.atomic():
            db["schedule_reviews"].insert({"month": "2026-13", "reviewed_by": "X",
                                           "reviewed_at": "2026-12-01T00:00:00Z"})


def test_school_holidays_are_kept_sorted_and_logged(db):
    assert settings.school_holidays(db) == []
    christmas = (date(2026, 12, 21), date(2027, 1, 1))
    half_term = (date(2026, 10, 26), date(2026, 10, 30))
    settings.set_value(db, SCHOOL_HOLIDAYS, [christmas, half_term])
    assert settings.school_holidays(db) == [half_term, christmas]
    assert settings.stored_text(db, "school_holidays") == (
        '[["2026-10-26", "2026-10-30"], ["2026-12-21", "2027-01-01"]]'
    )
    rows = db.execute("SELECT operation FROM change_log WHERE table_name = 'register_meta' "
                      "AND record_uuid = 'school_holidays'").fetchall()
    assert [r[0] for r in rows] == ["insert"]


def test_a_school_holiday_ending_before_it_starts_is_refused(db):
    half_term = (date(2026, 10, 26), date(2026, 10, 30))
    settings.set_value(db, SCHOOL_HOLIDAYS, [half_term])
    before = _log_count(db)
    with pytest.raises(SettingError, match="ends before it starts"):
        settings.set_value(db, SCHOOL_HOLIDAYS,
                           [half_term, (date(2026, 12, 21), date(2026, 12, 1))])
    assert settings.school_holidays(db) == [half_term]
    assert _log_count(db) == before


# --- a trip: several providers in one step -------------------------------------------

def test_a_trip_plans_each_providers_visit_covering_its_children(db, oakfield,
                                                                  provider_rated_good):
    provider, placements = oakfield
    other = provider_rated_good(db, name="Moorland Academy")
    moorland = [_place(db, other, "Jan")]
    ids = planning.plan_trip(db, [(provider, date(2026, 12, 3)), (other, date(2026, 12, 4))],
                             as_of=AS_OF, visit_type="annual_monitoring", visitors="A. Patel")
    visits = visits_between(db, date(2026, 12, 1), date(2026, 12, 31))
    assert [(v.visit_id, v.provider_id, v.visit_date, v.placements_covered) for v in visits] == [
        (ids[0], provider, date(2026, 12, 3), len(placements)),
        (ids[1], other, date(2026, 12, 4), len(moorland))]


def test_a_trip_with_one_stop_refused_plans_none_of_them(db, oakfield):
    provider, _placements = oakfield
    before = _snapshot(db)
    with pytest.raises(PlanningError, match="There is no provider 999"):
        planning.plan_trip(db, [(provider, date(2026, 12, 3)), (999, date(2026, 12, 4))],
                           as_of=AS_OF, visit_type="annual_monitoring", visitors="A. Patel")
    assert _snapshot(db) == before  # the first stop's visit went too: one transaction
