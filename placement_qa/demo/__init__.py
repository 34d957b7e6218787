"""Deterministic demo registers for Westbridge: small, large and national.

``build_demo(db, "small")`` fills a new, empty register with fictional children,
providers, placements, inspections and years of monitoring visits, so that a
provision manager opening the app sees a realistic schedule as of 22/11/2026.
"""

from __future__ import annotations

from .build import DemoSummary, build_demo
from .file import write_demo_register
from .profiles import DEFAULT_AS_OF, HOME_AUTHORITY, SIZES

__all__ = [
    "DEFAULT_AS_OF", "HOME_AUTHORITY", "SIZES", "DemoSummary", "build_demo",
    "write_demo_register",
]
