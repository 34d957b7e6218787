"""A change-log entry, and how it reads: the fields changed, before → after."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .dates import shown_time

# Columns every logged row has that say nothing to a reader of the log.
QUIET_FIELDS = frozenset({"id", "uuid", "created_at", "updated_at"})
SUMMARY_CHARS = 60


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


def _short(value: Any, key: str = "") -> str:
    if key.endswith("_at") and isinstance(value, str):  # a stored UTC time: UK time
        value = shown_time(value)
    text = "—" if value is None or value == "" else str(value)
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"


def change_summary(entry: ChangeLogEntry) -> str:
    """One readable line: the fields changed, before → after (or the new/removed values)."""
    before, after = entry.before or {}, entry.after or {}
    if entry.operation == "update":
        parts = [f"{key}: {_short(before.get(key), key)} → {_short(after.get(key), key)}"
                 for key in after if key not in QUIET_FIELDS and before.get(key) != after.get(key)]
        return "; ".join(parts) if parts else "no visible change"
    values = after if entry.operation == "insert" else before
    parts = [f"{key}: {_short(value, key)}" for key, value in values.items()
             if key not in QUIET_FIELDS and value not in (None, "")]
    return "; ".join(parts)
