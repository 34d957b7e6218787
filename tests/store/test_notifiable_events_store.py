"""Recording notifiable events, and the counts the overdue list's risk order reads."""

from __future__ import annotations

from datetime import date

import pytest
from recorded_visits import provider_with_children

from placement_qa.domain.actions import NewAction
from placement_qa.domain.notifiable_events import NewEvent
from placement_qa.domain.validation import FieldError
from placement_qa.store.actions import list_actions
from placement_qa.store.notifiable_events import (
    event_counts_since,
    list_events,
    record_event,
)
from placement_qa.store.register import add_child, add_placement

AS_OF = date(2026, 11, 22)


def test_an_event_and_its_follow_up_action_are_written_together(db):
    provider, placements = provider_with_children(db, "Oakfield", [("Amara", "Okafor")])
    action = NewAction(provider, "Send the restraint log", "provider", "Head", date(2026, 12, 1),
                       "high", placement_id=placements["Amara Okafor"], raised_on=AS_OF)
    record_event(db, NewEvent(provider, "restraint", date(2026, 11, 3), "social_care",
                              "J. Patel", "Called the home", placements["Amara Okafor"]),
                 as_of=AS_OF, action=action)
    [event] = list_events(db, provider_id=provider)
    [raised] = list_actions(db, provider_id=provider)
    assert (event.child_name, event.kind_label, event.reporter_label, event.action_id) == (
        "Amara Okafor", "Physical intervention / restraint", "Social care: J. Patel",
        raised.action_id)
    assert db.execute("SELECT count(*) FROM change_log WHERE table_name = "
                      "'notifiable_events'").fetchone()[0] == 1


def test_a_refused_action_writes_no_event_either(db):
    provider, _ = provider_with_children(db, "Oakfield", [("Amara", "Okafor")])
    action = NewAction(provider, "", "provider", "", date(2026, 12, 1), "high")
    with pytest.raises(FieldError):
        record_event(db, NewEvent(provider, "complaint", date(2026, 11, 3), "provider"),
                     as_of=AS_OF, action=action)
    assert list_events(db) == [] and list_actions(db) == []


def test_a_child_placed_elsewhere_is_refused(db):
    provider, _ = provider_with_children(db, "Oakfield", [("Amara", "Okafor")])
    other, placements = provider_with_children(db, "Brookside", [("Ben", "Carter")])
    with pytest.raises(FieldError, match="no placement at this provider"):
        record_event(db, NewEvent(provider, "complaint", date(2026, 11, 3), "provider",
                                  placement_id=placements["Ben Carter"]), as_of=AS_OF)
    assert list_events(db) == []


def test_counts_since_a_day_by_placement_provider_wide_events_for_each_live_one(db):
    provider, placements = provider_with_children(db, "Oakfield",
                                                  [("Amara", "Okafor"), ("Zoë", "Brennan")])
    later = add_placement(db, child_id=add_child(db, given_name="Finn", family_name="Green"),
                          provider_id=provider, start_date=date(2026, 11, 10), arrangement="day")
    amara, zoe = placements["Amara Okafor"], placements["Zoë Brennan"]
    for kind, day, placement in (("restraint", date(2026, 10, 1), amara),
                                 ("restraint", date(2026, 10, 5), amara),
                                 ("fixed_term_suspension", date(2026, 11, 2), amara),
                                 ("restraint", date(2026, 8, 1), zoe),      # before the day
                                 ("complaint", date(2026, 11, 1), None)):   # the whole school
        record_event(db, NewEvent(provider, kind, day, "provider", placement_id=placement),
                     as_of=AS_OF)
    assert event_counts_since(db, date(2026, 9, 1)) == {
        amara: {"restraint": 2, "fixed_term_suspension": 1, "complaint": 1},
        zoe: {"complaint": 1},
    }
    assert later not in event_counts_since(db, date(2026, 9, 1))


def test_the_providers_timeline_shows_each_event(db):
    from placement_qa.store.timeline import provider_timeline

    provider, placements = provider_with_children(db, "Oakfield", [("Zoë", "Łukasiewicz")])
    record_event(db, NewEvent(provider, "missing_home", date(2026, 11, 3), "social_care",
                              "J. Patel", placement_id=placements["Zoë Łukasiewicz"]),
                 as_of=AS_OF)
    record_event(db, NewEvent(provider, "complaint", date(2026, 11, 4), "other"), as_of=AS_OF)
    lines = [e.line for e in provider_timeline(db, provider)]
    assert lines[:2] == [
        "04/11/2026 — Event reported: Complaint — the provider as a whole — reported by Other",
        "03/11/2026 — Event reported: Missing from the home — Z. Ł. — reported by "
        "Social care: J. Patel"]


def test_the_change_log_says_what_an_event_is_in_words(db):
    from placement_qa.domain.change_log import change_words
    from placement_qa.store.audit import change_log
    from placement_qa.store.change_log_register import LoggedRegister

    provider, _ = provider_with_children(db, "Oakfield", [("Amara", "Okafor")])
    record_event(db, NewEvent(provider, "police", date(2026, 11, 3), "social_care"), as_of=AS_OF)
    [entry] = change_log(db, table="notifiable_events")
    words = change_words(entry, LoggedRegister(db))
    assert words.record == "event between visits at Oakfield"
    assert "event Police involvement" in words.changes
    assert "reported by Social care" in words.changes


def test_the_dashboard_counts_the_events_of_the_last_30_days(db):
    from placement_qa.domain.dashboard import RECENT_EVENTS
    from placement_qa.store.dashboard import dashboard_as_of

    provider, placements = provider_with_children(db, "Oakfield", [("Amara", "Okafor")])
    for day in (date(2026, 10, 23), date(2026, 10, 24), date(2026, 11, 22)):  # 30 days: 24/10 on
        record_event(db, NewEvent(provider, "restraint", day, "provider",
                                  placement_id=placements["Amara Okafor"]), as_of=AS_OF)
    tile = dashboard_as_of(db, AS_OF).tile(RECENT_EVENTS)
    assert (tile.label, tile.value, tile.detail) == (
        "Events reported in the last 30 days", "2", "at 1 provider")
    assert [(r.subject, r.due) for r in tile.rows] == [
        ("Physical intervention / restraint — Amara Okafor", date(2026, 11, 22)),
        ("Physical intervention / restraint — Amara Okafor", date(2026, 10, 24))]
