"""Help ▸ User guide: the README's tour in a window of its own, with its contents beside it
and a find box, opened by F1 at the section of the screen the user is on
(:func:`add_help_key`)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QKeySequence,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..assets import resource_path
from ..domain.user_guide import GUIDE_TITLE, SECTION_LEADS, guide_contents, guide_markdown

HELP_KEY = "F1"
SIZE = (1000, 760)
SCREEN_MARGIN = 60  # room left for the title bar and the taskbar
ANCHOR_ROLE = Qt.ItemDataRole.UserRole


def guide_text() -> str:
    """The guide as Markdown, from the README shipped with the package."""
    return guide_markdown(resource_path("user-guide.md").read_text(encoding="utf-8"))


def _mark(block, names: list[str]) -> None:
    """Give the first word of ``block`` these anchor names (Markdown makes none)."""
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
    mark = QTextCharFormat()
    mark.setAnchor(True)
    mark.setAnchorNames(names)
    cursor.mergeCharFormat(mark)


class GuideWindow(QWidget):
    """The user guide, read-only; one per main window (:func:`show_guide`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setObjectName("userGuide")
        self.setAccessibleName("User guide")
        self.setWindowTitle(GUIDE_TITLE)
        markdown = guide_text()
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guideText")
        self.browser.setAccessibleName("User guide text")
        self.browser.setOpenLinks(False)  # the README's links to repository files go nowhere
        self.browser.anchorClicked.connect(self._open_link)
        self.browser.setMarkdown(markdown)
        self.contents = QListWidget(self)
        self.contents.setObjectName("guideContents")
        self.contents.setAccessibleName("Contents of the user guide")
        self.contents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._items: dict[str, QListWidgetItem] = {}  # by help section id
        self._name_parts(guide_contents(markdown))
        self.contents.currentItemChanged.connect(self._part_chosen)
        self._build(self._find_box())

    def _find_box(self) -> QLineEdit:
        self.find_box = QLineEdit(self)
        self.find_box.setObjectName("guideFind")
        self.find_box.setAccessibleName("Find in the guide")
        self.find_box.setPlaceholderText("Find in the guide (Enter finds the next)")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.returnPressed.connect(self.find_next)
        QShortcut(QKeySequence.StandardKey.Find, self, self.find_box.setFocus)
        return self.find_box

    def _build(self, find_box: QLineEdit) -> None:
        label = QLabel("&Find:", self)
        label.setBuddy(find_box)
        splitter = QSplitter(self)
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, SIZE[0] - 240])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.setObjectName("guideButtons")
        buttons.rejected.connect(self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(find_box)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry()
        self.resize(min(SIZE[0], screen.width() - SCREEN_MARGIN),
                    min(SIZE[1], screen.height() - SCREEN_MARGIN))

    def _name_parts(self, parts: list[tuple[bool, str]]) -> None:
        """Anchor each part's paragraph ("part-3", and its help section ids) and list it
        in the contents, in the guide's order."""
        ids: dict[str, list[str]] = {}
        for section, lead in SECTION_LEADS.items():
            ids.setdefault(lead, []).append(section)
        block, number = self.browser.document().begin(), 0
        while block.isValid() and number < len(parts):
            heading, words = parts[number]
            if block.text().startswith(words):
                anchor = f"part-{number}"
                sections = ids.pop(words, [])
                _mark(block, [anchor, *sections])
                item = QListWidgetItem(words if heading else f"    {words}", self.contents)
                item.setData(ANCHOR_ROLE, anchor)
                item.setToolTip(words)
                self._items.update(dict.fromkeys(sections, item))
                number += 1
            block = block.next()

    def _part_chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.browser.scrollToAnchor(item.data(ANCHOR_ROLE))

    def show_section(self, section: str) -> None:
        """Scroll so the section's paragraph is at the top (the start for an unknown id)."""
        if section in self._items:
            self.contents.blockSignals(True)  # the contents show where the guide is
            self.contents.setCurrentItem(self._items[section])
            self.contents.blockSignals(False)
            self.browser.scrollToAnchor(section)
        else:
            self.browser.verticalScrollBar().setValue(0)

    def find_next(self) -> bool:
        """Select the next place the find box's words are (from the top once at the end)."""
        words = self.find_box.text()
        if not words or self.browser.find(words):
            return bool(words)
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        return self.browser.find(words, QTextDocument.FindFlag(0))

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
