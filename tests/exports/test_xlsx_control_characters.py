"""Whatever text the register holds, an Excel file of it is always written: each
character XML 1.0 forbids (which an older register, or a name pasted from elsewhere,
may hold) shows as "�" in its cell, and tabs and line breaks stay as they are.

The register here is written through the store directly, as an older version of the
app (which checked names less) could have written it.
"""

from __future__ import annotations

import sys
from datetime import date

import pytest
from openpyxl import load_workbook

from placement_qa.importing.provider_return_form import read_return_form
from placement_qa.store.exports import write_register_file
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.store.inspections import add_inspection
from placement_qa.store.register import add_child, add_placement, add_provider
from placement_qa.store.return_import import make_return_form
from placement_qa.store.schedule import schedule_as_of
from placement_qa.store.visits import add_visit

AS_OF = date(2026, 11, 22)
# Every character below U+0020 but tab, line feed and carriage return.
FORBIDDEN = "".join(map(chr, (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))))
SHOWN = "\ufffd" * len(FORBIDDEN)


@pytest.fixture
def db(new_register, tmp_path):
    """A provider and a child whose names hold every character XML forbids, and a visit."""
    register_db = new_register(tmp_path / "older.db")
    provider = add_provider(register_db, name=f"Oak{FORBIDDEN}field School",
                            provider_type="independent_special", host_authority="Kent\tEast")
    add_inspection(register_db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    child = add_child(register_db, given_name=f"Ann{FORBIDDEN}Marie", family_name="Lee")
    placement = add_placement(register_db, child_id=child, provider_id=provider,
                              start_date=date(2025, 9, 1), arrangement="day")
    ensure_default_framework(register_db)
    add_visit(register_db, provider_id=provider, visit_date=date(2026, 12, 4),
              placement_ids=[placement], visitors="A. Officer")
    return register_db


def every_text(path) -> list[str]:
    return [value for sheet in load_workbook(path).worksheets
            for row in sheet.iter_rows(values_only=True) for value in row
            if isinstance(value, str)]


def test_the_register_xlsx_shows_each_forbidden_character_and_keeps_tabs(db, tmp_path):
    path = tmp_path / "register.xlsx"
    assert write_register_file(db, schedule_as_of(db, AS_OF), path) == 1

    sheet = load_workbook(path).active
    header, row = [[cell.value for cell in line] for line in sheet.iter_rows(max_row=2)]
    values = dict(zip(header, row, strict=True))
    assert f"Ann{SHOWN}Marie" in values["Child"] and "Lee" in values["Child"]
    assert values["Provider"].startswith(f"Oak{SHOWN}field School")
    assert values["Host authority"] == "Kent\tEast"
    assert not any(char in text for text in every_text(path) for char in FORBIDDEN)
    csv_path = tmp_path / "register.csv"  # CSV holds any character: the text as it is
    write_register_file(db, schedule_as_of(db, AS_OF), csv_path)
    assert f"Ann{FORBIDDEN}Marie" in csv_path.read_text(encoding="utf-8-sig")


def test_a_pre_visit_form_for_such_a_provider_is_written_and_reads_back(db, tmp_path):
    path = tmp_path / "form.xlsx"
    visit_id = db.execute("SELECT id FROM monitoring_visits").fetchone()[0]
    form = make_return_form(db, visit_id, path, as_of=AS_OF)

    assert f"Pre-visit return: Oak{SHOWN}field School" in every_text(path)
    assert not any(char in text for text in every_text(path) for char in FORBIDDEN)
    parsed = read_return_form(path)  # the form's check of its own layout still holds
    assert (parsed.form_id, parsed.visit_uuid) == (form.form_id, form.visit_uuid)


@pytest.mark.skipif(sys.platform == "win32", reason="runs the command as on the desktop")
def test_the_export_command_writes_the_workbook(db, tmp_path):
    import subprocess

    db.close()
    result = subprocess.run(
        [sys.executable, "-m", "placement_qa", "export", "register", "--db",
         str(tmp_path / "older.db"), "--as-of", "22/11/2026", "-o", str(tmp_path / "r.xlsx")],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == f"1 placements written to {tmp_path / 'r.xlsx'}"
    assert any(f"Ann{SHOWN}Marie" in text for text in every_text(tmp_path / "r.xlsx"))
