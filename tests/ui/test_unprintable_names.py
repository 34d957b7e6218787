"""A name the printed notes could not show is flagged in the dialog, naming the
characters, and nothing is saved; a name in Hebrew or Arabic letters is accepted."""

from __future__ import annotations

import pytest
from dialog_steps import click_save, error_text, field, snapshot
from keyboard_input import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from placement_qa.store import records


def test_a_child_named_in_chinese_characters_is_flagged_and_not_saved(qtbot, window, sample_db):
    before = snapshot(sample_db)
    dialog = window.editing.add_child()
    type_text(field(dialog, "givenName"), "张伟")
    type_text(field(dialog, "familyName"), "Wang")
    click_save(qtbot, dialog)
    message = ("Given name: 张 (U+5F20), 伟 (U+4F1F) cannot be printed: the notes' font has "
               "Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew and Arabic letters; write "
               "the name in one of those")
    assert error_text(dialog, "givenName") == message
    assert field(dialog, "givenName").property("invalid") is True
    assert snapshot(sample_db) == before
    dialog.reject()


@pytest.mark.parametrize(("name", "message"), [
    ("Rainbow 🦄 School", "Name: 🦄 (U+1F984) cannot be printed"),
    ("Oakfield \u202eloohcS", "Name: contains U+202E (right-to-left override), which a name "
                              "cannot hold: type the name again without it"),
])
def test_a_provider_name_with_an_emoji_or_a_direction_override_is_flagged(
        qtbot, window, sample_db, name, message):
    before = snapshot(sample_db)
    dialog = window.editing.add_provider()
    type_text(field(dialog, "providerName"), name)
    qtbot.keyClicks(field(dialog, "hostAuthority"), "Kent")
    click_save(qtbot, dialog)
    assert error_text(dialog, "providerName").startswith(message)
    assert snapshot(sample_db) == before
    dialog.reject()


def test_a_child_named_in_hebrew_and_arabic_letters_is_saved(qtbot, window, sample_db):
    dialog = window.editing.add_child()
    type_text(field(dialog, "givenName"), "יעל")
    type_text(field(dialog, "familyName"), "محمد")
    click_save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    names = [c.name for c in records.list_children(sample_db)]
    assert "יעל محمد" in names


def test_a_pasted_name_holding_a_vertical_tab_is_flagged_at_the_field(qtbot, window,
                                                                       sample_db):
    """A vertical tab cannot be typed, but it comes with a name copied from a
    spreadsheet cell: it is named by its code under the field, and nothing is saved."""
    before = snapshot(sample_db)
    dialog = window.editing.add_child()
    QApplication.clipboard().setText("Ann\x0bMarie")
    given = field(dialog, "givenName")
    given.setFocus()
    qtbot.keyClick(given, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert given.text() == "Ann\x0bMarie"
    qtbot.keyClicks(field(dialog, "familyName"), "Lee")
    click_save(qtbot, dialog)
    assert error_text(dialog, "givenName") == (
        "Given name: contains U+000B (a control character), which a name cannot hold: type "
        "the name again without it")
    assert snapshot(sample_db) == before
    dialog.reject()

