"""No PDF the app makes declares a font it does not embed: every font of every page of
every kind of report (a note and its copies, the board report, the schedule, the
register list) has its font file in the PDF, so it prints the same on any machine."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from recorded_visits import provider_with_children, record_and_sign

from placement_qa.domain.note_copy import PROVIDER_COPY, child_copy
from placement_qa.reports.board import board_report_pdf
from placement_qa.reports.register_list import register_list_pdf
from placement_qa.reports.schedule import schedule_pdf
from placement_qa.reports.visit_note import visit_note_pdf
from placement_qa.store import planning
from placement_qa.store.connection import open_register

OPTIONS = {"council_name": "Westbridge Council", "marking": "OFFICIAL-SENSITIVE"}
AS_OF = date(2026, 11, 25)
REPORTS = {
    "note": lambda db, visit, child: visit_note_pdf(db, visit, **OPTIONS),
    "child copy": lambda db, visit, child: visit_note_pdf(db, visit, copy=child_copy(child),
                                                          **OPTIONS),
    "provider copy": lambda db, visit, child: visit_note_pdf(db, visit, copy=PROVIDER_COPY,
                                                             **OPTIONS),
    "board report": lambda db, visit, child: board_report_pdf(db, as_of=AS_OF, **OPTIONS),
    "schedule": lambda db, visit, child: schedule_pdf(db, "2026-12", as_of=AS_OF, **OPTIONS),
    "register list": lambda db, visit, child: register_list_pdf(db, as_of=AS_OF, **OPTIONS),
}


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    """A signed-off visit in November to two children, and one planned for December."""
    db = open_register(tmp_path_factory.mktemp("fonts") / "register.db", create=True,
                       os_user="a.officer")
    provider, placements = provider_with_children(db, "Oakfield House School",
                                                  [("Zoë", "Łukasiewicz"), ("יעל", "כהן")])
    visit = planning.plan_visit(db, provider_id=provider, visit_date=date(2026, 11, 5),
                                visit_type="annual_monitoring", visitors="J. Okafor",
                                placement_ids=list(placements.values()))
    record_and_sign(db, visit)
    planning.plan_visit(db, provider_id=provider, visit_date=date(2026, 12, 3),
                        visit_type="annual_monitoring", visitors="J. Okafor",
                        placement_ids=list(placements.values()))
    yield db, visit, placements["Zoë Łukasiewicz"]
    db.close()


def declared_fonts(data: bytes) -> dict[str, bool]:
    """Each font a page declares (by name): whether the PDF embeds its file."""
    fonts = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            fonts[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


@pytest.mark.parametrize("kind", REPORTS)
def test_every_font_a_report_declares_is_embedded(register, kind):
    fonts = declared_fonts(REPORTS[kind](*register))
    assert fonts, kind
    assert {name for name, embedded in fonts.items() if not embedded} == set(), kind
    assert all("DejaVuSans" in name for name in fonts), fonts
