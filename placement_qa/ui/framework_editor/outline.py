"""The framework's sections and criteria: a tree, and the fields of the chosen item."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.framework import QAFramework, new_key

KEY_ROLE = Qt.ItemDataRole.UserRole          # the item's key; None for an item added here
TEXT_ROLE = Qt.ItemDataRole.UserRole + 1     # section title or criterion prompt
GUIDANCE_ROLE = Qt.ItemDataRole.UserRole + 2
MANDATORY_ROLE = Qt.ItemDataRole.UserRole + 3
PAGE_NONE, PAGE_SECTION, PAGE_CRITERION = range(3)


def _item(key: str | None, text: str, guidance: str = "", mandatory: bool = False
          ) -> QTreeWidgetItem:
    item = QTreeWidgetItem()
    item.setData(0, KEY_ROLE, key)
    item.setData(0, GUIDANCE_ROLE, guidance)
    item.setData(0, MANDATORY_ROLE, mandatory)
    _set_text(item, text)
    return item


def _set_text(item: QTreeWidgetItem, text: str) -> None:
    item.setData(0, TEXT_ROLE, text)
    item.setText(0, text.strip() or "(not yet named)")
    item.setText(1, "Mandatory" if item.data(0, MANDATORY_ROLE) else "")


def _siblings(item: QTreeWidgetItem) -> tuple[Any, int]:
    """The parent (section item, or the tree for a section) and the item's place in it."""
    parent = item.parent() or item.treeWidget().invisibleRootItem()
    return parent, parent.indexOfChild(item)


class FrameworkOutline(QWidget):
    """Sections and their criteria as a tree; selecting one edits it beside the tree."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._section_keys: set[str] = set()
        self._criterion_keys: set[str] = set()
        self.tree = QTreeWidget(objectName="frameworkTree")
        self.tree.setAccessibleName("Sections and criteria")
        self.tree.setHeaderLabels(["Section / criterion", "Mandatory"])
        self.tree.setColumnWidth(0, 420)
        self.tree.currentItemChanged.connect(self._show_current)
        self._build_fields()
        self._build_buttons()
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(self.tree, 1)
        left.addLayout(self._buttons)
        layout.addLayout(left, 3)
        layout.addWidget(self.fields, 2)

    # --- building -------------------------------------------------------

    def _build_fields(self) -> None:
        self.fields = QStackedWidget(objectName="frameworkItemFields")
        hint = QLabel("Choose a section or a criterion to edit it.", wordWrap=True)
        self.fields.addWidget(hint)
        self.section_title = QLineEdit(objectName="sectionTitle")
        self.section_title.setAccessibleName("Section title")
        self.section_title.textChanged.connect(self._title_edited)
        section_page = QWidget()
        form = QFormLayout(section_page)
        form.addRow(self._label("Section &title:", self.section_title), self.section_title)
        self.fields.addWidget(section_page)
        self.prompt = QLineEdit(objectName="criterionPrompt")
        self.prompt.setAccessibleName("Criterion prompt")
        self.prompt.textChanged.connect(self._title_edited)
        self.guidance = QPlainTextEdit(objectName="criterionGuidance")
        self.guidance.setAccessibleName("Guidance for the visiting officer")
        self.guidance.setTabChangesFocus(True)
        self.guidance.textChanged.connect(self._guidance_edited)
        self.mandatory = QCheckBox("&Mandatory (must be rated before sign-off)",
                                   objectName="criterionMandatory")
        self.mandatory.toggled.connect(self._mandatory_toggled)
        criterion_page = QWidget()
        form = QFormLayout(criterion_page)
        form.addRow(self._label("&Prompt:", self.prompt), self.prompt)
        form.addRow(self._label("&Guidance:", self.guidance), self.guidance)
        form.addRow("", self.mandatory)
        self.fields.addWidget(criterion_page)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _build_buttons(self) -> None:
        self._buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot in (
            ("addSection", "Add s&ection", self.add_section),
            ("addCriterion", "Add &criterion", self.add_criterion),
            ("removeItem", "&Remove", self.remove_current),
            ("moveUp", "Move &up", lambda: self.move_current(-1)),
            ("moveDown", "Move do&wn", lambda: self.move_current(1)),
        ):
            button = QPushButton(text, objectName=name)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            self._buttons.addWidget(button)
            self.buttons[name] = button
        self._update_buttons()

    # --- loading and reading ----------------------------------------------

    def load(self, fw: QAFramework) -> None:
        """Show ``fw``'s sections and criteria; the first section is chosen."""
        self._loading = True
        self.tree.clear()
        self._section_keys = {s.key for s in fw.sections}
        self._criterion_keys = {c.key for _, c in fw.criteria()}
        for section in fw.sections:
            item = _item(section.key, section.title)
            self.tree.addTopLevelItem(item)
            for c in section.criteria:
                item.addChild(_item(c.key, c.prompt, c.guidance, c.mandatory))
        self.tree.expandAll()
        self._loading = False
        self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._show_current(self.tree.currentItem())

    def sections_data(self) -> list[dict[str, Any]]:
        """The sections as :func:`parse_framework` reads them; new items get new keys."""
        root = self.tree.invisibleRootItem()
        sections = [root.child(n) for n in range(root.childCount())]
        keys = self._keys(sections, self._section_keys, "new_section")
        out = []
        for key, section in zip(keys, sections, strict=True):
            criteria = [section.child(n) for n in range(section.childCount())]
            criterion_keys = self._keys(criteria, self._criterion_keys, "new_criterion")
            out.append({"key": key, "title": section.data(0, TEXT_ROLE), "criteria": [
                {"key": k, "prompt": c.data(0, TEXT_ROLE), "guidance": c.data(0, GUIDANCE_ROLE),
                 "mandatory": bool(c.data(0, MANDATORY_ROLE))}
                for k, c in zip(criterion_keys, criteria, strict=True)
            ]})
        return out

    @staticmethod
    def _keys(items: list[QTreeWidgetItem], known: set[str], fallback: str) -> list[str]:
        """Each item's key: kept if it has one, else made from its text, unique among its
        siblings and not reusing a key the loaded version had at this level."""
        taken = known | {i.data(0, KEY_ROLE) for i in items if i.data(0, KEY_ROLE)}
        keys = []
        for item in items:
            key = item.data(0, KEY_ROLE)
            if not key:
                key = new_key(item.data(0, TEXT_ROLE), taken, fallback)
                taken.add(key)
            keys.append(key)
        return keys

    def current_place(self) -> tuple[int, int]:
        """Where the chosen item is: (section row, criterion row or -1)."""
        item = self.tree.currentItem()
        if item is None:
            return (-1, -1)
        if item.parent() is None:
            return (self.tree.indexOfTopLevelItem(item), -1)
        return (self.tree.indexOfTopLevelItem(item.parent()), item.parent().indexOfChild(item))

    def choose_place(self, place: tuple[int, int]) -> None:
        """Choose the item at ``place`` again (after the framework is shown afresh)."""
        section = self.tree.topLevelItem(place[0])
        item = section.child(place[1]) if section and place[1] >= 0 else section
        if item is not None:
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)

    # --- editing the chosen item ---------------------------------------------

    def _show_current(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        self._loading, was_loading = True, self._loading
        if item is None:
            self.fields.setCurrentIndex(PAGE_NONE)
        elif item.parent() is None:
            self.section_title.setText(item.data(0, TEXT_ROLE))
            self.fields.setCurrentIndex(PAGE_SECTION)
        else:
            self.prompt.setText(item.data(0, TEXT_ROLE))
            self.guidance.setPlainText(item.data(0, GUIDANCE_ROLE))
            self.mandatory.setChecked(bool(item.data(0, MANDATORY_ROLE)))
            self.fields.setCurrentIndex(PAGE_CRITERION)
        self._loading = was_loading
        self._update_buttons()

    def _edited(self, role: Qt.ItemDataRole, value: object) -> None:
        item = self.tree.currentItem()
        if self._loading or item is None:
            return
        item.setData(0, role, value)
        _set_text(item, item.data(0, TEXT_ROLE))
        self.changed.emit()

    def _title_edited(self, text: str) -> None:
        self._edited(TEXT_ROLE, text)

    def _guidance_edited(self) -> None:
        self._edited(GUIDANCE_ROLE, self.guidance.toPlainText())

    def _mandatory_toggled(self, checked: bool) -> None:
        self._edited(MANDATORY_ROLE, checked)

    # --- adding, removing, moving ----------------------------------------------

    def add_section(self) -> None:
        """A new, untitled section after the chosen one; its title is edited next."""
        item = _item(None, "")
        current = self.tree.currentItem()
        section = current.parent() or current if current else None
        root = self.tree.invisibleRootItem()
        at = root.indexOfChild(section) + 1 if section else root.childCount()
        self.tree.insertTopLevelItem(at, item)
        self._choose(item, self.section_title)

    def add_criterion(self) -> None:
        """A new criterion after the chosen one (or at the end of the chosen section)."""
        current = self.tree.currentItem()
        if current is None:
            return
        item = _item(None, "")
        if current.parent() is None:
            current.addChild(item)
            current.setExpanded(True)
        else:
            parent, at = _siblings(current)
            parent.insertChild(at + 1, item)
        self._choose(item, self.prompt)

    def remove_current(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        parent, at = _siblings(item)
        parent.takeChild(at)
        neighbour = parent.child(min(at, parent.childCount() - 1))
        if neighbour is None and item.parent() is not None:
            neighbour = item.parent()
        self.tree.setCurrentItem(neighbour)
        self._show_current(neighbour)
        self.changed.emit()

    def move_current(self, step: int) -> None:
        """Move the chosen section or criterion up (-1) or down (+1) among its siblings."""
        item = self.tree.currentItem()
        if item is None:
            return
        parent, at = _siblings(item)
        if not 0 <= at + step < parent.childCount():
            return
        parent.takeChild(at)
        parent.insertChild(at + step, item)
        item.setExpanded(True)
        self.tree.setCurrentItem(item)
        self._update_buttons()
        self.changed.emit()

    def _choose(self, item: QTreeWidgetItem, field: QWidget) -> None:
        self.tree.setCurrentItem(item)
        self.tree.scrollToItem(item)
        field.setFocus()
        self.changed.emit()

    def _update_buttons(self) -> None:
        item = self.tree.currentItem()
        self.buttons["addCriterion"].setEnabled(item is not None)
        self.buttons["removeItem"].setEnabled(item is not None)
        if item is None:
            first = last = True
        else:
            parent, at = _siblings(item)
            first, last = at == 0, at == parent.childCount() - 1
        self.buttons["moveUp"].setEnabled(not first)
        self.buttons["moveDown"].setEnabled(not last)
