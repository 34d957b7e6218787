"""Importing a placement at a provider causing concern meets the guardrail, as at a
below-good provider."""

from __future__ import annotations

from datetime import date

from placement_files import BROOKSIDE, row, write_csv

from placement_qa.store.concerns import set_concern
from placement_qa.store.placement_import import import_placements
from placement_qa.store.records import provider_with_urn


def _rows(**fields):
    return [row(case_ref="CS-1", given_name="Ana", family_name="Lee", provider_urn=BROOKSIDE,
                start_date="01/09/2026", arrangement="Day", **fields)]


def test_an_import_at_a_provider_causing_concern_needs_a_reason_and_an_approver(db, tmp_path):
    brookside = provider_with_urn(db, BROOKSIDE).provider_id
    set_concern(db, brookside, reason="Exclusions not reported", since=date(2026, 6, 1),
                review_on=date(2026, 9, 1), by="Jo Manager")
    result = import_placements(db, write_csv(tmp_path / "a.csv",
                                             _rows(guardrail_reason="Tribunal order")))
    [problem] = result.problems
    assert problem.reason.startswith(
        "Brookside School (URN 123456): Provider causing concern since 01/06/2026: "
        "Exclusions not reported.")
    assert problem.reason.endswith("name the manager who approved it.")
    assert not result.written
    result = import_placements(db, write_csv(tmp_path / "b.csv", _rows(
        guardrail_reason="Tribunal order", guardrail_approver="Jo Manager")))
    assert result.ok and result.added == 1
    assert db.execute("SELECT guardrail_concern FROM placements").fetchone() == (
        "Provider causing concern since 01/06/2026: Exclusions not reported.",)
