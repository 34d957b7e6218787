"""The manager's own values for a conflict (the conflicts page's *Edit…*): which conflicts
can be typed, each value as it is typed, and what is typed read back as the field holds
it. Plain Python.

A value is typed as the register's dialogs take it: a date UK style (22/11/2026), a
number as digits, nothing for none. A reference to another record (the provider) or a
choice from a list (a placement's state, a visit's status) is not typed: the manager
keeps one side's value. Nor is a whole record (one side deleted it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from .conflict_words import field_name
from .dates import InvalidDate, iso, parse_date, uk
from .sync import Record
from .validation import FieldError

# Fields whose value is one of a list the register knows: chosen, never typed.
CHOICE_FIELDS = frozenset({"state", "status", "role", "arrangement", "arrangements",
                           "priority", "owner_kind", "verification", "kind", "outcome",
                           "visit_type", "provider_type", "rating", "active"})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def edit_refusal(fields: tuple[str, ...]) -> str | None:
    """Why the conflict's values cannot be typed, in words; None if they can."""
    if not fields:
        return "This conflict is about the whole record: keep mine or keep theirs."
    for field in fields:
        if field.endswith("_uuid"):
            return f"The {field_name(field)} is a record, not typed: keep mine or keep theirs."
        if field in CHOICE_FIELDS:
            return (f"The {field_name(field)} is chosen from a list, not typed: keep mine or "
                    "keep theirs.")
    return None


def typed_text(value: Any) -> str:
    """``value`` as it is typed: a date UK style, a whole number without ".0", "" for none."""
    if value is None:
        return ""
    if isinstance(value, str) and _ISO_DATE.match(value):
        return uk(date.fromisoformat(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def edited_values(fields: tuple[str, ...], server_value: Record | None,
                  laptop_value: Record | None, texts: Mapping[str, str]) -> Record:
    """What was typed for each of ``fields``, read as the field holds it (judged by the
    values either side holds): a date stored ISO, a number as a number, nothing as none.
    FieldError (naming the field as the page shows it) for a value that cannot be read."""
    values: Record = {}
    for field in fields:
        examples = [side[field] for side in (server_value, laptop_value)
                    if side and side.get(field) is not None]
        values[field] = _read(field, texts.get(field, "").strip(), examples)
    return values


def _read(field: str, text: str, examples: list[Any]) -> Any:
    label = field_name(field).capitalize()
    if not text:
        return None
    example = examples[0] if examples else None
    if isinstance(example, (int, float)) and not isinstance(example, bool):
        plain = text.replace(",", "").removeprefix("£").strip()
        if not _NUMBER.match(plain):
            raise FieldError(label, f"'{text}' is not a number")
        number = float(plain)
        if isinstance(example, int) and number.is_integer():
            return int(number)
        return number
    if field.endswith("_date") or (isinstance(example, str) and _ISO_DATE.match(example)):
        try:
            return iso(parse_date(text, field=label))
        except InvalidDate as exc:
            raise FieldError(label, str(exc).removeprefix(f"{label}: ")) from None
    return text
