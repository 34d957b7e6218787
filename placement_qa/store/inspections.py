"""Providers' inspection history."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from ..domain.dates import from_iso, iso
from ..domain.inspection import Inspection
from .rows import insert_row


def add_inspection(
    db: Database,
    *,
    provider_id: int,
    inspectorate: str,
    inspected_on: date | None,
    framework: str,
    outcome: dict[str, Any],
    notes: str | None = None,
) -> int:
    with db.atomic():
        return insert_row(db, "inspections", {
            "provider_id": provider_id, "inspectorate": inspectorate,
            "inspected_on": iso(inspected_on), "framework": framework,
            "outcome": json.dumps(outcome, ensure_ascii=False), "notes": notes,
        })


def _inspection(row: tuple) -> Inspection:
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


# --- what an inspections import reads and writes -----------------------------

@dataclass(frozen=True)
class ProviderRef:
    provider_id: int
    name: str
    urn: str


@dataclass(frozen=True)
class StoredInspection:
    inspection_id: int
    provider_id: int
    inspection: Inspection


@dataclass(frozen=True)
class AdditionalVisitFlag:
    """Set on a placement whose provider fell below good."""

    placement_id: int
    flagged_on: date
    due: date
    reason: str


def providers_by_urn(db: Database) -> dict[str, ProviderRef]:
    """Every provider that has a URN, by URN."""
    rows = db.execute("SELECT id, name, urn FROM providers WHERE urn IS NOT NULL").fetchall()
    return {r[2]: ProviderRef(r[0], r[1], r[2]) for r in rows}


def stored_inspections(
    db: Database, provider_ids: Iterable[int]
) -> dict[int, list[StoredInspection]]:
    """The inspections of the given providers, with their ids, oldest first."""
    found: dict[int, list[StoredInspection]] = defaultdict(list)
    rows = db.execute(
        "SELECT id, provider_id, inspectorate, inspected_on, framework, outcome "
        "FROM inspections WHERE provider_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY inspected_on, id",
        [json.dumps(sorted(set(provider_ids)))],
    ).fetchall()
    for row in rows:
        found[row[1]].append(StoredInspection(row[0], row[1], _inspection(row[2:])))
    return dict(found)


def save_inspections_import(
    db: Database,
    *,
    added: Sequence[tuple[int, Inspection]],
    updated: Sequence[tuple[int, Mapping[str, Any]]],
    flags: Sequence[AdditionalVisitFlag],
    notes: str | None = None,
) -> None:
    """An import's new inspections, changed outcomes and placement flags: all or nothing."""
    with db.atomic():
        db.table("inspections").insert_all(
            {"provider_id": provider_id, "inspectorate": i.inspectorate,
             "inspected_on": iso(i.inspected_on), "framework": i.framework,
             "outcome": json.dumps(dict(i.outcome), ensure_ascii=False), "notes": notes}
            for provider_id, i in added
        )
        for inspection_id, outcome in updated:
            db.execute("UPDATE inspections SET outcome = ? WHERE id = ?",
                       [json.dumps(dict(outcome), ensure_ascii=False), inspection_id])
        for flag in flags:
            db.execute(
                "UPDATE placements SET additional_visit_flagged_on = ?, "
                "additional_visit_due = ?, additional_visit_reason = ? WHERE id = ?",
                [iso(flag.flagged_on), iso(flag.due), flag.reason, flag.placement_id],
            )
