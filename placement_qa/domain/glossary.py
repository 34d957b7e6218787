"""The words users meet on the screens, explained once: the tooltips and the guide's
"Words used" section both read them from here.

Plain Python. The meanings are for an English local authority's SEND service; where
the app has rules of its own (the guardrail, "Not required", the KPIs, the judgement) the
words name what the app does.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dashboard import IN_SCHEDULE, PROVIDERS_VISITED, TILE_LABELS
from .judgement import JUDGEMENT_MEANINGS, JUDGEMENTS

GLOSSARY_HEADING = "Words used"


@dataclass(frozen=True)
class Term:
    """A word or abbreviation and what it means here."""

    word: str
    meaning: str

    @property
    def tooltip(self) -> str:
        """"URN: Unique Reference Number: …" (for a widget that shows the word)."""
        return f"{self.word}: {self.meaning}"


def _judgement_scale() -> str:
    return "; ".join(f"{JUDGEMENTS[k]} — {JUDGEMENT_MEANINGS[k].lower()}" for k in JUDGEMENTS)


RAG = Term(
    "RAG",
    "red, amber, green: a rating shown as a colour, as the council's improvement plans "
    "rate how each action is being delivered. It does not judge a placement: a visit's "
    "overall judgement uses the words below (a register from before December 2026 held "
    "the RAG key there; green became Outstanding, light green Good, amber Requires "
    "improvement and red Inadequate).",
)
JUDGEMENT = Term(
    "Overall judgement",
    f"how well the placement serves the child, judged at the visit, best first: "
    f"{_judgement_scale()}.",
)
URN = Term(
    "URN",
    "Unique Reference Number: the 6-digit number the Department for Education gives each "
    "school and college (as listed on Get Information about Schools), which Ofsted uses "
    "too. Ofsted's inspection data, and its import here, find a provider by it; leave it "
    "blank for a provider that has none.",
)
SCCIF = Term(
    "SCCIF",
    "Social Care Common Inspection Framework: how Ofsted inspects children's social care "
    "settings, such as children's homes and the residential (boarding) side of residential "
    "special schools. Its overall judgement is the overall experiences and progress of "
    "children and young people, from Outstanding to Inadequate; below Good is a concern.",
)
GUARDRAIL_EXCEPTION = Term(
    "Guardrail exception",
    "a new placement made at a provider whose latest inspection is below good (e.g. "
    "Requires improvement or Inadequate) or that was never inspected. The council does not "
    "use such providers for new placements, so the placement goes ahead only with a recorded "
    "reason (e.g. a tribunal order) and the name of the manager who approved it. They are "
    "listed under View → Guardrail exceptions and counted in the status bar and the board "
    "report.",
)
KPI = Term(
    "KPI",
    "key performance indicator: a figure the council reports to its board. The dashboard "
    f"shows two: \u201c{TILE_LABELS[IN_SCHEDULE]}\u201d (the % of live placements that need "
    "monitoring whose visit is not overdue) and "
    f"\u201c{TILE_LABELS[PROVIDERS_VISITED]}\u201d (the % of providers with such a "
    "placement that had a completed visit in the 12 months to the date). The status bar "
    "shows both, with the number of guardrail exceptions.",
)
NOT_REQUIRED = Term(
    "Not required",
    "no monitoring visit is required by the council's rules: a day place in the home "
    "authority, at a provider that is not an independent or non-maintained special school "
    "or independent post-16 institution, and not elective home education. It can still be "
    "visited, and it is not counted in the KPIs.",
)

TERMS: tuple[Term, ...] = (GUARDRAIL_EXCEPTION, KPI, NOT_REQUIRED, JUDGEMENT, RAG, SCCIF,
                           URN)


def glossary_markdown() -> str:
    """The guide's "Words used" section (Markdown), one paragraph per term."""
    lines = [f"## {GLOSSARY_HEADING}", ""]
    for term in TERMS:
        lines += [f"**{term.word}**: {term.meaning}", ""]
    return "\n".join(lines)


def explained(text: str) -> str | None:
    """The tooltip of the term ``text`` is ("SCCIF" -> "SCCIF: Social Care …"), else None."""
    wanted = text.strip().casefold()
    return next((term.tooltip for term in TERMS if term.word.casefold() == wanted), None)
