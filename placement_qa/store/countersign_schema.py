"""The countersign steps' table (migration 0011), apart from the store's functions on it
so that the schema, which every store module reaches, needs nothing else of them."""

from __future__ import annotations

from sqlite_utils import Database

from ..domain.countersign import COUNTERSIGNED, RETURNED

TABLE = "note_countersigns"

SCHEMA = f"""
CREATE TABLE {TABLE} (
    {{identity}},
    visit_id INTEGER NOT NULL REFERENCES monitoring_visits(id),
    kind TEXT NOT NULL CHECK (kind IN ('{COUNTERSIGNED}', '{RETURNED}')),
    done_by TEXT NOT NULL CHECK (trim(done_by) <> ''),
    done_at TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX idx_note_countersigns_visit ON {TABLE}(visit_id, done_at)
"""


def create_table(db: Database, identity: str) -> None:
    """The countersign steps' table (migration 0011); ``identity`` declares the id and
    uuid columns as every logged table's."""
    for statement in SCHEMA.format(identity=identity).split(";"):
        db.execute(statement)
