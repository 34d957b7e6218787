"""Building a demo register: every table filled in order, in big batches.

Rows carry explicit integer ids so they can be linked without reading them
back; each table (children and placements together) is written in one
transaction, and the change-log triggers record every row as usual.
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlite_utils import Database

from ..domain import settings
from ..domain.framework import default_framework, framework_to_data
from ..store.connection import bulk_loading
from ..store.rows import insert_row
from ..store.settings import mark_as_demo, set_value
from .countersigns import COUNTERSIGN_COLUMNS, countersign_rows
from .follow_up import write_follow_up_draft
from .inspections import INSPECTION_COLUMNS, make_inspections
from .notes import (
    ACTION_COLUMNS,
    FINDING_COLUMNS,
    VISIT_COLUMNS,
    FrameworkVersion,
    NoteWriter,
    VisitNotes,
)
from .people import (
    AWAITING,
    CHILD_COLUMNS,
    HOME,
    LEFT,
    LOCAL,
    MONITORED,
    PLACEMENT_COLUMNS,
    MonitoredPlacement,
    PeopleMaker,
    child_kinds,
)
from .profiles import DEFAULT_AS_OF, HOME_AUTHORITY, DemoProfile, profile_for
from .providers import PROVIDER_COLUMNS, DemoProvider, make_providers
from .seeds import DemoSeeds, load_seeds
from .team import OFFICER_COLUMNS, active_ids, assignments, team_rows
from .visits import DemoVisit, VisitPlanner, visit_units
from .welfare import VISIT_PLACEMENT_COLUMNS, WelfareWriter

Progress = Callable[[str], None]
CHILDREN_PER_BATCH = 10_000
PROGRESS_STEPS = 10
MIN_ROWS_PER_REPORT = 5_000


@dataclass(frozen=True)
class DemoSummary:
    """What a demo register holds."""

    size: str
    children: int
    providers: int
    placements: int
    visits: int
    inspections: int = 0
    findings: int = 0
    follow_up_actions: int = 0

    def __str__(self) -> str:
        return (f"{self.children:,} children, {self.providers:,} providers, "
                f"{self.placements:,} placements, {self.visits:,} monitoring visits")


def build_demo(
    db: Database,
    size: str = "small",
    *,
    seed: int = 1,
    as_of: date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an empty register with a deterministic demo register of ``size``.

    The same ``seed`` and ``as_of`` (default 22/11/2026) give the same rows
    (record UUIDs apart). Raises ValueError for an unknown size or a register
    that already has records, without changing it.
    """
    profile = profile_for(size)
    _require_empty(db)
    demo = DemoBuild(db, profile, random.Random(seed), load_seeds(), as_of or DEFAULT_AS_OF,
                     progress or (lambda _message: None))
    with bulk_loading(db):
        mark_as_demo(db)
        set_value(db, settings.HOME_AUTHORITY, HOME_AUTHORITY)
        providers, no_new_placements_after, inspections = demo.write_providers()
        people = demo.write_people(providers, no_new_placements_after)
        visits, notes = demo.write_visits(providers, people.monitored)
        follow_up = write_follow_up_draft(db, demo.as_of)
    return DemoSummary(
        size=size, children=profile.children, providers=len(providers),
        placements=people.placement_id, visits=len(visits) + (follow_up is not None),
        inspections=inspections,
        findings=len(notes.finding_rows), follow_up_actions=len(notes.action_rows),
    )


@dataclass(frozen=True)
class DemoBuild:
    """One demo register being written, table by table, from one random stream."""

    db: Database
    profile: DemoProfile
    rng: random.Random
    seeds: DemoSeeds
    as_of: date
    report: Progress

    def write_providers(self) -> tuple[list[DemoProvider], dict[int, date], int]:
        """Providers and their inspections; which providers take no new placements."""
        providers = make_providers(self.rng, self.profile, self.seeds)
        history = make_inspections(self.rng, providers, self.as_of)
        write_rows(self.db, "providers", PROVIDER_COLUMNS, [p.row() for p in providers],
                   self.report)
        write_rows(self.db, "inspections", INSPECTION_COLUMNS, history.rows, self.report)
        return providers, history.no_new_placements_after, len(history.rows)

    def write_people(self, providers: list[DemoProvider],
                     no_new_placements_after: dict[int, date]) -> PeopleMaker:
        people = PeopleMaker(self.rng, self.seeds, providers, no_new_placements_after,
                             self.as_of, self.profile.children)
        kinds = child_kinds(self.rng, _kind_counts(self.profile))
        _write_people(self.db, people, kinds, self.report)
        return people

    def write_visits(self, providers: list[DemoProvider],
                     monitored: list[MonitoredPlacement]) -> tuple[list[DemoVisit], VisitNotes]:
        """Visits with the placements they cover (and what each found for each child),
        findings and follow-up actions."""
        rng, by_id = self.rng, {p.id: p for p in providers}
        planner = VisitPlanner(rng, self.seeds, by_id, self.as_of, self.profile.history_years)
        visits = planner.plan(visit_units(monitored))
        versions = _write_framework(self.db, self.seeds)
        _write_current_framework(self.db, self.seeds.framework["name"], self.as_of)
        notes = NoteWriter(rng, self.seeds, by_id, versions, self.as_of,
                           self.profile.criteria_per_visit).write(visits)
        rag_by_visit = {row[0]: row[VISIT_COLUMNS.index("overall_rag")]
                        for row in notes.visit_rows}
        children = WelfareWriter(rng, self.seeds.welfare_words).rows(visits, rag_by_visit)
        db, report = self.db, self.report
        team = team_rows(self.seeds, self.as_of)
        write_rows(db, "officers", OFFICER_COLUMNS, team, report)
        assigned = assignments(visits, active_ids(team))
        visit_rows = [row + (assigned[row[0]],) for row in notes.visit_rows]
        write_rows(db, "monitoring_visits", [*VISIT_COLUMNS, "assigned_officer_id"],
                   visit_rows, report, "visits")
        write_rows(db, "visit_placements", VISIT_PLACEMENT_COLUMNS, children, report)
        write_rows(db, "findings", FINDING_COLUMNS, notes.finding_rows, report)
        write_rows(db, "follow_up_actions", ACTION_COLUMNS, notes.action_rows, report)
        at = VISIT_COLUMNS.index("signed_off_at")
        signed = [(row[0], row[at]) for row in notes.visit_rows if row[at]]
        write_rows(db, "note_countersigns", COUNTERSIGN_COLUMNS,
                   countersign_rows(signed, self.seeds.managers, self.as_of), report,
                   "countersigns")
        return visits, notes


RECORDS = {"children": ("child", "children"), "providers": ("provider", "providers"),
           "placements": ("placement", "placements"),
           "monitoring_visits": ("monitoring visit", "monitoring visits")}


def _require_empty(db: Database) -> None:
    for table, (one, many) in RECORDS.items():
        count = db[table].count
        if count:
            raise ValueError(
                f"this register already has {count:,} {one if count == 1 else many}: "
                "a demo register can only be built in a new, empty register"
            )


def _kind_counts(profile: DemoProfile) -> dict[str, int]:
    return {
        AWAITING: profile.awaiting_provision,
        HOME: profile.home_educated,
        MONITORED: profile.monitored_placements - profile.home_educated,
        LOCAL: profile.local_placements,
        LEFT: profile.left,
    }


def write_rows(db: Database, table: str, columns: list[str], rows: Sequence[tuple],
               report: Progress, label: str | None = None) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) in one transaction, reporting progress."""
    label = label or table.replace("_", " ")
    step = max(MIN_ROWS_PER_REPORT, -(-len(rows) // PROGRESS_STEPS))
    with db.atomic():
        for first in range(0, len(rows), step):
            db.table(table).insert_all(itertools.chain([columns], rows[first:first + step]))
            report(f"{label} {min(first + step, len(rows))}/{len(rows)}")


def _write_people(db: Database, people: PeopleMaker, kinds: list[str], report: Progress) -> None:
    """Children and their placements, a batch of children at a time, in one transaction."""
    total = len(kinds)
    with db.atomic():
        for first in range(0, total, CHILDREN_PER_BATCH):
            children, placements = [], []
            for index in range(first, min(first + CHILDREN_PER_BATCH, total)):
                child, rows = people.child(index + 1, kinds[index])
                children.append(child)
                placements += rows
            db.table("children").insert_all(itertools.chain([CHILD_COLUMNS], children))
            db.table("placements").insert_all(itertools.chain([PLACEMENT_COLUMNS], placements))
            report(f"children {first + len(children)}/{total}")


def framework_definition(name: str, spec: dict) -> dict:
    """A demo framework version in the shape domain.framework.parse_framework reads:
    the demo's compact list (one criterion per area) becomes one section per area."""
    old = spec["definition"]
    return {
        "name": name,
        "version": spec["version"],
        "scale": [
            {"key": label.lower().replace(" ", "_"), "label": label,
             "concern": label == "Concern"}
            for label in old["ratings"]
        ],
        "sections": [
            {"key": c["key"], "title": c["title"], "criteria": [{
                "key": c["key"], "prompt": f"{c['title']}: what did the visit find?",
                "guidance": c["guidance"], "mandatory": c["key"] == "safeguarding",
            }]}
            for c in old["criteria"]
        ],
    }


def _write_framework(db: Database, seeds: DemoSeeds) -> list[FrameworkVersion]:
    """The demo QA framework and its versions; returns them with their new ids."""
    framework = seeds.framework
    versions: list[FrameworkVersion] = []
    with db.atomic():
        framework_id = insert_row(db, "qa_frameworks", {"name": framework["name"]})
        for spec in framework["versions"]:
            definition = framework_definition(framework["name"], spec)
            version_id = insert_row(db, "qa_framework_versions", {
                "framework_id": framework_id, "version": spec["version"],
                "definition": json.dumps(definition, ensure_ascii=False),
                "created_at": spec["created_at"],
            })
            versions.append(FrameworkVersion(
                id=version_id,
                in_use_from=datetime.fromisoformat(spec["created_at"]).date(),
                criteria=tuple(c["key"] for c in spec["definition"]["criteria"]),
                mandatory=frozenset(c["key"] for section in definition["sections"]
                                    for c in section["criteria"] if c["mandatory"]),
            ))
    return versions


def _write_current_framework(db: Database, name: str, as_of: date) -> None:
    """The council's full default framework as the newest version of the demo's
    framework, in use from the demo date: visits recorded from now on use it,
    earlier notes keep the versions they were written with."""
    with db.atomic():
        framework_id, latest = db.execute(
            "SELECT f.id, MAX(v.version) FROM qa_frameworks f "
            "JOIN qa_framework_versions v ON v.framework_id = f.id WHERE f.name = ?",
            [name]).fetchone()
        data = framework_to_data(replace(default_framework(), name=name, version=latest + 1))
        db.table("qa_framework_versions").insert({
            "framework_id": framework_id, "version": latest + 1,
            "definition": json.dumps(data, ensure_ascii=False),
            "created_at": f"{as_of.isoformat()}T08:00:00",
        })
