"""The team register's rules (plain Python): how a laptop's change merges into the server's
copy of a record, what waits for the manager, and the status line."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from placement_qa.domain.conflict_words import refusal_words
from placement_qa.domain.sync import (
    EDIT_OF_DELETED,
    HELD,
    SAME_FIELD,
    Context,
    Current,
    Incoming,
    Merge,
    Raised,
    SyncRuleError,
    chosen_value,
    is_synced,
    kept_as_sent,
    merge_change,
    natural_keys,
    portable,
)
from placement_qa.domain.sync_status import (
    FAILED,
    OFFLINE,
    SYNCED,
    SyncStatus,
    counts_text,
    status_text,
    status_tip,
)

PLACEMENT = {"child_id_uuid": "c1", "provider_id_uuid": "p1", "start_date": "2025-09-01",
             "end_date": None, "annual_cost": 50_000.0, "interim_support": None}


def _edit(table: str, before: dict, after: dict) -> Incoming:
    return Incoming(table, "r1", "update", before, after)


def test_a_record_travels_without_local_ids():
    row = {"id": 7, "uuid": "r1", "child_id": 3, "child_id_uuid": "c1", "notes": "x"}
    assert portable("placements", row) == {"child_id_uuid": "c1", "notes": "x"}
    assert portable("register_meta", {"key": "council_name", "value": "W"}) == {"value": "W"}
    assert not is_synced("register_events", "e1")
    assert not is_synced("register_meta", "register_id")
    assert is_synced("register_meta", "council_name")


def test_a_new_record_is_applied_whole():
    change = Incoming("placements", "r1", "insert", None, PLACEMENT)
    assert merge_change(None, change) == Merge(PLACEMENT, PLACEMENT)


def test_edits_of_different_fields_both_apply_without_a_conflict():
    server = Current({**PLACEMENT, "annual_cost": 48_500.0})  # another laptop's edit
    change = _edit("placements", PLACEMENT, {**PLACEMENT, "interim_support": "Tutor"})
    merged = merge_change(server, change)
    assert merged.data == {**PLACEMENT, "annual_cost": 48_500.0, "interim_support": "Tutor"}
    assert merged.applied == {"interim_support": "Tutor"} and merged.conflicts == ()


def test_the_same_field_changed_since_applies_the_later_arrival_and_keeps_both():
    server = Current({**PLACEMENT, "annual_cost": 50_500.0})
    change = _edit("placements", PLACEMENT, {**PLACEMENT, "annual_cost": 52_000.0})
    merged = merge_change(server, change)
    assert merged.data["annual_cost"] == 52_000.0
    assert merged.conflicts == (Raised(SAME_FIELD, ("annual_cost",), {"annual_cost": 50_500.0},
                                       {"annual_cost": 52_000.0}),)


def test_the_same_value_from_two_laptops_is_no_conflict():
    server = Current({**PLACEMENT, "annual_cost": 52_000.0})
    change = _edit("placements", PLACEMENT, {**PLACEMENT, "annual_cost": 52_000.0})
    assert merge_change(server, change).conflicts == ()


def test_the_laptop_that_made_a_change_needs_it_back_only_if_not_kept_as_sent():
    change = _edit("placements", PLACEMENT, {**PLACEMENT, "end_date": "2027-03-31"})
    kept = merge_change(Current(PLACEMENT), change, Context(by_manager=True))
    held = merge_change(Current(PLACEMENT), change)
    assert kept_as_sent(change, kept.applied)
    assert not kept_as_sent(change, held.applied)  # undone there: the manager decides


def test_the_visit_authors_records_merge_without_a_conflict():
    finding = {"visit_id_uuid": "v1", "criterion_key": "safety", "evidence": "old"}
    server = Current({**finding, "evidence": "the author's"})
    merged = merge_change(server, _edit("findings", finding, {**finding, "evidence": "later"}))
    assert merged.data["evidence"] == "later" and merged.conflicts == ()


@pytest.mark.parametrize(("table", "field", "value"), [
    ("placements", "end_date", "2027-03-31"),
    ("placements", "provider_id_uuid", "p2"),
    ("placements", "state", "awaiting_provision"),
    ("monitoring_visits", "status", "completed"),
    ("monitoring_visits", "status", "cancelled"),
    ("monitoring_visits", "signed_off_by", "Helen Marsh"),
])
def test_an_officers_end_date_provider_state_sign_off_or_cancellation_is_held(table, field,
                                                                             value):
    before = {field: None}
    merged = merge_change(Current(before), _edit(table, before, {field: value}))
    assert merged.data == before and merged.applied == {field: None}  # undone on the laptop
    assert merged.conflicts == (Raised(HELD, (field,), {field: None}, {field: value}),)
    by_manager = merge_change(Current(before), _edit(table, before, {field: value}),
                              Context(by_manager=True))
    assert by_manager.data == {field: value} and by_manager.conflicts == ()


def test_a_visit_going_to_draft_is_not_held():
    before = {"status": "planned"}
    merged = merge_change(Current(before), _edit("monitoring_visits", before,
                                                 {"status": "draft"}))
    assert merged.data == {"status": "draft"} and merged.conflicts == ()


def test_settings_and_the_framework_are_a_managers_to_change():
    setting = Incoming("register_meta", "council_name", "insert", None, {"value": "Mine"})
    assert merge_change(None, setting) == Merge(None, None, (
        Raised(HELD, (), None, {"value": "Mine"}),))
    assert merge_change(None, setting, Context(by_manager=True)).data == {"value": "Mine"}
    officer = {"name": "A. Officer", "role": "officer", "active": 1}
    promoted = merge_change(Current(officer), Incoming(
        "officers", "o1", "update", officer, {**officer, "role": "manager"}))
    assert promoted.data == officer and promoted.conflicts[0].kind == HELD


OFFICER = {"name": "Sam Patel", "initials": "SP", "role": "officer", "active": 1}


def test_anyone_may_add_an_officer_only_a_manager_a_manager():
    new = Incoming("officers", "o1", "insert", None, OFFICER)
    assert merge_change(None, new) == Merge(OFFICER, OFFICER)
    boss = {**OFFICER, "role": "manager"}
    held = merge_change(None, Incoming("officers", "o1", "insert", None, boss))
    assert held == Merge(None, None, (Raised(HELD, (), None, boss),))
    assert merge_change(None, Incoming("officers", "o1", "insert", None, boss),
                        Context(by_manager=True)).data == boss


def test_the_same_officer_added_twice_is_no_conflict_where_nothing_differs():
    again = merge_change(Current(OFFICER), Incoming("officers", "o2", "insert", None, OFFICER))
    assert again.data == OFFICER and again.conflicts == ()
    ended = {**OFFICER, "active": 0}
    ending = merge_change(Current(ended), _edit("officers", OFFICER, ended))
    assert ending.data == ended and ending.conflicts == ()  # ended already: nothing held


def test_an_officer_is_the_same_person_by_name_while_active():
    assert natural_keys("officers", OFFICER) == natural_keys(
        "officers", {**OFFICER, "name": " sam  PATEL", "initials": "SPA"})
    assert natural_keys("officers", OFFICER) != natural_keys(
        "officers", {**OFFICER, "name": "Sam Patil"})
    assert natural_keys("officers", {**OFFICER, "active": 0}) == {}


@pytest.mark.parametrize(("table", "raised", "words"), [
    ("officers", Raised(HELD, ("active",), {"active": 1}, {"active": 0}),
     "only a manager may end an officer (Sam Patel)"),
    ("officers", Raised(HELD, ("role",), {"role": "officer"}, {"role": "manager"}),
     "only a manager may change an officer's role (Sam Patel)"),
    ("officers", Raised(HELD, (), None, {**OFFICER, "role": "manager"}),
     "only a manager may add a manager (Sam Patel)"),
    ("register_meta", Raised(HELD, (), None, {"value": "Mine"}),
     "only a manager may change the register's settings"),
    ("placements", Raised(HELD, ("end_date",), {"end_date": None}, {"end_date": "2027-03-31"}),
     None),
    ("officers", Raised(SAME_FIELD, ("name",), {"name": "Sam"}, {"name": "Samuel"}), None),
])
def test_a_change_only_a_manager_may_make_is_told_in_words(table, raised, words):
    assert refusal_words(table, raised, OFFICER) == words


def test_an_edit_of_a_record_deleted_on_the_server_is_kept_as_a_conflict():
    merged = merge_change(Current(PLACEMENT, deleted=True),
                          _edit("placements", PLACEMENT, {**PLACEMENT, "notes": "kept"}))
    assert merged.data is None and merged.applied is None
    assert merged.conflicts == (Raised(EDIT_OF_DELETED, (), None,
                                       {**PLACEMENT, "notes": "kept"}),)


def test_a_new_record_whose_visit_was_deleted_is_kept_as_a_conflict():
    finding = {"visit_id_uuid": "v1", "criterion_key": "safety"}
    merged = merge_change(None, Incoming("findings", "f1", "insert", None, finding),
                          Context(missing_refs=frozenset({"visit_id_uuid"})))
    assert merged.data is None
    assert merged.conflicts == (Raised(EDIT_OF_DELETED, (), None, finding),)


def test_a_delete_applies_unless_edited_since_or_still_needed():
    observation = {"visit_id_uuid": "v1", "what": "Maths"}
    delete = Incoming("visit_observations", "o1", "delete", observation, None)
    assert merge_change(Current(observation), delete) == Merge(None, None)
    edited = {**observation, "what": "Maths and English"}
    assert merge_change(Current(edited), delete).conflicts == (
        Raised(EDIT_OF_DELETED, (), edited, None),)
    still_needed = merge_change(Current(observation), delete, Context(referenced=True))
    assert still_needed.data == observation and still_needed.applied == observation
    assert merge_change(None, delete) == Merge(None, None)  # gone already


def test_unique_keys_compare_case_refs_as_the_register_does():
    assert natural_keys("children", {"case_ref": " cs-1 "}) == natural_keys(
        "children", {"case_ref": "CS-1"})
    assert natural_keys("children", {"case_ref": None}) == {}
    assert natural_keys("findings", {"visit_id_uuid": "v1", "criterion_key": "k"}) != {}


def test_a_resolution_keeps_one_side_or_the_managers_edit():
    mine, theirs = {"end_date": "2027-03-31"}, {"end_date": None}
    assert chosen_value("mine", theirs, mine, None, ("end_date",)) == mine
    assert chosen_value("theirs", theirs, mine, None, ("end_date",)) == theirs
    assert chosen_value("edited", theirs, mine, {"end_date": "2027-04-30"}, ("end_date",)) == {
        "end_date": "2027-04-30"}
    with pytest.raises(SyncRuleError, match="missing: end_date"):
        chosen_value("edited", theirs, mine, {"notes": "x"}, ("end_date",))
    with pytest.raises(SyncRuleError, match="not a resolution"):
        chosen_value("both", theirs, mine, None, ("end_date",))


AT = datetime(2026, 7, 16, 9, 42, tzinfo=UTC)  # 10:42 in London (BST)


@pytest.mark.parametrize(("status", "text"), [
    (SyncStatus(True, 0, AT, SYNCED), "Synced 10:42 · 0 waiting"),
    (SyncStatus(True, 3, AT, SYNCED), "3 changes waiting to send"),
    (SyncStatus(True, 1, AT, SYNCED), "1 change waiting to send"),
    (SyncStatus(True, 3, AT, OFFLINE),
     "Server not reachable — working offline, 3 changes waiting"),
    (SyncStatus(True, 0, AT, FAILED, "only a manager may change register_meta"),
     "Sync failed: only a manager may change register_meta"),
    (SyncStatus(True, 0, AT, SYNCED, notice="Not done: only a manager may end an officer "
                "(Sam Patel): it waits for the manager"),
     "Synced 10:42 · 0 waiting · Not done: only a manager may end an officer (Sam Patel): "
     "it waits for the manager"),
    (SyncStatus(False), ""),
])
def test_the_status_line_says_what_happened_never_synced_after_a_failure(status, text):
    assert status_text(status) == text


@pytest.mark.parametrize(("status", "tip"), [
    (SyncStatus(True, 0, AT, SYNCED), "Every change made here is on the team register. It "
     "syncs every 5 minutes; Ctrl+Shift+S syncs now."),
    (SyncStatus(True, 3, AT, SYNCED), "3 changes made here not yet on the team register: "
     "sent at the next sync (every 5 minutes, or Ctrl+Shift+S)."),
    (SyncStatus(True, 1, AT, OFFLINE, "connection refused"), "The team register's server could "
     "not be reached (connection refused). Work as usual: changes wait here and are sent "
     "once it can be."),
    (SyncStatus(True, 1, AT, FAILED, "the server refused the password for ak"),
     "The last sync did not finish; nothing was lost, and every change made here waits to be "
     "sent. The server wants your password: give it in File ▸ Join team register…"),
    (SyncStatus(True, 1, AT, FAILED, "the server asks for ak's password"),
     "The last sync did not finish; nothing was lost, and every change made here waits to be "
     "sent. The server wants your password: give it in File ▸ Join team register…"),
    (SyncStatus(True, 2, AT, FAILED, "why"), "The last sync did not finish; nothing was lost, "
     "and every change made here waits to be sent. Ctrl+Shift+S tries again."),
    (SyncStatus(False), ""),
])
def test_the_status_lines_tooltip_says_what_it_means_and_what_to_do(status, tip):
    assert status_tip(status, every_minutes=5) == tip


def test_what_a_sync_moved_in_words():
    assert counts_text(3, 5, 0) == "sent 3, received 5"
    assert counts_text(1, 0, 1) == "sent 1, received 0; 1 conflict for the manager to decide"
    assert counts_text(0, 0, 2).endswith("; 2 conflicts for the manager to decide")
