"""The team register's tables on PostgreSQL, its roles, and the server's own permission
checks.

``placement-qa server init --dsn DSN`` runs :func:`init_server` on an empty database:

- ``changes``: every change any laptop sent, in the order the server received it (``seq``);
  a change's own id (``change_uuid``) is unique, so one sent twice counts once. ``applied``
  is what a laptop pulling it must do (see :mod:`placement_qa.domain.sync`); ``target_uuid``
  the record it applies to (another, when the record was the same one made twice);
- ``records``: the current state of every record (what a new laptop pulls first), with the
  records each one refers to (``refs``), its unique keys (``record_keys``) and the records
  merged into another (``aliases``);
- ``conflicts``: the manager's queue;
- ``pqa_schema_version``: the version of all this, as the local register has its own.

Two group roles (no login): ``pqa_officer`` and ``pqa_manager`` (a member of
``pqa_officer``). Officers read everything, send changes and raise conflicts; only a
manager resolves them. Triggers refuse, from anyone who is not a manager, any change to
the register's settings, the QA framework, or an officer's ``role``
or ``active`` flag (anyone may add a new officer, active, as an officer; not a manager):
the server enforces this itself, whatever program connects.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from psycopg import Connection, sql

from ..domain.sync import MANAGER_FIELDS, MANAGER_TABLES, NEW_RECORD_VALUES

SERVER_SCHEMA_VERSION = 1
OFFICER, MANAGER = "pqa_officer", "pqa_manager"
ROLES = {"officer": OFFICER, "manager": MANAGER}
PROTECTED_TABLES = "(" + ", ".join(f"'{t}'" for t in sorted(MANAGER_TABLES)) + ")"
# the table of which only some fields are a manager's: an officer's role and active flag
OFFICERS_TABLE = "officers"
PROTECTED_FIELDS = ("ARRAY[" + ", ".join(f"'{f}'" for f in sorted(MANAGER_FIELDS[OFFICERS_TABLE]))
                    + "]")
# what anyone may give a new officer of those fields (an active officer, not a manager)
NEW_OFFICER = json.dumps(NEW_RECORD_VALUES[OFFICERS_TABLE], sort_keys=True)

PgConnection = Connection[Any]


def scalar(conn: PgConnection, query: str, params: Sequence[Any] = ()) -> Any:
    """The first column of the first row ``query`` gives (a query that always gives one)."""
    row = conn.execute(query, params).fetchone()
    if row is None:
        raise ValueError(f"no row from {query}")
    return row[0]


class ServerSchemaError(Exception):
    """The database is not (or not yet, or a newer) Placement QA server; the message says
    what to do."""


TABLES = f"""
CREATE TABLE pqa_schema_version (version integer NOT NULL);
INSERT INTO pqa_schema_version (version) VALUES ({SERVER_SCHEMA_VERSION});
CREATE TABLE changes (
    seq bigserial PRIMARY KEY,
    change_uuid uuid NOT NULL UNIQUE,
    origin text NOT NULL,
    table_name text NOT NULL,
    record_uuid text NOT NULL,
    target_uuid text NOT NULL,
    operation text NOT NULL CHECK (operation IN ('insert', 'update', 'delete')),
    before jsonb,
    after jsonb,
    applied jsonb,
    os_user text NOT NULL DEFAULT '',
    officer text NOT NULL DEFAULT '',
    changed_at text NOT NULL DEFAULT '',
    received_at timestamptz NOT NULL DEFAULT now(),
    pushed_by text NOT NULL DEFAULT current_user
);
CREATE INDEX changes_origin ON changes (origin, seq);
CREATE TABLE records (
    table_name text NOT NULL,
    record_uuid text NOT NULL,
    data jsonb NOT NULL,
    deleted boolean NOT NULL DEFAULT false,
    refs text[] NOT NULL DEFAULT '{{}}',
    last_seq bigint NOT NULL,
    PRIMARY KEY (table_name, record_uuid)
);
CREATE INDEX records_uuid ON records (record_uuid);
CREATE INDEX records_refs ON records USING gin (refs);
CREATE TABLE record_keys (
    table_name text NOT NULL,
    natural_key text NOT NULL,
    record_uuid text NOT NULL,
    PRIMARY KEY (table_name, natural_key)
);
CREATE INDEX record_keys_record ON record_keys (table_name, record_uuid);
CREATE TABLE aliases (
    record_uuid text PRIMARY KEY,
    alias_of text NOT NULL
);
CREATE TABLE conflicts (
    id serial PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('same_field', 'edit_of_deleted', 'held')),
    table_name text NOT NULL,
    record_uuid text NOT NULL,
    field text,
    server_value jsonb,
    laptop_value jsonb,
    change_seq bigint REFERENCES changes(seq),
    raised_by text NOT NULL DEFAULT '',
    raised_at timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz,
    resolved_by text,
    resolution text CHECK (resolution IN ('mine', 'theirs', 'edited')),
    resolved_value jsonb,
    resolution_seq bigint REFERENCES changes(seq)
);
CREATE INDEX conflicts_open ON conflicts (id) WHERE resolved_at IS NULL
"""

GUARDS = f"""
CREATE FUNCTION pqa_is_manager() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(current_user, '{MANAGER}', 'MEMBER')
        OR coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false)
$$;
CREATE FUNCTION pqa_protected(tbl text, fields jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN tbl IN {PROTECTED_TABLES} THEN fields
        WHEN tbl = '{OFFICERS_TABLE}' AND fields IS NOT NULL THEN
            (SELECT coalesce(jsonb_object_agg(key, value), '{{}}'::jsonb)
             FROM jsonb_each(fields) WHERE key = ANY({PROTECTED_FIELDS}))
        ELSE '{{}}'::jsonb END
$$;
CREATE FUNCTION pqa_new_allowed(tbl text) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN tbl = '{OFFICERS_TABLE}' THEN '{NEW_OFFICER}'::jsonb
        ELSE '{{}}'::jsonb END
$$;
CREATE FUNCTION pqa_guard_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    wanted jsonb := pqa_protected(NEW.table_name, NEW.applied);
    held jsonb;
BEGIN
    IF pqa_is_manager() OR wanted = '{{}}'::jsonb THEN
        RETURN NEW;
    END IF;
    SELECT data INTO held FROM records
        WHERE table_name = NEW.table_name AND record_uuid = NEW.target_uuid AND NOT deleted;
    -- an officer's change here may only leave things as they are (held for the manager),
    -- or add a new record with what anyone may give it (a new officer, active)
    IF (wanted IS NULL AND held IS NULL) OR (wanted IS NOT NULL AND held @> wanted)
            OR (held IS NULL AND wanted <@ pqa_new_allowed(NEW.table_name)) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'only a manager may change % on the team register', NEW.table_name
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER changes_guard BEFORE INSERT ON changes
    FOR EACH ROW EXECUTE FUNCTION pqa_guard_change();
CREATE FUNCTION pqa_guard_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pqa_is_manager() OR pqa_protected(NEW.table_name, NEW.data) = '{{}}'::jsonb THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.deleted = OLD.deleted
            AND pqa_protected(NEW.table_name, NEW.data)
                = pqa_protected(OLD.table_name, OLD.data) THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' AND NOT NEW.deleted
            AND pqa_protected(NEW.table_name, NEW.data) <@ pqa_new_allowed(NEW.table_name) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'only a manager may change % on the team register', NEW.table_name
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER records_guard BEFORE INSERT OR UPDATE ON records
    FOR EACH ROW EXECUTE FUNCTION pqa_guard_record()
"""

GRANTS = f"""
GRANT {OFFICER} TO {MANAGER};
GRANT USAGE ON SCHEMA public TO {OFFICER};
GRANT SELECT ON ALL TABLES IN SCHEMA public TO {OFFICER};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {OFFICER};
GRANT INSERT ON changes, conflicts TO {OFFICER};
GRANT INSERT, UPDATE ON records, aliases TO {OFFICER};
GRANT INSERT, DELETE ON record_keys TO {OFFICER};
GRANT UPDATE ON conflicts TO {MANAGER}
"""


def _statements(script: str) -> list[str]:
    """The script's statements (a function body's own semicolons are inside $$...$$)."""
    parts, current, inside = [], [], False
    for line in script.splitlines():
        inside ^= line.count("$$") % 2 == 1
        current.append(line)
        if not inside and line.rstrip().endswith(";"):
            parts.append("\n".join(current).rstrip().rstrip(";"))
            current = []
    if "".join(current).strip():
        parts.append("\n".join(current))
    return parts


def init_server(conn: PgConnection) -> None:
    """Make the team register in the empty database ``conn`` is connected to, in one
    transaction; :class:`ServerSchemaError` if it is not empty (nothing is changed)."""
    with conn.transaction():
        found = scalar(conn, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON "
                       "n.oid = c.relnamespace WHERE n.nspname = 'public'")
        if found:
            name = scalar(conn, "SELECT current_database()")
            raise ServerSchemaError(f"the database {name} is not empty: a team register is "
                                    "made in a new, empty database (nothing was changed)")
        _ensure_roles(conn)
        for script in (TABLES, GUARDS, GRANTS):
            for statement in _statements(script + ";"):
                conn.execute(statement)
        conn.execute(f'GRANT CONNECT ON DATABASE "{_database(conn)}" TO {OFFICER}')


def _database(conn: PgConnection) -> str:
    return str(scalar(conn, "SELECT current_database()")).replace('"', '""')


def _ensure_roles(conn: PgConnection) -> None:
    """The two group roles, made where the server has none yet (they serve every team
    register on the server)."""
    for role in (OFFICER, MANAGER):
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone():
            conn.execute(f"CREATE ROLE {role} NOLOGIN")


def check_schema(conn: PgConnection) -> None:
    """ServerSchemaError unless ``conn`` is connected to a team register this app knows."""
    exists = scalar(conn, "SELECT to_regclass('public.pqa_schema_version')")
    if exists is None:
        raise ServerSchemaError("the server's database holds no team register: IT makes one "
                                "with placement-qa server init --dsn ...")
    version = scalar(conn, "SELECT max(version) FROM pqa_schema_version")
    if version != SERVER_SCHEMA_VERSION:
        raise ServerSchemaError(f"the team register on the server is version {version}; this "
                                f"app works with version {SERVER_SCHEMA_VERSION}: update the app")


def add_user(conn: PgConnection, name: str, role: str, password: str | None) -> None:
    """A login for ``name`` as an officer or a manager (its password set, where one is
    given); an existing login is given that role (and password)."""
    if role not in ROLES:
        raise ValueError(f"'{role}' is not a role: choose officer or manager")
    if not name or not all(ch.isalnum() or ch in "._-" for ch in name):
        raise ValueError(f"'{name}' is not a login name: use letters, digits, '.', '_', '-'")
    with conn.transaction():
        _ensure_roles(conn)
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone()
        verb = "ALTER" if exists else "CREATE"
        conn.execute(f'{verb} ROLE "{name}" LOGIN')
        if password is not None:
            conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                sql.Identifier(name), sql.Literal(password)))
        if role == "officer":
            conn.execute(f'REVOKE {MANAGER} FROM "{name}"')
        conn.execute(f'GRANT {ROLES[role]} TO "{name}"')
