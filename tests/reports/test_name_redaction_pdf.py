"""The printed copies, read back with pdftotext: a name typed without its accents or in
another case is redacted in the child's copy, the provider's copy and the board report,
and ordinary words ("the young person") print as written (issue 14)."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date

import pytest
from recorded_visits import fill_note, provider_with_children, record_and_sign

from placement_qa.domain.actions import NewAction
from placement_qa.domain.guardrail import GuardrailException
from placement_qa.domain.name_redaction import fold
from placement_qa.domain.note_copy import PROVIDER_COPY, child_copy
from placement_qa.reports.board import board_report_pdf
from placement_qa.reports.visit_note import visit_note_pdf
from placement_qa.store import planning, register
from placement_qa.store.actions import raise_action
from placement_qa.store.inspections import add_inspection

NAMES = (("Zoë", "Łukasiewicz"), ("Tilly", "Young"), ("Ngọc", "Nguyễn"))
VIEWS = "Record the young person's views."
TYPED = ("Zoe Lukasiewicz and ZOE settled; Ngoc Nguyen and NGUYEN were off; Young, Tilly "
         "and Ms Young joined. " + VIEWS)


def pdftotext(tmp_path, data: bytes) -> str:
    path = tmp_path / "copy.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def words(text: str) -> set[str]:
    """Every word of the text, accents and case folded."""
    return set(re.findall(r"[^\W\d_]+", fold(text)))


def _note_pdf(db, tmp_path, copy) -> str:
    provider, placements = provider_with_children(db, "Oakfield House School", NAMES)
    visit = planning.plan_visit(db, provider_id=provider, visit_date=date(2025, 12, 3),
                                visit_type="annual_monitoring", visitors="J. Okafor",
                                placement_ids=list(placements.values()))
    fill_note(db, visit, summary=TYPED, views=lambda child: TYPED,
              evidence=lambda key: TYPED)
    chosen = copy(placements) if callable(copy) else copy
    return pdftotext(tmp_path, visit_note_pdf(db, visit, council_name="Westbridge Council",
                                              marking="OFFICIAL", copy=chosen))


def test_tillys_copy_names_no_other_child_however_typed(db, tmp_path):
    text = _note_pdf(db, tmp_path, lambda placements: child_copy(placements["Tilly Young"]))
    assert not words(text) & {"zoe", "lukasiewicz", "ngoc", "nguyen"}
    assert VIEWS in flat(text)
    assert "Young, Tilly and Ms Young joined" in flat(text)   # her own name stays


def test_zoes_copy_keeps_the_young_person_and_drops_tilly(db, tmp_path):
    text = _note_pdf(db, tmp_path, lambda placements: child_copy(placements["Zoë Łukasiewicz"]))
    assert not words(text) & {"tilly", "ngoc", "nguyen"}
    assert "Young" not in text and "YOUNG" not in text
    assert VIEWS in flat(text)
    assert "another child and another child were off; another child and another child " \
           "joined" in flat(text)


def test_the_provider_copy_prints_initials_however_the_name_was_typed(db, tmp_path):
    text = _note_pdf(db, tmp_path, PROVIDER_COPY)
    assert not words(text) & {"zoe", "lukasiewicz", "ngoc", "nguyen", "tilly"}
    assert "Z. Ł. and Z. settled; N. N. and N. were off; T. Y. and Ms Y. joined. " + VIEWS \
        in flat(text)


def test_the_board_report_names_no_child_however_typed(db, tmp_path):
    poor = register.add_provider(db, name="Hillcrest House", provider_type="independent_special",
                                 host_authority="Surrey")
    add_inspection(db, provider_id=poor, inspectorate="Ofsted (education)",
                   inspected_on=date(2025, 6, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Inadequate"})
    children = [register.add_child(db, given_name=g, family_name=f) for g, f in NAMES]
    register.add_placement(db, child_id=children[1], provider_id=poor,
                           start_date=date(2026, 1, 5), arrangement="day",
                           guardrail=GuardrailException(TYPED, "Jo Manager"))
    raise_action(db, NewAction(poor, "Share Ngoc Nguyen's and ZOE's timetables with the "
                               "young person", "provider", "SENCo", date(2026, 2, 1), "high"))
    text = pdftotext(tmp_path, board_report_pdf(db, as_of=date(2026, 3, 15),
                                                council_name="Westbridge Council",
                                                marking="OFFICIAL"))
    assert not words(text) & {"zoe", "lukasiewicz", "ngoc", "nguyen", "tilly"}
    assert "Young" not in text and "YOUNG" not in text
    assert VIEWS in flat(text)
    assert "Share a child's and a child's timetables with the young person" in flat(text)


# --- children whose names hold words without letters ------------------------------------

ODD_NAMES = (("-2+3", "Tester"), ("Anne", "Smith - Jones"))
ODD_TEXT = "Tester and Anne Smith - Jones settled; Smith-Jones and -2+3 Tester joined. " + VIEWS


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "placement_qa", *args], capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def odd_register(db, tmp_path):
    """A register whose two children are called "-2+3 Tester" and "Anne Smith - Jones",
    with a signed note naming both in its free text: (path, visit id, child ids by name)."""
    provider, placements = provider_with_children(db, "Oakfield House School", ODD_NAMES)
    visit = planning.plan_visit(db, provider_id=provider, visit_date=date(2025, 12, 3),
                                visit_type="annual_monitoring", visitors="J. Okafor",
                                placement_ids=list(placements.values()))
    record_and_sign(db, visit, summary=ODD_TEXT, views=lambda child: ODD_TEXT,
                    evidence=lambda key: ODD_TEXT)
    raise_action(db, NewAction(provider, "Share Tester's timetable with Anne Smith - Jones",
                               "provider", "SENCo", date(2026, 2, 1), "high"))
    children = dict(db.execute("SELECT given_name || ' ' || family_name, id FROM children"))
    db.close()
    return tmp_path / "register.db", visit, children


def _printed(tmp_path, *args: str) -> str:
    out = tmp_path / "out.pdf"
    result = run_cli(*args, "-o", str(out))
    assert result.returncode == 0, result.stderr
    return flat(pdftotext(tmp_path, out.read_bytes()))


def test_every_copy_prints_for_children_whose_names_hold_digits_or_dashes(odd_register,
                                                                          tmp_path):
    path, visit, children = odd_register
    board = _printed(tmp_path, "report", "board", "--db", str(path), "--as-of", "15/03/2026")
    assert not words(board) & {"tester", "anne", "smith", "jones"}
    assert "Share a child's timetable with a child" in board
    provider = _printed(tmp_path, "report", "visit", str(visit), "--provider-copy",
                        "--db", str(path))
    assert not words(provider) & {"tester", "anne", "smith", "jones"}
    assert "T. and A. S. J. settled; S. J. and -2+3 T. joined. " + VIEWS in provider
    anne = _printed(tmp_path, "report", "visit", str(visit), "--db", str(path),
                    "--child", str(children["Anne Smith - Jones"]))
    assert "tester" not in words(anne)
    assert ("another child and Anne Smith - Jones settled; Smith-Jones and -2+3 another "
            "child joined. " + VIEWS) in anne
