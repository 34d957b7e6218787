"""A change-log entry, and how it reads as an audit trail:

    Zoë Łukasiewicz — placement at Northcote Park School — end date 20/07/2026 →
    18/12/2026 — by Amira Patel, 03/12/2026 14:05

The child is named in full, as the register, the child's page and the visit note name
children on screen (initials are for what leaves the council: a provider's copy of a
note, the provider's return form); the record the change belongs to in words; each field
by its label and each value as users see it (:mod:`.change_words`); who as the officer's
name where the account that made the change is known to be an officer's, else the
account; when on the council's clock.

The words are worked out when the log is read, from what the log stored and what the
register holds now (:class:`LogRegister`): nothing is added to what is stored.

Plain Python: no Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from .change_words import (
    NONE,
    Record,
    child_name,
    field_label,
    shown_fields,
    value_text,
)
from .dates import shown_time, uk
from .names import name_sort_key
from .settings import UnknownSetting, setting_spec

SETTINGS = "register_meta"
OPERATIONS = {"insert": "Added", "update": "Changed", "delete": "Removed"}


@dataclass(frozen=True)
class ChangeLogEntry:
    table_name: str
    record_uuid: str
    operation: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    os_user: str
    changed_at: str
    origin: str
    entry_id: int = 0

    @property
    def record(self) -> dict[str, Any]:
        """The record as the change left it (as it was, for a removal)."""
        return self.after or self.before or {}


class LogRegister(Protocol):
    """What the register holds now, as the change log's words need it."""

    def record(self, uuid: str) -> Record | None:
        """The record with this uuid (its fields, references as ``<field>_uuid``)."""

    def visit_children(self, visit_uuid: str) -> tuple[str, ...]:
        """The names of the children a visit covers."""

    def who(self, account: str) -> str:
        """The officer's name for this account, else the account."""


@dataclass(frozen=True)
class ChangeWords:
    """One change in words, part by part, as the change log's columns show it."""

    when: str          # "03/12/2026 14:05:09", UK time
    who: str           # "Amira Patel", or the account ("apatel")
    child: str         # "Zoë Łukasiewicz"; several for a visit; "" for none
    record: str        # "placement at Northcote Park School"
    operation: str     # "Added", "Changed", "Removed"
    changes: str       # "end date 20/07/2026 → 18/12/2026"
    when_short: str = ""   # "03/12/2026 14:05"

    @property
    def line(self) -> str:
        """The change in one line (the example in the module's notes)."""
        what = self.changes if self.operation == OPERATIONS["update"] else (
            f"{self.operation.lower()}: {self.changes}" if self.changes
            else self.operation.lower())
        parts = [self.child, self.record, what, f"by {self.who}, {self.when_short}"]
        return " — ".join(part for part in parts if part)


def record_type(table: str) -> str:
    """The kind of record a table keeps, as the record type filter offers it:
    ``Monitoring visits`` for ``monitoring_visits``, ``Settings`` for the settings."""
    return "Settings" if table == SETTINGS else table.replace("_", " ").capitalize()


def change_words(entry: ChangeLogEntry, register: LogRegister) -> ChangeWords:
    """``entry`` in words (see the module's notes)."""
    return ChangeWords(
        when=shown_time(entry.changed_at, seconds=True),
        who=register.who(entry.os_user),
        child=", ".join(children_of(entry, register)),
        record=record_words(entry.table_name, entry.record, register),
        operation=OPERATIONS.get(entry.operation, entry.operation),
        changes=change_summary(entry, register.record),
        when_short=shown_time(entry.changed_at))


@dataclass(frozen=True)
class WordedChange:
    """A change-log entry with its words, as the page lists it and the export writes it."""

    entry: ChangeLogEntry
    words: ChangeWords


def worded(entries: Iterable[ChangeLogEntry], register: LogRegister) -> list[WordedChange]:
    return [WordedChange(entry, change_words(entry, register)) for entry in entries]


def change_summary(entry: ChangeLogEntry,
                   lookup: Callable[[str], Record | None] = lambda _: None) -> str:
    """The fields changed, before → after (or the values added or removed), in words."""
    table, before, after = entry.table_name, entry.before or {}, entry.after or {}
    if table == SETTINGS:   # a setting: its value, the setting itself is the record
        before, after = _setting_value(before), _setting_value(after)
    said = _SAID_BY_THE_RECORD.get(table, ())
    if entry.operation == "update":
        parts = [f"{field_label(table, key)} {value_text(table, key, before.get(key), lookup)}"
                 f" → {value_text(table, key, after.get(key), lookup)}"
                 for key in shown_fields(after) if before.get(key) != after.get(key)]
        return "; ".join(parts) if parts else "no visible change"
    values = after if entry.operation == "insert" else before
    return "; ".join(f"{field_label(table, key)} {value_text(table, key, values[key], lookup)}"
                     for key in shown_fields(values)
                     if values[key] not in (None, "") and key not in said)


# References the record's words already name (a change to them is still shown).
_SAID_BY_THE_RECORD = {
    "placements": ("child_id_uuid", "provider_id_uuid"),
    "visit_placements": ("visit_id_uuid", "placement_id_uuid"),
    "monitoring_visits": ("provider_id_uuid",),
    **{table: ("visit_id_uuid",) for table in ("findings", "visit_observations",
                                               "action_reviews", "visit_amendments",
                                               "note_countersigns")},
    "inspections": ("provider_id_uuid",),
}


def _setting_value(record: dict[str, Any]) -> dict[str, Any]:
    return {"value": record["value"]} if "value" in record else {}


# --- the child and the record ------------------------------------------------------

def children_of(entry: ChangeLogEntry, register: LogRegister) -> tuple[str, ...]:
    """The children the changed record is about: the child, the child of a placement,
    the children a visit covers; none for a provider, an officer, a setting."""
    record, table = entry.record, entry.table_name
    if table == "children":
        return _named(child_name(record))
    placement = register.record(str(record.get("placement_id_uuid") or ""))
    if table == "placements":
        placement = record
    if placement is not None:
        return _named(child_name(register.record(str(placement.get("child_id_uuid") or ""))))
    visit = entry.record_uuid if table == "monitoring_visits" else record.get("visit_id_uuid")
    if visit:
        return tuple(sorted(register.visit_children(str(visit)), key=name_sort_key))
    return ()


def _named(name: str) -> tuple[str, ...]:
    return (name,) if name else ()


_ON_A_VISIT = {"visit_placements": "on the", "findings": "finding on the",
               "visit_observations": "observation on the",
               "action_reviews": "action review on the",
               "visit_amendments": "amendment to the",
               "note_countersigns": "countersign or return of the",
               "provider_returns": "provider return for the"}


def record_words(table: str, record: Record, register: LogRegister) -> str:
    """The record a change belongs to, in words: "placement at Northcote Park School",
    "visit to Oakfield School on 18/11/2026", "provider Oakfield School"."""
    provider = _provider(record, register)
    if table == "children":
        return "child's details"
    if table == "placements":
        return f"placement at {provider}" if provider else "placement (no provider)"
    if table == "providers":
        return f"provider {record.get('name') or NONE}"
    if table == "monitoring_visits":
        return _visit_words(record, register)
    visit = register.record(str(record.get("visit_id_uuid") or ""))
    if table in _ON_A_VISIT and visit is not None:   # "on the visit to …": a child's part
        return f"{_ON_A_VISIT[table]} {_visit_words(visit, register)}"
    return _other_words(table, record, provider)


_AT_A_PROVIDER = {"inspections": "inspection of", "follow_up_actions": "follow-up action for",
                  "provider_returns": "provider return from",
                  "provider_reported_items": "provider return item from",
                  "notifiable_events": "event between visits at"}


def _other_words(table: str, record: Record, provider: str) -> str:
    if table in _AT_A_PROVIDER:
        words = _AT_A_PROVIDER[table]
        return f"{words} {provider}" if provider else words.rsplit(" ", 1)[0]
    if table == "officers":
        return f"officer {record.get('name') or NONE}"
    if table == SETTINGS:
        return f"setting “{_setting_label(str(record.get('key') or ''))}”"
    if table == "qa_frameworks":
        return f"QA framework {record.get('name') or NONE}"
    if table == "qa_framework_versions":
        return f"QA framework version {record.get('version') or NONE}"
    if table == "schedule_reviews":
        return f"schedule review for {_month(str(record.get('month') or ''))}"
    if table == "register_events":
        return "register file"
    return table.replace("_", " ")


def _provider(record: Record, register: LogRegister) -> str:
    """The provider the record is at: its own, its visit's or its return's."""
    for field in ("provider_id_uuid", "visit_id_uuid", "return_id_uuid"):
        uuid = record.get(field)
        if not uuid:
            continue
        found = register.record(str(uuid))
        if found is None:
            continue
        if field == "provider_id_uuid":
            return str(found.get("name") or "")
        return _provider(found, register)
    return ""


def _visit_words(visit: Record, register: LogRegister) -> str:
    provider = _provider(visit, register)
    day = str(visit.get("visit_date") or "")
    on = f" on {uk(date.fromisoformat(day))}" if day else ""
    return f"visit to {provider}{on}" if provider else f"home visit{on}"


def _setting_label(key: str) -> str:
    try:
        return setting_spec(key).label
    except UnknownSetting:
        return key.replace("_", " ")


def _month(text: str) -> str:
    try:
        return date.fromisoformat(f"{text}-01").strftime("%B %Y")
    except ValueError:
        return text or NONE
