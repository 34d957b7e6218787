"""The board report's section on follow-up actions that age: live actions by provider and
ageing band (not yet due, 0–30, 31–60, 61–90, over 90 days past due), and how many are
escalated to the contract manager or due to be. Providers are named, children never
(the table counts actions)."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer
from sqlite_utils import Database

from ..domain.action_chase import (
    AGEING_BANDS,
    ageing_by_provider,
    ageing_totals,
    escalation_counts,
    records_by_action,
)
from ..store.action_chases import chase_days, chase_records
from ..store.actions import list_actions
from .page import flowing_table, heading
from .styles import esc, styles

HEADING = "Follow-up actions by ageing band"


def action_ageing_part(db: Database, as_of: date) -> list[Flowable]:
    """The section: a row per provider with live actions, the total, and the escalations."""
    live = [a for a in list_actions(db, live_only=True)
            if a.raised_date is None or a.raised_date <= as_of]
    story = [heading(HEADING)]
    rows = ageing_by_provider(live, as_of)
    if not rows:
        return [*story, Paragraph(esc("No follow-up action is open."), styles()["body"])]
    table_rows = [[row.provider, *(f"{n:,}" for n in row.counts), f"{row.total:,}"]
                  for row in [*rows, ageing_totals(rows)]]
    escalated, due = escalation_counts(live, records_by_action(chase_records(db)),
                                       chase_days(db), as_of)
    words = (f"Escalated to the contract manager: {escalated:,}. "
             f"Due to be escalated, not yet recorded: {due:,}.")
    band_width = 19 * mm
    return [*story,
            *flowing_table(["Provider", *AGEING_BANDS, "Total"], table_rows,
                           [50 * mm, *(band_width,) * len(AGEING_BANDS), 19 * mm]),
            Spacer(1, 4), Paragraph(esc(words), styles()["body"])]
