"""Store test helpers; the ``db`` fixture (a new register, as a.officer) is the shared one
in tests/conftest.py."""

from datetime import date

import pytest

from placement_qa.store import register
from placement_qa.store.inspections import add_inspection
from placement_qa.store.visits import add_visit


def good_provider(db, name="Oakfield House School", **fields) -> int:
    """A provider rated Good in 2019, where new placements are allowed."""
    provider_id = register.add_provider(
        db, name=name, provider_type=fields.pop("provider_type", "independent_special"),
        host_authority=fields.pop("host_authority", "Kent"), **fields,
    )
    add_inspection(db, provider_id=provider_id, inspectorate="Ofsted (education)",
                   inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    return provider_id


@pytest.fixture
def provider_rated_good():
    return good_provider


def planned_visit_to_good_provider(db, visit_date: date) -> tuple[int, int]:
    """Zoë Łukasiewicz placed at a Good provider, and a visit planned there for
    ``visit_date``: (provider id, visit id)."""
    provider = good_provider(db)
    child = register.add_child(db, given_name="Zoë", family_name="Łukasiewicz")
    placement = register.add_placement(db, child_id=child, provider_id=provider,
                                       start_date=date(2025, 9, 1), arrangement="day")
    visit_id = add_visit(db, provider_id=provider, visit_date=visit_date,
                         placement_ids=[placement], status="planned")
    return provider, visit_id


@pytest.fixture
def planned_good_visit():
    return planned_visit_to_good_provider
