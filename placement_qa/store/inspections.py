"""Providers' inspection history."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from typing import Any

from sqlite_utils import Database

from ..domain.dates import from_iso, iso
from ..domain.inspection import Inspection


def add_inspection(
    db: Database,
    *,
    provider_id: int,
    inspectorate: str,
    inspected_on: date,
    framework: str,
    outcome: dict[str, Any],
    notes: str | None = None,
) -> int:
    with db.atomic():
        return db["inspections"].insert({
            "provider_id": provider_id, "inspectorate": inspectorate,
            "inspected_on": iso(inspected_on), "framework": framework,
            "outcome": json.dumps(outcome, ensure_ascii=False), "notes": notes,
        }).last_pk


def _inspection(row) -> Inspection:
    return Inspection(inspectorate=row[0], inspected_on=from_iso(row[1]), framework=row[2],
                      outcome=json.loads(row[3]))


def provider_inspections(db: Database, provider_id: int) -> list[Inspection]:
    """A provider's inspections, newest first."""
    rows = db.execute(
        "SELECT inspectorate, inspected_on, framework, outcome FROM inspections "
        "WHERE provider_id = ? ORDER BY inspected_on DESC, id DESC",
        [provider_id],
    ).fetchall()
    return [_inspection(r) for r in rows]


def inspections_by_provider(db: Database) -> dict[int, list[Inspection]]:
    """Every provider's inspections (for KPIs and lists over the whole register)."""
    found: dict[int, list[Inspection]] = defaultdict(list)
    rows = db.execute(
        "SELECT provider_id, inspectorate, inspected_on, framework, outcome FROM inspections"
    ).fetchall()
    for row in rows:
        found[row[0]].append(_inspection(row[1:]))
    return dict(found)
