"""The change log's vocabulary: each stored field as a label in words, and each stored
value as users see it on screen.

A field is named as the forms name it ("why not seen", "overall judgement"), never by
its column ("not_seen_reason", "overall_rag"); a reference to another record is named by
that record ("provider Oakfield School", not 12 or its uuid). Values read as on screen:
dates UK style (18/12/2026), times on the council's clock, yes/no, a code by its label
("Weekly residential", not "residential_weekly").

Plain Python: no Qt, no SQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from .actions import ACTION_STATES, OWNER_KINDS, PRIORITIES
from .conflict_words import field_name
from .dates import shown_time, uk
from .judgement import JUDGEMENTS, RAG_LABELS
from .notifiable_events import EVENT_KINDS, REPORTERS
from .officers import ROLES
from .provider_return import OBSERVATION_KINDS, REVIEW_OUTCOMES, VERIFICATIONS
from .register import (
    ARRANGEMENTS,
    PLACEMENT_STATES,
    PRIMARY_NEEDS,
    PROVIDER_ARRANGEMENTS,
    PROVIDER_TYPES,
    VISIT_STATES,
    VISIT_TYPES,
)
from .visit_note import CHILD_FIELDS, VISIT_FIELDS

Record = Mapping[str, Any]
Lookup = Callable[[str], Record | None]  # a record by its uuid (None: not in the register)

# Fields that say nothing to a reader: keys, stamps the register keeps for itself, and
# the page a visit note was left open at (moving between pages is not a change).
QUIET_FIELDS = frozenset({"id", "uuid", "created_at", "updated_at", "draft_position"})
SUMMARY_CHARS = 60
NONE = "—"

_LABELS: dict[str, str] = {
    **{key: label[0].lower() + label[1:] for key, label in {**CHILD_FIELDS,
                                                           **VISIT_FIELDS}.items()},
    "overall_rag": "overall judgement",
    "case_ref": "case reference",
    "ehcp_last_review": "last EHCP review",
    "ehcp_next_review_due": "next EHCP review due",
    "urn": "URN",
    "visit_interval_months": "months between visits",
    "framework_version_id_uuid": "QA framework version",
    "framework_id_uuid": "QA framework",
    "assigned_officer_id_uuid": "assigned officer",
    "escalated_visit_id_uuid": "escalated to visit",
    "action_id_uuid": "follow-up action",
    "return_id_uuid": "provider return",
    "criterion_key": "criterion",
    "item_key": "item",
    "owner_kind": "owner type",
    "manager_flag": "manager's flag",
    "guardrail_approver": "guardrail approved by",
    "observed_on": "date observed",
    "observed_time": "time observed",
    "key": "setting",
}
# Labels a field takes only in one kind of record.
_TABLE_LABELS: dict[tuple[str, str], str] = {
    ("placements", "state"): "placement state",
    ("monitoring_visits", "status"): "visit status",
    ("follow_up_actions", "status"): "action status",
    ("follow_up_actions", "description"): "what",
    ("visit_observations", "who"): "who",
    ("visit_observations", "what"): "what",
    ("notifiable_events", "kind"): "event",
    ("notifiable_events", "occurred_on"): "date",
    ("notifiable_events", "reported_by_kind"): "reported by",
    ("notifiable_events", "reported_by"): "reporter's name",
}

_CODES: dict[str, Mapping[str, str]] = {
    "arrangement": ARRANGEMENTS, "provider_type": PROVIDER_TYPES, "visit_type": VISIT_TYPES,
    "primary_need": PRIMARY_NEEDS, "overall_rag": {**RAG_LABELS, **JUDGEMENTS}, "role": ROLES,
    "priority": PRIORITIES, "owner_kind": OWNER_KINDS, "verification": VERIFICATIONS,
}
_TABLE_CODES: dict[tuple[str, str], Mapping[str, str]] = {
    ("placements", "state"): PLACEMENT_STATES,
    ("monitoring_visits", "status"): VISIT_STATES,
    ("follow_up_actions", "status"): ACTION_STATES,
    ("visit_observations", "kind"): OBSERVATION_KINDS,
    ("action_reviews", "outcome"): REVIEW_OUTCOMES,
    ("providers", "arrangements"): PROVIDER_ARRANGEMENTS,
    ("notifiable_events", "kind"): EVENT_KINDS,
    ("notifiable_events", "reported_by_kind"): REPORTERS,
    # the events of the register file (store.register_events)
    ("register_events", "event"): {"restore": "restored from a backup",
                                   "encrypt": "encrypted", "decrypt": "decrypted",
                                   "change_passphrase": "passphrase changed"},
}
YES_NO_FIELDS = frozenset({"seen", "spoken_with", "safeguarding_concern", "early_review",
                           "active"})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def field_label(table: str, field: str) -> str:
    """``end_date`` as "end date", ``not_seen_reason`` as "why not seen",
    ``assigned_officer_id_uuid`` as "assigned officer"."""
    return _TABLE_LABELS.get((table, field)) or _LABELS.get(field) or field_name(field)


def shown_fields(record: Record) -> list[str]:
    """The fields of a stored record a reader is shown, in the record's order: not the
    quiet ones, and a reference by its uuid (``provider_id_uuid``) rather than by this
    register's number for it (``provider_id``)."""
    return [field for field in record if field not in QUIET_FIELDS
            and f"{field}_uuid" not in record]


def value_text(table: str, field: str, value: Any, lookup: Lookup) -> str:
    """One stored value as users see it (at most :data:`SUMMARY_CHARS` characters)."""
    return _short(_value(table, field, value, lookup))


def _value(table: str, field: str, value: Any, lookup: Lookup) -> str:
    if value is None or value == "":
        return NONE
    codes = _TABLE_CODES.get((table, field)) or _CODES.get(field)
    if codes is not None and isinstance(value, str):
        return codes.get(value, value)
    if field in YES_NO_FIELDS and value in (0, 1):
        return "yes" if value else "no"
    if field.endswith("_uuid") and isinstance(value, str):
        return record_name(lookup(value), lookup)
    if isinstance(value, str) and _ISO_DATE.match(value):
        return uk(date.fromisoformat(value))
    if isinstance(value, str) and field.endswith("_at"):  # a stored UTC time: UK time
        return shown_time(value)
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    return str(value)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"


def child_name(record: Record | None) -> str:
    """A child as the register names them on screen: in full ("Zoë Łukasiewicz")."""
    if not record:
        return ""
    return f"{record.get('given_name') or ''} {record.get('family_name') or ''}".strip()


def record_name(record: Record | None, lookup: Lookup) -> str:
    """A record another refers to, by its name: a child's or a provider's, an officer's,
    a child's placement, a visit by its day; "a removed record" if the register no
    longer has it."""
    if record is None:
        return "a removed record"
    if "visit_date" in record:
        return f"visit on {_value('', 'visit_date', record['visit_date'], lookup)}"
    if "given_name" in record:
        return child_name(record)
    if "child_id_uuid" in record:
        child = child_name(lookup(str(record["child_id_uuid"])))
        return f"{child}'s placement" if child else "a placement"
    if "version" in record:
        return f"version {record['version']}"
    return _short(str(record.get("name") or record.get("description") or "a record"))
