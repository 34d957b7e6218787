"""Shared test set-up: Qt runs offscreen, registers live in a temporary folder."""

import os

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from hypothesis import settings  # noqa: E402

# CI runs the same examples every time (derandomized), as many as the tests ask for or 100,
# and prints the blob to reproduce a failure; locally the examples vary from run to run.
settings.register_profile("ci", derandomize=True, max_examples=100, deadline=None,
                          print_blob=True)
settings.register_profile("dev", deadline=None)
_in_ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
settings.load_profile("ci" if _in_ci else "dev")
