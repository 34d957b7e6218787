"""A dashboard tile: a large number, its label and a detail line, clicked to show its list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ...domain.dashboard import IN_SCHEDULE, PROVIDERS_VISITED, Tile
from ...domain.glossary import KPI

KPI_TILES = frozenset({IN_SCHEDULE, PROVIDERS_VISITED})

TILE_STYLE = """
QPushButton[tile="true"] { background: #f4f7fb; border: 1px solid #b9c7d8; border-radius: 6px;
                           text-align: left; }
QPushButton[tile="true"]:checked { background: #dce9f8; border: 2px solid #1f5c99; }
QPushButton[tile="true"]:focus { border: 2px dashed #1f5c99; }
"""
VALUE_STYLE = "font-size: 22pt; font-weight: bold;"
VALUE_COLOUR = "#1d1d1d"
CONCERN_COLOUR = "#a4161a"  # a number that needs action (the label says so too, not colour alone)


class TileButton(QPushButton):
    """A checkable button drawn as a tile; Enter or Return clicks it like Space does."""

    def __init__(self, key: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"tile_{key}")
        self.setProperty("tile", True)
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(96)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        self.value_label = self._label("tileValue", "…", VALUE_STYLE)
        self.name_label = self._label("tileLabel", label, "font-weight: bold;")
        self.detail_label = self._label("tileDetail", "", "color: #3b4a5a;")
        for widget in (self.value_label, self.name_label, self.detail_label):
            layout.addWidget(widget)
        self.setAccessibleName(f"{label}: working out")

    def _label(self, name: str, text: str, style: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setStyleSheet(f"QLabel#{name} {{ {style} background: transparent; }}")
        label.setWordWrap(True)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        return label

    def show_tile(self, tile: Tile, *, concern: bool = False) -> None:
        self.value_label.setText(tile.value)
        self.name_label.setText(tile.label)
        self.detail_label.setText(tile.detail)
        self.setAccessibleName(tile.accessible_text)
        kpi = f"\n\n{KPI.tooltip}" if self.key in KPI_TILES else ""
        self.setToolTip(f"{tile.accessible_text}. Click or press Enter to list them.{kpi}")
        colour = CONCERN_COLOUR if concern else VALUE_COLOUR
        self.value_label.setStyleSheet(
            f"QLabel#tileValue {{ {VALUE_STYLE} color: {colour}; background: transparent; }}"
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)
