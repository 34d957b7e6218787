"""The SQL behind an import: what the register holds now, and applying a checked import.

:func:`load_snapshot` reads everything an import matches against in a few
queries (children by case ref, providers by URN, placements by child, provider
and start date, inspections); :func:`apply_changes` writes a checked import in
one transaction, so the change-log triggers record every change and a failure
or a cancel part-way leaves the register as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from ..domain.concerns import CauseForConcern
from ..domain.inspection import Inspection
from ..domain.register import case_ref_key
from .concerns import open_concerns
from .inspections import inspections_by_provider

CHILD_COLUMNS = ("given_name", "family_name", "date_of_birth", "primary_need",
                 "ehcp_last_review", "ehcp_next_review_due")
PLACEMENT_COLUMNS = ("end_date", "arrangement", "state", "annual_cost",
                     "visit_interval_months", "interim_support")

PlacementKey = tuple[int, int | None, str]  # child id, provider id, ISO start date


@dataclass(frozen=True)
class StoredRecord:
    """A record's id and the columns an import can change."""

    id: int
    values: Mapping[str, Any]


@dataclass(frozen=True)
class ImportSnapshot:
    children: dict[str, StoredRecord]        # by case ref, exactly as stored
    providers: dict[str, StoredRecord]       # by URN; values: name
    placements: dict[PlacementKey, StoredRecord]
    inspections: dict[int, list[Inspection]] = field(default_factory=dict)
    case_refs: dict[str, list[str]] = field(default_factory=dict)  # key -> stored case refs
    causes: dict[int, CauseForConcern] = field(default_factory=dict)  # providers causing concern

    def children_like(self, case_ref: str) -> list[str]:
        """The stored case refs that are ``case_ref`` ignoring case and spaces (more than
        one only in a register that took such pairs before issue 14)."""
        return self.case_refs.get(case_ref_key(case_ref), [])


@dataclass(frozen=True)
class RowChanges:
    """What one import row writes.

    ``child_id`` None means the child is new: ``add_child`` inserts it (the
    first row with that case ref), later rows find it by ``case_ref``, ignoring case
    and spaces as the register does.
    ``placement_id`` None means a new placement with ``placement_values``;
    otherwise only the columns in ``placement_values`` are set.
    """

    case_ref: str
    child_id: int | None
    add_child: bool
    child_values: Mapping[str, Any]
    provider_id: int | None
    start_date: str
    placement_id: int | None
    placement_values: Mapping[str, Any]


def load_snapshot(db: Database) -> ImportSnapshot:
    child_sql = f"SELECT id, case_ref, {', '.join(CHILD_COLUMNS)} FROM children " \
                "WHERE case_ref IS NOT NULL"
    children = {
        row[1]: StoredRecord(row[0], dict(zip(CHILD_COLUMNS, row[2:], strict=True)))
        for row in db.execute(child_sql).fetchall()
    }
    providers = {
        row[1]: StoredRecord(row[0], {"name": row[2]})
        for row in db.execute(
            "SELECT id, urn, name FROM providers WHERE urn IS NOT NULL").fetchall()
    }
    placement_sql = (f"SELECT id, child_id, provider_id, start_date, "
                     f"{', '.join(PLACEMENT_COLUMNS)} FROM placements ORDER BY id DESC")
    placements = {
        (row[1], row[2], row[3]): StoredRecord(
            row[0], dict(zip(PLACEMENT_COLUMNS, row[4:], strict=True)))
        for row in db.execute(placement_sql).fetchall()
    }  # newest first, so where two share a key the oldest wins
    case_refs: dict[str, list[str]] = {}
    for case_ref in children:
        case_refs.setdefault(case_ref_key(case_ref), []).append(case_ref)
    return ImportSnapshot(children, providers, placements, inspections_by_provider(db),
                          case_refs, open_concerns(db))


@contextmanager
def import_transaction(db: Database) -> Iterator[Database]:
    """One transaction around reading the snapshot and applying the changes."""
    with db.atomic():
        yield db


def apply_changes(
    db: Database,
    changes: Sequence[RowChanges],
    after_each: Callable[[int], None] | None = None,
) -> None:
    """Write ``changes`` in one transaction; ``after_each(done)`` may raise to roll back."""
    with db.atomic():
        created: dict[str, int] = {}
        for done, change in enumerate(changes, start=1):
            child_id = _apply_child(db, change, created)
            _apply_placement(db, change, child_id)
            if after_each is not None:
                after_each(done)


def _apply_child(db: Database, change: RowChanges, created: dict[str, int]) -> int:
    key = case_ref_key(change.case_ref)
    if change.add_child:
        child_id = _insert(db, "children", {"case_ref": change.case_ref, **change.child_values})
        created[key] = child_id
        return child_id
    child_id = change.child_id if change.child_id is not None else created[key]
    if change.child_values:
        db.table("children").update(child_id, dict(change.child_values))
    return child_id


def _apply_placement(db: Database, change: RowChanges, child_id: int) -> None:
    if change.placement_id is None:
        _insert(db, "placements", {
            "child_id": child_id, "provider_id": change.provider_id,
            "start_date": change.start_date, **change.placement_values,
        })
    elif change.placement_values:
        db.table("placements").update(change.placement_id, dict(change.placement_values))


def _insert(db: Database, table: str, record: Mapping[str, Any]) -> int:
    """One row inserted by a plain INSERT; its id. Column names come from this module's
    code, values are str, int, float or None. (``db[table].insert`` looks the table up
    again for every row, which more than doubled the time of a 20,000-row import.)"""
    columns = ", ".join(f"[{name}]" for name in record)
    marks = ", ".join("?" * len(record))
    sql = f"INSERT INTO [{table}] ({columns}) VALUES ({marks})"
    new_id = db.execute(sql, list(record.values())).lastrowid
    if new_id is None:   # never after an INSERT
        raise TypeError(f"{table}: no id for the row just added")
    return new_id
