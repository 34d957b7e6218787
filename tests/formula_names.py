"""Children named like spreadsheet formulas, imported the way a user would: a CSV file
through the placements import. For the tests that check no export hands Excel a formula
and the names still show and print exactly.

Importable from any test folder (``tests/`` is on the path once its conftest loads).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from placement_qa.store import register
from placement_qa.store.inspections import add_inspection
from placement_qa.store.placement_import import import_placements

FORMULA_GIVEN_NAMES = ('=HYPERLINK("http://x","y")', "+cmd", "-2+3", "@SUM(A1)")
FAMILY_NAME = "Tester"
FORMULA_CHILDREN = tuple(f"{given} {FAMILY_NAME}" for given in FORMULA_GIVEN_NAMES)
PROVIDER_URN = "135790"
HEADER = ["Case ref", "Given name", "Family name", "Provider URN", "Start date", "Arrangement"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def add_good_provider(db, name: str = "Oakfield School", urn: str = PROVIDER_URN) -> int:
    """An independent special school in Kent, rated Good in 2019."""
    provider = register.add_provider(db, name=name, urn=urn, provider_type="independent_special",
                                     host_authority="Kent")
    add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    return provider


def formula_children_csv(path: Path, urn: str = PROVIDER_URN) -> Path:
    """The placements CSV a user would write: one day placement per formula-like name."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for number, given in enumerate(FORMULA_GIVEN_NAMES, start=1):
            writer.writerow([f"CS-{9000 + number}", given, FAMILY_NAME, urn, "01/09/2025",
                             "Day"])
    return path


def import_formula_children(db, folder: Path) -> None:
    """A provider rated Good and the four children placed there, through the CSV import."""
    add_good_provider(db)
    result = import_placements(db, formula_children_csv(folder / "formula-children.csv"))
    assert result.ok and result.added == len(FORMULA_GIVEN_NAMES), result.problems


def starts_like_a_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)
