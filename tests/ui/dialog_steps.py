"""Steps a dialog test reads like a user's: find the table, choose a row, press keys,
take the modal dialog, type into a field, read the message under it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from placement_qa.store import records
from placement_qa.store.audit import change_log
from placement_qa.ui.placement_dialog import PlacementDialog
from placement_qa.ui.register_model import COL_CHILD

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


# --- helpers a test reads like a user's steps --------------------------------------

def table(window) -> QTableView:
    return window.findChild(QTableView, "registerTable")


def shown(window, column: int = COL_CHILD) -> list[str]:
    model = table(window).model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def current(window, column: int) -> str:
    return table(window).currentIndex().siblingAtColumn(column).data()


def press(qtbot, window, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    view = table(window)
    view.setFocus()
    qtbot.keyClick(view, key, modifiers)


def showing(kind: type[QWidget]) -> list[QWidget]:
    """The windows of this kind on screen now."""
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def modal(qtbot, kind: type[QWidget]) -> QWidget:
    """The one dialog of this kind on screen and modal (waiting a moment for it)."""
    qtbot.waitUntil(lambda: len(showing(kind)) == 1, timeout=2000)
    [dialog] = showing(kind)
    assert dialog.isModal() or dialog.windowModality() != Qt.WindowModality.NonModal
    return dialog


def record_it_now(qtbot) -> None:
    """Answer Yes to "This visit is planned for 01/12/2026, more than a week away. Record
    it now?" (Record visit on a visit planned later than a week ahead asks it)."""
    question = modal(qtbot, QMessageBox)
    assert question.objectName() == "farAheadQuestion", question.text()
    qtbot.mouseClick(question.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: question not in showing(QMessageBox))


def choose_row(qtbot, window, child: str) -> None:
    view = table(window)
    row = shown(window).index(child)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(view.model().index(row, COL_CHILD)).center())


def field(dialog: QWidget, name: str) -> QLineEdit:
    return dialog.findChild(QLineEdit, name)


def error_text(dialog: QWidget, name: str) -> str:
    label = dialog.findChild(QLabel, f"{name}Error")
    return label.text() if label.isVisibleTo(dialog) else ""


def click_save(qtbot, dialog: QWidget) -> None:
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), Qt.MouseButton.LeftButton)


def snapshot(db) -> tuple:
    """Everything a cancelled dialog must leave as it was."""
    return (len(change_log(db)), records.register_placements(db), records.list_children(db),
            records.list_providers(db))


def fill_placement(qtbot, dialog: PlacementDialog, *, child: str, provider: str,
                   start: str, type_text=None) -> None:
    if type_text is not None:
        type_text(dialog.child.lineEdit(), child)
    else:
        qtbot.keyClicks(dialog.child.lineEdit(), child)
    qtbot.keyClicks(dialog.provider.lineEdit(), provider)
    qtbot.keyClicks(field(dialog, "startDateEdit"), start)

