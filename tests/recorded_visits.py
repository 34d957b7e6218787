"""Visits recorded in full through the store, for tests that need finished notes.

Importable from any test folder (``tests/`` is on the path once its conftest loads).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime

from placement_qa.domain.visit_note import ChildRecord, FindingEntry, VisitNote
from placement_qa.store import register
from placement_qa.store.frameworks import ensure_default_framework
from placement_qa.store.inspections import add_inspection
from placement_qa.store.visit_notes import save_draft, sign_off, start_recording, visit_framework

SIGNED_AT = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)


def provider_with_children(db, name: str, names, **provider_fields) -> tuple[int, dict[str, int]]:
    """A framework, an independent special school in Kent rated Good in 2019, and a day
    placement there from 01/09/2025 for each (given, family) name: the provider's id and
    each child's placement id by full name."""
    ensure_default_framework(db)
    provider = register.add_provider(db, name=name, provider_type="independent_special",
                                     host_authority="Kent", **provider_fields)
    add_inspection(db, provider_id=provider, inspectorate="Ofsted (education)",
                   inspected_on=date(2019, 5, 1), framework="Ofsted EIF 2019 (graded)",
                   outcome={"overall": "Good"})
    placements = {}
    for given, family in names:
        child = register.add_child(db, given_name=given, family_name=family)
        placements[f"{given} {family}"] = register.add_placement(
            db, child_id=child, provider_id=provider, start_date=date(2025, 9, 1),
            arrangement="day")
    return provider, placements


def full_child(child: ChildRecord, views: str = "Likes art") -> ChildRecord:
    """``child`` with every welfare answer given (seen, no concern, no early review)."""
    return replace(child, seen=True, spoken_with=True, views=views, views_how="Talked",
                   attendance="96%", safeguarding_concern=False, progress="On track",
                   early_review=False)


def fill_note(db, visit_id: int, *,
              evidence: Callable[[str], str] = lambda key: f"Evidence for {key}.",
              views: Callable[[ChildRecord], str] = lambda child: "Likes art",
              **fields) -> VisitNote:
    """Start recording the visit and fill every part: each criterion rated the scale's
    second rating with ``evidence(key)``, each child's welfare, judgement and summary;
    ``fields`` override the note's own (e.g. ``visitors=``). Saved as a draft."""
    note = start_recording(db, visit_id)
    framework = visit_framework(db, note)
    findings = {c.key: FindingEntry(framework.scale[1].key, evidence(c.key))
                for _, c in framework.criteria()}
    children = tuple(full_child(c, views(c)) for c in note.children)
    values = {"findings": findings, "children": children, "overall_rag": "good",
              "summary": "A good visit.", "provider_staff_met": "Head teacher", **fields}
    filled = replace(note, **values)
    save_draft(db, filled)
    return filled


def record_and_sign(db, visit_id: int, *, signed_by: str = "Helen Marsh",
                    at: datetime = SIGNED_AT, **fill) -> int:
    """Fill the visit's note (see :func:`fill_note`) and sign it off; its id."""
    fill_note(db, visit_id, **fill)
    sign_off(db, visit_id, signed_by, at=at)
    return visit_id
