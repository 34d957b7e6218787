"""A demo register written to a file all at once, or not at all."""

from __future__ import annotations

from pathlib import Path

from ..store.new_register import build_register
from .build import DemoSummary, Progress, build_demo


def write_demo_register(
    path: Path, size: str = "small", *, seed: int = 1, progress: Progress | None = None
) -> DemoSummary:
    """Build the demo beside ``path`` and move it into place only when complete.

    An interrupted build (a crash, Ctrl+C, a full disk) never leaves a
    half-built register at ``path``; the next attempt starts afresh.
    """
    return build_register(path, lambda db: build_demo(db, size, seed=seed, progress=progress))
