"""Helpers for import tests: files written the ways users' files arrive, register content."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from placement_qa.store import register
from placement_qa.store.inspections import add_inspection

TEMPLATE_HEADER = [
    "Case ref", "Given name", "Family name", "Date of birth", "Primary need",
    "EHCP last review", "EHCP next review due", "Provider URN", "Provider name",
    "Start date", "End date", "Arrangement", "Status", "Annual cost",
    "Visit interval months", "Interim support", "Guardrail reason", "Guardrail approver",
]
BROOKSIDE, HILLCREST, NEWBUILD = "123456", "654321", "777777"
TABLES = ("providers", "inspections", "children", "placements", "change_log")


def add_rated_provider(db, name: str, urn: str, grade: str | None) -> int:
    provider = register.add_provider(db, name=name, urn=urn, provider_type="independent_special",
                                     host_authority="Kent")
    if grade is not None:
        add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                       inspected_on=date(2025, 6, 1), framework="Ofsted EIF 2019 (graded)",
                       outcome={"overall": grade})
    return provider


def register_content(db) -> dict[str, list[tuple]]:
    """Every row of every table an import touches: equal content means an unchanged register."""
    return {t: db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}


def row(**cells: str) -> dict[str, str]:
    """A template row; cells by snake-case column name, e.g. row(case_ref="CS-1")."""
    values = {h: "" for h in TEMPLATE_HEADER}
    for key, value in cells.items():
        header = next(h for h in TEMPLATE_HEADER if h.lower().replace(" ", "_") == key)
        values[header] = value
    return values


def child_row(given: str, family: str, /, **cells: str) -> dict[str, str]:
    """A good row for the child CS-1001 with this name: a day placement at Brookside from
    01/09/2024; ``cells`` as in :func:`row` change it (the name too)."""
    values = dict(case_ref="CS-1001", given_name=given, family_name=family,
                  provider_urn=BROOKSIDE, start_date="01/09/2024", arrangement="Day")
    return row(**{**values, **cells})


def csv_text(rows: list[dict[str, str]], header: list[str] = TEMPLATE_HEADER) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_csv(path: Path, rows, *, encoding: str = "utf-8-sig", header=TEMPLATE_HEADER) -> Path:
    path.write_bytes(csv_text(rows, header).encode(encoding))
    return path


GOOD_ROWS = [
    row(case_ref="CS-10023", given_name="Zoë", family_name="Łukasiewicz",
        date_of_birth="14/03/2011", primary_need="ASD", ehcp_last_review="12/05/2026",
        provider_urn=BROOKSIDE, provider_name="Brookside School", start_date="01/09/2024",
        arrangement="Day", annual_cost="£58,500.00"),
    row(case_ref="CS-10024", given_name="Ayşe", family_name="Yılmaz", date_of_birth="2009-07-30",
        start_date="2025-05-01", arrangement="Elective home education", visit_interval_months="6"),
    row(case_ref="CS-10031", given_name="Șerban", family_name="Popescu", start_date="15/10/2026",
        arrangement="day", status="Awaiting provision", interim_support="Outreach SALT"),
    row(case_ref="CS-10023", given_name="Zoë", family_name="Łukasiewicz",
        provider_urn=HILLCREST, start_date="01/09/2022", end_date="20/07/2024",
        arrangement="Residential (52-week)"),
    row(case_ref="CS-10040", given_name="Mårten", family_name="O'Brien-Nguyễn",
        provider_urn=HILLCREST, start_date="05/01/2026", arrangement="residential_weekly",
        guardrail_reason="Tribunal order", guardrail_approver="Jo Manager"),
]
