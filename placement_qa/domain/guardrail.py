"""The council's promise: no provider rated below good is used for a new placement.

A provider a manager marked as causing concern (:mod:`.concerns`) is treated exactly
the same way.

A new placement at a provider whose current inspection position is a concern
(see :func:`placement_qa.domain.inspection.provider_concern`, which includes
"never inspected") is stopped, unless a reason and the approving manager are
recorded. Both are kept on the placement and so in the change log; such
placements are the *guardrail exceptions* the board sees counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .inspection import Concern

EXCEPTION_REASONS = (
    "Tribunal order",
    "Named in the EHCP (parental preference)",
    "No suitable alternative provision",
    "Continuity: sibling or existing provision",
    "Other (explained in the notes)",
)


@dataclass(frozen=True)
class GuardrailException:
    """Why a placement goes ahead at a below-good provider, and who approved it."""

    reason: str
    approver: str

    def problems(self) -> list[str]:
        found = []
        if not self.reason.strip():
            found.append("give the reason the placement must go ahead")
        if not self.approver.strip():
            found.append("name the manager who approved it")
        return found


class PlacementBlocked(Exception):
    """A new placement at a below-good provider without a complete exception."""

    def __init__(self, concern: Concern, problems: list[str]):
        self.concern = concern
        self.problems = problems
        super().__init__(
            f"{concern.reason} The council does not use providers below good for new "
            f"placements. To go ahead, {' and '.join(problems)}."
        )


def guardrail_applies(concern: Concern | None, start: date) -> bool:
    """Does the provider's concern stand in the way of a placement starting on ``start``?

    A placement that started before the inspection that rated the provider below
    good was not made at a below-good provider (recording it is keeping the
    register accurate); one starting on or after it was. A provider never
    inspected is a concern for any placement. A provider a manager marked as causing
    concern stands in the way of a placement starting on or after the day it was set.
    """
    if concern is None:
        return False
    since = concern.causing_concern_since
    if since is not None and start >= since:
        return True
    if not concern.below_good:
        return False
    inspected = concern.inspection.inspected_on if concern.inspection else None
    return inspected is None or start >= inspected


def check_new_placement(
    concern: Concern | None, start: date, exception: GuardrailException | None
) -> None:
    """Raise :class:`PlacementBlocked` unless a placement starting on ``start`` may be made."""
    if concern is None or not guardrail_applies(concern, start):
        return
    problems = (exception or GuardrailException("", "")).problems()
    if problems:
        raise PlacementBlocked(concern, problems)
