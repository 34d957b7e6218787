"""The register settings dialog, opened from the File menu and driven like a user."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
)

from placement_qa.domain.settings import (
    HOME_AUTHORITY,
    REGISTER_SETTINGS,
    SCHOOL_HOLIDAYS,
    text_setting,
)
from placement_qa.store.audit import change_log
from placement_qa.store.settings import (
    additional_visit_weeks,
    home_authority,
    school_holidays,
    set_value,
)
from placement_qa.ui.register_model import COL_CHILD, COL_STATUS
from placement_qa.ui.settings_dialog import SettingsDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def status_of(window, child: str) -> str:
    model = window.findChild(QTableView, "registerTable").model()
    for row in range(model.rowCount()):
        if model.index(row, COL_CHILD).data() == child:
            return model.index(row, COL_STATUS).data()
    raise AssertionError(f"{child} is not shown")


def open_settings(qtbot, window) -> SettingsDialog:
    """Ctrl+, as a user would press it; the settings dialog that opens."""
    window.findChild(QTableView, "registerTable").setFocus()
    qtbot.keyClick(window.findChild(QTableView, "registerTable"), Qt.Key.Key_Comma, CTRL)
    qtbot.waitUntil(lambda: any(isinstance(w, SettingsDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=2000)
    [dialog] = [w for w in QApplication.topLevelWidgets()
                if isinstance(w, SettingsDialog) and w.isVisible()]
    return dialog


def retype(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def click(qtbot, dialog, name: str) -> None:
    qtbot.mouseClick(dialog.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def error(dialog, key: str) -> str:
    label = dialog.findChild(QLabel, f"{key}Error")
    return label.text() if label.isVisibleTo(dialog) else ""


def test_the_dialog_is_built_from_the_setting_descriptions(qtbot, sample_db):
    dialog = SettingsDialog(sample_db)
    qtbot.addWidget(dialog)
    assert [s.type for s in REGISTER_SETTINGS] == [
        "text", "weeks", "periods", "text", "text", "count", "count", "count", "count", "text",
        "count", "count", "count", "count"]
    for setting in REGISTER_SETTINGS:
        assert dialog.findChild(QLabel, f"{setting.key}Label").text() == f"&{setting.label}:"
        assert dialog.findChild(QLabel, f"{setting.key}Help").text() == setting.help
    assert dialog.findChild(QLineEdit, "home_authority").text() == "Westbridge"
    assert dialog.findChild(QLabel, "home_authorityHelp").text() == (
        "Placements outside this local authority need monitoring visits")
    weeks = dialog.findChild(QSpinBox, "additional_visit_weeks")
    assert (weeks.minimum(), weeks.maximum(), weeks.value()) == (1, 52, 6)
    # printed notes: the council named from the home authority until set
    assert dialog.findChild(QLineEdit, "council_name").text() == "Westbridge Council"
    assert dialog.findChild(QLineEdit, "protective_marking").text() == "OFFICIAL-SENSITIVE"
    keep = dialog.findChild(QSpinBox, "backup_keep")
    assert (keep.minimum(), keep.maximum(), keep.value(), keep.suffix()) == (
        1, 365, 14, " backups")
    idle = dialog.findChild(QSpinBox, "idle_lock_minutes")
    assert (idle.minimum(), idle.maximum(), idle.value()) == (1, 240, 10)
    drafts = dialog.findChild(QSpinBox, "draft_signoff_working_days")
    assert (drafts.minimum(), drafts.maximum(), drafts.value(), drafts.suffix()) == (
        1, 60, 10, " working days")


def test_the_backups_kept_and_the_idle_lock_are_set_by_typing(qtbot, sample_db):
    from placement_qa.store.settings import backup_keep, idle_lock_minutes

    dialog = SettingsDialog(sample_db)
    qtbot.addWidget(dialog)
    for name, typed in (("backup_keep", "30"), ("idle_lock_minutes", "5")):
        box = dialog.findChild(QSpinBox, name)
        box.setFocus()
        box.selectAll()
        qtbot.keyClicks(box, typed)
    click(qtbot, dialog, "saveButton")
    assert (backup_keep(sample_db), idle_lock_minutes(sample_db)) == (30, 5)


def test_saving_changes_the_settings_and_the_statuses(qtbot, window, sample_db, builder):
    school = builder.provider("Castle Park School", provider_type="maintained_special",
                              authority="Northshire")
    builder.placement("Ivy Jones", school, start=date(2024, 9, 2))
    window.refresh()
    assert status_of(window, "Ivy Jones") != "Not required"
    dialog = open_settings(qtbot, window)
    retype(qtbot, dialog.findChild(QLineEdit, "home_authority"), "Northshire")
    weeks = dialog.findChild(QSpinBox, "additional_visit_weeks")
    weeks.setFocus()
    weeks.selectAll()
    qtbot.keyClicks(weeks, "10")
    before = len(change_log(sample_db))
    click(qtbot, dialog, "saveButton")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert (home_authority(sample_db), additional_visit_weeks(sample_db)) == ("Northshire", 10)
    assert len(change_log(sample_db)) == before + 2  # the two changed settings, nothing else
    assert status_of(window, "Ivy Jones") == "Not required"
    assert status_of(window, "Daniel Evans") != "Not required"  # now outside the home LA


def test_school_holiday_periods_are_added_and_saved(qtbot, window, sample_db):
    dialog = open_settings(qtbot, window)
    click(qtbot, dialog, "school_holidaysAdd")
    retype(qtbot, dialog.findChild(QLineEdit, "period0_start"), "21/12/2026")
    retype(qtbot, dialog.findChild(QLineEdit, "period0_end"), "01/01/2027")
    click(qtbot, dialog, "saveButton")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert school_holidays(sample_db) == [(date(2026, 12, 21), date(2027, 1, 1))]
    assert home_authority(sample_db) == "Westbridge"


def test_a_period_ending_before_it_starts_is_refused_and_nothing_written(
    qtbot, window, sample_db
):
    set_value(sample_db, SCHOOL_HOLIDAYS, [(date(2026, 10, 26), date(2026, 10, 30))])
    before = len(change_log(sample_db))
    dialog = open_settings(qtbot, window)
    retype(qtbot, dialog.findChild(QLineEdit, "home_authority"), "Northshire")
    assert dialog.findChild(QLineEdit, "period0_start").text() == "26/10/2026"
    click(qtbot, dialog, "school_holidaysAdd")
    retype(qtbot, dialog.findChild(QLineEdit, "period1_start"), "18/02/2027")
    retype(qtbot, dialog.findChild(QLineEdit, "period1_end"), "15/02/2027")
    click(qtbot, dialog, "saveButton")
    assert dialog.isVisible()
    assert "ends before it starts" in error(dialog, "school_holidays")
    assert (len(change_log(sample_db)), home_authority(sample_db)) == (before, "Westbridge")
    assert school_holidays(sample_db) == [(date(2026, 10, 26), date(2026, 10, 30))]
    dialog.reject()


def test_a_period_can_be_removed(qtbot, window, sample_db):
    set_value(sample_db, SCHOOL_HOLIDAYS, [(date(2026, 10, 26), date(2026, 10, 30))])
    dialog = open_settings(qtbot, window)
    dialog.findChild(QTableView, "school_holidaysTable").selectRow(0)
    click(qtbot, dialog, "school_holidaysRemove")
    click(qtbot, dialog, "saveButton")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert school_holidays(sample_db) == []


def test_a_blank_home_authority_is_refused_at_the_field(qtbot, window, sample_db):
    before = len(change_log(sample_db))
    dialog = open_settings(qtbot, window)
    retype(qtbot, dialog.findChild(QLineEdit, "home_authority"), "   ")
    click(qtbot, dialog, "saveButton")
    assert dialog.isVisible()
    assert error(dialog, "home_authority") == "Home authority: is required"
    assert dialog.findChild(QLineEdit, "home_authority").property("invalid") is True
    assert (len(change_log(sample_db)), home_authority(sample_db)) == (before, "Westbridge")
    dialog.reject()


def test_cancel_writes_nothing(qtbot, window, sample_db):
    before = len(change_log(sample_db))
    dialog = open_settings(qtbot, window)
    retype(qtbot, dialog.findChild(QLineEdit, "home_authority"), "Northshire")
    click(qtbot, dialog, "school_holidaysAdd")
    retype(qtbot, dialog.findChild(QLineEdit, "period0_start"), "21/12/2026")
    retype(qtbot, dialog.findChild(QLineEdit, "period0_end"), "01/01/2027")
    click(qtbot, dialog, "cancelButton")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert len(change_log(sample_db)) == before
    assert (home_authority(sample_db), school_holidays(sample_db)) == ("Westbridge", [])


def test_saving_without_changes_writes_nothing(qtbot, window, sample_db):
    before = len(change_log(sample_db))
    dialog = open_settings(qtbot, window)
    click(qtbot, dialog, "saveButton")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert len(change_log(sample_db)) == before


def test_the_file_menu_has_settings_before_quit(window):
    [file_menu] = [a.menu() for a in window.menuBar().actions() if a.text() == "&File"]
    texts = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert texts[-2:] == ["&Settings…", "&Quit"]
    assert window.files.settings_action.shortcut().toString() == "Ctrl+,"


def test_a_setting_the_register_refuses_undoes_the_others(qtbot, sample_db):
    broken = text_setting("broken", "Broken", "old", "Always refused by the register")
    sample_db.execute(
        "CREATE TEMP TRIGGER refuse_broken BEFORE INSERT ON main.register_meta "
        "WHEN NEW.key = 'broken' BEGIN SELECT RAISE(ABORT, 'not today'); END")
    before = len(change_log(sample_db))
    dialog = SettingsDialog(sample_db, settings=(HOME_AUTHORITY, broken))
    qtbot.addWidget(dialog)
    dialog.show()
    retype(qtbot, dialog.findChild(QLineEdit, "home_authority"), "Northshire")
    retype(qtbot, dialog.findChild(QLineEdit, "broken"), "new")
    click(qtbot, dialog, "saveButton")
    assert dialog.isVisible()
    assert dialog.findChild(QLabel, "formError").text() == (
        "The register refused the change: not today")
    assert (len(change_log(sample_db)), home_authority(sample_db)) == (before, "Westbridge")


def test_a_setting_refused_by_its_check_is_shown_at_its_field(qtbot, sample_db):
    before = len(change_log(sample_db))
    dialog = SettingsDialog(sample_db)
    qtbot.addWidget(dialog)
    dialog.show()
    retype(qtbot, dialog.findChild(QLineEdit, "home_authority"), "Northshire")
    retype(qtbot, dialog.findChild(QLineEdit, "council_name"), "  ")
    click(qtbot, dialog, "saveButton")
    assert error(dialog, "council_name") == "Council name on printed notes: is required"
    assert (len(change_log(sample_db)), home_authority(sample_db)) == (before, "Westbridge")


def test_the_dialog_shows_exactly_the_register_settings_in_order(qtbot, sample_db):
    dialog = SettingsDialog(sample_db)
    qtbot.addWidget(dialog)
    form = dialog.form
    labels = [form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
              for row in range(form.rowCount())]
    assert [(label.objectName(), label.text()) for label in labels] == [
        (f"{s.key}Label", f"&{s.label}:") for s in REGISTER_SETTINGS]
    assert [label.buddy().objectName() for label in labels] == [
        s.key for s in REGISTER_SETTINGS]
    assert [s.key for s in REGISTER_SETTINGS] == [
        "home_authority", "additional_visit_weeks", "school_holidays", "council_name",
        "protective_marking", "backup_keep", "idle_lock_minutes", "draft_signoff_working_days",
        "countersign_working_days", "countersign_deputy", "concern_interval_months",
        "chase_reminder_working_days", "chase_chased_working_days",
        "chase_escalated_working_days"]


def test_the_dialog_and_the_command_line_read_and_write_the_same_settings(
        qtbot, sample_db, register_path):
    from command_line import run_cli

    typed = run_cli("settings", "set", "council_name", "Northshire County Council",
                    "--db", register_path)
    assert typed.returncode == 0, typed.stderr
    dialog = SettingsDialog(sample_db)
    qtbot.addWidget(dialog)
    assert dialog.findChild(QLineEdit, "council_name").text() == "Northshire County Council"
    retype(qtbot, dialog.findChild(QLineEdit, "protective_marking"), "OFFICIAL")
    click(qtbot, dialog, "saveButton")
    shown = run_cli("settings", "get", "protective_marking", "--db", register_path)
    assert (shown.returncode, shown.stdout) == (0, "OFFICIAL\n")
