"""A row of buttons to pick one of a few answers, also by key: 1..n (or a letter).

Used for framework ratings (Strong / Secure / … picked by number key, as the visitor
types) and for yes/no answers (Y / N). Delete or 0 clears the answer. The picker
itself takes the keyboard focus, so Tab moves through a form one question at a time.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QPushButton, QWidget

_CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_0)


class ChoicePicker(QFrame):
    """Pick one of ``choices`` ((value, label) pairs), or none; emits ``changed``."""

    changed = Signal()

    def __init__(self, choices: Sequence[tuple[Hashable, str]], name: str, accessible: str,
                 *, letters: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._values = [value for value, _ in choices]
        self._group = QButtonGroup(self)
        self._group.setExclusive(False)  # so a click on the chosen button clears it
        self._keys: dict[str, int] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        for index, (_value, label) in enumerate(choices):
            key = label[0].lower() if letters else str(index + 1)
            self._keys[key] = index
            button = QPushButton(f"{label} ({key.upper()})" if letters else f"{key} {label}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setObjectName(f"{name}_{index + 1}")
            button.setAccessibleName(f"{accessible}: {label}")
            self._group.addButton(button, index)
            layout.addWidget(button)
        layout.addStretch(1)
        self._read_only = False
        self._group.idClicked.connect(self._clicked)
        self.setStyleSheet(
            "ChoicePicker:focus { border: 2px solid palette(highlight); }"
            "QPushButton:checked { background: palette(highlight); "
            "color: palette(highlighted-text); font-weight: bold; }")

    # --- value ------------------------------------------------------------------

    def value(self) -> Hashable | None:
        index = self._group.checkedId()
        return None if index < 0 else self._values[index]

    def set_value(self, value: Hashable | None) -> None:
        """Show ``value`` (None: nothing chosen) without emitting ``changed``."""
        index = self._values.index(value) if value in self._values else -1
        for button in self._group.buttons():
            button.setChecked(self._group.id(button) == index)
        self._show_read_only()

    def set_read_only(self, read_only: bool) -> None:
        """Read-only: the answer stays clearly shown (its button enabled, the others
        greyed) but neither clicks nor keys change it."""
        self._read_only = read_only
        self._show_read_only()

    def _show_read_only(self) -> None:
        for button in self._group.buttons():
            button.setEnabled(not self._read_only or button.isChecked())
            button.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents,
                                self._read_only)

    def buttons(self) -> list[QPushButton]:
        return self._group.buttons()

    # --- picking ----------------------------------------------------------------

    def _choose(self, index: int) -> None:
        if self._read_only:
            return
        old = self.value()
        self.set_value(None if index < 0 else self._values[index])
        if self.value() != old:
            self.changed.emit()

    def _clicked(self, index: int) -> None:
        # The group is not exclusive (so a second click clears the answer): the click
        # has already toggled the button, and another may still be checked.
        button = self._group.button(index)
        if self._read_only:  # undo the toggle: a read-only answer does not change
            button.setChecked(not button.isChecked())
            return
        if button.isChecked():
            others = [b for b in self._group.buttons() if b is not button and b.isChecked()]
            previous = self._values[self._group.id(others[0])] if others else None
            new = self._values[index]
        else:
            previous, new = self._values[index], None
        self.set_value(new)
        if new != previous:
            self.changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        text = event.text().lower()
        if text in self._keys:
            self._choose(self._keys[text])
        elif event.key() in _CLEAR_KEYS:
            self._choose(-1)
        else:
            super().keyPressEvent(event)
