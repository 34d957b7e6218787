"""A name the printed notes could not show is flagged in the dialog, naming the
characters, and nothing is saved; a name in Hebrew or Arabic letters is accepted."""

from __future__ import annotations

from dialog_steps import click_save, error_text, field, snapshot
from keyboard_input import type_text

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


def test_a_provider_name_with_an_emoji_is_flagged(qtbot, window, sample_db):
    before = snapshot(sample_db)
    dialog = window.editing.add_provider()
    type_text(field(dialog, "providerName"), "Rainbow 🦄 School")
    qtbot.keyClicks(field(dialog, "hostAuthority"), "Kent")
    click_save(qtbot, dialog)
    assert error_text(dialog, "providerName").startswith(
        "Name: 🦄 (U+1F984) cannot be printed")
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
