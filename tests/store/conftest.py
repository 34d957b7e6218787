from datetime import date

import pytest

from placement_qa.store import register
from placement_qa.store.connection import open_register
from placement_qa.store.inspections import add_inspection


@pytest.fixture
def db(tmp_path):
    register = open_register(tmp_path / "register.db", create=True, os_user="a.officer")
    yield register
    register.close()


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
