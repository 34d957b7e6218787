"""The "QA framework" dialog: edit a framework and save it as a new version; import, export.

Saving never changes a version already in the register, so visits recorded against an
earlier version still show and print with it. Keys identify criteria across versions:
items kept or renamed keep theirs; new items are given one made from their text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from ...domain.framework import (
    FrameworkError,
    QAFramework,
    load_framework_file,
    new_key,
    parse_framework,
    save_framework_file,
)
from ...store.frameworks import (
    active_framework_name,
    ensure_default_framework,
    import_framework,
    latest_framework,
    list_frameworks,
    save_framework_version,
    set_active_framework,
)
from ...store.output_guard import not_written
from ..file_dialogs import ask_open_path, ask_save_path
from ..screen_fit import fit_to_screen
from .outline import FrameworkOutline
from .scale_editor import ScaleEditor

FILE_FILTERS = "QA framework (*.toml *.json)"
EXPORT_FILTERS = "TOML file (*.toml);;JSON file (*.json)"
Answer = QMessageBox.StandardButton


def _versions(n: int) -> str:
    return "1 version saved" if n == 1 else f"{n} versions saved"


class FrameworkEditorDialog(QDialog):
    """Change a QA framework (each save a new version), choose the one new visits use."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._framework: QAFramework | None = None
        self._version_count = 0
        self._dirty = False
        self.setObjectName("frameworkEditor")
        self.setWindowTitle("QA framework[*]")
        fit_to_screen(self, 1000, 640)
        self._build()
        ensure_default_framework(db)
        self._fill_chooser(active_framework_name(db))

    # --- building -----------------------------------------------------------

    def _build(self) -> None:
        self.chooser = QComboBox(objectName="frameworkChooser")
        self.chooser.setAccessibleName("Framework")
        self.chooser.currentIndexChanged.connect(self._chosen)
        chooser_label = QLabel("&Framework:")
        chooser_label.setBuddy(self.chooser)
        self.use_button = self._button("useForNewVisits", "Use for &new visits", self.use_shown)
        self.version_label = QLabel(objectName="frameworkVersion")
        self.active_label = QLabel(objectName="frameworkActive")
        top = QHBoxLayout()
        for widget in (chooser_label, self.chooser, self.use_button, self.version_label):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.active_label)
        self.outline = FrameworkOutline()
        self.scale = ScaleEditor()
        for editor in (self.outline, self.scale):
            editor.changed.connect(self._edited)
        self.tabs = QTabWidget(objectName="frameworkTabs")
        self.tabs.addTab(self.outline, "Sections and criteria")
        self.tabs.addTab(self.scale, "Rating scale")
        self.error_label = QLabel(objectName="frameworkError", wordWrap=True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.status_label = QLabel(objectName="frameworkStatus", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.status_label)
        layout.addLayout(self._bottom_buttons())

    def _bottom_buttons(self) -> QHBoxLayout:
        self.save_button = self._button("frameworkSave", "&Save as new version", self.save)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.save_button.setToolTip("Save the changes as a new version (Ctrl+S)")
        row = QHBoxLayout()
        row.addWidget(self._button("frameworkImport", "&Import…", self.import_file))
        row.addWidget(self._button("frameworkExport", "E&xport…", self.export_file))
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self._button("frameworkClose", "Close", self.reject))
        return row

    def _button(self, name: str, text: str, slot) -> QPushButton:
        button = QPushButton(text, objectName=name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # --- what is shown ----------------------------------------------------------

    @property
    def framework(self) -> QAFramework | None:
        """The version shown (the latest saved of the chosen framework)."""
        return self._framework

    def _fill_chooser(self, name: str | None) -> None:
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItems([s.name for s in list_frameworks(self._db)])
        self.chooser.setCurrentIndex(max(self.chooser.findText(name or ""), 0))
        self.chooser.setEnabled(self.chooser.count() > 1)
        self.chooser.blockSignals(False)
        self._show(self.chooser.currentText())

    def _show(self, name: str) -> None:
        self._framework = latest_framework(self._db, name)
        summary = next(s for s in list_frameworks(self._db) if s.name == name)
        self._version_count = summary.version_count
        self.outline.load(self._framework)
        self.scale.load(self._framework.scale)
        self._set_dirty(False)
        self.version_label.setText(
            f"Version {self._framework.version} ({_versions(self._version_count)})")
        self._show_active()

    def _show_active(self) -> None:
        active = active_framework_name(self._db) == self.chooser.currentText()
        self.active_label.setText("Used for new visits" if active else "Not used for new visits")
        self.use_button.setEnabled(not active)

    def _chosen(self, index: int) -> None:
        name = self.chooser.itemText(index)
        if self._framework is not None and name == self._framework.name:
            return
        if self._settle_unsaved():
            self._show(name)
        else:  # stay on the framework being edited
            self.chooser.blockSignals(True)
            self.chooser.setCurrentText(self._framework.name)
            self.chooser.blockSignals(False)

    def _edited(self) -> None:
        self._set_dirty(True)
        self.status_label.clear()

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.setWindowModified(dirty)

    def _say(self, status: str = "", error: str = "") -> None:
        self.status_label.setText(status)
        self.error_label.setText(error)

    # --- saving ---------------------------------------------------------------------

    def edited_data(self) -> dict:
        """The framework as edited, in the shape :func:`parse_framework` reads."""
        return {"name": self._framework.name, "version": self._framework.version,
                "scale": self.scale.ratings_data(), "sections": self.outline.sections_data()}

    def use_shown(self) -> None:
        """Record new visits against the framework shown."""
        set_active_framework(self._db, self.chooser.currentText())
        self._show_active()
        self._say(f"New visits will be recorded against {self.chooser.currentText()}.")

    def save(self) -> int | None:
        """Save the edits as a new version; its row id, or None if refused or unchanged."""
        try:
            edited = parse_framework(self.edited_data())
        except FrameworkError as exc:
            self._say(error=f"Not saved: {exc}")
            return None
        if edited == self._framework:
            self._set_dirty(False)
            self._say("No changes to save.")
            return None
        version_id = save_framework_version(self._db, edited)
        place = self.outline.current_place()
        self._show(edited.name)
        self.outline.choose_place(place)
        self._say(f"Saved as version {self._framework.version}.")
        return version_id

    def _settle_unsaved(self) -> bool:
        """With unsaved edits, ask Save / Discard / Cancel; True to go on."""
        if not self._dirty:
            return True
        answer = QMessageBox.question(
            self, "Unsaved changes",
            f"Save your changes to {self._framework.name} as a new version?",
            Answer.Save | Answer.Discard | Answer.Cancel, Answer.Save)
        if answer == Answer.Save:
            return self.save() is not None or not self._dirty
        if answer == Answer.Discard:
            self._set_dirty(False)
            return True
        return False

    def reject(self) -> None:  # Close, Esc and the window's close button
        if self._settle_unsaved():
            super().reject()

    # --- files -----------------------------------------------------------------------

    def import_file(self) -> int | None:
        """Add a framework from a .toml or .json file as a new version; its row id."""
        if not self._settle_unsaved():
            return None
        chosen, _ = ask_open_path(self, "Import QA framework", FILE_FILTERS)
        if not chosen:
            return None
        path = Path(chosen)
        try:
            fw = load_framework_file(path)
        except FrameworkError as exc:
            self._say(error=f"Not imported: {exc}")
            return None
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            self._say(error=f"Not imported: {path.name} could not be read: {reason}")
            return None
        version_id = import_framework(self._db, fw)
        self._fill_chooser(fw.name)
        self._say(f"Imported {path.name}: saved as version {self._framework.version} "
                  f"of {fw.name}.")
        return version_id

    def export_file(self) -> Path | None:
        """Write the version shown (not unsaved edits) to a .toml or .json file."""
        suggested = f"{new_key(self._framework.name, [], 'qa_framework')}.toml"
        chosen, chosen_filter = ask_save_path(self, "Export QA framework", suggested,
                                              EXPORT_FILTERS)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() not in (".toml", ".json"):
            path = path.with_name(path.name + (".json" if "json" in chosen_filter.lower()
                                               else ".toml"))
        try:
            save_framework_file(self._framework, path)
        except OSError as exc:
            self._say(error=f"Not exported: {not_written(path, exc)}")
            return None
        except FrameworkError as exc:
            self._say(error=f"Not exported: {path} could not be written: {exc}")
            return None
        unsaved = " Your unsaved changes are not in the file." if self._dirty else ""
        self._say(f"Version {self._framework.version} exported to {path}.{unsaved}")
        return path
