"""Help ▸ User guide: the README's tour in a window of its own, opened by F1 at the
section of the screen the user is on (:func:`add_help_key`)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..assets import resource_path
from ..domain.user_guide import GUIDE_TITLE, SECTION_LEADS, guide_markdown

HELP_KEY = "F1"
SIZE = (900, 760)
SCREEN_MARGIN = 60  # room left for the title bar and the taskbar


def guide_text() -> str:
    """The guide as Markdown, from the README shipped with the package."""
    return guide_markdown(resource_path("user-guide.md").read_text(encoding="utf-8"))


class GuideWindow(QWidget):
    """The user guide, read-only, searchable by Ctrl+F in the text; one per main window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setObjectName("userGuide")
        self.setAccessibleName("User guide")
        self.setWindowTitle(GUIDE_TITLE)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guideText")
        self.browser.setAccessibleName("User guide text")
        self.browser.setOpenLinks(False)  # the README's links to repository files go nowhere
        self.browser.anchorClicked.connect(self._open_link)
        self.browser.setMarkdown(guide_text())
        self._name_sections()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.setObjectName("guideButtons")
        buttons.rejected.connect(self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self._fit_screen()

    def _fit_screen(self) -> None:
        screen = self.screen().availableGeometry()
        self.resize(min(SIZE[0], screen.width() - SCREEN_MARGIN),
                    min(SIZE[1], screen.height() - SCREEN_MARGIN))

    def _name_sections(self) -> None:
        """Give each section's paragraph its ids as anchor names (Markdown has none)."""
        ids_by_lead: dict[str, list[str]] = {}
        for section, lead in SECTION_LEADS.items():
            ids_by_lead.setdefault(lead, []).append(section)
        block = self.browser.document().begin()
        while block.isValid() and ids_by_lead:
            lead = next((w for w in ids_by_lead if block.text().startswith(w)), None)
            if lead is not None:
                cursor = QTextCursor(block)
                cursor.movePosition(QTextCursor.MoveOperation.EndOfWord,
                                    QTextCursor.MoveMode.KeepAnchor)
                mark = QTextCharFormat()
                mark.setAnchor(True)
                mark.setAnchorNames(ids_by_lead.pop(lead))
                cursor.mergeCharFormat(mark)
            block = block.next()

    def show_section(self, section: str) -> None:
        """Scroll so the section's paragraph is at the top (the start for an unknown id)."""
        if section in SECTION_LEADS:
            self.browser.scrollToAnchor(section)
        else:
            self.browser.verticalScrollBar().setValue(0)

    @staticmethod
    def _open_link(url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)


def _main_window_of(widget: QWidget) -> QWidget:
    """The window at the top of ``widget``'s parents (the main window, for a page)."""
    window = widget.window()
    while window.parentWidget() is not None:
        window = window.parentWidget().window()
    return window


def show_guide(widget: QWidget, section: str) -> GuideWindow:
    """Show the guide (one per main window, made on first use) at ``section``."""
    owner = _main_window_of(widget)
    guide = owner.findChild(GuideWindow)
    if guide is None:
        guide = GuideWindow(owner)
    guide.show()
    guide.raise_()
    guide.activateWindow()
    guide.show_section(section)
    return guide


def add_help_key(window: QWidget, section: str) -> QShortcut:
    """F1 in ``window`` opens the guide at ``section`` (an id of SECTION_LEADS)."""
    window.setProperty("helpSection", section)
    return QShortcut(QKeySequence(HELP_KEY), window, lambda: show_guide(window, section))
