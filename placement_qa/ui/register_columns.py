"""The register view's columns: the screen's columns of the register's column spec
(:mod:`placement_qa.domain.register_columns`), what each cell says and how each sorts.

Plain Python (no Qt), so the words a user reads are testable on their own. The
status and dates come from the domain's schedule lines; nothing here decides
whether a visit is due. The ``COL_*`` positions are found by the columns' names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from ..domain.register_columns import (
    STATUS_ORDER,
    Output,
    RegisterColumn,
    TextOf,
    columns_for,
    position,
    shown_text,
    sort_value,
    status_rank,
)
from ..domain.schedule import ScheduleLine
from ..domain.wording import provider_text

__all__ = [
    "COL_CHILD", "COL_PROVIDER", "COL_TYPE", "COL_HOST_AUTHORITY", "COL_START",
    "COL_LAST_VISIT", "COL_NEXT_DUE", "COL_STATUS", "HEADERS", "SCREEN_COLUMNS",
    "SORT_KEYS", "STATUS_ORDER", "cell_text", "screen_columns", "search_fields",
    "sort_keys", "status_rank",
]

SortKey = Callable[[ScheduleLine], Any]
_LATEST = date.max


def screen_columns() -> tuple[RegisterColumn, ...]:
    """The columns the register table shows (read from the spec when called)."""
    return columns_for(Output.SCREEN)


SCREEN_COLUMNS = screen_columns()
HEADERS = tuple(column.header for column in SCREEN_COLUMNS)
COL_CHILD = position(SCREEN_COLUMNS, "child")
COL_PROVIDER = position(SCREEN_COLUMNS, "provider")
COL_TYPE = position(SCREEN_COLUMNS, "type")
COL_HOST_AUTHORITY = position(SCREEN_COLUMNS, "host_authority")
COL_START = position(SCREEN_COLUMNS, "start")
COL_LAST_VISIT = position(SCREEN_COLUMNS, "last_visit")
COL_NEXT_DUE = position(SCREEN_COLUMNS, "next_due")
COL_STATUS = position(SCREEN_COLUMNS, "status")

_CELL_TEXT: tuple[TextOf, ...] = tuple(shown_text(column) for column in SCREEN_COLUMNS)


def cell_text(line: ScheduleLine, column: int) -> str:
    return _CELL_TEXT[column](line)


def search_fields(line: ScheduleLine) -> tuple[str, str, str]:
    """What the filter box searches: child, provider and host authority."""
    return (line.placement.child_name, provider_text(line), line.placement.host_authority)


def _status_then_due(line: ScheduleLine) -> tuple[int, date]:
    return (status_rank(line.status), line.next_due or _LATEST)


def sort_keys(columns: Sequence[RegisterColumn]) -> tuple[SortKey, ...]:
    """The keys the register sorts each column by: the raw sort values, except that
    Status sorts most urgent first and, within a status, by the date due."""
    return tuple(_status_then_due if column.name == "status" else sort_value(column)
                 for column in columns)


SORT_KEYS = sort_keys(SCREEN_COLUMNS)
