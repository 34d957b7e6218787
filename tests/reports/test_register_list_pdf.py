"""The register list PDF ("where every child is placed"), read back with pypdf."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from placement_qa.domain.register_columns import ehcp_text
from placement_qa.reports.register_list import register_list_pdf
from placement_qa.store import register
from placement_qa.store.inspections import add_inspection
from placement_qa.store.visits import add_visit

AS_OF = date(2026, 11, 25)
OPTIONS = {"as_of": AS_OF, "council_name": "Westbridge Council",
           "marking": "OFFICIAL-SENSITIVE"}


def _provider(db, name: str, authority: str) -> int:
    provider = register.add_provider(db, name=name, provider_type="independent_special",
                                     host_authority=authority)
    add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    return provider


def _place(db, given: str, family: str, provider: int, start: date, **child) -> int:
    child_id = register.add_child(db, given_name=given, family_name=family, **child)
    return register.add_placement(db, child_id=child_id, provider_id=provider,
                                  start_date=start, arrangement="day")


def build_register(db) -> dict[str, str]:
    """Live placements {child: provider}; one ended placement; one EHCP review overdue."""
    oak = _provider(db, "Oakfield House & <Annexe>", "Kent")
    brook = _provider(db, "Brook Şchool", "Devon")
    live = {"Zoë Łukasiewicz": oak, "Ben Smith & <Jones>": brook, "Ayşe Yılmaz": oak,
            "Șerban Popescu": brook}
    placements = {}
    for name, provider in live.items():
        given, family = name.split(" ", 1)
        review = date(2025, 6, 1) if given == "Ayşe" else date(2026, 9, 1)
        placements[name] = _place(db, given, family, provider, date(2025, 9, 1),
                                  ehcp_last_review=review)
    ended = _place(db, "Gone", "Away", oak, date(2024, 1, 8))
    register.end_placement(db, ended, date(2025, 7, 18))
    add_visit(db, provider_id=oak, visit_date=date(2026, 3, 4), status="completed",
              placement_ids=[placements["Zoë Łukasiewicz"], placements["Ayşe Yılmaz"]])
    return {name: {oak: "Oakfield House & <Annexe>", brook: "Brook Şchool"}[provider]
            for name, provider in live.items()}


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_live_placement_is_listed_with_its_provider_sorted_by_child(db):
    live = build_register(db)
    text = flat("\n".join(pdf_pages(register_list_pdf(db, **OPTIONS))))
    for child, provider in live.items():
        assert flat(f"{child} {provider}") in text
    in_order = ["Ayşe Yılmaz", "Ben Smith & <Jones>", "Șerban Popescu", "Zoë Łukasiewicz"]
    positions = [text.index(flat(child)) for child in in_order]
    assert positions == sorted(positions)
    assert "GoneAway" not in text
    assert flat("4 live placements, sorted by child") in text


def test_the_row_has_the_dates_and_the_status(db):
    build_register(db)
    text = flat("\n".join(pdf_pages(register_list_pdf(db, **OPTIONS))))
    # Zoë: start, EHCP review due 12 months after 01/09/2026, last visit, next due, status
    assert flat("Zoë Łukasiewicz Oakfield House & <Annexe> Independent special school Kent "
                "01/09/2025 01/09/2027 04/03/2026 04/03/2027 In schedule") in text
    assert flat("Never 01/09/2026 Overdue") in text   # Ben: never visited, due a year on


def test_an_overdue_ehcp_review_is_flagged(db):
    build_register(db)
    text = flat("\n".join(pdf_pages(register_list_pdf(db, **OPTIONS))))
    assert flat("Ayşe Yılmaz Oakfield House & <Annexe> Independent special school Kent "
                "01/09/2025 01/06/2026 ⚠ overdue") in text
    assert text.count("⚠overdue") == 2   # her row, and the key under the title


@pytest.mark.parametrize(("due", "overdue", "text"), [
    (date(2026, 6, 1), True, "01/06/2026 ⚠ overdue"),
    (date(2027, 6, 1), False, "01/06/2027"),
    (None, False, "No review recorded"),
])
def test_ehcp_review_words(due, overdue, text):
    assert ehcp_text(due, overdue) == text


def test_every_page_has_the_council_the_marking_and_its_number(db):
    oak = _provider(db, "Oakfield House", "Kent")
    for n in range(120):
        _place(db, f"Child{n:03d}", "Test", oak, date(2025, 9, 1))
    pages = pdf_pages(register_list_pdf(db, **OPTIONS))
    assert len(pages) > 1
    text = flat("\n".join(pages))
    assert all(f"Child{n:03d}Test" in text for n in range(120))
    for number, page in enumerate(pages, start=1):
        assert "Westbridge Council" in page and page.count("OFFICIAL-SENSITIVE") == 2
        assert "Register list — where every child is placed" in page
        assert f"Page {number} of {len(pages)}" in page
        assert flat("Child Provider Type Host authority Start") in flat(page)


def test_an_empty_register_prints_a_page(db):
    text = "\n".join(pdf_pages(register_list_pdf(db, **OPTIONS)))
    assert "0 live placements" in text


def test_text_wider_than_its_column_wraps_and_is_not_cut_off(db):
    word = "Supercalifragilistic-Extraordinarily-Long-Named-Academy-Of-Learning"
    long = _provider(db, word, "Bournemouth, Christchurch and Poole")
    _place(db, "Ella", "Long", long, date(2025, 9, 1))
    text = flat("\n".join(pdf_pages(register_list_pdf(db, **OPTIONS))))
    assert flat(f"Ella Long {word}") in text
    assert "Bournemouth,ChristchurchandPoole" in text
