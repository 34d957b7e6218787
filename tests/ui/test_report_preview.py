"""The in-app preview of a PDF report: its pages are shown, printed (every page, at
the printer's resolution) and saved as the very bytes shown; and a signed-off visit
note opened from the visit note window's Print / preview… button."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QPushButton
from recorded_visits import record_and_sign
from reportlab.pdfgen import canvas
from visit_note_steps import CHILDREN, planned_visit

from placement_qa.store.visit_notes import (
    load_visit_note,
)
from placement_qa.ui import report_preview
from placement_qa.ui.report_preview import ReportPreview

CTRL = Qt.KeyboardModifier.ControlModifier


def three_page_pdf() -> bytes:
    """A small PDF: three A4 pages, each with a heading and a dark box."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for number in (1, 2, 3):
        pdf.setFont("Helvetica-Bold", 24)
        pdf.drawString(72, 760, f"Visit note — page {number} of 3")
        pdf.rect(72, 300, 450, 400, fill=1)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def has_ink(image: QImage) -> bool:
    """True if any pixel (sampled on a grid) is clearly darker than white."""
    step = max(1, min(image.width(), image.height()) // 80)
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            colour = image.pixelColor(x, y)
            if colour.red() + colour.green() + colour.blue() < 3 * 200:
                return True
    return False


def view_shows_pages(dialog: QDialog) -> bool:
    view = dialog.findChild(QPdfView, "pdfView")
    return has_ink(view.viewport().grab().toImage())


@pytest.fixture
def pdf() -> bytes:
    return three_page_pdf()


@pytest.fixture
def preview(qtbot, pdf):
    dialog = ReportPreview(pdf, "Visit note — Oakfield School", "note.pdf")
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    return dialog


def test_the_preview_shows_every_page(qtbot, preview):
    assert preview.document.status() == QPdfDocument.Status.Ready
    assert preview.document.pageCount() == 3
    assert preview.findChild(QLabel, "pageCount").text() == "3 pages"
    view = preview.findChild(QPdfView, "pdfView")
    assert view.pageMode() == QPdfView.PageMode.MultiPage
    assert view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    qtbot.waitUntil(lambda: view_shows_pages(preview), timeout=5000)


def test_save_as_pdf_writes_the_bytes_shown(qtbot, preview, pdf, tmp_path, monkeypatch):
    target = tmp_path / "Oakfield note"  # no suffix: .pdf is added
    asked = []

    def choose(parent, caption, suggested, filters):
        asked.append(Path(suggested).name)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    qtbot.keyClick(preview, Qt.Key.Key_S, CTRL)  # the button's shortcut: an animated click
    qtbot.waitUntil(lambda: bool(asked), timeout=2000)
    saved = tmp_path / "Oakfield note.pdf"
    assert asked == ["note.pdf"]
    assert saved.read_bytes() == pdf
    assert list(tmp_path.glob("*.part")) == []
    status = preview.findChild(QLabel, "previewStatus").text()
    assert status == f"Saved to {saved}"


def test_save_as_pdf_cancelled_writes_nothing(qtbot, preview, tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args: ("", "")))
    qtbot.mouseClick(preview.findChild(QPushButton, "savePdfButton"), Qt.MouseButton.LeftButton)
    assert list(tmp_path.glob("*.pdf")) == []
    assert preview.findChild(QLabel, "previewStatus").text() == ""


def test_print_sends_every_page_to_the_printer(qtbot, preview, tmp_path, monkeypatch):
    printed = tmp_path / "printed.pdf"
    seen = {}

    class AcceptingPrintDialog:
        """The system print dialog, with the user choosing a PDF printer and Print."""

        def __init__(self, printer: QPrinter, parent) -> None:
            seen["resolution"] = printer.resolution()
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(printed))

        def exec(self) -> int:
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(report_preview, "QPrintDialog", AcceptingPrintDialog)
    qtbot.keyClick(preview, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: "Sent" in preview.findChild(QLabel, "previewStatus").text(),
                    timeout=5000)
    assert seen["resolution"] >= 300  # HighResolution: the printer's own resolution
    reader = PdfReader(printed)
    assert len(reader.pages) == 3
    assert preview.findChild(QLabel, "previewStatus").text().startswith("Sent 3 pages")


def test_escape_closes_the_preview(qtbot, preview):
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    assert not preview.isVisible()


def test_a_file_that_is_not_a_pdf_is_said_so(qtbot):
    dialog = ReportPreview(b"not a pdf", "Broken", "broken.pdf")
    qtbot.addWidget(dialog)
    assert dialog.document.pageCount() == 0
    assert "not a PDF" in dialog.findChild(QLabel, "previewStatus").text()


# --- a real visit note, from the visit note window -------------------------------------


def signed_off_visit(builder) -> int:
    """Oakfield School's visit of 18/11/2026 (Zoë and Ayşe), complete and signed off."""
    _, visit_id, _ = planned_visit(builder)
    db = builder.db
    record_and_sign(db, visit_id, signed_by="R. Singh", visitors="R. Singh",
                    at=datetime(2026, 11, 19, 15, 30, tzinfo=UTC),
                    evidence=lambda key: f"Seen: {key} & <log>",
                    views=lambda child: "I like art & <music>")
    assert load_visit_note(db, visit_id).locked
    return visit_id


def test_the_full_note_of_a_completed_visit_is_previewed(qtbot, builder, open_window):
    pytest.importorskip("placement_qa.reports.visit_note")
    visit_id = signed_off_visit(builder)
    window = open_window(builder.db)
    note = window.visits.open_note(visit_id)
    qtbot.waitExposed(note)
    qtbot.mouseClick(note.findChild(QPushButton, "previewButton"), Qt.MouseButton.LeftButton)
    menu = note.preview_menu
    qtbot.waitUntil(menu.isVisible, timeout=2000)
    labels = [a.text() for a in menu.actions()]
    assert labels[:2] == ["Full note", "Provider's file copy (initials only)"]
    assert sorted(labels[2:]) == sorted(f"Copy for {c}'s file" for c in CHILDREN)
    full = menu.actions()[0]
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(full).center())
    assert isinstance(note.preview, ReportPreview), note.preview.text()
    qtbot.waitExposed(note.preview)
    assert note.preview.document.pageCount() > 0
    assert "Full note" in note.preview.windowTitle()
    qtbot.waitUntil(lambda: view_shows_pages(note.preview), timeout=5000)


def test_a_copy_for_one_childs_file_is_chosen_by_keyboard(qtbot, builder, open_window):
    pytest.importorskip("placement_qa.reports.visit_note")
    visit_id = signed_off_visit(builder)
    window = open_window(builder.db)
    note = window.visits.open_note(visit_id)
    qtbot.waitExposed(note)
    note.activateWindow()
    qtbot.waitUntil(note.isActiveWindow, timeout=2000)
    qtbot.keyClick(note, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: getattr(note, "preview_menu", None) is not None
                    and note.preview_menu.isVisible(), timeout=2000)
    menu = note.preview_menu
    wanted = f"Copy for {CHILDREN[0]}'s file"
    steps = [a.text() for a in menu.actions()].index(wanted) + 1
    for _ in range(steps):
        qtbot.keyClick(menu, Qt.Key.Key_Down)
    assert menu.activeAction().text() == wanted
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(getattr(note, "preview", None), ReportPreview),
                    timeout=3000)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(note.preview.pdf)).pages)
    assert CHILDREN[0] in text
    assert CHILDREN[1] not in text
    assert wanted in note.preview.windowTitle()
