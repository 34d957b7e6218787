import pytest

from placement_qa.store.connection import open_register


@pytest.fixture
def db(tmp_path):
    register = open_register(tmp_path / "register.db", create=True, os_user="a.officer")
    yield register
    register.close()
