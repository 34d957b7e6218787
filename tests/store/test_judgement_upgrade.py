"""The overall judgement in words that judge a placement (issue 17): a register that held
the RAG key of action delivery (red, amber, light green, green) is upgraded in one step,
each old word to its place on the new scale, every visit's change in the change log; a
change pulled from a team laptop not yet upgraded lands in today's words."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlite_utils import Database

from placement_qa.store import register
from placement_qa.store.connection import install_sql_functions, open_register
from placement_qa.store.schema import LATEST_VERSION, migrate, schema_version
from placement_qa.store.sync_apply import LocalTables
from placement_qa.store.visits import add_visit

OLD_WORDS = ("green", "light_green", "amber", "red", None)


def _old_register(path, good_provider) -> None:
    """A version-9 register with one visit judged in each old RAG word (and one not)."""
    old = Database(sqlite3.connect(path))
    install_sql_functions(old.conn, "old.release")
    migrate(old, stop_before="0010_placement_judgement")
    assert schema_version(old) == 9
    provider = good_provider(old)
    child = register.add_child(old, given_name="Zoë", family_name="Łukasiewicz")
    # written as the older release did: today's add_placement reads tables a version-9
    # register does not have yet (providers causing concern)
    placement = old.table("placements").insert({
        "child_id": child, "provider_id": provider, "start_date": "2025-09-01",
        "arrangement": "day"}).last_pk
    for day, word in enumerate(OLD_WORDS, start=2):
        visit = add_visit(old, provider_id=provider, visit_date=date(2026, 10, day),
                          placement_ids=[placement], status="planned")
        old.execute("UPDATE monitoring_visits SET overall_rag = ? WHERE id = ?", [word, visit])
    old.close()


def test_an_old_register_judges_its_visits_in_the_new_words_each_change_logged(
        tmp_path, provider_rated_good):
    path = tmp_path / "v9.db"
    _old_register(path, provider_rated_good)
    db = open_register(path)
    assert schema_version(db) == LATEST_VERSION
    judged = [r[0] for r in db.execute(
        "SELECT overall_rag FROM monitoring_visits ORDER BY visit_date")]
    assert judged == ["outstanding", "good", "requires_improvement", "inadequate", None]
    logged = db.execute(
        "SELECT json_extract(before_json, '$.overall_rag'), "
        "json_extract(after_json, '$.overall_rag') FROM change_log "
        "WHERE table_name = 'monitoring_visits' AND operation = 'update' "
        "AND json_extract(before_json, '$.overall_rag') IN ('green', 'light_green', "
        "'amber', 'red') ORDER BY id").fetchall()
    assert logged[-4:] == [("green", "outstanding"), ("light_green", "good"),
                           ("amber", "requires_improvement"), ("red", "inadequate")]
    db.close()


def test_an_upgrade_that_fails_changes_no_judgement(tmp_path, provider_rated_good):
    path = tmp_path / "v9.db"
    _old_register(path, provider_rated_good)
    old = Database(sqlite3.connect(path))
    install_sql_functions(old.conn, "old.release")
    # the fourth word's update fails: nothing before it may stay changed
    old.execute("CREATE TRIGGER refuse_red BEFORE UPDATE OF overall_rag ON monitoring_visits "
                "WHEN OLD.overall_rag = 'red' BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    with pytest.raises(sqlite3.IntegrityError, match="disk full"):
        migrate(old)
    judged = [r[0] for r in old.execute(
        "SELECT overall_rag FROM monitoring_visits ORDER BY visit_date")]
    assert judged == list(OLD_WORDS)
    assert schema_version(old) == 9
    old.close()


def test_a_judgement_pulled_in_the_old_words_is_kept_in_the_new(db):
    tables = LocalTables(db)
    assert tables.values("monitoring_visits", {"overall_rag": "amber", "summary": "x"}) == {
        "overall_rag": "requires_improvement", "summary": "x"}
    assert tables.values("monitoring_visits", {"overall_rag": "good"}) == {
        "overall_rag": "good"}
