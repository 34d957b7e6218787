"""A save the machine stops (a full disk, a read-only register) is reported in plain
words where the user is working, and nothing is written. (A full disk is simulated
with ``PRAGMA max_page_count``, a read-only file with ``PRAGMA query_only``: tests
run as root, which ignores file modes.)"""

from __future__ import annotations

import pytest
from dialog_steps import click_save, field, snapshot
from PySide6.QtWidgets import QLabel

DISK_FULL = "the disk is full (free some space, then try again)"
READ_ONLY = "the register cannot be written here: the file or its folder is read-only"


def fill_the_disk(db) -> None:
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")


def make_read_only(db) -> None:
    db.execute("PRAGMA query_only = ON")


@pytest.mark.parametrize(("limit", "words"), [(fill_the_disk, DISK_FULL),
                                              (make_read_only, READ_ONLY)],
                         ids=["disk-full", "read-only"])
def test_a_new_child_not_saved_says_why_in_words_and_writes_nothing(
        qtbot, window, sample_db, type_text, limit, words):
    dialog = window.editing.add_child()
    type_text(field(dialog, "givenName"), "Zoë " + "x" * 3000)
    type_text(field(dialog, "familyName"), "Łukasiewicz")
    before = snapshot(sample_db)
    limit(sample_db)
    click_save(qtbot, dialog)
    error = dialog.findChild(QLabel, "formError")
    assert dialog.isVisible() and error.isVisible()
    assert error.text() == f"The register could not be changed: {words}"
    assert snapshot(sample_db) == before
