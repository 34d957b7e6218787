"""The register view's columns: what each cell says and how each column sorts.

Plain Python (no Qt), so the words a user reads are testable on their own. The
status and dates come from the domain's schedule lines; nothing here decides
whether a visit is due.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from ..domain.dates import uk
from ..domain.names import name_sort_key
from ..domain.register import provider_type_label
from ..domain.schedule import ScheduleLine, Status
from ..domain.wording import provider_text, status_text

COL_CHILD = 0
COL_PROVIDER = 1
COL_TYPE = 2
COL_HOST_AUTHORITY = 3
COL_START = 4
COL_LAST_VISIT = 5
COL_NEXT_DUE = 6
COL_STATUS = 7

HEADERS = (
    "Child",
    "Provider",
    "Type",
    "Host authority",
    "Start",
    "Last visit",
    "Next due",
    "Status",
)

# The order "Status" sorts in: most urgent first.
STATUS_ORDER: tuple[Status, ...] = (
    Status.OVERDUE,
    Status.DUE_SOON,
    Status.IN_SCHEDULE,
    Status.NOT_STARTED,
    Status.AWAITING_PROVISION,
    Status.NOT_REQUIRED,
    Status.ENDED,
)
_STATUS_RANK = {status: rank for rank, status in enumerate(STATUS_ORDER)}
_LATEST = date.max


_CELL_TEXT: tuple[Callable[[ScheduleLine], str], ...] = (
    lambda line: line.placement.child_name,
    provider_text,
    lambda line: provider_type_label(line.placement.provider_type),
    lambda line: line.placement.host_authority,
    lambda line: uk(line.placement.start_date),
    lambda line: uk(line.last_visit),
    lambda line: uk(line.next_due),
    status_text,
)


def cell_text(line: ScheduleLine, column: int) -> str:
    return _CELL_TEXT[column](line)


def search_fields(line: ScheduleLine) -> tuple[str, str, str]:
    """What the filter box searches: child, provider and host authority."""
    return (line.placement.child_name, provider_text(line), line.placement.host_authority)


def status_rank(status: Status) -> int:
    return _STATUS_RANK[status]


def _text_value(text: str) -> str | None:
    """Where a name (or other text) is filed (see :func:`name_sort_key`); None if blank."""
    return name_sort_key(text) if text else None


# Raw values a column sorts by (None, or a blank cell, sorts last either way).
_SORT_VALUE: tuple[Callable[[ScheduleLine], Any], ...] = (
    lambda line: _text_value(line.placement.child_name),
    lambda line: _text_value(provider_text(line)),
    lambda line: _text_value(provider_type_label(line.placement.provider_type)),
    lambda line: _text_value(line.placement.host_authority),
    lambda line: line.placement.start_date,
    lambda line: line.last_visit,
    lambda line: line.next_due,
    lambda line: status_rank(line.status),
)


def sort_value(line: ScheduleLine, column: int) -> Any:
    return _SORT_VALUE[column](line)


def _status_then_due(line: ScheduleLine) -> tuple[int, date]:
    return (status_rank(line.status), line.next_due or _LATEST)


# The keys the register sorts each column by: the raw values, except that
# Status sorts most urgent first and, within a status, by the date due.
SORT_KEYS: tuple[Callable[[ScheduleLine], Any], ...] = (*_SORT_VALUE[:COL_STATUS], _status_then_due)
