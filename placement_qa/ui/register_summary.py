"""The words of the main window's title, status bar and demo notice (no Qt)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..domain.dates import uk
from ..domain.glossary import GUARDRAIL_EXCEPTION, KPI
from ..domain.schedule import Kpis, Status

APP_NAME = "Placement QA"
NO_PERCENT = "–"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def counts_text(counts: Mapping[Status, int], showing: int) -> str:
    """"1,234 placements · 56 overdue · 34 due soon · showing 1,234"."""
    total = sum(counts.values())
    return (
        f"{_plural(total, 'placement')} · {counts.get(Status.OVERDUE, 0):,} overdue · "
        f"{counts.get(Status.DUE_SOON, 0):,} due soon · showing {showing:,}"
    )


def percent_text(value: float | None) -> str:
    return NO_PERCENT if value is None else f"{value:.1f}%"


def kpi_text(kpis: Kpis, guardrail_exceptions: int | None = None) -> str:
    """"In schedule 87.5% · Providers visited in 12 months 92.0% · Guardrail exceptions 2"."""
    text = (
        f"In schedule {percent_text(kpis.in_schedule_percent)} · "
        f"Providers visited in 12 months {percent_text(kpis.providers_visited_percent)}"
    )
    if guardrail_exceptions is not None:
        text += f" · Guardrail exceptions {guardrail_exceptions:,}"
    return text


def kpi_explanation(kpis: Kpis) -> str:
    placements = _plural(kpis.monitored_placements, "live monitored placement")
    providers = _plural(kpis.monitored_providers, "provider")
    day = uk(kpis.as_of)
    return (
        f"KPI 1: {kpis.monitored_not_overdue:,} of {placements} not overdue on {day}.\n"
        f"KPI 2: {kpis.providers_visited_12_months:,} of {providers} with such placements "
        f"had a completed visit in the 12 months to {day}.\n\n"
        f"{KPI.tooltip}\n\n{GUARDRAIL_EXCEPTION.tooltip}"
    )


def window_title(register_path: Path, demo_created: bool) -> str:
    suffix = " (demo register)" if demo_created else ""
    return f"{APP_NAME} — {register_path.name}{suffix}"


def demo_notice(register_path: Path, created: bool = False) -> str:
    """What the demo banner says: that nothing is real, and how to leave it."""
    made = "was created at" if created else "is kept at"
    return (
        f"This is the demo register: made-up children and providers, nothing real. It {made} "
        f"{register_path}, apart from any register of your own. File ▸ New register… starts "
        "your own register; File ▸ Open register… opens one."
    )
