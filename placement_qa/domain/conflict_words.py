"""A conflict of the team register in words: which record (the child, the provider, the
visit), which fields, both values, who and when, as the conflicts page and the command
line show it. Dates are shown UK style; a reference to another record by its name.

:func:`refusal_words` says why the server did not apply an officer's change that only a
manager may make ("only a manager may end an officer (Sam Patel)"), for the status line
of the laptop that sent it (:func:`refusals_notice`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .dates import shown_time, uk
from .sync import (
    CONCERNS_TABLE,
    EDIT_OF_DELETED,
    HELD,
    MANAGER_TABLES,
    SAME_FIELD,
    SETTINGS_TABLE,
    Raised,
    Record,
    manager_only,
    manager_only_new,
)

Lookup = Callable[[str], Record | None]  # a record's data by its uuid (None: unknown)

KIND_WORDS = {
    SAME_FIELD: "changed on two laptops",
    EDIT_OF_DELETED: "changed on one laptop, deleted on another",
    HELD: "waiting for the manager",
}
FIELD_NAMES = {"provider_id_uuid": "provider", "child_id_uuid": "child",
               "visit_id_uuid": "visit", "placement_id_uuid": "placement",
               "state": "placement state", "status": "visit status", "value": "value"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def field_name(field: str) -> str:
    """``end_date`` as "end date", ``provider_id_uuid`` as "provider"."""
    named = FIELD_NAMES.get(field)
    if named:
        return named
    return field.removesuffix("_uuid").removesuffix("_id").replace("_", " ")


def _text(data: Mapping[str, Any] | None, key: str) -> str:
    value = (data or {}).get(key)
    return "" if value is None else str(value)


def _person(data: Mapping[str, Any] | None) -> str:
    name = f"{_text(data, 'given_name')} {_text(data, 'family_name')}".strip()
    return name or "a child"


def _provider(data: Mapping[str, Any] | None) -> str:
    return _text(data, "name") or "no provider"


def _visit(data: Mapping[str, Any] | None, lookup: Lookup) -> str:
    provider = lookup(_text(data, "provider_id_uuid"))
    day = _text(data, "visit_date")
    when = f" on {uk(date.fromisoformat(day))}" if _ISO_DATE.match(day) else ""
    return f"the visit to {_provider(provider) if provider else 'a home'}{when}"


def record_words(table: str, record_uuid: str, data: Record | None, lookup: Lookup) -> str:
    """The record in words: "Zoë Łukasiewicz's placement at Oakfield House School"."""
    if table == SETTINGS_TABLE:
        return f"the register's setting {record_uuid}"
    if table == "children":
        return _person(data)
    if table == "providers":
        return _provider(data)
    if table == "placements":
        child = _person(lookup(_text(data, "child_id_uuid")))
        return f"{child}'s placement at {_provider(lookup(_text(data, 'provider_id_uuid')))}"
    if table == "monitoring_visits":
        return _visit(data, lookup)
    visit = lookup(_text(data, "visit_id_uuid"))
    if table == "visit_placements":
        placement = lookup(_text(data, "placement_id_uuid"))
        child = _person(lookup(_text(placement, "child_id_uuid")))
        return f"{child} on {_visit(visit, lookup)}"
    if visit is not None:
        return f"{table.replace('_', ' ')} of {_visit(visit, lookup)}"
    return f"a record of {table.replace('_', ' ')}"


def value_words(field: str, value: Any, lookup: Lookup) -> str:
    """One value as a reader wants it: a date UK style, a record by its name, a number
    with its thousands marked (50,000; 52,500.50)."""
    if value is None or value == "":
        return "(none)"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if field.endswith("_uuid") and isinstance(value, str):
        found = lookup(value)
        return (_text(found, "name") or _person(found)) if found else "a deleted record"
    if isinstance(value, str) and _ISO_DATE.match(value):
        return uk(date.fromisoformat(value))
    if isinstance(value, str) and field.endswith("_at"):
        return shown_time(value)
    return str(value)


def values_words(fields: tuple[str, ...], values: Record | None, lookup: Lookup) -> str:
    """The conflict's fields with their values on one side; "deleted" for no record."""
    if values is None:
        return "deleted"
    shown = fields or tuple(values)
    return "; ".join(f"{field_name(f)} {value_words(f, values.get(f), lookup)}" for f in shown)


@dataclass(frozen=True)
class ConflictWords:
    """A conflict in words, part by part, as the conflicts page's columns show it."""

    record: str  # "Zoë Łukasiewicz's placement at Oakfield House School"
    fields: str  # "annual cost", or "the whole record"
    kind: str  # "changed on two laptops"
    team_value: str  # the fields as the team register holds them
    laptop_value: str  # the fields as the laptop sent them
    raised_by: str
    raised_at: str  # UK style, "" if unknown

    @property
    def line(self) -> str:
        """The whole conflict in one line."""
        when = f" at {self.raised_at}" if self.raised_at else ""
        return (f"{self.record}: {self.fields} ({self.kind}). Team register: "
                f"{self.team_value}. Sent by {self.raised_by}{when}: {self.laptop_value}")


def conflict_words(*, kind: str, table: str, record_uuid: str, data: Record | None,
                   fields: tuple[str, ...], server_value: Record | None,
                   laptop_value: Record | None, raised_by: str, raised_at: datetime | None,
                   lookup: Lookup) -> ConflictWords:
    """The conflict's parts in words (see the module's notes)."""
    return ConflictWords(
        record=record_words(table, record_uuid, data, lookup),
        fields=", ".join(field_name(f) for f in fields) or "the whole record",
        kind=KIND_WORDS.get(kind, kind),
        team_value=values_words(fields, server_value, lookup),
        laptop_value=values_words(fields, laptop_value, lookup),
        raised_by=raised_by or "a laptop",
        raised_at=shown_time(raised_at) if raised_at else "")


# --- an officer's change only a manager may make ---------------------------------------

def _officer_change(fields: list[str], server: Record | None, laptop: Record) -> str:
    if server is None:
        return "add a manager" if laptop.get("role") == "manager" else "add an officer"
    wanted = []
    if "active" in fields:
        wanted.append("end an officer" if not laptop.get("active") else "bring back an officer")
    if "role" in fields:
        wanted.append("change an officer's role")
    return " or ".join(wanted)


def refusal_words(table: str, raised: Raised, data: Record | None) -> str | None:
    """Why the server held back ``raised`` (an officer's change to a record of ``table``,
    now ``data``): "only a manager may end an officer (Sam Patel)"; None if it was held
    for another reason (an end date, a sign-off: :data:`.sync.HELD_FIELDS`)."""
    if raised.kind != HELD:
        return None
    laptop = raised.laptop_value or {}
    fields = (manager_only_new(table, laptop) if raised.server_value is None
              else manager_only(table, raised.fields or list(raised.server_value)))
    if not fields:
        return None
    if table == SETTINGS_TABLE:
        return "only a manager may change the register's settings"
    if table == CONCERNS_TABLE:
        return "only a manager may set or lift a provider's cause for concern"
    if table in MANAGER_TABLES:
        return "only a manager may change the QA framework"
    what = _officer_change(fields, raised.server_value, laptop)
    name = _text(data, "name") or _text(laptop, "name")
    return f"only a manager may {what}" + (f" ({name})" if name else "")


def refusals_notice(refusals: list[str]) -> str:
    """The status line's words for the changes the server held back as a manager's:
    "Not done: only a manager may end an officer (Sam Patel): it waits for the manager"."""
    if not refusals:
        return ""
    more = f" (and {len(refusals) - 1} more)" if len(refusals) > 1 else ""
    return f"Not done: {refusals[0]}{more}: it waits for the manager"
