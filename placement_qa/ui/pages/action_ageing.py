"""Live follow-up actions by provider and ageing band (not yet due, 0–30, 31–60, 61–90,
over 90 days past due), as a small table under the follow-up actions list; the bands
are :mod:`placement_qa.domain.action_chase`'s."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtWidgets import QTableView, QWidget

from ...domain.action_chase import (
    AGEING_BANDS,
    ProviderAgeing,
    ageing_by_provider,
    ageing_totals,
)
from ...domain.actions import FollowUpAction
from .table_model import Column, RecordTableModel
from .widgets import record_table

TOTAL = "All providers"


def _count(band: int) -> Column:
    return Column(AGEING_BANDS[band], lambda row: f"{row.counts[band]:,}",
                  sort=lambda row: row.counts[band], numeric=True)


AGEING_COLUMNS = (
    Column("Provider", lambda row: row.provider),
    *(_count(band) for band in range(len(AGEING_BANDS))),
    Column("Total", lambda row: f"{row.total:,}", sort=lambda row: row.total, numeric=True),
)


def ageing_rows(actions: Iterable[FollowUpAction], as_of: date) -> list[ProviderAgeing]:
    """A row per provider with a live action, then the total (none when there is none)."""
    rows = ageing_by_provider(actions, as_of)
    return [*rows, ageing_totals(rows, TOTAL)] if rows else []


def ageing_table(parent: QWidget) -> QTableView:
    """The table, empty until :func:`show_ageing` fills it."""
    model = RecordTableModel(AGEING_COLUMNS, parent=parent)
    table = record_table(parent, "actionsAgeingTable", "Live actions by provider and age",
                         model)
    table.setMaximumHeight(150)
    return table


def show_ageing(table: QTableView, actions: Iterable[FollowUpAction], as_of: date) -> None:
    model = table.model()
    assert isinstance(model, RecordTableModel)
    model.set_rows(ageing_rows(actions, as_of))
    table.resizeColumnsToContents()
