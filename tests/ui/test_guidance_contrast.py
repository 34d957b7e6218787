"""The visit note's guidance text is quieter than the questions but still readable: WCAG 2.2 AA
asks for a contrast of at least 4.5:1 between text and its background."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel
from visit_note_steps import go_to, planned_visit

from placement_qa.domain.visit_note import OBSERVATIONS_PAGE
from placement_qa.ui.visit_note.window import VisitNoteWindow

AS_OF = date(2026, 11, 22)


def relative_luminance(colour: QColor) -> float:
    """WCAG 2.2's relative luminance of an sRGB colour."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (0.2126 * linear(colour.red()) + 0.7152 * linear(colour.green())
            + 0.0722 * linear(colour.blue()))


def contrast_ratio(a: QColor, b: QColor) -> float:
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def as_drawn_on(text: QColor, background: QColor) -> QColor:
    """A translucent text colour as it shows on an opaque background."""
    alpha = text.alphaF()
    return QColor(*(round(t * alpha + b * (1 - alpha)) for t, b in (
        (text.red(), background.red()), (text.green(), background.green()),
        (text.blue(), background.blue()))))


def test_contrast_follows_the_wcag_formula():
    assert round(contrast_ratio(QColor("black"), QColor("white")), 2) == 21.0
    assert round(contrast_ratio(QColor("#777777"), QColor("white")), 2) == 4.48


def test_the_note_s_guidance_text_has_at_least_4_5_to_1_contrast(qtbot, builder):
    _, visit_id, _ = planned_visit(builder)
    note = VisitNoteWindow(builder.db, visit_id, AS_OF)
    qtbot.addWidget(note)
    note.show()
    qtbot.waitExposed(note)
    hint = go_to(qtbot, note, OBSERVATIONS_PAGE).findChild(QLabel, "observationsHint")
    hint.ensurePolished()  # its style sheet, if any, applied to its palette
    background = note.palette().color(QPalette.ColorRole.Window)
    text = as_drawn_on(hint.palette().color(hint.foregroundRole()), background)
    assert text != note.palette().color(QPalette.ColorRole.WindowText)  # quieter than questions
    assert contrast_ratio(text, background) >= 4.5
