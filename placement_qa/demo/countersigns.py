"""Demo countersigns: the manager's review of the demo's signed-off notes.

A note signed off more than a fortnight before the demo's date was countersigned a few
days after sign-off, bar about one in twenty still awaiting (so the dashboard's tile and
the queue have something to show); the recent ones await countersign, as they would.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from ..domain.countersign import COUNTERSIGNED
from ..domain.working_days import working_days_after
from .seeds import Officer

COUNTERSIGN_COLUMNS = ["visit_id", "kind", "done_by", "done_at", "comment"]
REVIEWED_AFTER_WORKING_DAYS = 10
STILL_AWAITING_SHARE = 0.05


def countersign_rows(signed_off: Sequence[tuple[int, str]], managers: Sequence[Officer],
                     as_of: date) -> list[tuple]:
    """``(visit id, signed_off_at)`` of each signed-off note → its countersign rows."""
    rng = random.Random(as_of.toordinal())  # its own: the rest of the demo is unchanged
    rows = []
    for visit_id, signed_at in signed_off:
        signed_on = date.fromisoformat(signed_at[:10])
        if working_days_after(signed_on, as_of) <= REVIEWED_AFTER_WORKING_DAYS:
            continue
        if rng.random() < STILL_AWAITING_SHARE:
            continue
        day = min(signed_on + timedelta(days=rng.randint(1, 9)), as_of - timedelta(days=1))
        manager = next((m.name for m in managers if m.active_in(day.year)), managers[-1].name)
        rows.append((visit_id, COUNTERSIGNED, manager,
                     f"{day.isoformat()}T{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:00Z",
                     ""))
    return rows
