"""``placement-qa return form`` and ``return import`` as a user runs them (in the test's
process): real files, the register's lock respected."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from command_line import run_cli
from register_contents import table_contents

from placement_qa.store.connection import open_register
from placement_qa.store.inspections import add_inspection
from placement_qa.store.register import add_child, add_placement, add_provider
from placement_qa.store.visits import add_visit


@pytest.fixture
def register(new_register, tmp_path):
    """A register with one planned visit to Oakfield School for Zoë Łukasiewicz."""
    path = tmp_path / "register.db"
    db = new_register(path)
    provider = add_provider(db, name="Oakfield School", provider_type="independent_special",
                            host_authority="Kent")
    add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2025, 6, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    child = add_child(db, given_name="Zoë", family_name="Łukasiewicz")
    placement = add_placement(db, child_id=child, provider_id=provider,
                              start_date=date(2025, 9, 1), arrangement="day")
    visit = add_visit(db, provider_id=provider, visit_date=date(2026, 12, 4),
                      placement_ids=[placement])
    db.close()
    return path, visit


def _fill(path) -> None:
    book = openpyxl.load_workbook(path)
    rows = [[v for v in r if v is not None] for r in book["_form"].iter_rows(values_only=True)]
    cell = {r[1]: r[2] for r in rows if r[0] == "question"}
    completed = {r[0]: r[1] for r in rows if r[0].endswith("_cell")}
    sheet = book["Return"]
    sheet[cell["head"]] = "Ms R. Patel"
    sheet[cell["vacancies"]] = 4
    sheet[completed["completed_by_cell"]] = "Ms R. Patel"
    sheet[completed["completed_on_cell"]] = "20/11/2026"
    book.save(path)


def test_form_then_import(register, tmp_path):
    path, visit = register
    form = tmp_path / "form.xlsx"
    made = run_cli("return", "form", "--db", str(path), "--visit", str(visit), "-o", str(form),
                   "--as-of", "22/11/2026")
    assert made.returncode == 0, made.stderr
    assert made.stderr.strip() == (f"Pre-visit form for Oakfield School (visit on 04/12/2026, "
                                   f"1 child named by initials) written to {form}")
    _fill(form)
    imported = run_cli("return", "import", str(form), "--db", str(path),
                       "--as-of", "22/11/2026", "--by", "a.officer")
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("2 answers from Oakfield School recorded as "
                                      "provider-reported for the visit on 04/12/2026")
    db = open_register(path)
    try:
        answered = db.execute("SELECT item_key, placement_id, reported_value, reported_on "
                              "FROM provider_reported_items WHERE reported_value <> ''"
                              ).fetchall()
    finally:
        db.close()
    assert sorted(answered) == [("head", None, "Ms R. Patel", "2026-11-20"),
                                ("vacancies", None, "4", "2026-11-20")]
    before = table_contents(path)
    again = run_cli("return", "import", str(form), "--db", str(path), "--as-of", "22/11/2026")
    assert again.returncode == 1
    assert "already imported" in again.stderr and "Traceback" not in again.stderr
    assert str(form) in again.stderr.splitlines()[0]
    assert table_contents(path) == before


def test_a_bad_answer_is_refused_naming_the_cell(register, tmp_path):
    path, visit = register
    form = tmp_path / "form.xlsx"
    assert run_cli("return", "form", "--db", str(path), "--visit", str(visit),
                   "-o", str(form)).returncode == 0
    _fill(form)
    book = openpyxl.load_workbook(form)
    book["Return"]["B16"] = "sixty"
    book.save(form)
    before = table_contents(path)
    refused = run_cli("return", "import", str(form), "--db", str(path), "--as-of", "22/11/2026")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "“Registered places” (B16) must be a whole number" in refused.stderr
    assert table_contents(path) == before


def test_no_form_for_a_visit_that_is_not_there(register, tmp_path):
    path, _ = register
    before = table_contents(path)
    result = run_cli("return", "form", "--db", str(path), "--visit", "99",
                     "-o", str(tmp_path / "f.xlsx"))
    assert result.returncode == 1
    assert result.stderr.strip() == ("placement-qa return: visit 99: refused, nothing "
                                     "changed: There is no visit 99 in this register")
    assert table_contents(path) == before and not (tmp_path / "f.xlsx").exists()


def test_return_commands_wait_for_the_register_to_be_closed_in_the_app(register, tmp_path):
    from placement_qa.store.lock import RegisterLock

    path, visit = register
    before = table_contents(path)
    with RegisterLock(path, user="a.officer"):
        result = run_cli("return", "form", "--db", str(path), "--visit", str(visit),
                         "-o", str(tmp_path / "f.xlsx"))
    assert result.returncode == 1 and "open in Placement QA by a.officer" in result.stderr
    assert table_contents(path) == before and not (tmp_path / "f.xlsx").exists()
