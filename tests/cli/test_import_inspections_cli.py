"""`placement-qa import inspections`: a downgrade flags placements and brings visits forward."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from command_line import run_cli

from placement_qa.store import register
from placement_qa.store.connection import open_register
from placement_qa.store.inspections import add_inspection
from placement_qa.store.settings import set_setting

FIXTURE = (Path(__file__).parent.parent / "importing" / "fixtures_ofsted"
           / "state_funded_latest_inspections.csv")


def _register(path: Path) -> None:
    db = open_register(path, create=True)
    set_setting(db, "home_authority", "Westbridge")
    provider = register.add_provider(db, name="Brookside School", urn="222222",
                                     provider_type="maintained_special", host_authority="Surrey")
    add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2021, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    child = register.add_child(db, given_name="Zoë", family_name="Łukasiewicz", case_ref="WB1")
    register.add_placement(db, child_id=child, provider_id=provider,
                           start_date=date(2025, 9, 1), arrangement="day")
    db.close()


def _next_due(path: Path, as_of: str) -> str:
    out = run_cli("export", "register", "--db", str(path), "--as-of", as_of).stdout
    [row] = list(csv.DictReader(io.StringIO(out)))
    return row["Next due"]


def test_a_downgrade_in_the_ofsted_file_brings_the_next_visit_forward(tmp_path):
    path = tmp_path / "r.db"
    _register(path)
    assert _next_due(path, "2026-02-20") == "01/09/2026"  # a year after the start

    result = run_cli("import", "inspections", str(FIXTURE), "--db", str(path),
                     "--as-of", "2026-02-20", "--weeks", "4")
    assert result.returncode == 0, result.stderr
    assert "Brookside School" in result.stdout and "222222" in result.stdout
    assert _next_due(path, "2026-02-20") == "20/03/2026"  # 4 weeks after the import

    again = run_cli("import", "inspections", str(FIXTURE), "--db", str(path),
                    "--as-of", "2026-02-20")
    assert again.returncode == 0, again.stderr
    assert _next_due(path, "2026-02-20") == "20/03/2026"


def test_bad_weeks_is_refused(tmp_path):
    path = tmp_path / "r.db"
    _register(path)
    result = run_cli("import", "inspections", str(FIXTURE), "--db", str(path), "--weeks", "60")
    assert result.returncode == 2
    assert "60 weeks: choose 1 to 52" in result.stderr
