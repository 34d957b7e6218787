"""A name of any length never runs over the marks at the top and foot of the page: it is
cut short there with "…" (the page's body prints it whole), and no two marks overlap."""

from __future__ import annotations

import itertools
import re
import subprocess
from datetime import date
from html import unescape

import pytest
from recorded_visits import provider_with_children, record_and_sign

from placement_qa.reports.visit_note import visit_note_pdf
from placement_qa.store import planning

LONG_PROVIDER = ("The Northern Counties Independent Special School and Residential Centre for "
                 "Children and Young People with Complex Needs (Upper Site) " * 3).strip()
LONG_COUNCIL = "The Royal Borough of " + "Westbridge-upon-the-Wold and " * 6 + "District"
PAGE_WIDTH, MARGIN = 595.28, 51.02   # A4 and the 18 mm margin, in points
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">'
                  r"(.*?)</word>")


def marks_lines(tmp_path, data: bytes) -> dict[float, list[tuple[float, float, str]]]:
    """Page 1's marks (the lines above the body and below it): their words, each as
    (left, right, text), by the line's height on the page."""
    path = tmp_path / "note.pdf"
    path.write_bytes(data)
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    lines: dict[float, list[tuple[float, float, str]]] = {}
    for left, top, right, text in WORD.findall(html):
        if float(top) < 50 or float(top) > 790:
            lines.setdefault(round(float(top)), []).append((float(left), float(right),
                                                            unescape(text)))
    return lines


@pytest.mark.parametrize(("provider", "council"), [(LONG_PROVIDER, "Westbridge Council"),
                                                   ("Oakfield House School", LONG_COUNCIL)])
def test_a_long_name_is_cut_short_in_the_marks_and_overprints_nothing(db, tmp_path, provider,
                                                                     council):
    _, placements = provider_with_children(db, provider, [("Zoë", "Łukasiewicz")])
    visit = planning.plan_visit(db, provider_id=1, visit_date=date(2026, 11, 5),
                                visit_type="annual_monitoring", visitors="J. Okafor",
                                placement_ids=list(placements.values()))
    record_and_sign(db, visit)
    data = visit_note_pdf(db, visit, council_name=council, marking="OFFICIAL-SENSITIVE")
    lines = marks_lines(tmp_path, data)
    assert len(lines) == 4     # council and marking, subject and copy; two at the foot
    for words in lines.values():
        words.sort()
        for (_, right, _), (left, _, _) in itertools.pairwise(words):
            assert left >= right, words            # no word drawn over another
        assert words[0][0] >= MARGIN - 1 and words[-1][1] <= PAGE_WIDTH - MARGIN + 1, words
    text = {top: " ".join(w for _, _, w in words) for top, words in lines.items()}
    [top, subject] = [text[height] for height in sorted(text)[:2]]
    assert top.endswith("OFFICIAL-SENSITIVE") and subject.endswith("Full note of visit")
    cut = top if council == LONG_COUNCIL else subject
    assert "…" in cut
    body = subprocess.run(["pdftotext", str(tmp_path / "note.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert re.sub(r"\s+", "", provider) in re.sub(r"\s+", "", body)
