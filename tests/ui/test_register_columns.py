"""What each cell of the register, the status bar and the title say."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from placement_qa.domain.schedule import Kpis, Status
from placement_qa.domain.wording import provider_explanation, status_explanation
from placement_qa.store.schedule import schedule_as_of
from placement_qa.ui.register_columns import (
    COL_HOST_AUTHORITY,
    COL_NEXT_DUE,
    COL_PROVIDER,
    COL_STATUS,
    COL_TYPE,
    cell_text,
)
from placement_qa.ui.register_summary import (
    counts_text,
    demo_notice,
    kpi_explanation,
    kpi_text,
    window_title,
)


@pytest.fixture
def lines(sample_db, as_of):
    return {line.placement.child_name: line for line in schedule_as_of(sample_db, as_of)}


@pytest.mark.parametrize(
    ("child", "column", "text"),
    [
        ("Ben Carter", COL_PROVIDER, "Elective home education"),
        ("Chloe Davies", COL_PROVIDER, "Awaiting provision"),
        ("Zoë Brennan", COL_TYPE, "Independent specialist post-16 institution"),
        ("Zoë Brennan", COL_HOST_AUTHORITY, "Eastmoor"),
        ("Zoë Brennan", COL_NEXT_DUE, "03/12/2026"),
        ("Zoë Brennan", COL_STATUS, "Due soon · planned 01/12/2026"),
        ("Harry Irwin", COL_STATUS, "Due soon · planned 10/12/2026, after the due date"),
        ("Amara Okafor", COL_STATUS, "Overdue"),
        ("Ella Fraser", COL_STATUS, "Ended"),
        ("Ella Fraser", COL_NEXT_DUE, ""),
    ],
)
def test_cell_text(lines, child, column, text):
    assert cell_text(lines[child], column) == text


@pytest.mark.parametrize(
    ("child", "explanation"),
    [
        ("Amara Okafor", "Next visit was due 01/10/2026; last visit 01/10/2025"),
        ("Ben Carter",
         "Next visit was due 01/05/2026; never visited (placement started 01/05/2025)"),
        ("Zoë Brennan",
         "Next visit is due 03/12/2026; last visit 03/12/2025. Visit planned for 01/12/2026"),
        ("Harry Irwin",
         "Next visit is due 30/11/2026; last visit 30/11/2025. Visit planned for 10/12/2026, "
         "after the date it is due (30/11/2026)"),
        ("Ella Fraser", "Placement ended 20/07/2026; never visited (placement started 01/09/2021)"),
        ("Finn Green", "Placement starts 05/01/2027: no visit is due before then"),
    ],
)
def test_status_explanation(lines, child, explanation):
    assert status_explanation(lines[child]) == explanation


def test_provider_explanation_names_type_and_arrangement(lines):
    assert provider_explanation(lines["Łukasz Nowak"]) == (
        "Hillcrest House — Non-maintained special school — Residential (52-week)"
    )
    assert provider_explanation(lines["Ben Carter"]) == "Elective home education"


def test_counts_text():
    counts = {Status.OVERDUE: 56, Status.DUE_SOON: 34, Status.IN_SCHEDULE: 1144}
    assert counts_text(counts, 1234) == (
        "1,234 placements · 56 overdue · 34 due soon · showing 1,234"
    )
    assert counts_text({Status.IN_SCHEDULE: 1}, 0) == (
        "1 placement · 0 overdue · 0 due soon · showing 0"
    )


def test_kpi_text_and_explanation():
    kpis = Kpis(as_of=date(2026, 11, 22), monitored_placements=8, monitored_not_overdue=7,
                monitored_providers=25, providers_visited_12_months=23)
    assert kpi_text(kpis) == "In schedule 87.5% · Providers visited in 12 months 92.0%"
    assert "7 of 8 live monitored placements not overdue on 22/11/2026" in kpi_explanation(kpis)
    empty = Kpis(date(2026, 11, 22), 0, 0, 0, 0)
    assert kpi_text(empty) == "In schedule – · Providers visited in 12 months –"


def test_window_title_and_demo_notice():
    path = Path("/data/placements.db")
    assert window_title(path, False) == "Placement QA — placements.db"
    assert window_title(path, True) == "Placement QA — placements.db (demo register)"
    assert str(path) in demo_notice(path)
