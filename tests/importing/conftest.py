"""Placements import fixtures: a register with a provider rated Good, one Inadequate, one never
inspected (``register_db``), and rows that import cleanly (``good_rows``)."""

from __future__ import annotations

import pytest
from placement_files import BROOKSIDE, GOOD_ROWS, HILLCREST, NEWBUILD, add_rated_provider

from placement_qa.store.connection import open_register


@pytest.fixture
def register_db(tmp_path):
    """Brookside (Good), Hillcrest (Inadequate since 01/06/2025), Newbuild (never inspected)."""
    register_db = open_register(tmp_path / "register.db", create=True, os_user="a.officer")
    add_rated_provider(register_db, "Brookside School", BROOKSIDE, "Good")
    add_rated_provider(register_db, "Hillcrest House", HILLCREST, "Inadequate")
    add_rated_provider(register_db, "Newbuild Academy", NEWBUILD, None)
    yield register_db
    register_db.close()


@pytest.fixture
def good_rows() -> list[dict[str, str]]:
    return [dict(r) for r in GOOD_ROWS]
