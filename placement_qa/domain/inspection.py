"""Inspection outcomes, and the one rule that says whether a provider is below good.

Outcomes are stored in each framework's own terms (JSON such as
``{"overall": "Good"}``, ``{"areas": {"Inclusion": "Needs attention"},
"safeguarding": "Met"}`` or ``{"standards": "Not met"}``). Frameworks, their
scales and which values are a concern are data in
``resources/inspection_frameworks.json``; nothing here names a grade.

**The rule** (:func:`is_below_good`): an outcome is *below good* when any of its
fields — or, for report cards, any evaluation area — holds a value its framework
lists as a concern (Requires improvement, Inadequate, Needs attention, Urgent
improvement, standards or safeguarding Not met, ...). A value the framework does
not know, or an outcome under a framework not in the data, is also treated as a
concern: the council cannot show it is good.

A provider's **current position** (:func:`provider_concern`) takes the latest
inspection from each inspectorate (a residential school has both an education
and a social-care strand) and is a concern when any of those is below good, or
when the provider has never been inspected.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from .dates import uk
from .register import PLACED, RegisterPlacement


@dataclass(frozen=True)
class OutcomeField:
    key: str
    label: str
    kind: str  # "value" or "areas"
    scale: tuple[str, ...]
    concern: frozenset[str]
    areas: tuple[str, ...] = ()


@dataclass(frozen=True)
class InspectionFramework:
    name: str
    inspectorates: tuple[str, ...]
    fields: tuple[OutcomeField, ...]
    title: str = ""


@dataclass(frozen=True)
class Inspection:
    inspectorate: str
    inspected_on: date | None
    framework: str
    outcome: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Concern:
    """Why a provider is a concern for a new placement, in words: its inspection position
    (below good, or never inspected) and/or a manager's "cause for concern"
    (:func:`placement_qa.domain.concerns.with_cause`)."""

    reason: str
    inspection: Inspection | None = None
    causing_concern_since: date | None = None  # set by a manager: see domain/concerns.py
    below_good: bool = True  # False: only causing concern, the inspections are good


class InspectionFrameworks:
    """The inspection frameworks the register knows, by name."""

    def __init__(self, frameworks: Iterable[InspectionFramework], inspectorates: Iterable[str]):
        self.by_name = {f.name: f for f in frameworks}
        self.inspectorates = tuple(inspectorates)

    @classmethod
    def from_json(cls, text: str) -> InspectionFrameworks:
        data = json.loads(text)
        return cls((_framework(f) for f in data["frameworks"]), data["inspectorates"])

    def get(self, name: str) -> InspectionFramework | None:
        return self.by_name.get(name)

    def for_inspectorate(self, inspectorate: str) -> list[InspectionFramework]:
        return [f for f in self.by_name.values() if inspectorate in f.inspectorates]


def _framework(data: Mapping[str, Any]) -> InspectionFramework:
    fields = tuple(
        OutcomeField(
            key=key, label=spec["label"], kind=spec["kind"], scale=tuple(spec["scale"]),
            concern=frozenset(spec["concern"]), areas=tuple(spec.get("areas", ())),
        )
        for key, spec in data["fields"].items()
    )
    return InspectionFramework(
        name=data["name"], inspectorates=tuple(data["inspectorates"]), fields=fields,
        title=data.get("title", ""),
    )


@cache
def default_frameworks() -> InspectionFrameworks:
    """The frameworks shipped in ``resources/inspection_frameworks.json``."""
    from ..assets import resource_path

    return InspectionFrameworks.from_json(
        Path(resource_path("inspection_frameworks.json")).read_text(encoding="utf-8")
    )


def _field_values(spec: OutcomeField, value: Any) -> list[tuple[str, str]]:
    """(where, value) pairs of one outcome field, e.g. ("Inclusion", "Needs attention")."""
    if spec.kind == "areas":
        areas = value if isinstance(value, Mapping) else {}
        return [(str(area), str(v)) for area, v in areas.items()]
    return [(spec.label, str(value))]


def concerns_in(outcome: Mapping[str, Any], framework: InspectionFramework | None) -> list[str]:
    """Each part of ``outcome`` that is below good, in words ("Achievement: Needs attention")."""
    if framework is None:
        return ["framework not known to the register"]
    found = []
    for spec in framework.fields:
        if spec.key not in outcome:
            continue
        for where, value in _field_values(spec, outcome[spec.key]):
            if value in spec.concern:
                found.append(f"{where}: {value}")
            elif value not in spec.scale:
                found.append(f"{where}: '{value}' is not on the {framework.name} scale")
    if not any(spec.key in outcome for spec in framework.fields):
        found.append("no outcome recorded")
    return found


def is_below_good(inspection: Inspection, frameworks: InspectionFrameworks) -> bool:
    """THE rule: is this inspection outcome below good (a concern)? See the module docs."""
    return bool(concerns_in(inspection.outcome, frameworks.get(inspection.framework)))


def latest_by_inspectorate(inspections: Iterable[Inspection]) -> list[Inspection]:
    """The most recent inspection from each inspectorate, newest first."""
    latest: dict[str, tuple[date, Inspection]] = {}
    for inspection in inspections:
        inspected_on = inspection.inspected_on
        if inspected_on is None:
            continue
        current = latest.get(inspection.inspectorate)
        if current is None or inspected_on > current[0]:
            latest[inspection.inspectorate] = (inspected_on, inspection)
    newest_first = sorted(latest.values(), key=lambda dated: dated[0], reverse=True)
    return [inspection for _, inspection in newest_first]


def provider_concern(
    inspections: Iterable[Inspection], frameworks: InspectionFrameworks
) -> Concern | None:
    """Why the provider's current inspection position is a concern, or None if it is not."""
    latest = latest_by_inspectorate(inspections)
    if not latest:
        return Concern("The provider has not been inspected yet.")
    for inspection in latest:
        parts = concerns_in(inspection.outcome, frameworks.get(inspection.framework))
        if parts:
            when = uk(inspection.inspected_on)
            return Concern(
                f"{inspection.inspectorate} inspection of {when} ({inspection.framework}) "
                f"is below good: {'; '.join(parts)}.",
                inspection,
            )
    return None


def outcome_summary(inspection: Inspection) -> str:
    """A one-line summary of an outcome, e.g. "Good" or "Met; safeguarding Met"."""
    parts = []
    for key, value in inspection.outcome.items():
        if isinstance(value, Mapping):
            parts.append(", ".join(f"{area}: {v}" for area, v in value.items()))
        elif key in ("overall", "standards"):
            parts.append(str(value))
        else:
            parts.append(f"{key.replace('_', ' ')} {value}")
    return "; ".join(parts) or "No outcome recorded"


def fell_below_good(
    before: Iterable[Inspection], after: Iterable[Inspection], frameworks: InspectionFrameworks
) -> Concern | None:
    """The provider's concern after new inspections, if it *fell* below good with them.

    A provider falls below good when its position (:func:`provider_concern`) was
    not a concern before and is one after. A provider never inspected before
    whose first inspection is below good has fallen too: "not inspected yet" is
    a concern for the guardrail, but not a judgement that can fall.
    """
    concern = provider_concern(after, frameworks)
    if concern is None or concern.inspection is None:
        return None
    earlier = provider_concern(before, frameworks)
    if earlier is not None and earlier.inspection is not None:
        return None
    return concern


def additional_visit_due(as_of: date, weeks: int) -> date:
    """When the additional visit for a provider that fell below good on ``as_of`` is due."""
    return as_of + timedelta(weeks=weeks)


def keeps_existing_flag(placement: RegisterPlacement, last_visit: date | None,
                        new_due: date) -> bool:
    """An outstanding additional-visit flag due no later than ``new_due`` stands as it is.

    Outstanding is the schedule's rule
    (:func:`placement_qa.domain.schedule.additional_visit_outstanding`): flagged,
    and no completed visit since the day the flag was raised.
    """
    from .schedule import additional_visit_outstanding  # schedule may one day need this module

    due = placement.additional_visit_due
    if due is None or not additional_visit_outstanding(placement, last_visit):
        return False
    return due <= new_due


def is_active_on(placement: RegisterPlacement, as_of: date) -> bool:
    """Placed (not awaiting provision), started on or before ``as_of`` and not ended before it."""
    return (placement.state == PLACED and placement.start_date <= as_of
            and (placement.end_date is None or placement.end_date >= as_of))


def placements_to_flag(
    placements: Iterable[RegisterPlacement],
    last_visits: Mapping[int, date | None],
    as_of: date,
    weeks: int,
) -> list[RegisterPlacement]:
    """A fallen provider's placements that need an additional visit flag set on ``as_of``.

    Every placement active on ``as_of``, except one already carrying an
    outstanding flag due no later than the new one (``last_visits`` holds each
    placement's last completed visit up to ``as_of``).
    """
    due = additional_visit_due(as_of, weeks)
    return [
        p for p in placements
        if is_active_on(p, as_of)
        and not keeps_existing_flag(p, last_visits.get(p.placement_id), due)
    ]
