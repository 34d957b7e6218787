"""QA frameworks and their versions in the register.

Saving a framework never changes an earlier version: each save adds a version row
(``version`` = previous highest + 1) holding the whole definition as JSON, so a
visit recorded against version 1 still reads version 1 after the framework is edited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from sqlite_utils import Database

from ..domain.dates import stored_stamp
from ..domain.framework import FrameworkError, QAFramework, default_framework, framework_to_data
from ..domain.framework import parse_framework as _parse
from .rows import insert_row
from .settings import store_text, stored_text


@dataclass(frozen=True)
class FrameworkSummary:
    name: str
    latest_version: int
    version_count: int


def save_framework_version(db: Database, fw: QAFramework) -> int:
    """Store ``fw`` as the next version of the framework of its name; the version row's id."""
    with db.atomic():
        row = db.execute("SELECT id FROM qa_frameworks WHERE name = ?", [fw.name]).fetchone()
        framework_id = row[0] if row else insert_row(db, "qa_frameworks", {"name": fw.name})
        latest = db.execute(
            "SELECT COALESCE(MAX(version), 0) FROM qa_framework_versions WHERE framework_id = ?",
            [framework_id],
        ).fetchone()[0]
        version = latest + 1
        definition = framework_to_data(replace(fw, version=version))
        return insert_row(db, "qa_framework_versions", {
            "framework_id": framework_id, "version": version,
            "definition": json.dumps(definition, ensure_ascii=False),
            "created_at": stored_stamp(),
        })


def import_framework(db: Database, fw: QAFramework) -> int:
    """Add a framework read from a file (e.g. one shared by a partner authority): a new
    version of the framework of its name, or a new framework if the name is new.

    The file's own version number is ignored, as on every save; the version row's id.
    The framework new visits use stays the same: an imported framework whose name
    sorts first does not take over until it is chosen.
    """
    with db.atomic():
        active = active_framework_name(db)
        if active is not None:
            set_active_framework(db, active)
        return save_framework_version(db, fw)

def _framework(name: str, version: int, definition: str) -> QAFramework:
    try:
        fw = _parse(json.loads(definition))
    except FrameworkError as exc:
        raise FrameworkError(f"{name} version {version}: {exc}") from exc
    # The row is the authority on name and version, whatever the JSON says.
    return replace(fw, name=name, version=version)


_VERSION_SQL = (
    "SELECT f.name, v.version, v.definition FROM qa_framework_versions v "
    "JOIN qa_frameworks f ON f.id = v.framework_id "
)


def latest_framework(db: Database, name: str) -> QAFramework | None:
    """The newest version of the framework called ``name``, or None if there is none."""
    row = db.execute(
        _VERSION_SQL + "WHERE f.name = ? ORDER BY v.version DESC LIMIT 1", [name]
    ).fetchone()
    return _framework(*row) if row else None


def latest_framework_version_id(db: Database, name: str) -> int | None:
    """The row id of the newest version of ``name`` (what a new visit records against)."""
    row = db.execute(
        "SELECT v.id FROM qa_framework_versions v JOIN qa_frameworks f ON f.id = v.framework_id "
        "WHERE f.name = ? ORDER BY v.version DESC LIMIT 1", [name],
    ).fetchone()
    return row[0] if row else None


def framework_version(db: Database, version_id: int) -> QAFramework:
    """The framework exactly as stored in version row ``version_id``."""
    row = db.execute(_VERSION_SQL + "WHERE v.id = ?", [version_id]).fetchone()
    if row is None:
        raise LookupError(f"No QA framework version with id {version_id}")
    return _framework(*row)


def list_frameworks(db: Database) -> list[FrameworkSummary]:
    """Every framework in the register with its latest version number and version count."""
    rows = db.execute(
        "SELECT f.name, MAX(v.version), COUNT(v.id) FROM qa_frameworks f "
        "JOIN qa_framework_versions v ON v.framework_id = f.id "
        "GROUP BY f.id ORDER BY f.name"
    ).fetchall()
    return [FrameworkSummary(*r) for r in rows]


def ensure_default_framework(db: Database) -> int | None:
    """Save the shipped default framework if the register has none; its version id, or None."""
    with db.atomic():
        if db.execute("SELECT 1 FROM qa_frameworks LIMIT 1").fetchone():
            return None
        return save_framework_version(db, default_framework())


ACTIVE_FRAMEWORK_KEY = "qa_framework"


def active_framework_name(db: Database) -> str | None:
    """The framework new visits are recorded against: the one chosen in settings,
    else the first in the register by name; None when the register has none."""
    chosen = stored_text(db, ACTIVE_FRAMEWORK_KEY)
    row = db.execute("SELECT name FROM qa_frameworks WHERE name = ?", [chosen]).fetchone()
    if row is None:
        row = db.execute("SELECT name FROM qa_frameworks ORDER BY name LIMIT 1").fetchone()
    return row[0] if row else None


def set_active_framework(db: Database, name: str) -> None:
    """Record visits against ``name`` from now on (it must be in the register)."""
    with db.atomic():
        if db.execute("SELECT 1 FROM qa_frameworks WHERE name = ?", [name]).fetchone() is None:
            raise FrameworkError(f"There is no QA framework called {name!r} in the register")
        store_text(db, ACTIVE_FRAMEWORK_KEY, name)


def active_framework_version_id(db: Database) -> int | None:
    """The newest version of the active framework (what a new visit records against)."""
    name = active_framework_name(db)
    return latest_framework_version_id(db, name) if name else None
