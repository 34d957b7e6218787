"""The app's lists as CSV, each in the words and order its page shows: the change log,
the children awaiting provision, the follow-up actions.

The pages take their cells' words from here, so a list reads the same on screen and
in the file. To a file, a list is written privately and atomically with a BOM (see
:func:`~.cells.csv_file`); no cell is ever a formula (see :mod:`.cells`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from ..domain.action_chase import (
    ChaseDays,
    ChaseRecord,
    ageing_band,
    last_record,
    stage_due_words,
)
from ..domain.actions import FollowUpAction
from ..domain.change_log import WordedChange
from ..domain.dates import uk
from ..domain.pages import AwaitingChild
from .cells import csv_file, csv_writer


def write_csv(out: TextIO, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """The header and the rows; returns the number of rows."""
    writer = csv_writer(out)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def write_csv_file(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """The same, to a file Excel opens rightly."""
    with csv_file(path) as out:
        return write_csv(out, header, rows)


# --- the change log -------------------------------------------------------------------

CHANGE_LOG_HEADER = ("When", "Who", "Child", "Record", "Change", "What changed", "Record id")


def change_log_row(change: WordedChange) -> list[str]:
    """The change as the change log page shows it, and the record's id to trace it by."""
    words = change.words
    return [words.when, words.who, words.child, words.record, words.operation, words.changes,
            change.entry.record_uuid]


# --- children awaiting provision ------------------------------------------------------

AWAITING_HEADER = ("Child", "Case ref", "Need identified", "Weeks waited", "Interim support")


def interim_text(child: AwaitingChild) -> str:
    return child.interim_support or "None recorded"


def awaiting_row(child: AwaitingChild, as_of: date) -> list[str]:
    return [child.child_name, child.case_ref or "", uk(child.need_identified),
            str(child.weeks_waited(as_of)), interim_text(child)]


# --- follow-up actions ----------------------------------------------------------------

ACTIONS_HEADER = ("Due", "Priority", "Provider", "What", "Owner", "Status", "Raised", "Child",
                  "Age", "Chase due", "Chased")
OVERDUE = "Overdue"


def due_text(action: FollowUpAction) -> str:
    return uk(action.due_date) or "No date"


def action_status(action: FollowUpAction, as_of: date) -> str:
    """``Overdue`` for a live action past its due date, else its status."""
    return OVERDUE if action.is_overdue(as_of) else action.status_label


def raised_text(action: FollowUpAction) -> str:
    """``Visit 05/11/2026`` for an action raised on a visit, else the day it was raised."""
    if action.visit_date is not None:
        return f"Visit {uk(action.visit_date)}"
    return uk(action.raised_on)


def chased_text(records: Sequence[ChaseRecord]) -> str:
    """The last chase stage recorded: "Chased 20/11/2026 (Jo Okafor)", or ""."""
    last = last_record(records)
    return last.summary if last else ""


def action_row(action: FollowUpAction, as_of: date, records: Sequence[ChaseRecord] = (),
               days: ChaseDays | None = None) -> list[str]:
    """The action as the follow-up actions page shows it (``records``: its chases;
    ``days``: the register's chase settings, else the defaults)."""
    return [due_text(action), action.priority_label, action.provider_name, action.description,
            str(action.owner_label), action_status(action, as_of), raised_text(action),
            action.child_name, ageing_band(action, as_of) or "",
            stage_due_words(action, records, days or ChaseDays(), as_of), chased_text(records)]
