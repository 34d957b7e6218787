"""Shared test set-up: Qt runs offscreen, registers live in a temporary folder."""

import os
import time

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# CI runs the same examples every time (derandomized), as many as the tests ask for or 100,
# and prints the blob to reproduce a failure; locally the examples vary from run to run.
settings.register_profile("ci", derandomize=True, max_examples=100, deadline=None,
                          print_blob=True)
settings.register_profile("dev", deadline=None)
_in_ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
settings.load_profile("ci" if _in_ci else "dev")


@pytest.fixture
def machine_zone(monkeypatch):
    """``machine_zone("America/New_York")``: this computer's clock set to that time zone
    (TZ and time.tzset) for the rest of the test, and put back after it."""
    if not hasattr(time, "tzset"):
        pytest.skip("setting the process's time zone needs time.tzset (POSIX)")

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()
