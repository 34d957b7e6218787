"""The team register's rules, in plain Python: which records travel, how a laptop's change
merges into the server's copy of a record, and what waits for the manager (the status
line's words are :mod:`.sync_status`).

A record travels in its *portable* form (:func:`portable`): its fields without the local
integer ``id``, without its identity (``uuid``; a setting's ``key``) and without integer
foreign keys, which travel as ``<column>_uuid`` (the change log writes both). So a field
means the same on every laptop and on the server.

:func:`merge_change` is what the server does with one change a laptop sends:

- a new record is applied; the same change sent twice is ignored (by its id, on the
  server); findings, child sections, observations and amendments belong to the visit's
  author and merge field by field without a conflict;
- an edit applies field by field; a field someone else changed since this laptop last saw
  it is a ``same_field`` conflict: the later arrival is applied and both values are kept;
- an edit or a new record that needs a record deleted on the server is not applied: an
  ``edit_of_deleted`` conflict keeps it (a delete of a record edited since is applied and
  kept the same way; one other records still need is not applied);
- ``held`` (not applied until the manager decides): a placement's end date, provider and
  state, a visit's completion or cancellation and its sign-off, and, from an officer, the
  register's settings, the QA framework, providers causing concern and an officer's role
  or active flag (anyone may add an officer; a new manager is the manager's to add). A
  field the server holds with the sent value already is never held: it changes nothing.

The result says what the server now holds and what a laptop pulling the change must do
(``applied``: the fields the change touched, as the server holds them after it; None when
the record is not on the server after it). A laptop applies that to its own copy, so a
change the server held back is undone there too: every register ends up as the server is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .names import name_key

Record = dict[str, Any]

INSERT, UPDATE, DELETE = "insert", "update", "delete"
SAME_FIELD, EDIT_OF_DELETED, HELD = "same_field", "edit_of_deleted", "held"
CONFLICT_KINDS = (SAME_FIELD, EDIT_OF_DELETED, HELD)
MINE, THEIRS, EDITED = "mine", "theirs", "edited"
RESOLUTIONS = (MINE, THEIRS, EDITED)

# The table holding the register's settings (and its own id), travelling as records of
# their key: only this module names it outside store/settings.py and store/schema.py.
SETTINGS_TABLE = "register_meta"
# What never leaves the laptop: events of the register file itself (encrypted here,
# restored here), and the register's own id.
LOCAL_ONLY_TABLES = frozenset({"register_events"})
LOCAL_ONLY_SETTINGS = frozenset({"register_id"})

# Records that belong to the visit's author: merged field by field, never a conflict.
AUTHOR_OWNED = frozenset({"findings", "visit_placements", "visit_observations",
                          "visit_amendments"})

# Fields an officer's change to which waits for the manager (held back, not applied).
HELD_FIELDS: Mapping[str, frozenset[str]] = {
    "placements": frozenset({"end_date", "provider_id_uuid", "state"}),
    "monitoring_visits": frozenset({"signed_off_by", "signed_off_at", "cancel_reason"}),
}
# ... and fields held only when they take one of these values.
HELD_VALUES: Mapping[tuple[str, str], frozenset[Any]] = {
    ("monitoring_visits", "status"): frozenset({"completed", "cancelled"}),
}
# Providers a manager marked as causing concern (store/concerns.py), a manager's alone.
CONCERNS_TABLE = "provider_concerns"
# Only a manager may change these (the server's own trigger refuses an officer's too).
MANAGER_TABLES = frozenset({SETTINGS_TABLE, "qa_frameworks", "qa_framework_versions",
                            "note_countersigns",
                            CONCERNS_TABLE})
MANAGER_FIELDS: Mapping[str, frozenset[str]] = {"officers": frozenset({"active", "role"})}
# ... except these values, which anyone may give a new record: a new officer is an active
# officer (a new manager, or one ended from the start, is the manager's to add).
NEW_RECORD_VALUES: Mapping[str, Record] = {"officers": {"role": "officer", "active": 1}}

# The register's unique keys, in portable fields: a second record with one of these is
# the same record made twice (two officers adding the same provider offline).
NATURAL_KEYS: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "providers": (("urn",),),
    "children": (("case_ref",),),
    "qa_frameworks": (("name",),),
    "qa_framework_versions": (("framework_id_uuid", "version"),),
    "visit_placements": (("visit_id_uuid", "placement_id_uuid"),),
    "findings": (("visit_id_uuid", "criterion_key"),),
    "provider_returns": (("form_id",),),
    "provider_reported_items": (("return_id_uuid", "item_key", "placement_id_uuid"),),
    "action_reviews": (("visit_id_uuid", "action_id_uuid"),),
    "officers": (("name",),),
}
# Compared ignoring case and surrounding spaces, as the register compares them.
_FOLDED_KEYS = frozenset({("children", "case_ref")})
# Compared as the register compares people's names (case, accents, spaces, punctuation
# do not count): the same person added on two laptops is one officer.
_NAME_KEYS = frozenset({("officers", "name")})
# Records that have a unique key only while this field is set: an officer who has left
# keeps their name, and a new officer of that name is someone else.
_KEYED_WHILE: Mapping[str, str] = {"officers": "active"}


class SyncRuleError(ValueError):
    """A resolution that cannot be made as asked; the message says why."""


def is_synced(table: str, record_uuid: str) -> bool:
    """False for what stays on the laptop (see :data:`LOCAL_ONLY_TABLES`)."""
    if table in LOCAL_ONLY_TABLES:
        return False
    return not (table == SETTINGS_TABLE and record_uuid in LOCAL_ONLY_SETTINGS)


def portable(table: str, row: Mapping[str, Any] | None) -> Record | None:
    """``row`` (as the change log writes it) in its portable form (see the module's notes)."""
    if row is None:
        return None
    identity = identity_column(table)
    return {k: v for k, v in row.items()
            if k not in ("id", identity) and f"{k}_uuid" not in row}


def identity_column(table: str) -> str:
    """The column naming a record of ``table`` across registers: a setting's key, else
    the record's uuid."""
    return "key" if table == SETTINGS_TABLE else "uuid"


def references(data: Mapping[str, Any]) -> dict[str, str]:
    """The records ``data`` refers to: ``{<column>_uuid: uuid}`` for each one set."""
    return {k: v for k, v in data.items() if k.endswith("_uuid") and isinstance(v, str)}


def natural_keys(table: str, data: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """The unique keys of a record of ``table``, as text to compare, each with its fields
    (none where every part is empty: many records may have no URN or case reference)."""
    keys: dict[str, tuple[str, ...]] = {}
    if table in _KEYED_WHILE and not data.get(_KEYED_WHILE[table]):
        return keys
    for number, fields in enumerate(NATURAL_KEYS.get(table, ())):
        parts = [_key_part(table, field, data.get(field)) for field in fields]
        if any(part is not None for part in parts):
            keys[json.dumps([number, *parts], ensure_ascii=False)] = fields
    return keys


def _key_part(table: str, field: str, value: Any) -> Any:
    if isinstance(value, str) and (table, field) in _FOLDED_KEYS:
        return value.strip().casefold() or None
    if isinstance(value, str) and (table, field) in _NAME_KEYS:
        return name_key(value) or None
    return value


def touched_fields(change: Incoming) -> list[str]:
    """The fields a change sets: every field of a new record, the ones an edit changes,
    every field of a deleted one."""
    if change.operation == INSERT:
        return list(change.after or {})
    if change.operation == DELETE:
        return list(change.before or {})
    before, after = change.before or {}, change.after or {}
    return [f for f in after if before.get(f) != after.get(f)]


def kept_as_sent(change: Incoming, applied: Record | None) -> bool:
    """True if the server kept ``change`` exactly as it was sent (``applied``, see the
    module's notes): the laptop that made it holds that already."""
    if change.operation == DELETE:
        return applied is None
    after = change.after or {}
    return applied == {f: after.get(f) for f in touched_fields(change)}


def is_held(table: str, field: str, value: Any) -> bool:
    """True if an officer's change of ``field`` to ``value`` waits for the manager."""
    if field in HELD_FIELDS.get(table, ()):
        return True
    return value in HELD_VALUES.get((table, field), ())


def manager_only(table: str, fields: Iterable[str]) -> list[str]:
    """Of ``fields``, those only a manager may change (all of them for the settings and
    the QA framework)."""
    if table in MANAGER_TABLES:
        return list(fields)
    protected = MANAGER_FIELDS.get(table, frozenset())
    return [f for f in fields if f in protected]


def manager_only_new(table: str, data: Mapping[str, Any]) -> list[str]:
    """The fields of a new record ``data`` that only a manager may give it (see
    :data:`NEW_RECORD_VALUES`)."""
    allowed = NEW_RECORD_VALUES.get(table, {})
    return [f for f in manager_only(table, data) if f not in allowed or data[f] != allowed[f]]


@dataclass(frozen=True)
class Incoming:
    """One change a laptop sends, in portable form (``before`` None for a new record,
    ``after`` None for a deletion)."""

    table: str
    record_uuid: str
    operation: str
    before: Record | None
    after: Record | None


@dataclass(frozen=True)
class Current:
    """The server's copy of a record (``deleted``: it was, and is kept as it was)."""

    data: Record
    deleted: bool = False


@dataclass(frozen=True)
class Raised:
    """A conflict a change raises: on ``fields`` (none: the whole record), with the
    server's values and the laptop's (None: the record absent on that side)."""

    kind: str
    fields: tuple[str, ...]
    server_value: Record | None
    laptop_value: Record | None


@dataclass(frozen=True)
class Merge:
    """What the server holds after a change (``data`` None: no record) and what a laptop
    pulling it must do (see the module's notes)."""

    data: Record | None
    applied: Record | None
    conflicts: tuple[Raised, ...] = ()


@dataclass(frozen=True)
class Context:
    """What the server knows around a change: who sent it, which of the records it needs
    are not on the server, whether other records still need the record, which of its
    unique keys another record has."""

    by_manager: bool = False
    missing_refs: frozenset[str] = frozenset()
    referenced: bool = False
    key_clash: frozenset[str] = frozenset()


def merge_change(current: Current | None, change: Incoming, context: Context = Context()
                 ) -> Merge:
    """How ``change`` merges into the server's copy ``current`` (None: never seen)."""
    live = current.data if current is not None and not current.deleted else None
    if change.operation == DELETE:
        return _merge_delete(live, change, context)
    after = change.after or {}
    if live is None:
        if change.operation == INSERT and current is None:
            return _merge_new(change, after, context)
        return Merge(None, None, (Raised(EDIT_OF_DELETED, (), None, after),))
    # an edit, or the same record made a second time (a duplicate: nothing known before)
    return _merge_fields(live, change, after, context)


def _merge_new(change: Incoming, after: Record, context: Context) -> Merge:
    if not context.by_manager and manager_only_new(change.table, after):
        return Merge(None, None, (Raised(HELD, (), None, after),))
    if context.missing_refs:  # a record it belongs to is not on the server
        return Merge(None, None, (Raised(EDIT_OF_DELETED, (), None, after),))
    return Merge(dict(after), dict(after))


def _merge_delete(live: Record | None, change: Incoming, context: Context) -> Merge:
    if live is None:  # deleted already, or never here: nothing to do
        return Merge(None, None)
    if not context.by_manager and manager_only(change.table, live):
        return Merge(live, dict(live), (Raised(HELD, (), live, None),))
    if context.referenced:  # other records still need it: kept
        return Merge(live, dict(live), (Raised(EDIT_OF_DELETED, (), live, None),))
    before = change.before or {}
    if any(before.get(f) != v for f, v in live.items()):  # edited since: deleted, kept here
        return Merge(None, None, (Raised(EDIT_OF_DELETED, (), live, None),))
    return Merge(None, None)


def _merge_fields(live: Record, change: Incoming, after: Record, context: Context) -> Merge:
    before = (change.before or {}) if change.operation == UPDATE else {}
    touched = [f for f in after if before.get(f) != after.get(f)]
    # a field the server holds with this value already changes nothing: never held
    held = [f for f in touched if live.get(f) != after[f] and (
        f in context.key_clash or (not context.by_manager and (
            is_held(change.table, f, after[f]) or f in manager_only(change.table, [f]))))]
    if held and change.table == "monitoring_visits" and "status" in touched:
        held = sorted({*held, "status"})  # a sign-off or cancellation waits as a whole
    refused = [f for f in touched if f in context.missing_refs and f not in held]
    applicable = [f for f in touched if f not in held and f not in refused]
    same = [f for f in applicable if change.table not in AUTHOR_OWNED
            and live.get(f) != before.get(f) and live.get(f) != after[f]]
    data = {**live, **{f: after[f] for f in applicable}}
    conflicts = [Raised(kind, tuple(fields), {f: live.get(f) for f in fields},
                        {f: after[f] for f in fields})
                 for kind, fields in ((HELD, held), (EDIT_OF_DELETED, refused),
                                      (SAME_FIELD, same)) if fields]
    return Merge(data, {f: data.get(f) for f in touched}, tuple(conflicts))


# --- resolving a conflict ----------------------------------------------------------------

def chosen_value(choice: str, server_value: Record | None, laptop_value: Record | None,
                 edited: Record | None, fields: tuple[str, ...]) -> Record | None:
    """The values a resolution keeps: the laptop's (``mine``), the server's (``theirs``)
    or the manager's own (``edited``: the conflict's fields, each given)."""
    if choice == MINE:
        return laptop_value
    if choice == THEIRS:
        return server_value
    if choice != EDITED:
        raise SyncRuleError(f"'{choice}' is not a resolution: choose mine, theirs or edited")
    if edited is None:
        return None
    missing = [f for f in fields if f not in edited]
    extra = [f for f in edited if fields and f not in fields]
    if missing or extra:
        raise SyncRuleError("an edited value gives exactly the conflict's fields ("
                            f"{', '.join(fields)}); missing: {', '.join(missing) or 'none'}, "
                            f"not in the conflict: {', '.join(extra) or 'none'}")
    return dict(edited)
