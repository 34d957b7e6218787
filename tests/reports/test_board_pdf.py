"""The board report PDF, read back with pypdf: the dashboard's figures, no child named."""

from __future__ import annotations

import io
import re
import sqlite3
from datetime import date

from pypdf import PdfReader

from placement_qa.demo import write_demo_register
from placement_qa.domain.action_chase import ESCALATED, ChaseRecord
from placement_qa.domain.actions import NewAction
from placement_qa.domain.dashboard import TILE_KEYS, dashboard_figures, month_ends
from placement_qa.domain.guardrail import GuardrailException
from placement_qa.domain.note_copy import replace_names
from placement_qa.domain.register import AWAITING_PROVISION
from placement_qa.reports.board import board_report_pdf, child_name_remover
from placement_qa.store import register
from placement_qa.store.action_chases import record_chase
from placement_qa.store.actions import raise_action, set_action_status
from placement_qa.store.connection import open_register
from placement_qa.store.dashboard import dashboard_inputs
from placement_qa.store.inspections import add_inspection
from placement_qa.store.records import list_children
from placement_qa.store.visits import add_visit

AS_OF = date(2026, 3, 15)
REASON = "Tribunal order: Ayşe Yılmaz must stay near the YILMAZ family home & <school>"
FUTURE_REASON = "Named in the EHCP for Łucja Wróbel"
ACTION = "Share Zoë's timetable with Șerban Popescu's family"


def _provider(db, name, provider_type, host, framework, outcome, inspected_on):
    provider = register.add_provider(db, name=name, provider_type=provider_type,
                                     host_authority=host)
    add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=inspected_on, framework=framework, outcome=outcome)
    return provider


def _child(db, name, **fields):
    given, family = name.split(" ", 1)
    return register.add_child(db, given_name=given, family_name=family, **fields)


def build_register(db) -> None:
    """Three providers (one inadequate), live, ended, future and awaiting placements,
    a completed visit, a guardrail exception and follow-up actions naming children."""
    good = _provider(db, "Oakfield House School", "independent_special", "Kent",
                     "Ofsted EIF 2019 (graded)", {"overall": "Good"}, date(2019, 5, 1))
    poor = _provider(db, "Hillcrest House", "non_maintained_special", "Surrey",
                     "Ofsted EIF 2019 (graded)", {"overall": "Inadequate"}, date(2025, 6, 1))
    best = _provider(db, "Brookside Academy", "academy_special", "Medway",
                     "Ofsted common inspection framework 2015 (graded)",
                     {"overall": "Outstanding"}, date(2022, 3, 1))
    zoe = _child(db, "Zoë Łukasiewicz", ehcp_last_review=date(2024, 12, 1))
    at_good = [register.add_placement(db, child_id=child, provider_id=good,
                                      start_date=date(2024, 9, 1), arrangement="day")
               for child in (zoe, _child(db, "Șerban Popescu"))]
    add_visit(db, provider_id=good, visit_date=date(2025, 11, 10), placement_ids=at_good,
              status="completed")
    register.add_placement(db, child_id=_child(db, "Ayşe Yılmaz"), provider_id=poor,
                           start_date=date(2026, 1, 5), arrangement="day",
                           guardrail=GuardrailException(REASON, "Jo Manager"))
    register.add_placement(db, child_id=_child(db, "Łucja Wróbel"), provider_id=poor,
                           start_date=date(2026, 6, 1), arrangement="day",
                           guardrail=GuardrailException(FUTURE_REASON, "Jo Manager"))
    register.add_placement(db, child_id=_child(db, "Jean-Luc Ndiaye"), provider_id=best,
                           start_date=date(2023, 9, 1), arrangement="day")
    register.add_placement(db, child_id=_child(db, "Siobhán Ó Súilleabháin"), provider_id=best,
                           start_date=date(2020, 9, 1), end_date=date(2023, 7, 20),
                           arrangement="day")
    register.add_placement(db, child_id=_child(db, "Dawit Tesfaye"), provider_id=None,
                           start_date=date(2026, 2, 1), arrangement="day",
                           state=AWAITING_PROVISION)
    raise_action(db, NewAction(good, ACTION, "provider", "SENCo", date(2026, 2, 1), "high"))
    raise_action(db, NewAction(good, "Plan the spring review", "council", "", date(2026, 4, 1),
                               "low"))
    done = raise_action(db, NewAction(good, "Done already", "council", "", date(2026, 1, 1),
                                      "low"))
    set_action_status(db, done, "done", "Done", date(2026, 1, 2))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def after(lines: list[str], label: str, count: int) -> list[str]:
    """The ``count`` lines after ``label`` (a table row read back cell by cell)."""
    index = lines.index(label)
    return lines[index + 1:index + 1 + count]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def make(db, as_of=AS_OF) -> str:
    return pdf_text(board_report_pdf(db, as_of=as_of, council_name="Westbridge Council",
                                     marking="OFFICIAL-SENSITIVE"))


def test_the_key_figures_are_the_dashboards(db):
    build_register(db)
    lines = lines_of(make(db))
    start = month_ends(AS_OF)[0].replace(day=1)
    figures = dashboard_figures(dashboard_inputs(db, AS_OF, start), AS_OF)
    for key in TILE_KEYS:
        tile = figures.tile(key)
        assert after(lines, tile.label, 1) == [tile.value], key
        if tile.detail:
            assert after(lines, tile.label, 2)[1] == tile.detail, key
    # the figures this register was built to give
    expected = {"Placements in schedule": "75.0%", "Overdue visits": "1", "Never visited": "2",
                "Children awaiting provision": "1", "Overdue EHCP annual reviews": "1",
                "Follow-up actions past due": "1"}
    for label, value in expected.items():
        assert after(lines, label, 1) == [value], label
    assert "Providers visited in the last 12 months" in lines


def test_the_trend_has_every_month_end(db):
    build_register(db)
    text = make(db)
    lines = lines_of(text)
    start = month_ends(AS_OF)[0].replace(day=1)
    history = dashboard_figures(dashboard_inputs(db, AS_OF, start), AS_OF).history
    assert len(history) == 12
    for month in history:
        percent = month.in_schedule_percent
        assert after(lines, f"{month.month_end:%B %Y}", 2) == [
            "–" if percent is None else f"{percent:.1f}%", f"{month.completed_visits}"]
        # the chart's axes are labelled with the months, "Nov 25"
        assert lines.count(f"{month.month_end:%b %y}") == 2, month.month_end
    assert after(lines, "November 2025", 2)[1] == "1"   # the completed visit


def test_counts_by_provider_type_and_inspection_outcome(db):
    build_register(db)
    lines = lines_of(make(db))
    assert after(lines, "Independent special school", 2) == ["2", "1"]
    assert after(lines, "Non-maintained special school", 2) == ["1", "1"]
    assert after(lines, "Special academy / free school", 2) == ["1", "1"]
    assert after(lines, "All live placements", 2) == ["4", "3"]
    assert after(lines, "Inadequate", 3) == ["Yes", "1", "1"]
    assert after(lines, "Good", 3) == ["No", "1", "2"]
    assert after(lines, "Outstanding", 3) == ["No", "1", "1"]
    assert flat("Below good on any inspection strand, or not inspected yet: 1 provider with "
                "1 live placement.") in flat("\n".join(lines))


def test_exceptions_and_overdue_actions_are_listed_without_names(db):
    build_register(db)
    text = make(db)
    lines = lines_of(text)
    assert after(lines, "Placements at below-good providers by", 3)[1:] == ["1", "listed below"]
    assert flat("Tribunal order: a child must stay near the a child family home & <school>") \
        in flat(text)
    assert "Jo Manager" in text and "05/01/2026" in text
    assert flat(FUTURE_REASON.split(" for ")[0]) not in flat(text)   # starts after the date
    assert flat("Share a child's timetable with a child's family") in flat(text)
    assert flat("Provider: SENCo") in flat(text)
    assert after(lines, "01/02/2026", 1) == ["42"]                    # days overdue
    assert "Plan the spring review" not in text and "Done already" not in text


def test_no_child_in_the_register_is_named(db):
    build_register(db)
    text = make(db)
    children = list_children(db)
    assert len(children) == 7
    for child in children:
        for name in (child.given_name, child.family_name):
            assert name.casefold() not in text.casefold(), name


def test_every_page_has_the_marks(db):
    build_register(db)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(board_report_pdf(
        db, as_of=AS_OF, council_name="Ayşe's Council", marking="OFFICIAL-SENSITIVE"))).pages]
    for number, page in enumerate(pages, start=1):
        for mark in ("Ayşe's Council", "OFFICIAL-SENSITIVE", "Report to the SEND boards",
                     "As of 15/03/2026", "Figures from the register as of 15/03/2026",
                     f"Page {number} of {len(pages)}"):
            assert mark in page, (number, mark)


def test_an_empty_register_still_reports(db):
    text = make(db)
    for words in ("No placement has been made at a below-good provider.",
                  "No follow-up action is past its due date.",
                  "No live placements at a provider."):
        assert flat(words) in flat(text)


def test_the_name_remover_takes_whole_names_and_words_in_any_case(db):
    build_register(db)
    remove = child_name_remover(list_children(db))
    assert remove("ZOË met Łukasiewicz and Jean-Luc") == "a child met a child and a child"
    assert remove("Zoëlle and Ndiayes stay") == "Zoëlle and Ndiayes stay"
    assert remove("") == ""


def test_the_demo_register_names_no_child(tmp_path):
    path = tmp_path / "demo.db"
    write_demo_register(path, "small")
    with sqlite3.connect(path) as raw:
        names = raw.execute("SELECT given_name, family_name FROM children").fetchall()
    db = open_register(path)
    try:
        text = make(db, date(2026, 3, 15))
    finally:
        db.close()
    assert "Report to the SEND boards" in text and "Overdue follow-up actions" in text
    words = {w for given, family in names for w in f"{given} {family}".split()}
    found = sorted(w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text))
    assert found == []


def test_a_name_matched_in_another_case_is_replaced_not_an_error():
    # "YILMAZ" matches "Yılmaz" ignoring case but lowers to "yilmaz"
    remove = replace_names({"Yılmaz": "A. Y.", "Zoë": "Z."})
    assert remove("YILMAZ, yılmaz and ZOË") == "A. Y., A. Y. and Z."


def test_actions_by_ageing_band_and_provider(db):
    """Each band's boundaries (0, 30, 31, 60, 61, 90, 91 days past due on 15/03/2026),
    a done action in no band, and an escalation recorded."""
    oakfield = _provider(db, "Oakfield House School", "independent_special", "Kent",
                         "Ofsted EIF 2019 (graded)", {"overall": "Good"}, date(2019, 5, 1))
    brookside = _provider(db, "Brookside Academy", "academy_special", "Medway",
                          "Ofsted EIF 2019 (graded)", {"overall": "Good"}, date(2019, 5, 1))

    def action(provider, due):
        return raise_action(db, NewAction(provider, f"Due {due}", "provider", "Head", due,
                                          "medium", raised_on=date(2025, 11, 1)))

    for due in (date(2026, 3, 16), date(2026, 3, 15), date(2026, 2, 13), date(2026, 2, 12),
                date(2026, 1, 14), date(2026, 1, 13), date(2025, 12, 15), date(2025, 12, 14)):
        action(oakfield, due)
    late = action(brookside, date(2025, 11, 3))
    record_chase(db, ChaseRecord(late, ESCALATED, date(2026, 1, 5), "Jo Okafor",
                                 "Told the contract manager"), AS_OF)
    set_action_status(db, action(brookside, date(2026, 1, 2)), "done", "Sent", AS_OF)
    lines = lines_of(make(db))
    section = lines[lines.index("Follow-up actions by ageing band"):]
    header = "".join(section[1:section.index("Brookside Academy")])   # headers wrap
    assert flat(header) == flat("Provider Not yet due 0–30 days 31–60 days 61–90 days "
                                "Over 90 days Total")
    assert after(section, "Brookside Academy", 6) == ["0", "0", "0", "0", "1", "1"]
    assert after(section, "Oakfield House School", 6) == ["1", "2", "2", "2", "1", "8"]
    assert after(section, "All providers", 6) == ["1", "2", "2", "2", "2", "9"]
    # 20 working days past due or more: the 30-day one and every older one but the escalated
    assert flat("Escalated to the contract manager: 1. Due to be escalated, not yet "
                "recorded: 6.") in flat("\n".join(section))


def test_no_open_action_has_no_ageing_table(db):
    assert flat("Follow-up actions by ageing bandNo follow-up action is open.") in flat(make(db))
