"""The monthly planning schedule PDF, read back with pypdf: what is planned, what is due
but not planned, the review, and the page marks on every page."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from placement_qa.domain.monthly_schedule import review_text
from placement_qa.domain.planning import PlanningError
from placement_qa.reports.schedule import schedule_pdf
from placement_qa.store import planning, register
from placement_qa.store.inspections import add_inspection

AS_OF = date(2026, 11, 25)
MONTH = "2026-12"
OPTIONS = {"as_of": AS_OF, "council_name": "Westbridge Council",
           "marking": "OFFICIAL-SENSITIVE"}


def _placement(db, provider: str, authority: str, child: tuple[str, str],
               start: date) -> tuple[int, int]:
    provider_id = register.add_provider(db, name=provider, provider_type="independent_special",
                                        host_authority=authority)
    add_inspection(db, provider_id=provider_id, inspectorate="Ofsted (education)",
                   inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    child_id = register.add_child(db, given_name=child[0], family_name=child[1])
    placement = register.add_placement(db, child_id=child_id, provider_id=provider_id,
                                       start_date=start, arrangement="day")
    return provider_id, placement


def build_month(db, planned_count: int = 3) -> dict[str, list[str]]:
    """Visits planned in December 2026 (one per provider), a provider due in December
    and one overdue since October, neither planned, and one due next year."""
    planned = []
    for n in range(planned_count):
        name = f"Oakfield House School & <Annexe {n}>"
        provider, placement = _placement(db, name, "Kent", ("Zoë", f"Łukasiewicz{n}"),
                                         date(2025, 12, 10))
        planning.plan_visit(db, provider_id=provider, visit_date=date(2026, 12, 1 + n % 28),
                            visit_type="annual_monitoring", visitors="J. Okafor & Ayşe Yılmaz",
                            placement_ids=[placement])
        planned.append(name)
    _placement(db, "Ayşe's Lodge", "Surrey", ("Șerban", "Popescu"), date(2025, 12, 20))
    _placement(db, "Brook <School>", "Devon", ("Amy", "Overdue"), date(2025, 10, 1))
    _placement(db, "Later Hall", "Dorset", ("Ben", "Later"), date(2026, 5, 1))
    return {"planned": planned, "due": ["Ayşe's Lodge"], "overdue": ["Brook <School>"],
            "children": ["Łukasiewicz0", "Șerban Popescu", "Amy Overdue", "Ben Later"]}


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    """Whitespace removed: pypdf breaks lines where the layout wrapped them."""
    return re.sub(r"\s+", "", text)


def test_every_planned_visit_and_every_provider_due_but_not_planned_is_listed(db):
    month = build_month(db)
    text = flat("\n".join(pdf_pages(schedule_pdf(db, MONTH, **OPTIONS))))
    assert flat("Monthly planning schedule: December 2026") in text
    assert flat("Planned visits in December 2026: 3") in text
    for n, name in enumerate(month["planned"]):
        assert flat(f"0{1 + n}/12/2026 {name} Kent Annual monitoring") in text
    assert text.count(flat("J. Okafor & Ayşe Yılmaz")) == 3
    assert flat("Due this month but not planned: 2 providers") in text
    assert flat("Brook <School> Devon 1 01/10/2026 Overdue") in text
    assert flat("Ayşe's Lodge Surrey 1 20/12/2026 Due this month") in text
    assert "LaterHall" not in text


def test_no_child_is_named(db):
    month = build_month(db)
    text = flat("\n".join(pdf_pages(schedule_pdf(db, MONTH, **OPTIONS))))
    assert not any(flat(name) in text for name in month["children"])


def test_the_review_says_who_reviewed_it_and_when(db):
    build_month(db)
    text = "\n".join(pdf_pages(schedule_pdf(db, MONTH, **OPTIONS)))
    assert "The schedule for December 2026 has not been reviewed yet." in text
    planning.mark_schedule_reviewed(db, MONTH, "Helen Marsh",
                                    datetime(2026, 12, 1, 9, 30, tzinfo=UTC))
    review = planning.last_schedule_review(db, MONTH)
    text = "\n".join(pdf_pages(schedule_pdf(db, MONTH, **OPTIONS)))
    assert review_text(review, MONTH) in text
    assert "Reviewed by Helen Marsh on 01/12/2026" in text   # tests run in UK or UTC time
    assert "has not been reviewed yet" not in text


def test_every_page_has_the_council_the_marking_and_its_number(db):
    build_month(db, planned_count=60)
    pages = pdf_pages(schedule_pdf(db, MONTH, **OPTIONS))
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert "Westbridge Council" in page
        assert page.count("OFFICIAL-SENSITIVE") == 2
        assert "Monthly planning schedule — December 2026" in page
        assert "As of 25/11/2026" in page
        assert f"Page {number} of {len(pages)}" in page
    assert flat("Planned visits in December 2026: 60") in flat(pages[0])


def test_an_empty_month_says_so(db):
    text = "\n".join(pdf_pages(schedule_pdf(db, "2030-01", **OPTIONS)))
    assert "No visits are planned in the month." in text
    assert "Every placement due by the month's end has a visit planned." in text


def test_a_month_not_written_yyyy_mm_is_refused(db):
    with pytest.raises(PlanningError, match="is not a month"):
        schedule_pdf(db, "2026-13", **OPTIONS)
