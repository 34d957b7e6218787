"""Windows sized to the screen they open on, so every button is in sight on a council
laptop (1280×720 or 1366×768 with a taskbar).

A window asks for the size it would like; :func:`fit_to_screen` gives it that or the
room the screen has (``QScreen.availableGeometry``: the screen less its taskbar, less
the frame and title bar the desktop adds), whichever is smaller, and lowers a minimum
size the screen cannot hold. Every top-level window and dialog sizes itself through it.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# The desktop's window frame and title bar, outside the window's own area.
FRAME = QSize(16, 40)


def screen_room(widget: QWidget) -> QSize:
    """The largest window ``widget`` can be on its screen with the frame in sight."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    available = screen.availableGeometry().size()
    return QSize(max(available.width() - FRAME.width(), 1),
                 max(available.height() - FRAME.height(), 1))


def fit_to_screen(window: QWidget, width: int, height: int) -> QSize:
    """Resize ``window`` to ``width``×``height``, or less where the screen has less room;
    the size given."""
    room = screen_room(window)
    if window.minimumWidth() > room.width():
        window.setMinimumWidth(room.width())
    if window.minimumHeight() > room.height():
        window.setMinimumHeight(room.height())
    size = QSize(min(width, room.width()), min(height, room.height()))
    window.resize(size)
    return size


def fitting_height(window: QWidget, height: int) -> int:
    """``height``, or the screen's room if that is less (a dialog growing as it fills)."""
    return min(height, screen_room(window).height())


def fit_to_width(window: QWidget, width: int) -> QSize:
    """Resize ``window`` to ``width`` (or the screen's room) and the height its layout
    needs at that width (wrapped words take fewer lines than at the narrowest width)."""
    width = min(width, screen_room(window).width())
    layout = window.layout()
    layout.activate()
    height = (layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
              else layout.totalSizeHint().height())
    return fit_to_screen(window, width, height)
