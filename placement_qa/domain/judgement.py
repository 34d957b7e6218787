"""The overall judgement of a placement on a visit, in the words that judge a placement.

The words are those the council uses of provision (its written statement of action asks
that every child attends "a good or better" provision, and uses no "RI and inadequate"
provider for a new placement): Outstanding, Good, Requires improvement, Inadequate. The
best comes first, as on every rating scale in the note (key 1 is always the best answer).

Registers before schema version 10 held the council's RAG key here (red, amber, light
green, green), a key for how an improvement action is being delivered, not for how well a
placement serves a child. Each old word moves to the same place on the new scale
(:data:`FROM_RAG`); the upgrade and changes pulled from a team laptop not yet upgraded
both use it. The column keeps its name, ``overall_rag``.
"""

from __future__ import annotations

OUTSTANDING = "outstanding"
GOOD = "good"
REQUIRES_IMPROVEMENT = "requires_improvement"
INADEQUATE = "inadequate"

# Best first: key 1 picks the best, as on every rating scale in the note.
JUDGEMENTS: dict[str, str] = {
    OUTSTANDING: "Outstanding",
    GOOD: "Good",
    REQUIRES_IMPROVEMENT: "Requires improvement",
    INADEQUATE: "Inadequate",
}
JUDGEMENT_MEANINGS: dict[str, str] = {
    OUTSTANDING: "The placement meets the child's needs exceptionally well",
    GOOD: "The placement meets the child's needs",
    REQUIRES_IMPROVEMENT: "Not yet good: agreed actions must improve it",
    INADEQUATE: "The placement is failing the child: act now",
}

# The RAG key a register held before version 10, each word to its place on the new scale.
FROM_RAG: dict[str, str] = {
    "green": OUTSTANDING,
    "light_green": GOOD,
    "amber": REQUIRES_IMPROVEMENT,
    "red": INADEQUATE,
}
# How the old RAG words read, for changes logged before version 10 (the log keeps them).
RAG_LABELS: dict[str, str] = {
    "green": "Green", "light_green": "Light green", "amber": "Amber", "red": "Red"}


def judgement_label(key: str | None, *, none: str = "") -> str:
    """How a stored judgement reads ("Requires improvement"); ``none`` if there is none."""
    if not key:
        return none
    return JUDGEMENTS.get(key, key)


def current_judgement(value: object) -> object:
    """A stored judgement in today's words: an old RAG key becomes its place on the new
    scale; anything else is returned as it is."""
    return FROM_RAG.get(value, value) if isinstance(value, str) else value
