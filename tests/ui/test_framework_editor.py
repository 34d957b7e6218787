"""The QA framework editor, opened from the File menu and driven like a user."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QTreeWidget,
)

from placement_qa.domain.framework import (
    default_framework,
    load_framework_file,
    save_framework_file,
)
from placement_qa.store.frameworks import (
    active_framework_name,
    framework_version,
    latest_framework,
    list_frameworks,
)
from placement_qa.ui.framework_editor import FrameworkEditorDialog

DEFAULT = default_framework()
LEFT = Qt.MouseButton.LeftButton


def open_editor(qtbot, window) -> FrameworkEditorDialog:
    """File > QA framework…, chosen from the keyboard as a user would."""
    file_menu = window.findChild(QMenu, "menuFile")
    action = next(a for a in file_menu.actions() if a.objectName() == "actionEditFramework")
    assert action.text() == "QA &framework…"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.menuBar().setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(file_menu.isVisible, timeout=2000)
    qtbot.keyClick(file_menu, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: len(editors()) == 1, timeout=2000)
    [dialog] = editors()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    return dialog


def editors() -> list[FrameworkEditorDialog]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, FrameworkEditorDialog) and w.isVisible()]


def click(qtbot, dialog, name: str) -> None:
    button = dialog.findChild(QPushButton, name)
    assert button.isVisible() and button.isEnabled(), name
    qtbot.mouseClick(button, LEFT)


def choose(qtbot, dialog, *path: str) -> None:
    """Click the tree item reached by section title (and criterion prompt)."""
    tree = dialog.findChild(QTreeWidget, "frameworkTree")
    [item] = tree.findItems(path[0], Qt.MatchFlag.MatchExactly)
    for text in path[1:]:
        item = next(item.child(n) for n in range(item.childCount())
                    if item.child(n).text(0) == text)
    tree.scrollToItem(item)
    qtbot.mouseClick(tree.viewport(), LEFT, pos=tree.visualItemRect(item).center())
    assert tree.currentItem() is item


def retype(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def label(dialog, name: str) -> str:
    return dialog.findChild(QLabel, name).text()


def version_count(db) -> int:
    return db.execute("SELECT COUNT(*) FROM qa_framework_versions").fetchone()[0]


FIRST = DEFAULT.sections[0]
EDITED, NOT_MANDATORY = next((s, c) for s, c in DEFAULT.criteria() if not c.mandatory)


def test_the_file_menu_opens_the_active_framework(qtbot, window, sample_db):
    dialog = open_editor(qtbot, window)
    chooser = dialog.findChild(QComboBox, "frameworkChooser")
    assert chooser.currentText() == DEFAULT.name
    assert not chooser.isEnabled()  # only one framework in the register
    assert label(dialog, "frameworkVersion") == "Version 1 (1 version saved)"
    assert label(dialog, "frameworkActive") == "Used for new visits"
    assert not dialog.findChild(QPushButton, "useForNewVisits").isEnabled()
    tree = dialog.findChild(QTreeWidget, "frameworkTree")
    assert [tree.topLevelItem(n).text(0) for n in range(tree.topLevelItemCount())] == [
        s.title for s in DEFAULT.sections]
    assert tree.topLevelItem(0).childCount() == len(FIRST.criteria)
    assert label(dialog, "ratingScaleNote").startswith(
        "When recording a visit, the number keys 1 to 5 pick these ratings in this order")


def test_editing_a_criterion_and_adding_one_saves_version_two(qtbot, window, sample_db,
                                                             type_text):
    dialog = open_editor(qtbot, window)
    choose(qtbot, dialog, EDITED.title, NOT_MANDATORY.prompt)
    retype(qtbot, dialog.findChild(QLineEdit, "criterionPrompt"), 'Is the "risk log" current?')
    qtbot.mouseClick(dialog.findChild(QCheckBox, "criterionMandatory"), LEFT)
    assert dialog.isWindowModified()

    click(qtbot, dialog, "addCriterion")
    prompt = dialog.findChild(QLineEdit, "criterionPrompt")
    assert prompt.hasFocus() and prompt.text() == ""
    type_text(prompt, "Has Łukasz's keyworker read the plan?")
    guidance = dialog.findChild(QPlainTextEdit, "criterionGuidance")
    guidance.setFocus()
    qtbot.keyClicks(guidance, "Ask the keyworker.")
    qtbot.keyClick(guidance, Qt.Key.Key_Return)
    qtbot.keyClicks(guidance, "Look at the signed copy.")
    click(qtbot, dialog, "frameworkSave")

    assert label(dialog, "frameworkStatus") == "Saved as version 2."
    tree = dialog.findChild(QTreeWidget, "frameworkTree")
    assert tree.currentItem().text(0) == "Has Łukasz's keyworker read the plan?"  # still chosen
    assert label(dialog, "frameworkError") == ""
    assert label(dialog, "frameworkVersion") == "Version 2 (2 versions saved)"
    assert not dialog.isWindowModified()
    [summary] = list_frameworks(sample_db)
    assert (summary.latest_version, summary.version_count) == (2, 2)
    saved = latest_framework(sample_db, DEFAULT.name)
    at = DEFAULT.sections.index(EDITED)
    criteria = {c.key: c for c in saved.sections[at].criteria}
    edited = criteria[NOT_MANDATORY.key]  # the key is kept: it is the same criterion
    assert (edited.prompt, edited.mandatory, edited.guidance) == (
        'Is the "risk log" current?', True, NOT_MANDATORY.guidance)
    position = [c.key for c in EDITED.criteria].index(NOT_MANDATORY.key)
    added = saved.sections[at].criteria[position + 1]
    assert added.key == "has_lukasz_s_keyworker_read_the_plan"
    assert added.prompt == "Has Łukasz's keyworker read the plan?"
    assert added.guidance == "Ask the keyworker.\nLook at the signed copy."
    assert not added.mandatory
    assert len(saved.sections[at].criteria) == len(EDITED.criteria) + 1
    assert saved.sections[:at] + saved.sections[at + 1:] == (
        DEFAULT.sections[:at] + DEFAULT.sections[at + 1:])
    first_id = sample_db.execute(
        "SELECT id FROM qa_framework_versions WHERE version = 1").fetchone()[0]
    assert framework_version(sample_db, first_id) == DEFAULT  # version 1 is unchanged


def test_an_empty_prompt_is_refused_and_nothing_written(qtbot, window, sample_db):
    dialog = open_editor(qtbot, window)
    choose(qtbot, dialog, FIRST.title, FIRST.criteria[0].prompt)
    prompt = dialog.findChild(QLineEdit, "criterionPrompt")
    retype(qtbot, prompt, "   ")
    qtbot.keyClick(prompt, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert label(dialog, "frameworkError") == (
        f"Not saved: section {FIRST.key!r}, criterion {FIRST.criteria[0].key!r}: "
        "'prompt' is empty")
    assert label(dialog, "frameworkStatus") == ""
    assert version_count(sample_db) == 1
    assert dialog.isWindowModified()


def test_a_new_section_needs_a_criterion(qtbot, window, sample_db):
    dialog = open_editor(qtbot, window)
    choose(qtbot, dialog, DEFAULT.sections[-1].title)
    click(qtbot, dialog, "addSection")
    title = dialog.findChild(QLineEdit, "sectionTitle")
    assert title.hasFocus()
    qtbot.keyClicks(title, "Transport")
    click(qtbot, dialog, "frameworkSave")
    assert label(dialog, "frameworkError") == "Not saved: section 'transport': has no criteria"
    assert version_count(sample_db) == 1

    click(qtbot, dialog, "addCriterion")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "criterionPrompt"), "Is home-to-school "
                    "transport safe?")
    click(qtbot, dialog, "frameworkSave")
    saved = latest_framework(sample_db, DEFAULT.name)
    assert saved.sections[-1].key == "transport"
    assert [c.key for c in saved.sections[-1].criteria] == ["is_home_to_school_transport_safe"]


def test_moving_and_removing_keep_the_keys(qtbot, window, sample_db):
    dialog = open_editor(qtbot, window)
    choose(qtbot, dialog, FIRST.title, FIRST.criteria[0].prompt)
    click(qtbot, dialog, "moveDown")
    choose(qtbot, dialog, DEFAULT.sections[1].title)
    click(qtbot, dialog, "moveUp")
    assert not dialog.findChild(QPushButton, "moveUp").isEnabled()
    choose(qtbot, dialog, DEFAULT.sections[-1].title)
    click(qtbot, dialog, "removeItem")
    click(qtbot, dialog, "frameworkSave")
    saved = latest_framework(sample_db, DEFAULT.name)
    keys = [s.key for s in DEFAULT.sections]
    assert [s.key for s in saved.sections] == [keys[1], keys[0], *keys[2:-1]]
    moved = [c.key for c in saved.sections[1].criteria]
    original = [c.key for c in FIRST.criteria]
    assert moved == [original[1], original[0], *original[2:]]


def test_the_rating_scale_is_edited_and_refused_below_two(qtbot, window, sample_db):
    dialog = open_editor(qtbot, window)
    tabs = dialog.findChild(QTabWidget, "frameworkTabs")
    qtbot.keyClick(tabs.tabBar(), Qt.Key.Key_Right)
    assert tabs.currentIndex() == 1
    table = dialog.findChild(QTableWidget, "ratingScale")
    concern_cell = table.visualItemRect(table.item(0, 1))
    qtbot.mouseClick(table.viewport(), LEFT, pos=concern_cell.center())
    assert table.currentItem() is table.item(0, 1)
    qtbot.keyClick(table, Qt.Key.Key_Space)  # ticks "counts as a concern" for Strong
    assert table.item(0, 1).checkState() == Qt.CheckState.Checked
    table.setCurrentCell(4, 0)
    click(qtbot, dialog, "addRating")
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "Not applicable")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the view takes the text a moment later
    qtbot.waitUntil(lambda: table.item(5, 0).text() == "Not applicable", timeout=2000)
    assert label(dialog, "ratingScaleNote").startswith(
        "When recording a visit, the number keys 1 to 6")
    click(qtbot, dialog, "frameworkSave")
    saved = latest_framework(sample_db, DEFAULT.name)
    assert [(r.key, r.number, r.concern) for r in saved.scale] == [
        *[(r.key, r.number, r.concern or r.number == 1) for r in DEFAULT.scale],
        ("not_applicable", 6, False)]

    for _ in range(5):
        table.setCurrentCell(0, 0)
        click(qtbot, dialog, "removeRating")
    assert table.rowCount() == 1
    click(qtbot, dialog, "frameworkSave")
    assert label(dialog, "frameworkError") == (
        "Not saved: scale: at least two ratings are needed")
    assert version_count(sample_db) == 2


@pytest.fixture
def chosen_file(monkeypatch):
    """Make the file dialogs answer with the path the test puts in ``chosen_file[0]``."""
    chosen: list = [None, ""]
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(chosen[0]), "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(chosen[0]), chosen[1])))
    return chosen


BAD_CRITERION = '''
[[sections]]
key = "transport"
title = "Transport"

[[sections.criteria]]
key = "escorts"
guidance = "The prompt is missing."
'''


def test_an_import_with_a_fault_names_it_and_writes_nothing(qtbot, window, sample_db,
                                                              tmp_path, chosen_file):
    dialog = open_editor(qtbot, window)
    bad = tmp_path / "partner.toml"
    save_framework_file(replace(DEFAULT, name="Partner framework"), bad)
    bad.write_text(bad.read_text(encoding="utf-8") + BAD_CRITERION, encoding="utf-8")
    chosen_file[0] = bad
    click(qtbot, dialog, "frameworkImport")
    assert label(dialog, "frameworkError") == (
        "Not imported: partner.toml: section 'transport', criterion 'escorts': missing 'prompt'")
    assert version_count(sample_db) == 1

    broken = tmp_path / "broken.toml"
    broken.write_text('name = "Broken"\nversion = \n', encoding="utf-8")
    chosen_file[0] = broken
    click(qtbot, dialog, "frameworkImport")
    assert label(dialog, "frameworkError").startswith(
        "Not imported: broken.toml: not readable as TOML: ")
    assert "line 2" in label(dialog, "frameworkError")
    assert [s.name for s in list_frameworks(sample_db)] == [DEFAULT.name]


@pytest.mark.parametrize(("name", "chosen_filter", "written"), [
    ("shared.json", "", "shared.json"),
    ("shared", "JSON file (*.json)", "shared.json"),
    ("shared", "TOML file (*.toml)", "shared.toml"),
])
def test_export_then_import_round_trips(qtbot, window, sample_db, tmp_path, chosen_file,
                                        name, chosen_filter, written):
    dialog = open_editor(qtbot, window)
    chosen_file[:] = [tmp_path / name, chosen_filter]
    click(qtbot, dialog, "frameworkExport")
    path = tmp_path / written
    assert label(dialog, "frameworkStatus") == f"Version 1 exported to {path}."
    assert load_framework_file(path) == DEFAULT

    chosen_file[0] = path
    click(qtbot, dialog, "frameworkImport")
    assert label(dialog, "frameworkStatus") == (
        f"Imported {written}: saved as version 2 of {DEFAULT.name}.")
    assert label(dialog, "frameworkVersion") == "Version 2 (2 versions saved)"
    assert replace(latest_framework(sample_db, DEFAULT.name), version=1) == DEFAULT


def test_a_partner_framework_is_imported_and_chosen_for_new_visits(
        qtbot, window, sample_db, tmp_path, chosen_file):
    dialog = open_editor(qtbot, window)
    partner = tmp_path / "eastmoor.json"
    save_framework_file(replace(DEFAULT, name="Eastmoor partner framework"), partner)
    chosen_file[0] = partner
    click(qtbot, dialog, "frameworkImport")
    chooser = dialog.findChild(QComboBox, "frameworkChooser")
    assert [chooser.itemText(n) for n in range(chooser.count())] == [
        "Eastmoor partner framework", DEFAULT.name]
    assert chooser.currentText() == "Eastmoor partner framework" and chooser.isEnabled()
    assert label(dialog, "frameworkVersion") == "Version 1 (1 version saved)"
    assert label(dialog, "frameworkActive") == "Not used for new visits"
    # its name sorts first, but importing it does not change what new visits use
    assert active_framework_name(sample_db) == DEFAULT.name

    click(qtbot, dialog, "useForNewVisits")
    assert active_framework_name(sample_db) == "Eastmoor partner framework"
    assert label(dialog, "frameworkActive") == "Used for new visits"


@pytest.mark.parametrize(("answer", "closed", "versions"), [
    (QMessageBox.StandardButton.Cancel, False, 1),
    (QMessageBox.StandardButton.Discard, True, 1),
    (QMessageBox.StandardButton.Save, True, 2),
])
def test_closing_with_unsaved_edits_asks(qtbot, window, sample_db, monkeypatch,
                                        answer, closed, versions):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text, *a: asked.append(text) or answer))
    dialog = open_editor(qtbot, window)
    click(qtbot, dialog, "frameworkClose")  # nothing edited: closes without asking
    assert asked == [] and not dialog.isVisible()

    dialog = open_editor(qtbot, window)
    choose(qtbot, dialog, FIRST.title)
    retype(qtbot, dialog.findChild(QLineEdit, "sectionTitle"), "Keeping children safe")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == [f"Save your changes to {DEFAULT.name} as a new version?"]
    assert dialog.isVisible() is not closed
    assert version_count(sample_db) == versions
    if versions == 2:
        assert latest_framework(sample_db, DEFAULT.name).sections[0].title == (
            "Keeping children safe")
