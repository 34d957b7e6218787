"""QA framework versions in the register: each save a new version, old ones unchanged."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from placement_qa.domain.framework import Criterion, FrameworkError, default_framework
from placement_qa.store.audit import change_log
from placement_qa.store.frameworks import (
    FrameworkSummary,
    ensure_default_framework,
    framework_version,
    latest_framework,
    latest_framework_version_id,
    list_frameworks,
    save_framework_version,
)

UTC_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def _edited(fw):
    """The framework with one criterion reworded and one added to the first section."""
    first = fw.sections[0]
    criteria = (replace(first.criteria[0], prompt="Reworded prompt?"), *first.criteria[1:],
                Criterion("new_check", "A new check?", "Look at it.", True))
    return replace(fw, sections=(replace(first, criteria=criteria), *fw.sections[1:]))


def test_saving_twice_makes_versions_one_and_two_and_keeps_the_first(db):
    original = default_framework()
    first_id = save_framework_version(db, original)
    second_id = save_framework_version(db, _edited(original))
    assert first_id != second_id

    old = framework_version(db, first_id)
    assert old == original
    new = framework_version(db, second_id)
    assert new.version == 2
    assert new.sections[0].criteria[0].prompt == "Reworded prompt?"
    assert new.sections[0].criteria[-1].key == "new_check"
    assert latest_framework(db, original.name) == new
    assert latest_framework_version_id(db, original.name) == second_id
    assert list_frameworks(db) == [FrameworkSummary(original.name, 2, 2)]

    rows = db.execute(
        "SELECT version, definition, created_at FROM qa_framework_versions ORDER BY version"
    ).fetchall()
    assert [r[0] for r in rows] == [1, 2]
    assert [json.loads(r[1])["version"] for r in rows] == [1, 2]
    assert all(UTC_STAMP.match(r[2]) for r in rows)
    assert db.execute("SELECT COUNT(*) FROM qa_frameworks").fetchone()[0] == 1


def test_version_follows_the_register_not_the_saved_object(db):
    fw = replace(default_framework(), version=7)
    save_framework_version(db, fw)
    assert latest_framework(db, fw.name).version == 1


def test_frameworks_are_versioned_separately(db):
    fw = default_framework()
    save_framework_version(db, fw)
    save_framework_version(db, fw)
    other = replace(fw, name="Partner authority framework")
    save_framework_version(db, other)
    assert list_frameworks(db) == [
        FrameworkSummary("Partner authority framework", 1, 1),
        FrameworkSummary(fw.name, 2, 2),
    ]


def test_missing_framework_and_version(db):
    assert latest_framework(db, "No such framework") is None
    assert latest_framework_version_id(db, "No such framework") is None
    assert list_frameworks(db) == []
    with pytest.raises(LookupError, match="No QA framework version with id 99"):
        framework_version(db, 99)


def test_ensure_default_framework_is_idempotent(db):
    version_id = ensure_default_framework(db)
    assert version_id is not None
    assert ensure_default_framework(db) is None
    assert ensure_default_framework(db) is None
    assert list_frameworks(db) == [FrameworkSummary(default_framework().name, 1, 1)]
    assert framework_version(db, version_id) == default_framework()


def test_ensure_default_leaves_an_existing_framework_alone(db):
    save_framework_version(db, replace(default_framework(), name="Own framework"))
    assert ensure_default_framework(db) is None
    assert [s.name for s in list_frameworks(db)] == ["Own framework"]


def test_saves_are_in_the_change_log(db):
    save_framework_version(db, default_framework())
    save_framework_version(db, default_framework())
    frameworks = change_log(db, table="qa_frameworks")
    versions = change_log(db, table="qa_framework_versions")
    assert [e.operation for e in frameworks] == ["insert"]
    assert frameworks[0].after["name"] == default_framework().name
    assert [e.operation for e in versions] == ["insert", "insert"]
    assert [e.after["version"] for e in versions] == [1, 2]
    assert {e.os_user for e in frameworks + versions} == {"a.officer"}


def test_an_unreadable_stored_definition_names_the_framework_and_version(db):
    version_id = save_framework_version(db, default_framework())
    with db.atomic():
        db.execute("UPDATE qa_framework_versions SET definition = ? WHERE id = ?",
                    [json.dumps({"name": "x", "scale": [], "sections": []}), version_id])
    with pytest.raises(FrameworkError) as raised:
        framework_version(db, version_id)
    assert str(raised.value) == (
        "Westbridge QA framework for specialist placements version 1: "
        "scale: at least two ratings are needed"
    )
