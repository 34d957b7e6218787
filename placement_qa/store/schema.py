"""Tables, indexes and the change log, created and upgraded by numbered migrations.

Each migration is one sqlite-utils ``Migrations`` step (run in one transaction)
and ends by setting ``PRAGMA user_version`` to its number, so the version of a
register file can be read with any SQLite tool. The DDL is written out by hand
because it carries CHECK constraints (real ISO dates, 6-digit URNs, allowed
states) that sqlite-utils' ``create()`` cannot express: the register itself
refuses an impossible date, whatever code writes it.

Every table with a ``uuid`` column gets three triggers that write a
``change_log`` row (table, record UUID, operation, before/after JSON, OS user,
UTC time, the register's own id) inside the same transaction as the change.
The OS user comes from the SQL function ``pqa_os_user()`` that
:func:`placement_qa.store.connection.open_register` registers on every connection; from
version 8 the triggers also give each row its own ``change_uuid`` and skip the changes
pulled from a team server (``pqa_applying_remote()``: see :mod:`.sync`).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from ..domain.judgement import FROM_RAG
from . import countersign_schema
from .action_chases import CHASES_KEPT, CHASES_SCHEMA
from .concerns import concern_tables_ddl
from .notifiable_events import events_table_ddl

MIGRATION_SET = "placement_qa"
migrations = Migrations(MIGRATION_SET)
_MIGRATION_NAMES: list[str] = []   # in the order they run

Step = Callable[[Database], None]


def migration_version(name: str) -> int:
    """The schema version a migration leaves: the number its name starts with."""
    return int(name.split("_", 1)[0])


def _migration(name: str) -> Callable[[Step], Step]:
    """Register the decorated function as the next migration, called ``name``.

    Numbers only grow but need not be consecutive (a branch may add 0009 before
    0008 is merged); migrations run in the order they are registered.
    """
    if _MIGRATION_NAMES and migration_version(name) <= migration_version(_MIGRATION_NAMES[-1]):
        raise ValueError(f"migration {name} is registered after {_MIGRATION_NAMES[-1]}")
    _MIGRATION_NAMES.append(name)
    return migrations(name=name)

# A version-4 UUID made by SQLite, so that even a row written by hand gets one.
UUID_DEFAULT = (
    "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || "
    "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || "
    "'-' || lower(hex(randomblob(6))))"
)


def _iso_date(column: str, *, required: bool = False) -> str:
    # '+0 days' makes SQLite normalise the date: 2026-02-30 becomes 2026-03-02 and
    # so fails the comparison; without a modifier date() returns it unchanged.
    check = f"date({column}, '+0 days') IS {column}"
    if required:
        return f"{column} TEXT NOT NULL CHECK ({check})"
    return f"{column} TEXT CHECK ({column} IS NULL OR {check})"


def _identity() -> str:
    return f"id INTEGER PRIMARY KEY,\n    uuid TEXT NOT NULL UNIQUE DEFAULT {UUID_DEFAULT}"


SCHEMA_V1 = f"""
CREATE TABLE register_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE providers (
    {_identity()},
    urn TEXT UNIQUE CHECK (urn IS NULL OR (length(urn) = 6 AND urn NOT GLOB '*[^0-9]*')),
    name TEXT NOT NULL CHECK (trim(name) <> ''),
    provider_type TEXT NOT NULL,
    host_authority TEXT NOT NULL,
    address TEXT,
    postcode TEXT,
    arrangements TEXT NOT NULL DEFAULT 'day'
        CHECK (arrangements IN ('day', 'residential', 'day_and_residential'))
);
CREATE TABLE inspections (
    {_identity()},
    provider_id INTEGER NOT NULL REFERENCES providers(id),
    inspectorate TEXT NOT NULL,
    {_iso_date("inspected_on")},
    framework TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT '{{}}' CHECK (json_valid(outcome)),
    notes TEXT
);
CREATE TABLE children (
    {_identity()},
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    {_iso_date("date_of_birth")},
    case_ref TEXT UNIQUE,
    primary_need TEXT,
    {_iso_date("ehcp_last_review")},
    {_iso_date("ehcp_next_review_due")},
    CHECK (trim(given_name || family_name) <> '')
);
CREATE TABLE placements (
    {_identity()},
    child_id INTEGER NOT NULL REFERENCES children(id),
    provider_id INTEGER REFERENCES providers(id),
    {_iso_date("start_date", required=True)},
    {_iso_date("end_date")},
    arrangement TEXT NOT NULL,
    annual_cost REAL CHECK (annual_cost IS NULL OR annual_cost >= 0),
    state TEXT NOT NULL DEFAULT 'placed' CHECK (state IN ('placed', 'awaiting_provision')),
    visit_interval_months INTEGER NOT NULL DEFAULT 12
        CHECK (visit_interval_months BETWEEN 1 AND 12),
    interim_support TEXT,
    notes TEXT,
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE TABLE qa_frameworks (
    {_identity()},
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE qa_framework_versions (
    {_identity()},
    framework_id INTEGER NOT NULL REFERENCES qa_frameworks(id),
    version INTEGER NOT NULL CHECK (version >= 1),
    definition TEXT NOT NULL CHECK (json_valid(definition)),
    created_at TEXT NOT NULL,
    UNIQUE (framework_id, version)
);
CREATE TABLE monitoring_visits (
    {_identity()},
    provider_id INTEGER REFERENCES providers(id),
    {_iso_date("visit_date", required=True)},
    visit_type TEXT NOT NULL DEFAULT 'annual_monitoring',
    status TEXT NOT NULL DEFAULT 'planned'
        CHECK (status IN ('planned', 'draft', 'completed', 'cancelled')),
    visitors TEXT NOT NULL DEFAULT '',
    framework_version_id INTEGER REFERENCES qa_framework_versions(id),
    overall_rag TEXT,
    summary TEXT,
    cancel_reason TEXT,
    signed_off_by TEXT,
    signed_off_at TEXT
);
CREATE TABLE visit_placements (
    {_identity()},
    visit_id INTEGER NOT NULL REFERENCES monitoring_visits(id),
    placement_id INTEGER NOT NULL REFERENCES placements(id),
    UNIQUE (visit_id, placement_id)
);
CREATE TABLE findings (
    {_identity()},
    visit_id INTEGER NOT NULL REFERENCES monitoring_visits(id),
    criterion_key TEXT NOT NULL,
    rating TEXT,
    evidence TEXT NOT NULL DEFAULT '',
    UNIQUE (visit_id, criterion_key)
);
CREATE TABLE follow_up_actions (
    {_identity()},
    visit_id INTEGER REFERENCES monitoring_visits(id),
    provider_id INTEGER REFERENCES providers(id),
    description TEXT NOT NULL CHECK (trim(description) <> ''),
    owner TEXT NOT NULL DEFAULT '',
    {_iso_date("due_date")},
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
    {_iso_date("completed_on")}
);
CREATE TABLE change_log (
    id INTEGER PRIMARY KEY,
    origin TEXT NOT NULL,
    table_name TEXT NOT NULL,
    record_uuid TEXT NOT NULL,
    operation TEXT NOT NULL CHECK (operation IN ('insert', 'update', 'delete')),
    before_json TEXT,
    after_json TEXT,
    os_user TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
CREATE INDEX idx_placements_child ON placements(child_id);
CREATE INDEX idx_placements_provider ON placements(provider_id);
CREATE INDEX idx_inspections_provider ON inspections(provider_id, inspected_on);
CREATE INDEX idx_visits_provider ON monitoring_visits(provider_id, status, visit_date);
CREATE INDEX idx_visit_placements_placement ON visit_placements(placement_id);
CREATE INDEX idx_findings_visit ON findings(visit_id);
CREATE INDEX idx_actions_provider ON follow_up_actions(provider_id, status);
CREATE INDEX idx_actions_visit ON follow_up_actions(visit_id);
CREATE INDEX idx_change_log_record ON change_log(table_name, record_uuid);
"""


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _set_version(db: Database, version: int) -> None:
    """Record ``version``, never lowering it: a migration numbered below one already run
    (merged in after it from another branch) leaves the register at the higher version."""
    # PRAGMA takes no parameters; version is always one of our own integers.
    db.execute(f"PRAGMA user_version = {max(int(version), schema_version(db))}")


@_migration("0001_initial_schema")
def _m0001_initial_schema(db: Database) -> None:
    for statement in _statements(SCHEMA_V1):
        db.execute(statement)
    db.execute(
        f"INSERT INTO register_meta (key, value) VALUES ('register_id', {UUID_DEFAULT})"
    )
    install_change_log_triggers(db)
    _set_version(db, 1)


@_migration("0002_guardrail_and_additional_visits")
def _m0002_guardrail_and_additional_visits(db: Database) -> None:
    """Placements made despite a below-good provider keep why and who approved it;
    a provider's downgrade can call for an additional visit by a date."""
    for statement in _statements(SCHEMA_V2):
        db.execute(statement)
    install_change_log_triggers(db)
    _set_version(db, 2)


SCHEMA_V2 = f"""
ALTER TABLE placements ADD COLUMN guardrail_concern TEXT;
ALTER TABLE placements ADD COLUMN guardrail_reason TEXT;
ALTER TABLE placements ADD COLUMN guardrail_approver TEXT;
ALTER TABLE placements ADD COLUMN {_iso_date("additional_visit_flagged_on")};
ALTER TABLE placements ADD COLUMN {_iso_date("additional_visit_due")};
ALTER TABLE placements ADD COLUMN additional_visit_reason TEXT
"""


@_migration("0003_schedule_reviews")
def _m0003_schedule_reviews(db: Database) -> None:
    """The monthly review of the visit schedule the council promised: who, when."""
    for statement in _statements(SCHEMA_V3):
        db.execute(statement)
    install_change_log_triggers(db)
    _set_version(db, 3)


SCHEMA_V3 = f"""
CREATE TABLE schedule_reviews (
    {_identity()},
    month TEXT NOT NULL CHECK (
        month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]' AND substr(month, 6, 2) BETWEEN '01' AND '12'
    ),
    reviewed_by TEXT NOT NULL CHECK (trim(reviewed_by) <> ''),
    reviewed_at TEXT NOT NULL
        CHECK (reviewed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
    notes TEXT
);
CREATE INDEX idx_schedule_reviews_at ON schedule_reviews(reviewed_at)
"""


@_migration("0004_visit_recording")
def _m0004_visit_recording(db: Database) -> None:
    """Recording a visit: staff met, what was found for each child covered, where the
    form was left; amendments to signed-off notes; follow-up actions with an owner
    kind, priority, in-progress status and completion note, raised from a finding
    or a child (the table is rebuilt because its status CHECK changes)."""
    for statement in _statements(SCHEMA_V4):
        db.execute(statement)
    install_change_log_triggers(db)
    _set_version(db, 4)


_YES_NO = "INTEGER CHECK ({0} IS NULL OR {0} IN (0, 1))"

SCHEMA_V4 = f"""
ALTER TABLE monitoring_visits ADD COLUMN provider_staff_met TEXT NOT NULL DEFAULT '';
ALTER TABLE monitoring_visits ADD COLUMN draft_position TEXT NOT NULL DEFAULT '';
ALTER TABLE visit_placements ADD COLUMN seen {_YES_NO.format("seen")};
ALTER TABLE visit_placements ADD COLUMN not_seen_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE visit_placements ADD COLUMN spoken_with {_YES_NO.format("spoken_with")};
ALTER TABLE visit_placements ADD COLUMN views TEXT NOT NULL DEFAULT '';
ALTER TABLE visit_placements ADD COLUMN views_how TEXT NOT NULL DEFAULT '';
ALTER TABLE visit_placements ADD COLUMN attendance TEXT NOT NULL DEFAULT '';
ALTER TABLE visit_placements ADD COLUMN safeguarding_concern
    {_YES_NO.format("safeguarding_concern")};
ALTER TABLE visit_placements ADD COLUMN safeguarding_action TEXT NOT NULL DEFAULT '';
ALTER TABLE visit_placements ADD COLUMN progress TEXT NOT NULL DEFAULT '';
ALTER TABLE visit_placements ADD COLUMN early_review {_YES_NO.format("early_review")};
CREATE TABLE visit_amendments (
    {_identity()},
    visit_id INTEGER NOT NULL REFERENCES monitoring_visits(id),
    amended_by TEXT NOT NULL CHECK (trim(amended_by) <> ''),
    amended_at TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (trim(reason) <> ''),
    changes TEXT NOT NULL CHECK (json_valid(changes))
);
CREATE INDEX idx_visit_amendments_visit ON visit_amendments(visit_id);
CREATE TABLE follow_up_actions_v4 (
    {_identity()},
    visit_id INTEGER REFERENCES monitoring_visits(id),
    provider_id INTEGER REFERENCES providers(id),
    description TEXT NOT NULL CHECK (trim(description) <> ''),
    owner_kind TEXT NOT NULL DEFAULT 'other'
        CHECK (owner_kind IN ('provider', 'council', 'other')),
    owner TEXT NOT NULL DEFAULT '',
    priority TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('high', 'medium', 'low')),
    {_iso_date("raised_on")},
    {_iso_date("due_date")},
    status TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
    {_iso_date("completed_on")},
    completion_note TEXT NOT NULL DEFAULT '',
    criterion_key TEXT,
    placement_id INTEGER REFERENCES placements(id)
);
INSERT INTO follow_up_actions_v4 (id, uuid, visit_id, provider_id, description, owner,
    due_date, status, completed_on)
SELECT id, uuid, visit_id, provider_id, description, owner, due_date, status, completed_on
FROM follow_up_actions;
DROP TABLE follow_up_actions;
ALTER TABLE follow_up_actions_v4 RENAME TO follow_up_actions;
CREATE INDEX idx_actions_provider ON follow_up_actions(provider_id, status);
CREATE INDEX idx_actions_visit ON follow_up_actions(visit_id);
CREATE INDEX idx_actions_due ON follow_up_actions(status, due_date)
"""

@_migration("0005_provider_returns")
def _m0005_provider_returns(db: Database) -> None:
    """What the provider says vs what we verified (issue 9): pre-visit forms sent and
    returned, each reported item with how the visit checked it; lesson observations
    and pupil interviews; reviews of open actions on a follow-up visit; placements
    flagged for the manager when an action is escalated."""
    for statement in _statements(SCHEMA_V5):
        db.execute(statement)
    install_change_log_triggers(db)
    _set_version(db, 5)


SCHEMA_V5 = f"""
CREATE TABLE provider_returns (
    {_identity()},
    visit_id INTEGER NOT NULL REFERENCES monitoring_visits(id),
    provider_id INTEGER NOT NULL REFERENCES providers(id),
    form_id TEXT NOT NULL UNIQUE CHECK (trim(form_id) <> ''),
    {_iso_date("sent_on", required=True)},
    {_iso_date("returned_on")},
    completed_by TEXT NOT NULL DEFAULT '',
    imported_at TEXT,
    imported_by TEXT NOT NULL DEFAULT '',
    source_file TEXT NOT NULL DEFAULT ''
);
CREATE INDEX idx_provider_returns_visit ON provider_returns(visit_id);
CREATE TABLE provider_reported_items (
    {_identity()},
    return_id INTEGER NOT NULL REFERENCES provider_returns(id),
    item_key TEXT NOT NULL CHECK (trim(item_key) <> ''),
    placement_id INTEGER REFERENCES placements(id),
    reported_value TEXT NOT NULL DEFAULT '',
    {_iso_date("reported_on", required=True)},
    verification TEXT NOT NULL DEFAULT 'unchecked'
        CHECK (verification IN ('unchecked', 'verified', 'not_verified', 'disputed')),
    verified_value TEXT NOT NULL DEFAULT '',
    verification_note TEXT NOT NULL DEFAULT '',
    action_id INTEGER REFERENCES follow_up_actions(id)
);
CREATE UNIQUE INDEX idx_reported_items_unique
    ON provider_reported_items(return_id, item_key, coalesce(placement_id, 0));
CREATE TABLE visit_observations (
    {_identity()},
    visit_id INTEGER NOT NULL REFERENCES monitoring_visits(id),
    kind TEXT NOT NULL CHECK (kind IN ('lesson_observation', 'pupil_interview')),
    position INTEGER NOT NULL DEFAULT 0,
    what TEXT NOT NULL DEFAULT '',
    who TEXT NOT NULL DEFAULT '',
    {_iso_date("observed_on")},
    observed_time TEXT NOT NULL DEFAULT '',
    seen TEXT NOT NULL DEFAULT ''
);
CREATE INDEX idx_observations_visit ON visit_observations(visit_id);
CREATE TABLE action_reviews (
    {_identity()},
    visit_id INTEGER NOT NULL REFERENCES monitoring_visits(id),
    action_id INTEGER NOT NULL REFERENCES follow_up_actions(id),
    outcome TEXT CHECK (outcome IS NULL OR outcome IN ('done', 'progressing', 'not_progressing')),
    evidence TEXT NOT NULL DEFAULT '',
    escalated_visit_id INTEGER REFERENCES monitoring_visits(id),
    UNIQUE (visit_id, action_id)
);
CREATE INDEX idx_action_reviews_action ON action_reviews(action_id);
ALTER TABLE placements ADD COLUMN manager_flag TEXT NOT NULL DEFAULT '';
ALTER TABLE placements ADD COLUMN {_iso_date("manager_flagged_on")}
"""


@_migration("0006_register_events")
def _m0006_register_events(db: Database) -> None:
    """Events that change the register file as a whole (issue 14): restored from a
    backup, encrypted, decrypted, given a new passphrase. Each is a row here, so the
    change log records who did it and when, like any other change."""
    db.execute(SCHEMA_V6)
    install_change_log_triggers(db)
    _set_version(db, 6)


SCHEMA_V6 = f"""
CREATE TABLE register_events (
    {_identity()},
    event TEXT NOT NULL CHECK (event IN ('restore', 'encrypt', 'decrypt', 'change_passphrase')),
    detail TEXT NOT NULL DEFAULT ''
)
"""


@_migration("0007_case_ref_key")
def _m0007_case_ref_key(db: Database) -> None:
    """Case references are one child whatever their case and surrounding spaces (issue
    14): an index on the compared form, and triggers refusing a second child whose case
    reference differs only so. Registers already holding such pairs keep them (they
    upgrade; the import then asks which one is meant)."""
    for statement in SCHEMA_V7:
        db.execute(statement)
    _set_version(db, 7)


CASE_REF_KEY = "lower(trim(case_ref))"
CASE_REF_TAKEN = "UNIQUE constraint failed: children.case_ref (ignoring case and spaces)"
_CASE_REF_IN_USE = f"""EXISTS (SELECT 1 FROM children
    WHERE {CASE_REF_KEY} = lower(trim(NEW.case_ref)) AND id IS NOT NEW.id)"""
SCHEMA_V7 = (  # one statement each: a trigger's body holds a semicolon
    f"CREATE INDEX idx_children_case_ref_key ON children({CASE_REF_KEY})",
    f"""CREATE TRIGGER children_case_ref_key_insert BEFORE INSERT ON children
    WHEN NEW.case_ref IS NOT NULL AND {_CASE_REF_IN_USE}
    BEGIN SELECT RAISE(ABORT, '{CASE_REF_TAKEN}'); END""",
    f"""CREATE TRIGGER children_case_ref_key_update BEFORE UPDATE OF case_ref ON children
    WHEN NEW.case_ref IS NOT NULL
        AND lower(trim(NEW.case_ref)) IS NOT lower(trim(OLD.case_ref)) AND {_CASE_REF_IN_USE}
    BEGIN SELECT RAISE(ABORT, '{CASE_REF_TAKEN}'); END""",
)


@_migration("0008_team_sync")
def _m0008_team_sync(db: Database) -> None:
    """The team register (issue 16): every change-log row gets its own id (a re-sent
    change counts once on the server) and the server's sequence number once the server
    has it (none: not yet sent, the outbox); ``sync_state`` (not logged, never sent)
    holds where and when this register last synced. The triggers now skip changes
    pulled from the server (``pqa_applying_remote()``) and give each row its id."""
    for statement in _statements(SCHEMA_V8):
        db.execute(statement)
    install_change_log_triggers(db)
    _set_version(db, 8)


SCHEMA_V8 = f"""
ALTER TABLE change_log ADD COLUMN change_uuid TEXT;
UPDATE change_log SET change_uuid = {UUID_DEFAULT};
CREATE UNIQUE INDEX idx_change_log_change_uuid ON change_log(change_uuid);
ALTER TABLE change_log ADD COLUMN server_seq INTEGER;
CREATE INDEX idx_change_log_unsent ON change_log(id) WHERE server_seq IS NULL;
CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
)
"""


@_migration("0009_officers")
def _m0009_officers(db: Database) -> None:
    """Officers as people (issue 16): the team's officers and manager (name, initials,
    role, active), and the officer a planned visit is assigned to. The free-text
    visitors of older visits stay as they were."""
    for statement in _statements(SCHEMA_V9):
        db.execute(statement)
    install_change_log_triggers(db)
    _set_version(db, 9)


# No UNIQUE on names or initials: two laptops may each add the same person offline, and
# the merged register must still take both (the store refuses a duplicate typed here).
SCHEMA_V9 = f"""
CREATE TABLE officers (
    {_identity()},
    name TEXT NOT NULL CHECK (trim(name) <> ''),
    initials TEXT NOT NULL CHECK (trim(initials) <> ''),
    role TEXT NOT NULL DEFAULT 'officer' CHECK (role IN ('officer', 'manager')),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
ALTER TABLE monitoring_visits ADD COLUMN assigned_officer_id INTEGER REFERENCES officers(id);
CREATE INDEX idx_visits_officer ON monitoring_visits(assigned_officer_id, status)
"""

@_migration("0010_placement_judgement")
def _m0010_placement_judgement(db: Database) -> None:
    """A visit's overall judgement judges the placement (Outstanding, Good, Requires
    improvement, Inadequate) instead of using the RAG key of action delivery (issue 17):
    each old word moves to the same place on the new scale. One transaction (as every
    migration); each visit changed is in the change log, so a team server learns it too."""
    for old, new in FROM_RAG.items():
        db.execute("UPDATE monitoring_visits SET overall_rag = ? WHERE overall_rag = ?",
                   [new, old])
    _set_version(db, 10)


@_migration("0011_countersign")
def _m0011_countersign(db: Database) -> None:
    """Countersigning signed-off notes (issue 18): each countersign or return, kept."""
    countersign_schema.create_table(db, _identity())
    install_change_log_triggers(db)
    _set_version(db, 11)


@_migration("0012_provider_concerns")
def _m0012_provider_concerns(db: Database) -> None:
    """Providers causing concern (issue 18): each period a manager marks a provider so,
    with its reason, review date and lifting (see :mod:`.concerns`)."""
    for statement in concern_tables_ddl(_identity(), _iso_date):
        db.execute(statement)
    install_change_log_triggers(db)
    _set_version(db, 12)


@_migration("0013_notifiable_events")
def _m0013_notifiable_events(db: Database) -> None:
    """Notifiable events between visits (issue 18): restraints, exclusions, a child
    missing, referrals, reported by a provider or social care (see
    :mod:`.notifiable_events`)."""
    for statement in _statements(events_table_ddl(_identity(), _iso_date("occurred_on",
                                                                         required=True))):
        db.execute(statement)
    install_change_log_triggers(db)
    _set_version(db, 13)


@_migration("0014_action_chases")
def _m0014_action_chases(db: Database) -> None:
    """Follow-up actions that age (issue 18): the chase stages recorded against an action
    (reminder, chased, escalated to the contract manager), append-only, in the change log."""
    script = CHASES_SCHEMA.format(identity=_identity(),
                                  chased_on=_iso_date("chased_on", required=True))
    for statement in (*_statements(script), *CHASES_KEPT):
        db.execute(statement)
    install_change_log_triggers(db)
    _set_version(db, 14)


LATEST_VERSION = migration_version(_MIGRATION_NAMES[-1])
"""The schema version a register has once every migration has run."""


def schema_version(db: Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: Database, *, stop_before: str | None = None) -> None:
    """Bring ``db`` up to the latest schema (each step in its own transaction)."""
    migrations.apply(db, stop_before=stop_before)


def migration_names() -> list[str]:
    """Every migration's name, in the order they run."""
    return list(_MIGRATION_NAMES)


def past_versions() -> list[int]:
    """Every schema version a register can have: 0 (new) and each migration's."""
    return [0] + [migration_version(name) for name in _MIGRATION_NAMES]


def migration_after(version: int) -> str | None:
    """The first migration a register at ``version`` has still to run (None: none)."""
    return next((name for name in _MIGRATION_NAMES if migration_version(name) > version), None)


# --- recognising a register ------------------------------------------------

MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' record of the migrations run
REGISTER_TABLES = frozenset({"register_meta", "placements"})


def register_problem(db: Database) -> str | None:
    """Why the database open as ``db`` is not a Placement QA register; None if it is one.

    A register has a schema version (``PRAGMA user_version``, set by every migration)
    and its own tables; one whose first migration never finished holds only the
    migrations table sqlite-utils made for this app. Anything else, empty or not, is
    another program's. Only reads.
    """
    version = schema_version(db)
    tables = {name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    if version >= 1 and REGISTER_TABLES <= tables:
        return None
    if version == 0 and tables == {MIGRATIONS_TABLE} and not db.execute(
            f"SELECT 1 FROM {MIGRATIONS_TABLE} WHERE migration_set IS NOT ? LIMIT 1",
            [MIGRATION_SET]).fetchall():
        return None
    if not tables:
        return "it is an empty database"
    return "it is another program's database"


# --- change log triggers -------------------------------------------------

# Logged tables and the column that identifies a record across copies of the
# register (register_meta rows are settings, identified by their key).
LOGGED_TABLES = (
    "register_meta",
    "providers",
    "inspections",
    "children",
    "placements",
    "qa_frameworks",
    "qa_framework_versions",
    "officers",
    "monitoring_visits",
    "visit_placements",
    "findings",
    "follow_up_actions",
    "schedule_reviews",
    "visit_amendments",
    "provider_returns",
    "provider_reported_items",
    "visit_observations",
    "action_reviews",
    "register_events",
    "note_countersigns",
    "provider_concerns",
    "notifiable_events",
    "action_chases",
)

_ORIGIN = "(SELECT value FROM register_meta WHERE key = 'register_id')"
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


def _row_json(db: Database, table: str, alias: str) -> str:
    """json_object(...) of every column of ``alias`` (NEW or OLD).

    Each foreign key also appears as ``<column>_uuid`` with the referenced
    record's UUID, so a change can be replayed in another copy of the register
    (where integer keys differ) when registers are merged.
    """
    parts = []
    for column in db.table(table).columns:
        parts.append(f"'{column.name}', {alias}.{column.name}")
    for fk in db.table(table).foreign_keys:
        parts.append(
            f"'{fk.column}_uuid', (SELECT uuid FROM {fk.other_table} "
            f"WHERE {fk.other_column} = {alias}.{fk.column})"
        )
    return "json_object(" + ", ".join(parts) + ")"


def _log_insert(table: str, operation: str, uuid_expr: str, before: str, after: str, *,
                with_id: bool) -> str:
    """The trigger's statement; ``with_id`` (from 0008 on) gives the row its own id."""
    columns, values = "", ""
    if with_id:
        columns, values = ", change_uuid", f", {UUID_DEFAULT}"
    return (
        "INSERT INTO change_log (origin, table_name, record_uuid, operation, before_json, "
        f"after_json, os_user, changed_at{columns}) VALUES ({_ORIGIN}, '{table}', {uuid_expr}, "
        f"'{operation}', {before}, {after}, pqa_os_user(), {_NOW}{values});"
    )


def install_change_log_triggers(db: Database) -> None:
    """(Re)create the change-log triggers from the tables' current columns.

    Call at the end of every migration that adds or changes a logged table.
    Tables a later migration creates are skipped until they exist.
    """
    # From 0008 on each row has its own id, and changes pulled from the team's server
    # (applied with pqa_applying_remote() = 1) are not logged again as this register's.
    synced = "change_uuid" in db.table("change_log").columns_dict
    when = "WHEN pqa_applying_remote() = 0 " if synced else ""
    for table in LOGGED_TABLES:
        if not db[table].exists():
            continue
        ident = "key" if table == "register_meta" else "uuid"
        new, old = _row_json(db, table, "NEW"), _row_json(db, table, "OLD")
        bodies = {
            "insert": _log_insert(table, "insert", f"NEW.{ident}", "NULL", new, with_id=synced),
            "update": _log_insert(table, "update", f"NEW.{ident}", old, new, with_id=synced),
            "delete": _log_insert(table, "delete", f"OLD.{ident}", old, "NULL", with_id=synced),
        }
        for operation, body in bodies.items():
            name = f"log_{table}_{operation}"
            db.execute(f"DROP TRIGGER IF EXISTS {name}")
            db.execute(
                f"CREATE TRIGGER {name} AFTER {operation.upper()} ON {table} "
                f"{when}BEGIN {body} END"
            )
