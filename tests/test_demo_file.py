"""A demo register appears whole or not at all."""

import pytest

from placement_qa.demo import write_demo_register
from placement_qa.store.connection import open_register
from placement_qa.store.records import counts


def test_interrupted_demo_leaves_no_register_and_can_be_run_again(tmp_path):
    path = tmp_path / "demo.db"
    messages = []

    def interrupt_after_children(message):
        messages.append(message)
        if message.startswith("children"):
            raise KeyboardInterrupt  # the user pressed Ctrl+C half-way

    with pytest.raises(KeyboardInterrupt):
        write_demo_register(path, "small", progress=interrupt_after_children)
    assert messages and not path.exists()

    summary = write_demo_register(path, "small")
    db = open_register(path)
    assert counts(db)["children"] == summary.children == 60
    db.close()
    assert not list(tmp_path.glob("*.part*"))


def test_the_demo_framework_versions_load_as_qa_frameworks(tmp_path):
    from placement_qa.domain.framework import default_framework
    from placement_qa.store.frameworks import framework_version, list_frameworks

    path = tmp_path / "demo.db"
    write_demo_register(path, "small")
    db = open_register(path)
    [summary] = list_frameworks(db)
    ids = [row[0] for row in db.execute("SELECT id FROM qa_framework_versions ORDER BY version")]
    versions = [framework_version(db, version_id) for version_id in ids]
    db.close()
    assert summary.latest_version == len(versions) == 3
    assert [len(list(fw.criteria())) for fw in versions[:2]] == [4, 6]
    assert versions[1].rating("concern").concern
    # The newest version is the council's full default framework: new visits use it.
    assert versions[2].sections == default_framework().sections
