"""A time reads the same on screen and on paper: UK time (the council's clock),
whatever this computer's time zone. The same signed-off note's sign-off and
amendment times are read from the visit note window and from its PDF; the same
schedule review from the Monthly schedule screen and from the schedule PDF; each
with the computer set to UTC and to New York, in winter (GMT) and summer (BST). The
change log shows, exports and filters by UK time and UK days too."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QTableView
from recorded_visits import record_and_sign

from placement_qa.domain.register import VISIT_PLANNED
from placement_qa.store.audit import change_log
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.store.register import add_child
from placement_qa.store.visit_notes import amend_visit, load_visit_note
from placement_qa.store.visits import add_visit
from placement_qa.ui.pages.audit_page import ChangeLogPage
from placement_qa.ui.pages.monthly_schedule import MonthlySchedule
from placement_qa.ui.report_preview import ReportPreview

ZONES = ("UTC", "America/New_York")
LEFT = Qt.MouseButton.LeftButton
WHEN = r"(\d\d/\d\d/\d{4})(?: at)? (\d\d:\d\d)"

# (when it was signed off, when it was amended) in UTC, and what a UK reader sees.
SEASONS = [
    pytest.param(datetime(2026, 11, 19, 15, 30, tzinfo=UTC), "19/11/2026 15:30",
                 datetime(2026, 11, 20, 9, 5, tzinfo=UTC), "20/11/2026 09:05", id="GMT"),
    pytest.param(datetime(2026, 7, 1, 14, 30, tzinfo=UTC), "01/07/2026 15:30",
                 datetime(2026, 7, 1, 23, 10, tzinfo=UTC), "02/07/2026 00:10", id="BST"),
]


def flat(text: str) -> str:
    return " ".join(text.split())


def times_in(text: str, before: str) -> list[str]:
    """Every "DD/MM/YYYY HH:MM" (or "... at HH:MM") that follows ``before``."""
    return [f"{d} {t}" for d, t in re.findall(re.escape(before) + r".*?" + WHEN, flat(text))]


def pdf_text(pdf: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def signed_and_amended(builder, signed: datetime, amended: datetime) -> int:
    """Oakfield School's visit of the day before ``signed`` covering Zoë, signed off by
    R. Singh at ``signed`` and amended by P. Manager at ``amended``."""
    ensure_default_framework(builder.db)
    oakfield = builder.provider("Oakfield School")
    builder.placement("Zoë Łukasiewicz", oakfield, start=date(2025, 9, 1))
    visit_id = add_visit(builder.db, provider_id=oakfield,
                         visit_date=signed.date() - timedelta(days=1),
                         placement_ids=list(builder.placements.values()), status=VISIT_PLANNED)
    record_and_sign(builder.db, visit_id, signed_by="R. Singh", visitors="R. Singh", at=signed)
    changed = replace(load_visit_note(builder.db, visit_id), summary="A good visit, checked.")
    amend_visit(builder.db, changed, "Summary checked", "P. Manager", amended)
    return visit_id


def full_note_pdf(qtbot, note) -> bytes:
    """The Full note, previewed from the note window's Print / preview… button."""
    qtbot.mouseClick(note.findChild(QPushButton, "previewButton"), LEFT)
    menu = note.preview_menu
    qtbot.waitUntil(menu.isVisible, timeout=2000)
    full = next(a for a in menu.actions() if a.text() == "Full note")
    qtbot.mouseClick(menu, LEFT, pos=menu.actionGeometry(full).center())
    assert isinstance(note.preview, ReportPreview), note.preview.text()
    return note.preview.pdf


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(("signed", "signed_uk", "amended", "amended_uk"), SEASONS)
def test_sign_off_and_amendment_times_agree_on_screen_and_in_the_pdf(
        qtbot, builder, open_window, machine_zone, zone, signed, signed_uk, amended,
        amended_uk):
    pytest.importorskip("placement_qa.reports.visit_note")
    machine_zone(zone)
    visit_id = signed_and_amended(builder, signed, amended)
    window = open_window(builder.db)
    note = window.visits.open_note(visit_id)
    qtbot.waitExposed(note)
    header = note.findChild(QLabel, "visitHeader").text()
    history = note.findChild(QLabel, "amendmentHistory").text()
    printed = pdf_text(full_note_pdf(qtbot, note))

    assert times_in(header, "Signed off by R. Singh") == [signed_uk]
    assert times_in(printed, "Signed off by R. Singh") == [signed_uk]
    assert times_in(history, "Amended by P. Manager") == [amended_uk]
    assert times_in(printed, "Amendment 1: by P. Manager") == [amended_uk]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(("reviewed", "shown"), [
    pytest.param(datetime(2026, 12, 1, 9, 30, tzinfo=UTC), "01/12/2026 09:30", id="GMT"),
    pytest.param(datetime(2026, 6, 30, 23, 45, tzinfo=UTC), "01/07/2026 00:45", id="BST"),
])
def test_the_schedule_review_time_agrees_on_screen_and_in_the_pdf(
        qtbot, sample_db, machine_zone, zone, reviewed, shown):
    pytest.importorskip("placement_qa.reports.schedule")
    from placement_qa.reports.schedule import schedule_pdf

    machine_zone(zone)
    month = f"{reviewed.year}-{reviewed.month:02d}"
    page = MonthlySchedule(sample_db, reviewed.date(), "P. Manager", clock=lambda: reviewed)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    qtbot.mouseClick(page.review_button, LEFT)
    printed = pdf_text(schedule_pdf(sample_db, month, as_of=reviewed.date(),
                                    council_name="Westbridge Council", marking="OFFICIAL"))

    assert times_in(page.review_label.text(), "Reviewed by P. Manager") == [shown]
    assert set(times_in(printed, "Reviewed by P. Manager")) == {shown}  # body and footer


@pytest.mark.parametrize("zone", ZONES)
def test_the_change_log_shows_exports_and_filters_by_uk_time(
        qtbot, register_db, machine_zone, zone, tmp_path, monkeypatch):
    machine_zone(zone)
    db = register_db
    for name in ("Amara", "Ben"):
        add_child(db, given_name=name, family_name="Okafor")
    # Amara at 00:30 on 16/07/2026 UK time (BST), Ben at 23:30 on 16/07/2026.
    ids = [e.entry_id for e in change_log(db, table="children")]
    with db.atomic():
        for entry_id, stamp in zip(ids, ("2026-07-15T23:30:00.000Z",
                                         "2026-07-16T22:30:00.000Z"), strict=True):
            db.execute("UPDATE change_log SET changed_at = ? WHERE id = ?", [stamp, entry_id])
    page = ChangeLogPage(db)
    qtbot.addWidget(page)
    page.show()
    for field in (page.from_date, page.to_date):
        field.line_edit.setFocus()
        qtbot.keyClicks(field.line_edit, "16/07/2026")
    qtbot.mouseClick(page.findChild(QPushButton, "applyFiltersButton"), LEFT)
    model = page.findChild(QTableView, "changeLogTable").model()
    shown = [model.index(row, 0).data() for row in range(model.rowCount())]
    target = tmp_path / "log.csv"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "CSV file (*.csv)")))
    qtbot.mouseClick(page.findChild(QPushButton, "exportButton"), LEFT)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        exported = [row[0] for row in list(csv.reader(handle))[1:]]

    assert shown == ["16/07/2026 23:30:00", "16/07/2026 00:30:00"]
    assert exported == shown
