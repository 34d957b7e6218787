"""Children's names shortened to initials, wherever a document must not name a
child in full (the provider's pre-visit form, the provider's copy of a note)."""

from __future__ import annotations

import re


def initials(name: str) -> str:
    """"Zoë Łukasiewicz" → "Z. Ł."; hyphenated parts keep their own initial
    ("Hoàng Chen-James" → "H. C.-J.")."""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    return " ".join("-".join(f"{part[0]}." for part in w.split("-") if part) for w in words)
