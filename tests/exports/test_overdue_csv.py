"""Overdue and due-soon CSV: the register CSV's rows, only the urgent ones, riskiest first,
with the risk level and its reason."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from placement_qa.domain.dates import uk
from placement_qa.domain.risk import by_risk
from placement_qa.exports.overdue_csv import (
    RISK_HEADERS,
    overdue_lines,
    write_overdue_csv,
    write_overdue_file,
)
from placement_qa.exports.register_csv import csv_columns, header, write_register_csv
from placement_qa.store import register
from placement_qa.store.exports import placement_details
from placement_qa.store.inspections import add_inspection
from placement_qa.store.schedule import schedule_as_of
from placement_qa.store.settings import set_setting

HEADER = (*header(csv_columns()), *RISK_HEADERS)  # the register CSV's, and the risk

AS_OF = date(2026, 11, 22)


def _provider(db, name, provider_type="independent_special", host="Kent") -> int:
    provider_id = register.add_provider(db, name=name, provider_type=provider_type,
                                        host_authority=host)
    add_inspection(db, provider_id=provider_id, inspectorate="Ofsted (education)",
                   inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    return provider_id


def _place(db, provider_id, name, start, end=None) -> int:
    given, family = name.split(" ", 1)
    child_id = register.add_child(db, given_name=given, family_name=family,
                                  ehcp_last_review=date(2026, 3, 1))
    return register.add_placement(db, child_id=child_id, provider_id=provider_id,
                                  start_date=start, end_date=end, arrangement="day")


@pytest.fixture
def lines_and_ehcp(new_register, tmp_path):
    db = new_register(tmp_path / "register.db", os_user="a.officer")
    set_setting(db, "home_authority", "Northshire")
    oak = _provider(db, "Oakfield House School")
    aidan = _provider(db, "St Aidan's, Hall")
    local = _provider(db, "Northshire Special", provider_type="maintained_special",
                      host="Northshire")
    _place(db, oak, "Zoë Łukasiewicz", date(2025, 12, 10))          # due 10/12/2026: due soon
    _place(db, aidan, "Aled Ap-Rhys", date(2025, 9, 1))             # due 01/09/2026: overdue
    _place(db, oak, "Siân Jones", date(2025, 11, 1))                # due 01/11/2026: overdue
    _place(db, oak, "Ben Smith", date(2026, 6, 1))                  # in schedule
    _place(db, aidan, "Cara Ended", date(2024, 1, 1), date(2026, 7, 31))  # ended
    _place(db, local, "Dev Local", date(2024, 1, 1))                # not required
    lines, ehcp = schedule_as_of(db, AS_OF), placement_details(db)
    db.close()
    return lines, ehcp


def _ranked(lines):
    """The urgent lines by risk, with no fact weighing but the days overdue."""
    return by_risk(overdue_lines(lines), {}, AS_OF)


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_only_overdue_and_due_soon_rows_longest_overdue_first_at_one_level(lines_and_ehcp):
    lines, ehcp = lines_and_ehcp
    out = io.StringIO()
    assert write_overdue_csv(_ranked(lines), out, ehcp) == 3
    rows = _rows(out.getvalue())
    assert tuple(rows[0]) == HEADER
    assert [(r["Child"], r["Status"], r["Next due"], r["Risk"], r["Risk reason"])
            for r in rows] == [
        ("Aled Ap-Rhys", "Overdue", "01/09/2026", "Low", "82 days overdue"),
        ("Siân Jones", "Overdue", "01/11/2026", "Low", "21 days overdue"),
        ("Zoë Łukasiewicz", "Due soon", "10/12/2026", "Low", ""),
    ]


def test_each_row_is_word_for_word_the_register_exports_row(lines_and_ehcp):
    lines, ehcp = lines_and_ehcp
    register_out, overdue_out = io.StringIO(), io.StringIO()
    write_register_csv(lines, register_out, ehcp)
    write_overdue_csv(_ranked(lines), overdue_out, ehcp)
    by_child = {r["Child"]: r for r in _rows(register_out.getvalue())}
    rows = _rows(overdue_out.getvalue())
    assert rows and all({k: v for k, v in row.items() if k not in RISK_HEADERS}
                        == by_child[row["Child"]] for row in rows)
    assert rows[0]["EHCP next review due"] == uk(date(2027, 3, 1))


def test_the_selection_matches_the_domain_statuses(lines_and_ehcp):
    lines, _ = lines_and_ehcp
    urgent = overdue_lines(lines)
    assert {line.status.value for line in urgent} == {"Overdue", "Due soon"}
    expected = [ln for ln in lines if ln.status.value in ("Overdue", "Due soon")]
    assert sorted(ln.placement.placement_id for ln in urgent) == sorted(
        ln.placement.placement_id for ln in expected)


def test_the_file_has_a_bom_for_excel_and_keeps_accents(lines_and_ehcp, tmp_path):
    lines, ehcp = lines_and_ehcp
    path = tmp_path / "overdue.csv"
    assert write_overdue_file(_ranked(lines), path, ehcp) == 3
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Zoë Łukasiewicz".encode() in raw


def test_nothing_urgent_is_a_header_alone():
    out = io.StringIO()
    assert write_overdue_csv([], out) == 0
    assert out.getvalue().splitlines() == [",".join(HEADER)]
