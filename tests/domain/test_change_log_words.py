"""The change log reads like an audit trail: by example, each kind of change in the
words a manager reads on the change log page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from placement_qa.domain.change_log import ChangeLogEntry, change_summary, change_words

ZOE, AYSE = "c-zoe", "c-ayse"
NORTHCOTE, PLACEMENT, VISIT, OFFICER = "p-north", "pl-zoe", "v-1", "o-amira"


@dataclass
class Register:
    """A register as the change log sees it: records by uuid, who each account is."""

    records: dict[str, dict[str, Any]] = field(default_factory=lambda: {
        ZOE: {"given_name": "Zoë", "family_name": "Łukasiewicz"},
        AYSE: {"given_name": "Ayşe", "family_name": "Yılmaz"},
        NORTHCOTE: {"name": "Northcote Park School"},
        PLACEMENT: {"child_id_uuid": ZOE, "provider_id_uuid": NORTHCOTE},
        VISIT: {"provider_id_uuid": NORTHCOTE, "visit_date": "2026-11-18"},
        OFFICER: {"name": "Amira Patel", "initials": "AP"},
    })
    accounts: dict[str, str] = field(default_factory=lambda: {"apatel": "Amira Patel"})

    def record(self, uuid: str) -> dict[str, Any] | None:
        return self.records.get(uuid)

    def visit_children(self, visit_uuid: str) -> tuple[str, ...]:
        return ("Zoë Łukasiewicz", "Ayşe Yılmaz") if visit_uuid == VISIT else ()

    def who(self, account: str) -> str:
        return self.accounts.get(account, account)


def _entry(table: str, uuid: str, operation: str, before, after, *,
           who: str = "apatel", at: str = "2026-12-03T14:05:09.000Z") -> ChangeLogEntry:
    return ChangeLogEntry(table, uuid, operation, before, after, who, at, "laptop")


PLACED = {"id": 7, "uuid": PLACEMENT, "child_id": 3, "child_id_uuid": ZOE, "provider_id": 2,
          "provider_id_uuid": NORTHCOTE, "start_date": "2025-09-01", "end_date": "2026-07-20",
          "arrangement": "day", "annual_cost": 52500.5}


def test_an_end_date_change_reads_as_the_issue_asks():
    moved = _entry("placements", PLACEMENT, "update", PLACED,
                   {**PLACED, "end_date": "2026-12-18"})
    words = change_words(moved, Register())
    assert words.line == ("Zoë Łukasiewicz — placement at Northcote Park School — end date "
                          "20/07/2026 → 18/12/2026 — by Amira Patel, 03/12/2026 14:05")
    assert (words.when, words.who, words.child, words.operation) == (
        "03/12/2026 14:05:09", "Amira Patel", "Zoë Łukasiewicz", "Changed")


def test_an_account_that_is_no_officer_is_named_as_the_account():
    moved = _entry("placements", PLACEMENT, "update", PLACED,
                   {**PLACED, "arrangement": "residential_weekly"}, who="b.manager")
    words = change_words(moved, Register())
    assert words.who == "b.manager"
    assert words.changes == "arrangement Day → Residential (weekly)"


def test_a_new_placement_lists_its_values_as_the_forms_show_them():
    words = change_words(_entry("placements", PLACEMENT, "insert", None, PLACED), Register())
    assert words.operation == "Added"
    assert words.changes == ("start date 01/09/2025; end date 20/07/2026; arrangement Day; "
                             "annual cost 52,500.50")   # the child and provider: said before
    assert words.line.startswith("Zoë Łukasiewicz — placement at Northcote Park School — "
                                 "added: start date 01/09/2025;")


def test_a_childs_part_in_a_visit_says_yes_and_no_and_labels_fields_as_the_note_does():
    part = {"uuid": "vp-1", "visit_id_uuid": VISIT, "placement_id_uuid": PLACEMENT,
            "seen": 0, "not_seen_reason": "Off sick"}
    seen = _entry("visit_placements", "vp-1", "update", part,
                  {**part, "seen": 1, "not_seen_reason": ""})
    words = change_words(seen, Register())
    assert words.child == "Zoë Łukasiewicz"
    assert words.record == "on the visit to Northcote Park School on 18/11/2026"
    assert words.changes == "seen no → yes; why not seen Off sick → —"
    added = change_words(_entry("visit_placements", "vp-1", "insert", None, part), Register())
    assert added.line == ("Zoë Łukasiewicz — on the visit to Northcote Park School on "
                          "18/11/2026 — added: seen no; why not seen Off sick — by Amira "
                          "Patel, 03/12/2026 14:05")


def test_a_visit_names_every_child_it_covers_its_officer_and_its_judgement():
    visit = {"uuid": VISIT, "provider_id_uuid": NORTHCOTE, "visit_date": "2026-11-18",
             "status": "planned", "assigned_officer_id": None,
             "assigned_officer_id_uuid": None, "overall_rag": None}
    done = {**visit, "status": "draft", "assigned_officer_id": 1,
            "assigned_officer_id_uuid": OFFICER, "overall_rag": "light_green"}
    words = change_words(_entry("monitoring_visits", VISIT, "update", visit, done), Register())
    assert words.child == "Ayşe Yılmaz, Zoë Łukasiewicz"   # filed by name, as lists are
    assert words.changes == ("visit status Planned → Draft; assigned officer — → Amira Patel; "
                             "overall judgement — → Light green")


def test_moving_between_pages_shows_no_change_and_keys_never_show():
    visit = {"id": 1, "uuid": VISIT, "draft_position": "details", "visit_date": "2026-11-18"}
    moved = _entry("monitoring_visits", VISIT, "update", visit,
                   {**visit, "draft_position": "child:1"})
    assert change_summary(moved) == "no visible change"
    added = change_summary(_entry("children", ZOE, "insert", None, {
        "id": 3, "uuid": ZOE, "given_name": "Zoë", "family_name": "Łukasiewicz",
        "date_of_birth": "2014-03-09", "case_ref": "WB-0042"}))
    assert added == ("given name Zoë; family name Łukasiewicz; date of birth 09/03/2014; "
                     "case reference WB-0042")


def test_a_child_a_provider_a_setting_and_a_removed_record_read_in_words():
    register = Register()
    renamed = change_words(_entry("children", ZOE, "update", {"given_name": "Zoe"},
                                  {"given_name": "Zoë"}), register)
    assert (renamed.child, renamed.record, renamed.changes) == (
        "Zoë", "child's details", "given name Zoe → Zoë")
    provider = change_words(_entry("providers", NORTHCOTE, "update", {"name": "Northcote"},
                                   {"name": "Northcote Park School"}), register)
    assert (provider.child, provider.record) == ("", "provider Northcote Park School")
    setting = change_words(_entry("register_meta", "home_authority", "update",
                                  {"key": "home_authority", "value": "Westbridge"},
                                  {"key": "home_authority", "value": "Eastmoor"}), register)
    assert setting.record == "setting “Home authority”"
    assert setting.changes == "value Westbridge → Eastmoor"
    gone = change_words(_entry("placements", "pl-gone", "delete", {
        "uuid": "pl-gone", "child_id_uuid": "c-gone", "provider_id_uuid": "p-gone",
        "start_date": "2024-09-01"}, None), register)
    assert (gone.child, gone.record, gone.operation) == ("", "placement (no provider)",
                                                         "Removed")
    assert gone.changes == "start date 01/09/2024"
    assert gone.line.startswith("placement (no provider) — removed: start date 01/09/2024 — by")


def test_a_providers_offer_and_an_event_of_the_register_file_read_as_the_app_words_them():
    register = Register()
    offer = change_words(_entry("providers", NORTHCOTE, "update",
                                {"name": "Northcote Park School", "arrangements": "day"},
                                {"name": "Northcote Park School",
                                 "arrangements": "day_and_residential"}), register)
    assert offer.changes == "arrangements Day only → Day and residential"
    restored = change_words(_entry("register_events", "e-1", "insert", None, {
        "id": 1, "uuid": "e-1", "event": "restore", "detail": "d-20261122.db"}), register)
    assert restored.line == ("register file — added: event restored from a backup; detail "
                             "d-20261122.db — by Amira Patel, 03/12/2026 14:05")


def test_a_countersign_reads_as_on_the_visits_note():
    step = {"uuid": "cs-1", "visit_id": 1, "visit_id_uuid": VISIT, "kind": "returned",
            "done_by": "Priya Shah", "done_at": "2026-11-20T10:00:00Z",
            "comment": "Say how attendance was checked"}
    words = change_words(_entry("note_countersigns", "cs-1", "insert", None, step), Register())
    assert words.record == ("countersign or return of the visit to Northcote Park School on "
                            "18/11/2026")
    assert words.child == "Ayşe Yılmaz, Zoë Łukasiewicz"
    assert "Say how attendance was checked" in words.changes
