"""Placements import fixtures: a register with a provider rated Good, one Inadequate, one never
inspected (``db``), and rows that import cleanly (``good_rows``)."""

from __future__ import annotations

import pytest
from placement_files import BROOKSIDE, GOOD_ROWS, HILLCREST, NEWBUILD, add_rated_provider


@pytest.fixture
def db(db):
    """The shared new register (tests/conftest.py) with Brookside (Good), Hillcrest
    (Inadequate since 01/06/2025) and Newbuild (never inspected)."""
    add_rated_provider(db, "Brookside School", BROOKSIDE, "Good")
    add_rated_provider(db, "Hillcrest House", HILLCREST, "Inadequate")
    add_rated_provider(db, "Newbuild Academy", NEWBUILD, None)
    return db


@pytest.fixture
def good_rows() -> list[dict[str, str]]:
    return [dict(r) for r in GOOD_ROWS]
