"""The provider's history as a timeline read from the register, newest first."""

from __future__ import annotations

import pytest
from follow_up_register import EXPECTED_HISTORY, build_history

from placement_qa.store.timeline import provider_timeline


@pytest.fixture
def history(db):
    return build_history(db)


def test_the_timeline_lists_every_event_newest_first(db, history):
    reg, _ = history
    assert [e.line for e in provider_timeline(db, reg.provider)] == EXPECTED_HISTORY


def test_visits_returns_and_discrepancies_know_their_visit(db, history):
    reg, visit_id = history
    events = provider_timeline(db, reg.provider)
    by_kind = {(e.kind, e.visit_id) for e in events if e.visit_id == visit_id}
    assert by_kind == {("visit", visit_id), ("return", visit_id), ("discrepancy", visit_id)}


def test_another_providers_history_is_its_own(db, history):
    reg, _ = history
    lines = [e.line for e in provider_timeline(db, reg.other_provider)]
    assert lines == ["10/06/2026 — Action opened: Brookside: review the timetable "
                     "(due 01/10/2026)",
                     "01/05/2019 — Inspection: Ofsted (education) — Good"]


def test_a_provider_with_no_history_has_an_empty_timeline(db):
    from placement_qa.store import register
    provider = register.add_provider(db, name="New School", provider_type="academy",
                                     host_authority="Kent")
    assert provider_timeline(db, provider) == []
