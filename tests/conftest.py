"""Shared test set-up: Qt runs offscreen, registers live in a temporary folder."""

import os

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
