"""The tests' registers are copies of one made at the start of the run (conftest's
``register_template``): each must be what a user's new register is, so the tests still
test the real thing."""

from __future__ import annotations

import stat
from pathlib import Path

from register_contents import table_contents

from placement_qa.store.connection import open_register

SCHEMA = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
FILE_SETTINGS = ("journal_mode", "page_size", "auto_vacuum", "encoding", "user_version")
CONNECTION_SETTINGS = ("foreign_keys", "synchronous", "busy_timeout", "query_only")


def comparable(path: Path) -> dict[str, object]:
    """What the register at ``path`` holds and how it is set up; the register's own id
    (random in every new register) and the times its migrations ran left out."""
    contents = table_contents(path)
    register_id = dict(contents["register_meta"]).get("register_id")
    assert register_id, "a new register has an id"
    contents["register_meta"] = [r for r in contents["register_meta"] if r[0] != "register_id"]
    contents["_sqlite_migrations"] = [r[:3] for r in contents["_sqlite_migrations"]]
    db = open_register(path)
    try:
        schema = db.execute(SCHEMA).fetchall()
        settings = {name: db.execute(f"PRAGMA {name}").fetchall()
                    for name in FILE_SETTINGS + CONNECTION_SETTINGS}
    finally:
        db.close()
    return {"contents": contents, "schema": schema, "settings": settings,
            "permissions": stat.S_IMODE(path.stat().st_mode)}


def test_a_register_from_the_template_is_a_new_register(db, tmp_path):
    copied = tmp_path / "register.db"
    db.close()
    fresh = tmp_path / "fresh" / "register.db"
    open_register(fresh, create=True).close()
    assert comparable(copied) == comparable(fresh)
    assert comparable(copied)["contents"]["_sqlite_migrations"], "the migrations ran"
