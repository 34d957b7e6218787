"""The register's columns, described once: the register table on screen, the CSV and
XLSX exports and the printed register list all take their columns from :data:`COLUMNS`.

Each :class:`RegisterColumn` has a name (for code, never shown), the header every
output heads it with, a width hint in characters (what a typical value needs; the
printed list shares its page width out by these), its kind, its raw value (a date, an
amount, text: what the XLSX export types its cells by and the screen sorts by), how
that value reads, and which outputs show it. An output shows its columns in the order
of :data:`COLUMNS`, so nothing picks a column by position.

The CSV and XLSX exports hold every column, the ones the council matches its other
systems by (case ref, URN, arrangement, interim support, annual cost) included, added
after the older ones so a column's place in an existing file does not move. The screen
and the printed list show what fits a glance and a landscape page: no case ref or URN,
and no costs on paper.

Plain Python (no Qt, no reportlab). What a placement holds beyond its schedule line
comes in a :class:`PlacementDetails`, read by the store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Protocol

from .dates import uk
from .ehcp import annual_review_due, is_review_overdue
from .names import name_sort_key
from .register import arrangement_label
from .schedule import ScheduleLine, Status
from .wording import provider_text, status_text, type_text


class Output(StrEnum):
    SCREEN = "screen"
    CSV = "csv"
    XLSX = "xlsx"
    PDF = "pdf"


class Kind(StrEnum):
    """What a column's raw value is: text, a date, or an amount in pounds."""

    TEXT = "text"
    DATE = "date"
    MONEY = "money"


Value = str | date | float | None


@dataclass(frozen=True, slots=True)
class PlacementDetails:
    """What the exports tell of a placement beyond its schedule line (its child's case
    ref and EHCP review dates as recorded, its provider's URN, its interim support and
    annual cost); blank where the register holds nothing."""

    case_ref: str = ""
    urn: str = ""
    ehcp_last_review: date | None = None
    ehcp_next_review_due: date | None = None
    interim_support: str = ""
    annual_cost: float | None = None


NO_DETAILS = PlacementDetails()



class ValueOf(Protocol):
    """A column's raw value for a schedule line, with its placement's details (none
    given: none known, as on screen, which has the schedule lines only)."""

    def __call__(self, line: ScheduleLine, details: PlacementDetails = ..., /) -> Value: ...


class TextOf(Protocol):
    def __call__(self, line: ScheduleLine, details: PlacementDetails = ..., /) -> str: ...


class SortValueOf(Protocol):
    def __call__(self, line: ScheduleLine, details: PlacementDetails = ..., /) -> Any: ...


PrintedOf = Callable[[ScheduleLine, PlacementDetails, date], str]


@dataclass(frozen=True)
class RegisterColumn:
    """One column. ``shown`` is how the value reads on screen and on paper (None: the
    value as text, dates 22/11/2026 and amounts £58,500.00); ``printed`` how it reads
    on the printed list as of its date (None: as shown); ``sort`` the raw value the
    screen sorts by (None: the value, text filed as names are)."""

    name: str
    header: str
    width: int
    kind: Kind
    value: ValueOf
    outputs: frozenset[Output]
    shown: TextOf | None = None
    printed: PrintedOf | None = None
    sort: SortValueOf | None = None


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


def status_rank(status: Status) -> int:
    return _STATUS_RANK[status]


def status_sort_key(line: ScheduleLine) -> int:
    """Lines needing action (overdue, or their visit slipped) first with the overdue
    ones, then by status."""
    return status_rank(Status.OVERDUE if line.needs_action else line.status)


OVERDUE_MARK = "⚠ overdue"


def ehcp_text(due: date | None, overdue: bool) -> str:
    """The next EHCP review as printed: the date, flagged when overdue, or that none is
    recorded (so the gap in the record is seen)."""
    if due is None:
        return "No review recorded"
    return f"{uk(due)} {OVERDUE_MARK}" if overdue else uk(due)


def money_text(amount: float | None) -> str:
    """``£58,500.00``, or an empty string for no amount."""
    return "" if amount is None else f"£{amount:,.2f}"


def _ehcp_due(_line: ScheduleLine, details: PlacementDetails = NO_DETAILS) -> date | None:
    """The domain's rule (:func:`annual_review_due`): 12 months after the last review
    unless an earlier date is recorded."""
    return annual_review_due(details.ehcp_last_review, details.ehcp_next_review_due)


def _ehcp_printed(_line: ScheduleLine, details: PlacementDetails, as_of: date) -> str:
    last, recorded = details.ehcp_last_review, details.ehcp_next_review_due
    return ehcp_text(annual_review_due(last, recorded), is_review_overdue(last, recorded, as_of))


def _printed_or(blank: str, value: ValueOf) -> PrintedOf:
    """A date printed UK style, or ``blank`` where there is none (a blank cell on paper
    reads as something forgotten)."""
    def printed(line: ScheduleLine, details: PlacementDetails, _as_of: date) -> str:
        day = value(line, details)
        return uk(day) if isinstance(day, date) else blank
    return printed


def _last_visit(line: ScheduleLine, _details: PlacementDetails = NO_DETAILS) -> date | None:
    return line.last_visit


def _next_due(line: ScheduleLine, _details: PlacementDetails = NO_DETAILS) -> date | None:
    return line.next_due


EVERYWHERE = frozenset(Output)
FILES = frozenset({Output.CSV, Output.XLSX})
TEXT, DATE, MONEY = Kind.TEXT, Kind.DATE, Kind.MONEY

# Each value is a function of the schedule line and the placement's details; those of
# the line alone leave the details out (``_=NO_DETAILS``), as the screen calls them.
COLUMNS: tuple[RegisterColumn, ...] = (
    RegisterColumn("child", "Child", 25, TEXT,
                   lambda line, _=NO_DETAILS: line.placement.child_name, EVERYWHERE),
    RegisterColumn("provider", "Provider", 30, TEXT,
                   lambda line, _=NO_DETAILS: provider_text(line), EVERYWHERE),
    RegisterColumn("type", "Type", 22, TEXT,
                   lambda line, _=NO_DETAILS: type_text(line), EVERYWHERE),
    RegisterColumn("host_authority", "Host authority", 20, TEXT,
                   lambda line, _=NO_DETAILS: line.placement.host_authority, EVERYWHERE),
    RegisterColumn("start", "Start", 13, DATE,
                   lambda line, _=NO_DETAILS: line.placement.start_date, EVERYWHERE),
    RegisterColumn("end", "End", 13, DATE,
                   lambda line, _=NO_DETAILS: line.placement.end_date, FILES),
    RegisterColumn("ehcp_last_review", "EHCP last review", 13, DATE,
                   lambda _line, details=NO_DETAILS: details.ehcp_last_review, FILES),
    RegisterColumn("ehcp_next_review_due", "EHCP next review due", 26, DATE, _ehcp_due,
                   FILES | {Output.PDF}, printed=_ehcp_printed),
    RegisterColumn("last_visit", "Last visit", 13, DATE, _last_visit, EVERYWHERE,
                   printed=_printed_or("Never", _last_visit)),
    RegisterColumn("next_due", "Next due", 13, DATE, _next_due, EVERYWHERE,
                   printed=_printed_or("—", _next_due)),
    RegisterColumn("status", "Status", 18, TEXT,
                   lambda line, _=NO_DETAILS: line.status.value, EVERYWHERE,
                   shown=lambda line, _=NO_DETAILS: status_text(line),
                   sort=lambda line, _=NO_DETAILS: status_sort_key(line)),
    RegisterColumn("planned_visit", "Planned visit", 13, DATE,
                   lambda line, _=NO_DETAILS: line.planned_visit, FILES),
    RegisterColumn("planned_late", "Planned after due date", 8, TEXT,
                   lambda line, _=NO_DETAILS: "yes" if line.planned_late else "", FILES),
    RegisterColumn("requires_monitoring", "Requires monitoring", 8, TEXT,
                   lambda line, _=NO_DETAILS: "yes" if line.requires_monitoring else "no",
                   FILES),
    # What the council matches other systems by, after the older columns.
    RegisterColumn("case_ref", "Case ref", 12, TEXT,
                   lambda _line, details=NO_DETAILS: details.case_ref, FILES),
    RegisterColumn("urn", "URN", 8, TEXT,
                   lambda _line, details=NO_DETAILS: details.urn, FILES),
    RegisterColumn("arrangement", "Arrangement", 22, TEXT,
                   lambda line, _=NO_DETAILS: arrangement_label(line.placement.arrangement),
                   FILES),
    RegisterColumn("interim_support", "Interim support", 30, TEXT,
                   lambda _line, details=NO_DETAILS: details.interim_support, FILES),
    RegisterColumn("annual_cost", "Annual cost", 12, MONEY,
                   lambda _line, details=NO_DETAILS: details.annual_cost, FILES),
)


def columns_for(output: Output) -> tuple[RegisterColumn, ...]:
    """The columns ``output`` shows, in register order (read from :data:`COLUMNS` when
    called)."""
    return tuple(column for column in COLUMNS if output in column.outputs)


def position(columns: Sequence[RegisterColumn], name: str) -> int:
    """Where the column called ``name`` is in ``columns``; -1 if it is not there."""
    return next((i for i, column in enumerate(columns) if column.name == name), -1)


def value_shown(value: Value) -> str:
    """A raw value as it reads: dates 22/11/2026, amounts £58,500.00, nothing as ""."""
    if isinstance(value, date):
        return uk(value)
    if isinstance(value, float):
        return money_text(value)
    return value or ""


# The screen asks for the text of the rows in sight and the sort values of every row:
# the functions below call the column's value directly, one call deep, each for its kind.

def shown_text(column: RegisterColumn) -> TextOf:
    """How ``column``'s value reads on screen (and, unless it says otherwise, on paper)."""
    if column.shown is not None:
        return column.shown
    value = column.value
    if column.kind is DATE:
        def dated(line: ScheduleLine, details: PlacementDetails = NO_DETAILS) -> str:
            day = value(line, details)
            return uk(day) if isinstance(day, date) else ""
        return dated
    if column.kind is MONEY:
        def money(line: ScheduleLine, details: PlacementDetails = NO_DETAILS) -> str:
            amount = value(line, details)
            return money_text(amount) if isinstance(amount, float) else ""
        return money

    def text(line: ScheduleLine, details: PlacementDetails = NO_DETAILS) -> str:
        words = value(line, details)
        return words if isinstance(words, str) else ""
    return text


def printed_text(column: RegisterColumn) -> PrintedOf:
    """How ``column``'s value reads on the printed list as of its date."""
    if column.printed is not None:
        return column.printed
    shown = shown_text(column)
    return lambda line, details, _as_of: shown(line, details)


def sort_value(column: RegisterColumn) -> SortValueOf:
    """The raw value ``column`` sorts by: its own, or the value (text filed as names
    are, see :func:`name_sort_key`; None, sorting last, where there is none)."""
    if column.sort is not None:
        return column.sort
    value = column.value
    if column.kind is not TEXT:
        return value

    def filed(line: ScheduleLine, details: PlacementDetails = NO_DETAILS) -> str | None:
        text = value(line, details)
        return name_sort_key(text) if isinstance(text, str) and text else None
    return filed
