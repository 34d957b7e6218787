"""Text that looks like SQL is only ever text: stored and read back verbatim, every table kept."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date

import pytest
from recorded_visits import fill_note

from placement_qa.domain.actions import NewAction
from placement_qa.store import planning, register
from placement_qa.store.actions import get_action, raise_action
from placement_qa.store.audit import ChangeFilter, find_changes
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.store.placement_import import import_placements
from placement_qa.store.records import list_children, list_providers
from placement_qa.store.visit_notes import load_visit_note, save_draft
from placement_qa.ui.register_filter import matches, search_text, search_words

ATTACKS = [
    "'; DROP TABLE placements; --",
    "Robert'); DROP TABLE children;--",
    '" OR 1=1 --',
    "x' OR '1'='1",
    "%' OR 1=1; DELETE FROM providers; --",
    "\\'; ATTACH DATABASE '/tmp/stolen.db' AS stolen; --",
]


def tables(db) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@pytest.fixture
def attacked(new_register, tmp_path):
    """A register whose every name was typed by someone trying SQL injection."""
    db = new_register(tmp_path / "register.db", os_user=ATTACKS[0])
    before = tables(db)
    ensure_default_framework(db)
    yield db, before
    db.close()


@pytest.mark.parametrize("attack", ATTACKS)
def test_names_and_case_refs_are_stored_verbatim(attacked, attack, provider_rated_good):
    db, before = attacked
    provider = provider_rated_good(db, name=attack, host_authority=attack, postcode=attack,
                                   address=attack)
    child = register.add_child(db, given_name=attack, family_name=attack, case_ref=attack,
                               primary_need=attack)
    register.add_placement(db, child_id=child, provider_id=provider,
                           start_date=date(2025, 9, 1), arrangement="day")
    [stored] = [c for c in list_children(db) if c.child_id == child]
    assert (stored.given_name, stored.family_name, stored.case_ref) == (attack, attack, attack)
    [kept] = [p for p in list_providers(db) if p.provider_id == provider]
    assert (kept.name, kept.host_authority, kept.address, kept.postcode) == (attack,) * 4
    assert tables(db) == before
    assert db.execute("SELECT count(*) FROM placements").fetchone()[0] == 1
    # the change log's user (named ATTACKS[0]) is found by its exact name, and only by it
    found = find_changes(db, ChangeFilter(os_user=attack))
    assert bool(found) == (attack == ATTACKS[0])
    assert {e.os_user for e in find_changes(db)} == {ATTACKS[0]}


@pytest.mark.parametrize("attack", ATTACKS)
def test_filter_text_matches_only_what_it_says(attack):
    row = search_text(["Zoë Łukasiewicz", "Brookside School", "CS-10023"])
    assert not matches(row, search_words(attack))
    assert matches(search_text([f"Name {attack}"]), search_words(attack))


@pytest.mark.parametrize("attack", ATTACKS)
def test_visit_evidence_views_and_actions_are_stored_verbatim(attacked, attack,
                                                            provider_rated_good):
    db, before = attacked
    provider = provider_rated_good(db)
    child = register.add_child(db, given_name="Zoë", family_name="Łukasiewicz")
    placement = register.add_placement(db, child_id=child, provider_id=provider,
                                       start_date=date(2025, 9, 1), arrangement="day")
    visit = planning.plan_visit(db, provider_id=provider, visit_date=date(2025, 12, 3),
                                visit_type="annual_monitoring", visitors=attack,
                                placement_ids=[placement])
    note = fill_note(db, visit, evidence=lambda key: attack, views=lambda child: attack,
                     summary=attack, provider_staff_met=attack)
    save_draft(db, replace(note, summary=attack + " (again)"))
    stored = load_visit_note(db, visit)
    assert {f.evidence for f in stored.findings.values()} == {attack}
    assert stored.children[0].views == attack and stored.provider_staff_met == attack
    assert stored.summary == attack + " (again)" and stored.visitors == attack
    action = raise_action(db, NewAction(provider_id=provider, description=attack,
                                        owner_kind="provider", owner=attack,
                                        due_date=date(2026, 1, 5), priority="high",
                                        visit_id=visit))
    assert (get_action(db, action).description, get_action(db, action).owner) == (attack,) * 2
    assert tables(db) == before


def test_an_imported_file_full_of_sql_is_imported_verbatim(attacked, tmp_path):
    db, before = attacked
    register.add_provider(db, name="Brookside School", urn="123456",
                          provider_type="independent_special", host_authority="Kent")
    path = tmp_path / "placements.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Case ref", "Given name", "Family name", "Primary need", "Provider URN",
                      "Start date", "Arrangement", "Interim support"])
        for n, attack in enumerate(ATTACKS):
            out.writerow([f"{attack}{n}", attack, attack, "ASD", "", "01/09/2025",
                          "Elective home education", attack])
    result = import_placements(db, path)
    assert result.written and not result.problems, [p.line() for p in result.problems]
    stored = {c.case_ref: c for c in list_children(db)}
    for n, attack in enumerate(ATTACKS):
        child = stored[f"{attack}{n}"]
        assert (child.given_name, child.family_name) == (attack, attack)
    interim = {r[0] for r in db.execute("SELECT interim_support FROM placements")}
    assert interim == set(ATTACKS)
    assert tables(db) == before
