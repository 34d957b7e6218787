"""A demo register written to a file all at once, or not at all."""

from __future__ import annotations

import os
from pathlib import Path

from ..store.connection import open_register
from .build import DemoSummary, Progress, build_demo


def write_demo_register(
    path: Path, size: str = "small", *, seed: int = 1, progress: Progress | None = None
) -> DemoSummary:
    """Build the demo beside ``path`` and move it into place only when complete.

    An interrupted build (a crash, Ctrl+C, a full disk) never leaves a
    half-built register at ``path``; the next attempt starts afresh.
    """
    part = path.with_name(path.name + ".part")
    for leftover in (part, Path(f"{part}-wal"), Path(f"{part}-shm")):
        leftover.unlink(missing_ok=True)
    db = open_register(part, create=True)
    try:
        summary = build_demo(db, size, seed=seed, progress=progress)
    finally:
        db.close()  # the last connection checkpoints the WAL into the file
    os.replace(part, path)
    return summary
