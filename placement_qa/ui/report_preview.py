"""An in-app preview of a PDF report, with Print… and Save as PDF….

The PDF is shown with QtPdf (every page, fitted to the width); Print… renders each
page at the printer's resolution and paints it on the printer; Save as PDF… writes
the very bytes shown, atomically. :func:`open_visit_note_preview` makes a visit
note and shows it: the report code (and reportlab) is imported only then, never
at start-up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from ..atomic_file import write_atomically
from ..domain.dates import uk
from ..store.output_guard import not_written
from .file_dialogs import ask_save_path
from .form_fields import set_names
from .screen_fit import fit_to_screen

log = logging.getLogger(__name__)

PROGRESS_FROM_PAGES = 4  # a progress dialog when printing more pages than this
MAX_PRINT_DPI = 600  # a page image at 1200 dpi would take over half a gigabyte


class ReportPreview(QDialog):
    """Shows a PDF's pages; prints them or saves the PDF."""

    def __init__(self, pdf: bytes, title: str, file_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf, self.file_name = bytes(pdf), file_name
        set_names(self, "reportPreview", title)
        self.setWindowTitle(title)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._buffer = QBuffer(self)  # QPdfDocument reads from it: keep it alive
        self._buffer.setData(QByteArray(self.pdf))
        self._buffer.open(QBuffer.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self._build(title)
        fit_to_screen(self, 820, 900)

    def _build(self, title: str) -> None:
        heading = QLabel(f"<b>{escape(title)}</b>", self)
        set_names(heading, "previewTitle", "Report")
        heading.setWordWrap(True)  # a long title never widens the window past the screen
        self.page_count = QLabel(_pages(self.document.pageCount()), self)
        set_names(self.page_count, "pageCount", "Number of pages")
        self.view = QPdfView(self)
        set_names(self.view, "pdfView", "Report pages")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.status = QLabel(self)
        set_names(self.status, "previewStatus", "Status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_button = self._button("&Print…", "printButton", self.print_report)
        self.save_button = self._button("&Save as PDF…", "savePdfButton", self.save_as_pdf)
        close = self._button("&Close", "closeButton", self.reject)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        # The buttons sit in a bar above the pages, never below a tall page: in sight
        # on any screen, however tall the report.
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.page_count)
        for button in (self.print_button, self.save_button, close):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        if self.document.status() == QPdfDocument.Status.Error:
            self.status.setText("⚠ The report could not be shown: "
                                f"{_load_error(self.document.error())}")
        self.view.setFocus()

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        set_names(button, name, text.replace("&", "").rstrip("…"))
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # --- saving ---------------------------------------------------------------------

    def save_as_pdf(self) -> Path | None:
        """Ask where, then write the PDF there (whole or not at all); the path written."""
        chosen, _ = ask_save_path(self, "Save as PDF", self.file_name, "PDF files (*.pdf)")
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_atomically(path, self.pdf)
        except OSError as exc:
            self.status.setText(f"⚠ Not saved: {not_written(path, exc)}")
            return None
        self.status.setText(f"Saved to {path}")
        return path

    # --- printing -------------------------------------------------------------------

    def print_report(self) -> bool:
        """The system print dialog, then every page; False if cancelled or nothing printed."""
        pages = self.document.pageCount()
        if pages == 0:
            self.status.setText("⚠ There is nothing to print.")
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        printer.setFullPage(True)  # the report has its own margins
        printer.setPageSize(QPageSize(self.document.pagePointSize(0).toSize()))
        printer.setFromTo(1, pages)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        printed = self.print_pages(printer)
        self.status.setText(f"Sent {_pages(printed)} to {printer.printerName() or 'the printer'}"
                            if printed else "Printing cancelled.")
        return printed > 0

    def print_pages(self, printer: QPrinter) -> int:
        """Paint the chosen pages on ``printer``; how many were printed."""
        first, last = _page_range(printer, self.document.pageCount())
        progress = None
        if last - first + 1 > PROGRESS_FROM_PAGES:
            progress = QProgressDialog("Printing…", "Cancel", 0, last - first + 1, self)
            progress.setWindowModality(Qt.WindowModality.WindowModal)
            progress.setMinimumDuration(0)
        painter = QPainter()
        if not painter.begin(printer):
            self.status.setText("⚠ The printer could not be started.")
            return 0
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            for count, page in enumerate(range(first, last + 1)):
                if progress is not None:
                    progress.setValue(count)
                    if progress.wasCanceled():
                        printer.abort()
                        return 0
                if count:
                    printer.newPage()
                self._paint_page(painter, printer, page)
        finally:
            painter.end()
            QGuiApplication.restoreOverrideCursor()
            if progress is not None:
                progress.close()
        return last - first + 1

    def _paint_page(self, painter: QPainter, printer: QPrinter, page: int) -> None:
        paper = printer.pageLayout().fullRectPixels(printer.resolution())
        points = self.document.pagePointSize(page)
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        image = self.document.render(
            page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72)))
        target = QSize(image.size())
        target.scale(paper.size(), Qt.AspectRatioMode.KeepAspectRatio)
        painter.drawImage(QRect(QPoint(0, 0), target), image)


# --- visit notes ---------------------------------------------------------------------


def note_copies(note) -> list[tuple[str, object]]:
    """What a visit note can be printed as: (label, copy) — the full note, the
    provider's file copy, and one copy for each child's file."""
    from ..domain.note_copy import FULL, PROVIDER_COPY, child_copy

    copies: list[tuple[str, object]] = [
        ("Full note", FULL), ("Provider's file copy (initials only)", PROVIDER_COPY)]
    copies += [(f"Copy for {child.child_name}'s file", child_copy(child.placement_id))
               for child in note.children]
    return copies


def copy_menu(note, parent: QWidget, chosen: Callable[[object, str], object]) -> QMenu:
    """A menu of :func:`note_copies`; choosing one calls ``chosen(copy, label)``."""
    menu = QMenu(parent)
    set_names(menu, "previewMenu", "Which copy of the note")
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    for label, copy in note_copies(note):
        action = menu.addAction(label.replace("&", "&&"))
        action.setObjectName("previewCopy")
        action.triggered.connect(lambda _=False, c=copy, t=label: chosen(c, t))
    return menu


def open_visit_note_preview(db: Database, visit_id: int, parent: QWidget | None,
                            copy: object = None, label: str = "Full note"
                            ) -> ReportPreview | QMessageBox:
    """Make the visit's note as ``copy`` (the full note by default) and show it; if it
    cannot be made, say why in a message box (which is returned instead)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        from ..domain.note_copy import FULL
        from ..reports.visit_note import note_settings, visit_note_pdf
        from ..store.visit_notes import load_visit_note

        note = load_visit_note(db, visit_id)
        council, marking = note_settings(db)
        pdf = visit_note_pdf(db, visit_id, copy=FULL if copy is None else copy,
                             council_name=council, marking=marking)
    except Exception as exc:  # noqa: BLE001 — the user is told in words; the log has it
        log.exception("A visit note could not be made")
        return _show_problem(parent, f"The visit note could not be made: {exc}")
    finally:
        QGuiApplication.restoreOverrideCursor()
    title = f"Visit note — {note.provider_name}, {uk(note.visit_date)} — {label}"
    file_name = _safe_file_name(
        f"Visit note {note.provider_name} {note.visit_date.isoformat()} {label}.pdf")
    preview = ReportPreview(pdf, title, file_name, parent)
    preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    preview.open()
    return preview


def _show_problem(parent: QWidget | None, text: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, "Visit note", text,
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("previewProblem")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def _page_range(printer: QPrinter, pages: int) -> tuple[int, int]:
    """The 0-based first and last page to print (all, unless the user chose a range)."""
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage():
        first = max(printer.fromPage(), 1) - 1
        return first, min(max(printer.toPage(), first + 1), pages) - 1
    return 0, pages - 1


def _pages(count: int) -> str:
    return "1 page" if count == 1 else f"{count} pages"


def _load_error(error: QPdfDocument.Error) -> str:
    return {QPdfDocument.Error.DataNotYetAvailable: "the file was not complete",
            QPdfDocument.Error.InvalidFileFormat: "it is not a PDF file",
            QPdfDocument.Error.IncorrectPassword: "it needs a password",
            QPdfDocument.Error.UnsupportedSecurityScheme: "it is protected"}.get(
        error, "it could not be read")


def _safe_file_name(name: str) -> str:
    return "".join("-" if ch in '/\\:*?"<>|' else ch for ch in name)
