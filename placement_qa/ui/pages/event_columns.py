"""The columns of a list of notifiable events (the provider's and the child's pages)."""

from __future__ import annotations

from ...domain.dates import uk
from .table_model import Column

EVENT_COLUMNS = (
    Column("Date", lambda e: uk(e.occurred_on), sort=lambda e: e.occurred_on),
    Column("Event", lambda e: e.kind_label),
    Column("About", lambda e: e.about),
    Column("Provider", lambda e: e.provider_name),
    Column("Reported by", lambda e: e.reporter_label),
    Column("What was done", lambda e: e.what_done, tooltip=lambda e: e.what_done or None),
)
