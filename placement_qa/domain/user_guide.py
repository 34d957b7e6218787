"""The in-app user guide: the README's user-facing sections and the "Words used".

The guide is the README itself (shipped with the package as
``resources/user-guide.md``, a link to it), so it cannot go stale against it. This
module picks the sections users need (not the set-up, command-line or code notes),
drops the screenshots (the reader is looking at the app) and adds the glossary.

Each screen has a help section: F1 there opens the guide at the paragraph whose text
starts with the section's lead words (a tour item's bold words, or a heading).
"""

from __future__ import annotations

import re

from .glossary import GLOSSARY_HEADING, glossary_markdown

GUIDE_TITLE = "Placement QA — user guide"
# The README's "## ..." sections shown in the app, in order.
GUIDE_SECTIONS = ("A short tour", "Working as a team", "Importing placements")

# help section id -> the lead words of its paragraph in the guide
SECTION_LEADS: dict[str, str] = {
    "dashboard": "The dashboard",
    "register": "The register",
    "child-page": "Pages",
    "provider-page": "Pages",
    "awaiting-provision": "Pages",
    "guardrail-exceptions": "The guardrail",
    "monthly-schedule": "Planning visits",
    "trip-planner": "Planning visits",
    "follow-up-actions": "Follow-up actions",
    "change-log": "Who did what, and what went wrong",
    "visit-note": "Recording a visit",
    "follow-up-visit": "Follow-up visits",
    "countersign": "Countersigning notes",
    "keyboard": "Keyboard",
    "words-used": GLOSSARY_HEADING,
}

_CONTENTS_LINE = re.compile(
    r"(?m)^(?:#{2,3} (?P<heading>.+)|- \*\*(?P<lead>.+?)\*\*|\*\*(?P<term>[^*]+)\*\*:)")
_IMAGE_LINE = re.compile(r"^\s*\[?!\[")  # ![shot](docs/x.png) or [![shot](x.png)](x.png)


def readme_sections(readme: str) -> dict[str, str]:
    """The README's level-2 sections by heading, each from its heading line to the next."""
    parts = re.split(r"(?m)^(?=## )", readme)
    return {part.splitlines()[0][3:].strip(): part for part in parts if part.startswith("## ")}


def readme_introduction(readme: str) -> str:
    """What the app is: the text between the set-up commands' rule (---) and the tour."""
    before_tour = re.split(r"(?m)^## ", readme, maxsplit=1)[0]
    return before_tour.split("\n---\n", 1)[-1].strip()


def without_images(markdown: str) -> str:
    return "\n".join(line for line in markdown.splitlines() if not _IMAGE_LINE.match(line))


def guide_markdown(readme: str) -> str:
    """The guide (Markdown): title, introduction, the user-facing sections, the glossary."""
    sections = readme_sections(readme)
    parts = [f"# {GUIDE_TITLE}", readme_introduction(readme)]
    parts += [sections[name].strip() for name in GUIDE_SECTIONS if name in sections]
    parts.append(glossary_markdown())
    return without_images("\n\n".join(parts)) + "\n"


def guide_contents(markdown: str) -> list[tuple[bool, str]]:
    """The guide's parts in order, as (is a heading, words): each heading, and under it
    each list item's bold lead words ("The dashboard") or each term of the Words used."""
    found = []
    for match in _CONTENTS_LINE.finditer(markdown):
        heading = match.group("heading")
        words = heading or match.group("lead") or match.group("term")
        found.append((heading is not None, words.rstrip(".:")))
    return found
