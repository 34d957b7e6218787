"""An import never renames a child (issue 14): a row whose case ref is a registered
child's but whose name is another's is refused, naming the row, the case ref and both
names; the same name typed without accents or in another case is the same child, and
the register keeps its own spelling. The counts say when a child's details change."""

from __future__ import annotations

import pytest
from placement_files import HILLCREST, child_row, register_content, write_csv

from placement_qa.store import register
from placement_qa.store.audit import change_log
from placement_qa.store.placement_import import import_placements

RENAMED = ("row 3, Case ref, 'cs-1001': in the register this is Kai Wilson, the row says "
           "Different Person: correct the row, or rename the child in the app first")


def kai(**cells) -> dict[str, str]:
    return child_row("Kai", "Wilson", **cells)


def registered(db, given: str, family: str) -> int:
    return register.add_child(db, given_name=given, family_name=family, case_ref="CS-1001")


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_row_giving_a_registered_child_another_name_is_refused(db, tmp_path, dry_run):
    registered(db, "Kai", "Wilson")
    path = write_csv(tmp_path / "p.csv", [
        kai(case_ref="CS-2002", given_name="Ada", family_name="Lovelace"),
        kai(case_ref="cs-1001", given_name="Different", family_name="Person",
            start_date="01/10/2025")])
    before, data = register_content(db), path.read_bytes()
    result = import_placements(db, path, dry_run=dry_run)
    assert not result.written
    assert [p.line() for p in result.problems] == [RENAMED]
    assert result.summary().startswith("1 problem in 1 row: nothing imported")
    assert register_content(db) == before and path.read_bytes() == data
    assert db.execute("SELECT given_name, family_name FROM children").fetchall() == [
        ("Kai", "Wilson")]


@pytest.mark.parametrize(("given", "family"), [
    ("Kai", "Watson"), ("Kay", "Wilson"), ("Wilson", "Kai"), ("Kai", "Wilson-Smith")])
def test_any_other_name_is_a_rename_and_refused(db, tmp_path, given, family):
    registered(db, "Kai", "Wilson")
    path = write_csv(tmp_path / "p.csv", [kai(given_name=given, family_name=family)])
    before = register_content(db)
    [problem] = import_placements(db, path).problems
    assert problem.row == 2 and problem.column == "Case ref"
    assert f"in the register this is Kai Wilson, the row says {given} {family}" in problem.reason
    assert register_content(db) == before


def test_the_name_without_accents_or_in_another_case_is_the_same_child(db, tmp_path):
    child = registered(db, "Zoë", "Łukasiewicz")
    path = write_csv(tmp_path / "p.csv", [
        kai(given_name="Zoe", family_name="Lukasiewicz", end_date="31/07/2025"),
        kai(case_ref="cs-1001", given_name="ZOË", family_name="ŁUKASIEWICZ",
            provider_urn=HILLCREST, start_date="01/09/2022", end_date="20/07/2024"),
        kai(given_name="zoe", family_name="lukasiewicz", start_date="01/09/2025",
            end_date="31/08/2026")])
    result = import_placements(db, path)
    assert result.written, [p.line() for p in result.problems]
    assert (result.added, result.updated, result.unchanged) == (3, 0, 0)
    assert result.summary() == "3 added, 0 updated, 0 unchanged"
    assert db.execute("SELECT id, given_name, family_name FROM children").fetchall() == [
        (child, "Zoë", "Łukasiewicz")]
    assert not [e for e in change_log(db) if e.table_name == "children"
                and e.operation == "update"]


def test_a_new_placement_that_changes_the_childs_details_says_so(db, tmp_path):
    registered(db, "Kai", "Wilson")
    result = import_placements(db, write_csv(tmp_path / "p.csv", [
        kai(date_of_birth="14/03/2011"), kai(case_ref="CS-3", given_name="Ada",
                                             family_name="Lovelace")]))
    assert result.written
    assert result.summary() == "2 added, 0 updated, 0 unchanged; 1 child's details changed"
    assert db.execute("SELECT date_of_birth FROM children WHERE case_ref = 'CS-1001'"
                      ).fetchone() == ("2011-03-14",)
    again = import_placements(db, write_csv(tmp_path / "q.csv", [kai(primary_need="ASD")]),
                              dry_run=True)
    assert again.summary() == ("Check only: 0 added, 1 updated, 0 unchanged; 1 child's "
                               "details changed (nothing written yet)")


def test_a_rename_is_told_once_beside_a_row_with_the_right_name(db, tmp_path):
    registered(db, "Kai", "Wilson")
    path = write_csv(tmp_path / "p.csv", [
        kai(), kai(case_ref="cs-1001", given_name="Different", family_name="Person",
                   start_date="01/10/2025")])
    before = register_content(db)
    result = import_placements(db, path)
    assert [p.line() for p in result.problems] == [RENAMED]
    assert register_content(db) == before
